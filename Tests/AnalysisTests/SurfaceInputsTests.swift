import Foundation
import GeoCore
import Network
import Routing
import Testing
import TestSupport
@testable import Analysis

/// The surface's inputs and bounds on the hand line of `AccessibilitySurfaceTests`: opportunities summed instead
/// of people (against the brute force with the same weights), a mask of origins (rows equal the unmasked run's
/// rows of those cells; shards of the masked run merge into it), opportunity tables by cell and by district (an
/// unknown district names the closest), the memory estimate against `--max-memory`, and the summary's medians.
@Suite(.tags(.fast)) struct SurfaceInputsTests {
    static let travel = TravelTimeParameters(firstDepartureSeconds: 7 * 3600, windowMinutes: 30, percentiles: [50], profile: .commuter)
    static let cutoffs = [10, 20, 35]

    static func districts() -> [District] {
        let square = MultiPolygon([Polygon(shell: LinearRing([Coordinate(longitude: 116, latitude: 39), Coordinate(longitude: 117, latitude: 39),
                                                              Coordinate(longitude: 117, latitude: 40), Coordinate(longitude: 116, latitude: 39)]))])
        return [District(name: "朝阳区", cityName: "北京市", code: 110105, population: 1, boundary: square),
                District(name: "和平区", cityName: "天津市", code: 120101, population: 1, boundary: square)]
    }

    @Test func opportunitiesReplacePopulationAsTheBruteForceSumsThem() throws {
        let network = try CommuteTimesTests.network()
        let cells = AccessibilitySurfaceTests.cells()
        let weights = cells.indices.map { Double(($0 * 53) % 17) }
        let surface = try AccessibilitySurface(network: network, cells: cells,
                                               parameters: SurfaceParameters(cutoffsMinutes: Self.cutoffs, travel: Self.travel, threads: 2),
                                               opportunities: weights, memoryLimit: .default)
        let rows = surface.run(core: AccessibilitySurfaceTests.core).rows
        let expected = AccessibilitySurfaceTests.bruteForce(network: network, cells: cells, travel: Self.travel, cutoffs: Self.cutoffs,
                                                            core: AccessibilitySurfaceTests.core, weights: weights)
        #expect(rows == expected)
        let people = AccessibilitySurfaceTests.bruteForce(network: network, cells: cells, travel: Self.travel, cutoffs: Self.cutoffs,
                                                          core: AccessibilitySurfaceTests.core)
        #expect(rows != people, "the weights change the sums")
    }

    @Test func maskLimitsOriginsAndShardsOfItMerge() throws {
        let network = try CommuteTimesTests.network()
        let cells = AccessibilitySurfaceTests.cells()
        // A box over the cells of the two middle columns, rows 2…7.
        let ring = LinearRing([Coordinate(longitude: 116.394, latitude: 39.91), Coordinate(longitude: 116.406, latitude: 39.91),
                               Coordinate(longitude: 116.406, latitude: 39.96), Coordinate(longitude: 116.394, latitude: 39.96),
                               Coordinate(longitude: 116.394, latitude: 39.91)])
        let mask = [Feature(geometry: .polygon(Polygon(shell: ring)), properties: [:])]
        let origins = try SurfaceMask.origins(of: cells, in: mask, file: "mask.geojson")
        let expectedOrigins = cells.indices.filter { k in
            let c = cells[k].coordinate
            return c.longitude > 116.394 && c.longitude < 116.406 && c.latitude > 39.91 && c.latitude < 39.96
        }
        #expect(origins == expectedOrigins && !origins.isEmpty && origins.count < cells.count)
        let surface = AccessibilitySurface(network: network, cells: cells,
                                           parameters: SurfaceParameters(cutoffsMinutes: Self.cutoffs, travel: Self.travel, threads: 2))
        let all = surface.run(core: AccessibilitySurfaceTests.core).rows
        let masked = surface.run(origins: origins, core: AccessibilitySurfaceTests.core).rows
        #expect(masked == origins.map { all[$0] }, "destinations stay every cell")
        func table(_ rows: [SurfaceRow], _ shard: SurfaceShard) throws -> SurfaceTable {
            try SurfaceTable(metadata: .object(["command": "surface"]), crs: "EPSG:32650", cellMeters: 1000, cutoffsMinutes: Self.cutoffs,
                             hasCore: true, districtNames: ["A", "B"], shard: shard, cellCount: cells.count, originCount: origins.count,
                             opportunity: "jobs", rows: rows.map { (cells[$0.cell], $0) }, rowOpportunities: rows.map { Double($0.cell) / 2 })
        }
        let single = try table(masked, .whole)
        let shards = try (0..<2).map { i in
            try SurfaceTable.parse(shardText: table(surface.run(shard: SurfaceShard(index: i, count: 2), origins: origins,
                                                                core: AccessibilitySurfaceTests.core).rows,
                                                    SurfaceShard(index: i, count: 2)).shardText(), file: "s\(i)")
        }
        let merged = try SurfaceTable.merged(shards.reversed(), files: ["s1", "s0"])
        #expect(merged == single)
        #expect(merged.measureNames == ["jobs_within_10", "jobs_within_20", "jobs_within_35", "core_min"])
        let writer = GeoJSONWriter(schema: single.featureSchema)
        #expect(writer.data(for: merged.featureCollection()) == writer.data(for: single.featureCollection()))
        #expect(single.featureSchema.mismatch(in: single.featureCollection()) == nil)
        // One shard alone does not hold every origin.
        #expect(throws: InputError.self) { try SurfaceTable.merged([shards[0]], files: ["s0"]) }
    }

    @Test func maskOutsideTheAreaIsOneClearError() throws {
        let cells = AccessibilitySurfaceTests.cells()
        let far = LinearRing([Coordinate(longitude: 10, latitude: 50), Coordinate(longitude: 11, latitude: 50),
                              Coordinate(longitude: 11, latitude: 51), Coordinate(longitude: 10, latitude: 50)])
        do {
            _ = try SurfaceMask.origins(of: cells, in: [Feature(geometry: .polygon(Polygon(shell: far)), properties: [:])], file: "far.geojson")
            Issue.record("a mask outside the area was accepted")
        } catch let e as InputError {
            #expect(e.description.contains("far.geojson") && e.description.contains("covers none of the 48 cells"), "\(e)")
        }
        #expect(throws: InputError.self) {
            try SurfaceMask.origins(of: cells, in: [Feature(geometry: .point(cells[0].coordinate), properties: [:])], file: "points.geojson")
        }
    }

    @Test func opportunityTablesByDistrictAndCell() throws {
        let cells = AccessibilitySurfaceTests.cells()   // district 0: cells 0…23, district 1: 24…47
        let got = try SurfaceOpportunities.perDistrict(
            name: "jobs", entries: [.init(key: "110105", value: 1000, line: 2), .init(key: "和平区", city: "天津市", value: 48, line: 3)],
            districts: Self.districts(), cells: cells, file: "jobs.csv")
        let people0 = cells[0..<24].reduce(0) { $0 + $1.population }
        #expect(abs(got.values[5] - 1000 * cells[5].population / people0) < 1e-9)
        #expect(abs(got.values[0..<24].reduce(0, +) - 1000) < 1e-6 && abs(got.values[24...].reduce(0, +) - 48) < 1e-6)
        #expect(got.notes.isEmpty)
        do {
            _ = try SurfaceOpportunities.perDistrict(name: "jobs", entries: [.init(key: "朝阳", value: 1, line: 7)],
                                                     districts: Self.districts(), cells: cells, file: "jobs.csv")
            Issue.record("an unknown district was accepted")
        } catch let e as InputError {
            #expect(e.description.contains("jobs.csv") && e.description.contains("line 7") && e.description.contains("unknown district \"朝阳\"")
                    && e.description.contains("朝阳区"), "\(e)")
        }
        #expect(throws: InputError.self) {
            try SurfaceOpportunities.perDistrict(name: "jobs", entries: [.init(key: "朝阳区", value: 1, line: 2), .init(key: "110105", value: 2, line: 3)],
                                                 districts: Self.districts(), cells: cells, file: "jobs.csv")
        }
        let byCell = try SurfaceOpportunities.perCell(name: "jobs", entries: [.init(key: "3", value: 7, line: 2)], cellCount: 48, file: "c.csv")
        #expect(byCell.values[3] == 7 && byCell.values.reduce(0, +) == 7)
        #expect(throws: InputError.self) { try SurfaceOpportunities.perCell(name: "jobs", entries: [.init(key: "48", value: 1, line: 2)], cellCount: 48, file: "c.csv") }
        #expect(throws: InputError.self) { try SurfaceOpportunities.perCell(name: "jobs", entries: [.init(key: "1", value: -1, line: 2)], cellCount: 48, file: "c.csv") }
    }

    @Test func memoryEstimateIsCheckedBeforeTheEgressTable() throws {
        let network = try CommuteTimesTests.network()
        let cells = AccessibilitySurfaceTests.cells()
        let parameters = SurfaceParameters(cutoffsMinutes: Self.cutoffs, travel: Self.travel, threads: 2)
        do {
            _ = try AccessibilitySurface(network: network, cells: cells, parameters: parameters, opportunities: nil,
                                         memoryLimit: MemoryLimit(bytes: 10_000))
            Issue.record("a surface past the memory limit was made")
        } catch let e as InputError {
            #expect(e.description.contains("--max-memory") && e.description.contains("48 cells"), "\(e)")
        }
        let surface = try AccessibilitySurface(network: network, cells: cells, parameters: parameters, opportunities: nil, memoryLimit: .default)
        let e = surface.memoryEstimate
        #expect(e.egressPairs == surface.egressPairs && e.egressPairs > 0)
        // Per thread the worst origin's scratch: every cell, 8 bytes + 4 per departure minute.
        #expect(e.scratchBytes == 2 * 48 * (8 + 4 * 30))
        #expect(e.bytes > e.scratchBytes + e.egressTableBytes)
    }

    @Test func summaryMedians() throws {
        let cells = (0..<4).map { PopulationCell(coordinate: Coordinate(longitude: 116 + 0.01 * Double($0), latitude: 39.9),
                                                 population: [1, 1, 1, 10][$0], district: 0) }
        let rows = (0..<4).map { SurfaceRow(cell: $0, populationWithin: [Double([5, 1, 3, 2][$0])], coreSeconds: $0 == 0 ? nil : Int32(600 * $0)) }
        let table = try SurfaceTable(metadata: .null, crs: "EPSG:32650", cellMeters: 1000, cutoffsMinutes: [30], hasCore: true,
                                     districtNames: ["A"], shard: .whole, cellCount: 4, rows: rows.map { (cells[$0.cell], $0) })
        let s = table.summary()
        // Sums 1, 2, 3, 5 (weights 1, 10, 1, 1): median 2.5, weighted median 2, weighted mean (1 + 20 + 3 + 5) / 13.
        #expect(s.measures[0].median == 2.5 && s.measures[0].populationWeightedMedian == 2)
        #expect(abs(s.measures[0].populationWeightedMean! - 29.0 / 13) < 1e-12)
        // Core: 10, 20, 30 min from three cells (weights 1, 1, 10).
        #expect(s.measures[1].cells == 3 && s.measures[1].median == 20 && s.measures[1].populationWeightedMedian == 30)
        #expect(s.populationReachingCore == 12 && s.population == 13)
        #expect(s.markdown.contains("| pop_within_30 | 4 |") && GeoJSONWriter().text(for: s.json).contains("population_weighted_median"))
    }
}
