import Network
import Routing

/// The undirected view of a road graph used by the gap analysis: per node its links and distinct
/// neighbour nodes, ignoring connector links and loops (a link from a node to itself).
struct UndirectedRoadAdjacency {
    private var start: [Int] = []
    private var linkList: [Int] = []
    private var neighbourList: [Int] = []
    private var neighbourStart: [Int] = []
    let lengthMillimeters: [UInt32]

    init(graph g: RoadGraph) {
        var perNode = [[(link: Int, other: Int)]](repeating: [], count: g.nodeCount)
        var lengths = [UInt32](repeating: 0, count: g.linkCount)
        for a in 0..<g.arcCount { lengths[Int(g.arcLink[a])] = g.lengthMillimeters[a] }
        for l in 0..<g.linkCount where g.roadClass(of: RoadLinkID(l)) != .connector {
            let a = Int(g.links.fromNode[l]), b = Int(g.links.toNode[l])
            guard a != b else { continue }
            perNode[a].append((l, b))
            perNode[b].append((l, a))
        }
        lengthMillimeters = lengths
        start = [0]; neighbourStart = [0]
        for entries in perNode {
            for e in entries { linkList.append(e.link) }
            start.append(linkList.count)
            var seen = Set<Int>()
            for e in entries where seen.insert(e.other).inserted { neighbourList.append(e.other) }
            neighbourStart.append(neighbourList.count)
        }
        // Keep (link, other) pairs for the distance search.
        pairs = perNode.flatMap { $0.map { ($0.link, $0.other) } }
    }

    private var pairs: [(Int, Int)] = []

    func links(of v: Int) -> ArraySlice<Int> { linkList[start[v] ..< start[v + 1]] }
    func neighbours(of v: Int) -> ArraySlice<Int> { neighbourList[neighbourStart[v] ..< neighbourStart[v + 1]] }
    func edges(of v: Int) -> ArraySlice<(Int, Int)> { pairs[start[v] ..< start[v + 1]] }
}

/// Bounded undirected shortest road distances from one node, reusing its arrays between runs. Distances are
/// whole millimetres (as the graph stores lengths), searched with Routing's 4-ary heap.
struct BoundedRoadDistance {
    private static let unreached = UInt32.max
    private var distanceMillimeters: [UInt32]
    private var touched: [Int] = []
    private var heap = QuaternaryHeap()

    init(nodeCount: Int) { distanceMillimeters = [UInt32](repeating: Self.unreached, count: nodeCount) }

    mutating func run(graph: RoadGraph, adjacency: UndirectedRoadAdjacency, from source: Int, maxMeters: Double) {
        for v in touched { distanceMillimeters[v] = Self.unreached }
        touched.removeAll(keepingCapacity: true)
        heap.removeAll()
        let limit = UInt64(max(0, min(maxMeters * 1000, Double(UInt32.max - 1))).rounded(.down))
        distanceMillimeters[source] = 0
        touched.append(source)
        heap.push(UInt64(source))
        while let key = heap.popMin() {
            let d = key >> 32, v = Int(key & 0xFFFF_FFFF)
            if d > UInt64(distanceMillimeters[v]) { continue }
            for (l, w) in adjacency.edges(of: v) {
                let nd = d + UInt64(adjacency.lengthMillimeters[l])
                if nd <= limit && nd < UInt64(distanceMillimeters[w]) {
                    if distanceMillimeters[w] == Self.unreached { touched.append(w) }
                    distanceMillimeters[w] = UInt32(nd)
                    heap.push(nd << 32 | UInt64(w))
                }
            }
        }
    }

    func meters(to v: Int) -> Double? {
        distanceMillimeters[v] == Self.unreached ? nil : Double(distanceMillimeters[v]) / 1000
    }
}

/// Line segments in square cells (metres) for "segments within r of p" queries.
struct SegmentGrid {
    let cellMeters: Double
    private var cells: [SIMD2<Int64>: [SIMD2<Int32>]] = [:]

    init(cellMeters: Double) { self.cellMeters = cellMeters }

    private func cell(_ v: Double) -> Int64 { Int64((v / cellMeters).rounded(.down)) }

    mutating func insert(link: Int, segment: Int, _ a: SIMD2<Double>, _ b: SIMD2<Double>) {
        for x in cell(min(a.x, b.x))...cell(max(a.x, b.x)) {
            for y in cell(min(a.y, b.y))...cell(max(a.y, b.y)) {
                cells[SIMD2(x, y), default: []].append(SIMD2(Int32(link), Int32(segment)))
            }
        }
    }

    /// Calls `body(link, segment)` for every segment in a cell within `radius` of p's cell (may repeat a
    /// segment that spans several cells; callers keep the best hit).
    func forEachSegment(near p: SIMD2<Double>, within radius: Double, _ body: (Int, Int) -> Void) {
        let r = Int64((radius / cellMeters).rounded(.up))
        let cx = cell(p.x), cy = cell(p.y)
        for x in (cx - r)...(cx + r) {
            for y in (cy - r)...(cy + r) {
                for s in cells[SIMD2(x, y)] ?? [] { body(Int(s.x), Int(s.y)) }
            }
        }
    }
}
