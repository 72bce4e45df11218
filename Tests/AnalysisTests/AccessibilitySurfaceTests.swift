import Foundation
import GeoCore
import Network
import Routing
import Testing
import TestSupport
@testable import Analysis

/// `AccessibilitySurface` on a hand line (S0 → S1 → S2, 5 km apart, trains every 10 min from 07:00) and a grid
/// of 4 × 12 population cells along it, against a brute force: one `TravelTimeQuery` range run per origin and
/// `TravelTimeResult.travelTimesSeconds` to every cell's own destination endpoint, the percentile over the
/// window, the people within each cutoff summed in cell order. Shards merged through their files must equal the
/// one-process table and its outputs byte for byte.
@Suite(.tags(.fast)) struct AccessibilitySurfaceTests {
    static func cells() -> [PopulationCell] {
        (0..<48).map { k in
            PopulationCell(coordinate: Coordinate(longitude: 116.385 + 0.01 * Double(k % 4), latitude: 39.895 + 0.009 * Double(k / 4)),
                           population: Double(100 + (k * 37) % 211), district: k / 24)
        }
    }

    static func bruteForce(network: BuiltNetwork, cells: [PopulationCell], travel: TravelTimeParameters, cutoffs: [Int],
                           core: Place, weights: [Double]? = nil) -> [SurfaceRow] {
        let weights = weights ?? cells.map(\.population)
        let query = TravelTimeQuery(network: network, parameters: travel)
        let destinations = cells.map { query.endpoint(at: $0.coordinate, role: .destination) }
        let coreEnd = query.endpoint(at: core.coordinate, stationStops: core.stops, role: .destination)
        let p = travel.percentiles[0]
        return cells.indices.map { o in
            let result = query.run(from: query.endpoint(at: cells[o].coordinate))
            var within = [Double](repeating: 0, count: cutoffs.count)
            for (d, end) in destinations.enumerated() {
                let t = TravelTimePercentiles.percentiles(of: result.travelTimesSeconds(to: end), at: [p])[0]
                for (k, c) in cutoffs.enumerated() where t <= Int32(c * 60) { within[k] += weights[d] }
            }
            let c = TravelTimePercentiles.percentiles(of: result.travelTimesSeconds(to: coreEnd), at: [p])[0]
            return SurfaceRow(cell: o, populationWithin: within, coreSeconds: c == RangeRaptorResult.unreachable ? nil : c)
        }
    }

    static let core = Place(id: "core", name: "core", kind: .point, coordinate: Coordinate(longitude: 116.401, latitude: 39.99))

    @Test(arguments: ["commuter", "rail-walk"], [50.0, 90.0])
    func equalsBruteForce(profile: String, percentile: Double) throws {
        let network = try CommuteTimesTests.network()
        let cells = Self.cells()
        let travel = TravelTimeParameters(firstDepartureSeconds: 7 * 3600, windowMinutes: 30, percentiles: [percentile],
                                          profile: AccessProfile.named[profile]!)
        let cutoffs = [10, 20, 35]
        let surface = AccessibilitySurface(network: network, cells: cells,
                                           parameters: SurfaceParameters(cutoffsMinutes: cutoffs, travel: travel, threads: 2))
        let (rows, counters) = surface.run(core: Self.core)
        let expected = Self.bruteForce(network: network, cells: cells, travel: travel, cutoffs: cutoffs, core: Self.core)
        for (got, want) in zip(rows, expected) { #expect(got == want, "\(profile) p\(percentile) cell \(got.cell)") }
        #expect(rows.count == cells.count)
        // Transit matters: some cell reaches more people within 35 min than within 10; some cells reach the core.
        #expect(rows.contains { $0.populationWithin[2] > $0.populationWithin[0] })
        #expect(rows.contains { $0.coreSeconds != nil })
        // Egress is searched once per destination cell, not per stop and origin.
        #expect(counters.egressSearches == cells.count && counters.originCount == cells.count)
        #expect(counters.rangeRuns > 0 && counters.egressPairs > 0)
    }

    static func table(_ rows: [SurfaceRow], cells: [PopulationCell], shard: SurfaceShard) throws -> SurfaceTable {
        try SurfaceTable(metadata: .object(["command": "surface", "options": .object(["cell_m": 1000.5])]), crs: "EPSG:32650",
                         cellMeters: 1000, cutoffsMinutes: [10, 20, 35], hasCore: true, districtNames: ["A", "B \"b\""],
                         shard: shard, cellCount: cells.count, rows: rows.map { (cells[$0.cell], $0) })
    }

    @Test func shardsMergeByteIdentical() throws {
        let network = try CommuteTimesTests.network()
        let cells = Self.cells()
        let travel = TravelTimeParameters(firstDepartureSeconds: 7 * 3600, windowMinutes: 30, profile: .commuter)
        let surface = AccessibilitySurface(network: network, cells: cells,
                                           parameters: SurfaceParameters(cutoffsMinutes: [10, 20, 35], travel: travel, threads: 2))
        let single = try Self.table(surface.run(core: Self.core).rows, cells: cells, shard: .whole)
        var shards: [SurfaceTable] = []
        for i in [2, 0, 1] {
            let (rows, counters) = surface.run(shard: SurfaceShard(index: i, count: 3), core: Self.core)
            #expect(counters.egressSearches == cells.count, "egress table built once, not per shard origin")
            #expect(rows.allSatisfy { $0.cell % 3 == i })
            let text = try Self.table(rows, cells: cells, shard: SurfaceShard(index: i, count: 3)).shardText()
            shards.append(try SurfaceTable.parse(shardText: text, file: "s\(i)"))
        }
        let merged = try SurfaceTable.merged(shards, files: ["s2", "s0", "s1"])
        #expect(merged == single)
        let writer = GeoJSONWriter()
        #expect(writer.data(for: merged.featureCollection()) == writer.data(for: single.featureCollection()))
        #expect(try merged.asciiGrids().map(\.text) == single.asciiGrids().map(\.text))
        #expect(try single.asciiGrids().map(\.measure) == ["pop_within_10", "pop_within_20", "pop_within_35", "core_min"])

        // A missing or repeated shard is one clear error.
        #expect(throws: InputError.self) { try SurfaceTable.merged(Array(shards.prefix(2)), files: ["s2", "s0"]) }
        do {
            _ = try SurfaceTable.merged([shards[0], shards[1], shards[1]], files: ["a", "b", "c"])
            Issue.record("a repeated shard merged")
        } catch let e as InputError {
            #expect(e.description.contains("shard 0/3 is also given as b"), "\(e)")
        }
        #expect(throws: InputError.self) { try SurfaceTable.parse(shardText: "hello\n", file: "x") }
    }
}
