import Foundation
import GeoCore
import Network
import Routing
import Testing
import TestSupport
@testable import Analysis

/// The jingjinji surface's core times against `RingAnalysis` (its own path: per-stop profiles towards the core,
/// `StopProfiles`, not one range-RAPTOR per cell) on every 97th population cell around 北京南, commuter profile,
/// 07:00 + 30 minutes.
@Suite(.tags(.realData), .enabled(if: SharedData.isPresent, "needs ../shared/data (jingjinji)"))
struct SurfaceJingjinjiTests {
    @Test func coreTimesEqualRingCellTimes() throws {
        let network = try AreaNetworks.built("jingjinji")
        let core = try #require(try PlaceResolver(network: network).resolve("北京南").first)
        let travel = TravelTimeParameters(firstDepartureSeconds: 7 * 3600, windowMinutes: 30, percentiles: [50],
                                          access: AccessParameters(build: network.metadata.parameters), profile: .commuter)
        let population = try UniformDistrictPopulation().surface(network: network, crs: "EPSG:4548")
        let rings = try RingAnalysis(network: network, core: core, parameters: RingParameters(travel: travel, threads: 2),
                                     population: population, crs: "EPSG:4548")
        let surface = AccessibilitySurface(network: network, cells: population.cells,
                                           parameters: SurfaceParameters(cutoffsMinutes: [30, 60], travel: travel, threads: 2))
        let (rows, counters) = surface.run(shard: SurfaceShard(index: 5, count: 97), core: core)
        #expect(counters.egressSearches == population.cells.count)
        var reached = 0
        for row in rows {
            let ring = rings.cellSeconds[row.cell]
            #expect(row.coreSeconds == (ring == RangeRaptorResult.unreachable ? nil : ring), "cell \(row.cell)")
            if row.coreSeconds != nil { reached += 1 }
        }
        #expect(rows.count > 500 && reached > 20, "\(rows.count) cells, \(reached) reach 北京南")
    }
}
