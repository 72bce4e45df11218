import GeoCore
import Network

/// Builds the walking `StreetGraph` from walkable ways (see `OSMWalkFilter`) in two passes:
/// pass 1 keeps each walkable way's node ids and counts how often each node is used; pass 2 records
/// the positions of just those nodes. Then every way is cut at its ends, at nodes used twice or more
/// (shared by two ways, or visited twice by one), and at nodes missing from the file (outside the
/// extract). The cut points become graph nodes; each piece becomes two arcs (walking goes both ways)
/// whose length is the haversine sum along the piece, rounded to millimetres. Pieces that start and end
/// at the same graph node (closed loops with no other junction) are dropped: they never shorten a path.
struct OSMStreetGraphBuilder {
    private(set) var walkableWays = 0
    private var wayNodeIndices: [Int32] = []
    private var wayStarts: [Int] = [0]
    private var useCount: [UInt8] = []
    var nodes = OSMNodeCoordinateTable()

    mutating func addWay(_ way: OSMWay) {
        guard OSMWalkFilter.isWalkable(way.tags) else { return }
        walkableWays += 1
        for id in way.nodeIDs {
            let i = Int(nodes.register(id))
            if i == useCount.count { useCount.append(0) }
            if useCount[i] < 255 { useCount[i] += 1 }
            wayNodeIndices.append(Int32(i))
        }
        wayStarts.append(wayNodeIndices.count)
    }

    func build() -> StreetGraph {
        var graphNode = [Int32](repeating: -1, count: nodes.count)
        var coordinates: [Coordinate] = []
        var arcs: [(tail: UInt32, head: UInt32, lengthMillimeters: UInt32)] = []
        func graphIndex(_ i: Int) -> UInt32 {
            if graphNode[i] < 0 {
                graphNode[i] = Int32(coordinates.count)
                coordinates.append(nodes.coordinate(at: i)!)
            }
            return UInt32(graphNode[i])
        }
        func addPiece(from a: Int, to b: Int, meters: Double) {
            guard a != b else { return }  // a closed loop back to its start
            let tail = graphIndex(a), head = graphIndex(b)
            let mm = UInt32(min((meters * 1000).rounded(), Double(UInt32.max)))
            arcs.append((tail, head, mm))
            arcs.append((head, tail, mm))
        }
        for w in 0..<(wayStarts.count - 1) {
            var runStart = -1  // node table index where the current piece starts, -1 = none
            var previous = -1
            var meters = 0.0
            let slice = wayStarts[w]..<wayStarts[w + 1]
            for position in slice {
                let i = Int(wayNodeIndices[position])
                guard let here = nodes.coordinate(at: i) else {
                    // A node outside the extract cuts the way.
                    if runStart >= 0 && previous != runStart { addPiece(from: runStart, to: previous, meters: meters) }
                    runStart = -1
                    previous = -1
                    continue
                }
                if runStart < 0 {
                    runStart = i
                    previous = i
                    meters = 0
                    continue
                }
                meters += Earth.haversineMeters(nodes.coordinate(at: previous)!, here)
                previous = i
                if position == slice.upperBound - 1 || useCount[i] > 1 {
                    addPiece(from: runStart, to: i, meters: meters)
                    runStart = i
                    meters = 0
                }
            }
        }
        return StreetGraph(nodeCoordinates: coordinates, arcs: arcs)
    }
}
