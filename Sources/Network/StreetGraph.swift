import GeoCore

/// A directed street graph in compressed-sparse-row layout (RoutingKit style).
/// An undirected street is stored as two arcs. Arc lengths are whole millimetres (UInt32, up to 4,294 km);
/// node positions are fixed-point WGS-84 (1e-7 degree, Int32). Per arc: head (4 B) + length (4 B) +
/// speed class (1 B); per node: first-out (4 B) + position (8 B).
public struct StreetGraph: Sendable, Equatable {
    /// `firstOut[v] ..< firstOut[v + 1]` are the arcs leaving node v; count = nodeCount + 1.
    public let firstOut: [UInt32]
    /// Head node of each arc.
    public let head: [UInt32]
    /// Length of each arc, millimetres.
    public let lengthMillimeters: [UInt32]
    /// Longitude × 1e7 per node.
    public let longitudeE7: [Int32]
    /// Latitude × 1e7 per node.
    public let latitudeE7: [Int32]

    public var nodeCount: Int { firstOut.count - 1 }
    public var arcCount: Int { head.count }

    /// Checks the CSR invariants (programmer errors: precondition).
    public init(firstOut: [UInt32], head: [UInt32], lengthMillimeters: [UInt32],
                longitudeE7: [Int32], latitudeE7: [Int32]) {
        precondition(!firstOut.isEmpty && firstOut[0] == 0, "firstOut must start with 0")
        precondition(Int(firstOut[firstOut.count - 1]) == head.count, "firstOut must end with the arc count")
        precondition(head.count == lengthMillimeters.count, "one length per arc")
        precondition(longitudeE7.count == firstOut.count - 1 && latitudeE7.count == firstOut.count - 1,
                     "one position per node")
        let n = UInt32(firstOut.count - 1)
        for i in 1..<firstOut.count { precondition(firstOut[i - 1] <= firstOut[i], "firstOut must not decrease") }
        for h in head { precondition(h < n, "arc head out of range") }
        self.firstOut = firstOut
        self.head = head
        self.lengthMillimeters = lengthMillimeters
        self.longitudeE7 = longitudeE7
        self.latitudeE7 = latitudeE7
    }

    public static let empty = StreetGraph(firstOut: [0], head: [], lengthMillimeters: [], longitudeE7: [], latitudeE7: [])

    public func coordinate(of node: StreetNodeID) -> Coordinate {
        Coordinate(longitude: Double(longitudeE7[node.index]) / 1e7, latitude: Double(latitudeE7[node.index]) / 1e7)
    }

    /// Builds the CSR arrays from an arc list (any order). Arcs keep their relative order per tail.
    public init(nodeCoordinates: [Coordinate], arcs: [(tail: UInt32, head: UInt32, lengthMillimeters: UInt32)]) {
        let n = nodeCoordinates.count
        var counts = [UInt32](repeating: 0, count: n + 1)
        for a in arcs { counts[Int(a.tail) + 1] += 1 }
        for i in 0..<n { counts[i + 1] += counts[i] }
        var cursor = counts
        var headArr = [UInt32](repeating: 0, count: arcs.count)
        var lenArr = [UInt32](repeating: 0, count: arcs.count)
        for a in arcs {
            let pos = Int(cursor[Int(a.tail)])
            headArr[pos] = a.head
            lenArr[pos] = a.lengthMillimeters
            cursor[Int(a.tail)] += 1
        }
        self.init(firstOut: counts, head: headArr, lengthMillimeters: lenArr,
                  longitudeE7: nodeCoordinates.map { Int32(($0.longitude * 1e7).rounded()) },
                  latitudeE7: nodeCoordinates.map { Int32(($0.latitude * 1e7).rounded()) })
    }
}
