import GeoCore
import Network
import Routing
import TestSupport
import Testing

@Suite(.tags(.fast)) struct StreetSearchTests {
    /// Plain O(n²) Dijkstra on an adjacency matrix of minimum arc lengths: the independent reference.
    static func naive(nodeCount n: Int, arcs: [(tail: UInt32, head: UInt32, lengthMillimeters: UInt32)],
                      sources: [(Int, UInt64)]) -> [UInt64] {
        var w = [[UInt64?]](repeating: [UInt64?](repeating: nil, count: n), count: n)
        for a in arcs {
            let old = w[Int(a.tail)][Int(a.head)]
            w[Int(a.tail)][Int(a.head)] = min(old ?? .max, UInt64(a.lengthMillimeters))
        }
        var dist = [UInt64](repeating: .max, count: n)
        var done = [Bool](repeating: false, count: n)
        for (s, d) in sources { dist[s] = min(dist[s], d) }
        for _ in 0..<n {
            var u = -1
            for v in 0..<n where !done[v] && dist[v] != .max && (u < 0 || dist[v] < dist[u]) { u = v }
            if u < 0 { break }
            done[u] = true
            for v in 0..<n { if let l = w[u][v], dist[u] + l < dist[v] { dist[v] = dist[u] + l } }
        }
        return dist
    }

    @Test(arguments: 0..<40)
    func matchesNaiveDijkstraOnRandomGraphs(caseIndex: Int) {
        let seed = TestSeed.base &+ 1_000 &+ UInt64(caseIndex)
        var rng = SplitMix64(seed: seed)
        let n = Int.random(in: 1...80, using: &rng)
        let arcCount = Int.random(in: 0...(n * 4), using: &rng)
        let arcs = (0..<arcCount).map { _ in
            (tail: UInt32.random(in: 0..<UInt32(n), using: &rng), head: UInt32.random(in: 0..<UInt32(n), using: &rng),
             lengthMillimeters: UInt32.random(in: 0...20_000, using: &rng))
        }
        let coords = (0..<n).map { _ in Coordinate(longitude: 116, latitude: 39) }
        let graph = StreetGraph(nodeCoordinates: coords, arcs: arcs)
        let search = StreetSearch(graph: graph)
        for round in 0..<3 {  // reuse the scratch across runs
            let source = Int.random(in: 0..<n, using: &rng)
            let bound: UInt32 = round == 2 ? 15_000 : .max - 1
            search.run(from: StreetNodeID(source), maxDistanceMillimeters: bound)
            let expected = Self.naive(nodeCount: n, arcs: arcs, sources: [(source, 0)])
            let got = search.allDistancesMillimeters()
            for v in 0..<n {
                let e: UInt32 = expected[v] <= UInt64(bound) ? UInt32(expected[v]) : .max
                #expect(got[v] == e, "seed \(seed), source \(source), node \(v), bound \(bound)")
                #expect(search.distanceMillimeters(to: StreetNodeID(v)) == (e == .max ? nil : e), "seed \(seed)")
            }
            // Settled in non-decreasing distance order.
            let order = search.reachedNodes.map { got[$0.index] }
            #expect(order == order.sorted(), "seed \(seed)")
        }
        // Several sources with offsets.
        let s1 = Int.random(in: 0..<n, using: &rng), s2 = Int.random(in: 0..<n, using: &rng)
        search.run(sources: [(StreetNodeID(s1), 500), (StreetNodeID(s2), 2_000)])
        let expected = Self.naive(nodeCount: n, arcs: arcs, sources: [(s1, 500), (s2, 2_000)])
        #expect(search.allDistancesMillimeters() == expected.map { $0 == .max ? UInt32.max : UInt32($0) }, "seed \(seed)")
    }

    @Test func emptyGraphAndIsolatedNode() {
        let empty = StreetSearch(graph: .empty)
        #expect(empty.allDistancesMillimeters().isEmpty)
        let one = StreetSearch(graph: StreetGraph(nodeCoordinates: [Coordinate(longitude: 0, latitude: 0)], arcs: []))
        one.run(from: StreetNodeID(0))
        #expect(one.allDistancesMillimeters() == [0])
        #expect(one.reachedNodes == [StreetNodeID(0)])
    }
}
