import Network

/// The undirected view of a road graph used by the gap analysis: per node its links and distinct
/// neighbour nodes, ignoring connector links and loops (a link from a node to itself).
struct UndirectedRoadAdjacency {
    private var start: [Int] = []
    private var linkList: [Int] = []
    private var neighbourList: [Int] = []
    private var neighbourStart: [Int] = []
    let lengthMeters: [Double]

    init(graph g: RoadGraph) {
        var perNode = [[(link: Int, other: Int)]](repeating: [], count: g.nodeCount)
        var lengths = [Double](repeating: 0, count: g.linkCount)
        for a in 0..<g.arcCount { lengths[Int(g.arcLink[a])] = Double(g.lengthMillimeters[a]) / 1000 }
        for l in 0..<g.linkCount where g.roadClass(of: RoadLinkID(l)) != .connector {
            let a = Int(g.links.fromNode[l]), b = Int(g.links.toNode[l])
            guard a != b else { continue }
            perNode[a].append((l, b))
            perNode[b].append((l, a))
        }
        lengthMeters = lengths
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

/// Bounded undirected shortest road distances (metres) from one node, reusing its arrays between runs.
struct BoundedRoadDistance {
    private var distance: [Double]
    private var touched: [Int] = []

    init(nodeCount: Int) { distance = [Double](repeating: .infinity, count: nodeCount) }

    mutating func run(graph: RoadGraph, adjacency: UndirectedRoadAdjacency, from source: Int, maxMeters: Double) {
        for v in touched { distance[v] = .infinity }
        touched.removeAll(keepingCapacity: true)
        var heap = BinaryMinHeap()
        distance[source] = 0
        touched.append(source)
        heap.push(0, source)
        while let (d, v) = heap.pop() {
            if d > distance[v] { continue }
            for (l, w) in adjacency.edges(of: v) {
                let nd = d + adjacency.lengthMeters[l]
                if nd <= maxMeters && nd < distance[w] {
                    if distance[w] == .infinity { touched.append(w) }
                    distance[w] = nd
                    heap.push(nd, w)
                }
            }
        }
    }

    func meters(to v: Int) -> Double? { distance[v].isFinite ? distance[v] : nil }
}

/// A plain binary min-heap of (distance, node) for the small bounded searches above.
struct BinaryMinHeap {
    private var items: [(Double, Int)] = []

    mutating func push(_ d: Double, _ v: Int) {
        items.append((d, v))
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if items[p].0 <= items[i].0 { break }
            items.swapAt(p, i)
            i = p
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count && items[l].0 < items[m].0 { m = l }
            if r < items.count && items[r].0 < items[m].0 { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
        return top
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
