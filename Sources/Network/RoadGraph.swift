import GeoCore

/// A node of a `RoadGraph` (dense index).
public struct RoadNodeID: DenseID {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let label = "road-node"
}

/// A link of a `RoadGraph`: one input road piece between two nodes, driven one or both ways (dense index).
public struct RoadLinkID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ index: Int) { self.rawValue = UInt32(index) }
    public var index: Int { Int(rawValue) }
    public static let invalid = RoadLinkID(rawValue: .max)
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "road-link#\(rawValue)" }
}

/// The links of a road graph as columns: the user's key (GIS `link_id`, or `w<OSM way id>`), street name,
/// class, end nodes (`fromNode` = the first position of the shape) and the shape (CSR of fixed-point
/// positions, 1e-7 degree).
public struct RoadLinkTable: Sendable, Equatable {
    public let keys: [String]
    public let names: [String]
    public let classes: [UInt8]
    public let fromNode: [UInt32]
    public let toNode: [UInt32]
    /// `shapeStart[l] ..< shapeStart[l + 1]` are the positions of link l; count = link count + 1.
    public let shapeStart: [UInt32]
    public let shapeLongitudeE7: [Int32]
    public let shapeLatitudeE7: [Int32]

    public init(keys: [String], names: [String], classes: [UInt8], fromNode: [UInt32], toNode: [UInt32],
                shapeStart: [UInt32], shapeLongitudeE7: [Int32], shapeLatitudeE7: [Int32]) {
        self.keys = keys; self.names = names; self.classes = classes; self.fromNode = fromNode; self.toNode = toNode
        self.shapeStart = shapeStart; self.shapeLongitudeE7 = shapeLongitudeE7; self.shapeLatitudeE7 = shapeLatitudeE7
    }

    public var count: Int { keys.count }

    public static let empty = RoadLinkTable(keys: [], names: [], classes: [], fromNode: [], toNode: [],
                                            shapeStart: [0], shapeLongitudeE7: [], shapeLatitudeE7: [])
}

/// A directed driving graph in compressed-sparse-row layout, beside the walking `StreetGraph`.
///
/// Arcs carry length (mm), free-flow travel time (ms), class, lanes in the arc's direction (0 = not given
/// by the data), capacity (vehicles/hour in that direction) and the link they belong to. A two-way link has
/// two arcs, a one-way link one: one-way restrictions live in the arc set. Per arc 22 bytes; per node 12.
public struct RoadGraph: Sendable, Equatable {
    public let firstOut: [UInt32]
    public let head: [UInt32]
    public let lengthMillimeters: [UInt32]
    public let travelTimeMilliseconds: [UInt32]
    public let roadClass: [UInt8]
    public let lanes: [UInt8]
    public let capacityVehiclesPerHour: [UInt32]
    public let arcLink: [UInt32]
    public let longitudeE7: [Int32]
    public let latitudeE7: [Int32]
    public let links: RoadLinkTable

    public var nodeCount: Int { firstOut.count - 1 }
    public var arcCount: Int { head.count }
    public var linkCount: Int { links.count }
    public var isEmpty: Bool { nodeCount == 0 && linkCount == 0 }

    /// All columns given; checks the invariants (programmer errors: precondition). Decoders call
    /// `RoadGraph.problem(…)` first to turn bad files into errors.
    public init(firstOut: [UInt32], head: [UInt32], lengthMillimeters: [UInt32], travelTimeMilliseconds: [UInt32],
                roadClass: [UInt8], lanes: [UInt8], capacityVehiclesPerHour: [UInt32], arcLink: [UInt32],
                longitudeE7: [Int32], latitudeE7: [Int32], links: RoadLinkTable) {
        if let problem = RoadGraph.problem(firstOut: firstOut, head: head, lengthMillimeters: lengthMillimeters,
                                           travelTimeMilliseconds: travelTimeMilliseconds, roadClass: roadClass,
                                           lanes: lanes, capacityVehiclesPerHour: capacityVehiclesPerHour,
                                           arcLink: arcLink, longitudeE7: longitudeE7, latitudeE7: latitudeE7,
                                           links: links) {
            preconditionFailure("RoadGraph: \(problem)")
        }
        self.firstOut = firstOut; self.head = head; self.lengthMillimeters = lengthMillimeters
        self.travelTimeMilliseconds = travelTimeMilliseconds; self.roadClass = roadClass; self.lanes = lanes
        self.capacityVehiclesPerHour = capacityVehiclesPerHour; self.arcLink = arcLink
        self.longitudeE7 = longitudeE7; self.latitudeE7 = latitudeE7; self.links = links
    }

