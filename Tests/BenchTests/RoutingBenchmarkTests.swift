import GeoCore
@testable import metrocommute_bench
import Network
import Routing
import TestSupport
import Testing

@Suite(.tags(.fast)) struct RoutingBenchmarkTests {
    @Test func benchmarkEntryPointCountsWork() {
        // A 3-node path 0 → 1 → 2: each run from node 0 reaches 3 nodes.
        let g = StreetGraph(nodeCoordinates: Array(repeating: Coordinate(longitude: 0, latitude: 0), count: 3),
                            arcs: [(0, 1, 10), (1, 2, 10)])
        let timing = RoutingBenchmark.timeStreetSearch(graph: g, sources: [StreetNodeID(0), StreetNodeID(0)])
        #expect(timing.runs == 2 && timing.reachedCount == 6 && timing.totalSeconds >= 0)
    }
}