    public static let empty = RoadGraph(firstOut: [0], head: [], lengthMillimeters: [], travelTimeMilliseconds: [],
                                        roadClass: [], lanes: [], capacityVehiclesPerHour: [], arcLink: [],
                                        longitudeE7: [], latitudeE7: [], links: .empty)

    /// The first broken invariant, or nil.
    public static func problem(firstOut: [UInt32], head: [UInt32], lengthMillimeters: [UInt32],
                               travelTimeMilliseconds: [UInt32], roadClass: [UInt8], lanes: [UInt8],
                               capacityVehiclesPerHour: [UInt32], arcLink: [UInt32],
                               longitudeE7: [Int32], latitudeE7: [Int32], links: RoadLinkTable) -> String? {
        guard let first = firstOut.first, first == 0 else { return "first-out must start with 0" }
        guard Int(firstOut[firstOut.count - 1]) == head.count else { return "first-out must end with the arc count" }
        let arcs = head.count
        guard lengthMillimeters.count == arcs, travelTimeMilliseconds.count == arcs, roadClass.count == arcs,
              lanes.count == arcs, capacityVehiclesPerHour.count == arcs, arcLink.count == arcs else {
            return "one value per arc expected in every arc column"
        }
        let n = firstOut.count - 1
        guard longitudeE7.count == n, latitudeE7.count == n else { return "one position per node" }
        for i in 1..<firstOut.count where firstOut[i - 1] > firstOut[i] { return "first-out decreases at node \(i - 1)" }
        for h in head where Int(h) >= n { return "arc head \(h) out of range" }
        let l = links.keys.count
        guard links.names.count == l, links.classes.count == l, links.fromNode.count == l, links.toNode.count == l,
              links.shapeStart.count == l + 1 else { return "link columns differ in length" }
        guard links.shapeStart.first == 0, Int(links.shapeStart[l]) == links.shapeLongitudeE7.count,
              links.shapeLatitudeE7.count == links.shapeLongitudeE7.count else { return "link shapes are inconsistent" }
        for i in 0..<l where links.shapeStart[i] > links.shapeStart[i + 1] { return "link shape start decreases at link \(i)" }
        for v in links.fromNode + links.toNode where Int(v) >= n { return "link end node \(v) out of range" }
        for a in arcLink where Int(a) >= l { return "arc link \(a) out of range" }
        for c in roadClass + links.classes where RoadClass(rawValue: c) == nil { return "road class \(c) out of range" }
        return nil
    }

    public func coordinate(of node: RoadNodeID) -> Coordinate {
        Coordinate(longitude: Double(longitudeE7[node.index]) / 1e7, latitude: Double(latitudeE7[node.index]) / 1e7)
    }

    /// The arcs leaving `node`.
    public func arcs(from node: RoadNodeID) -> Range<Int> { Int(firstOut[node.index]) ..< Int(firstOut[node.index + 1]) }

    public func roadClass(ofArc arc: Int) -> RoadClass { RoadClass(rawValue: roadClass[arc])! }

    public func roadClass(of link: RoadLinkID) -> RoadClass { RoadClass(rawValue: links.classes[link.index])! }

    /// The positions of a link, from its `fromNode` to its `toNode`.
    public func shape(of link: RoadLinkID) -> [Coordinate] {
        let r = Int(links.shapeStart[link.index]) ..< Int(links.shapeStart[link.index + 1])
        return r.map { Coordinate(longitude: Double(links.shapeLongitudeE7[$0]) / 1e7,
                                  latitude: Double(links.shapeLatitudeE7[$0]) / 1e7) }
    }
}
