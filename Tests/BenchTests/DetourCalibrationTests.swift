import Foundation
import GeoCore
@testable import metrocommute_bench
import Network
import Routing
import TestSupport
import Testing

/// The detour calibration on hand graphs: a street grid on the equator, where the shortest walk between two
/// crossings is the Manhattan distance, so a pair dx blocks east and dy blocks north has the ratio
/// (|dx| + |dy|) ÷ √(dx² + dy²) (3 by 4 blocks: 7 ÷ 5 = 1.4); a one-way road; two islands.
@Suite(.tags(.fast)) struct DetourCalibrationTests {
    /// 0.001° between crossings, ≈ 111.2 m; arcs as long as the haversine distance of their ends.
    static let step = 0.001

    /// A side × side street grid; node index = row × side + column, column eastwards, row northwards.
    static func grid(side: Int) -> StreetGraph {
        let coordinates = (0..<side * side).map {
            Coordinate(longitude: Double($0 % side) * step, latitude: Double($0 / side) * step)
        }
        var arcs: [(tail: UInt32, head: UInt32, lengthMillimeters: UInt32)] = []
        func link(_ a: Int, _ b: Int) {
            let mm = UInt32((Earth.haversineMeters(coordinates[a], coordinates[b]) * 1000).rounded())
            arcs.append((UInt32(a), UInt32(b), mm))
            arcs.append((UInt32(b), UInt32(a), mm))
        }
        for r in 0..<side {
            for c in 0..<side {
                if c + 1 < side { link(r * side + c, r * side + c + 1) }
                if r + 1 < side { link(r * side + c, (r + 1) * side + c) }
            }
        }
        return StreetGraph(nodeCoordinates: coordinates, arcs: arcs)
    }

    static func manhattanRatio(_ a: Int, _ b: Int, side: Int) -> Double {
        let dx = Double(b % side - a % side), dy = Double(b / side - a / side)
        return (abs(dx) + abs(dy)) / (dx * dx + dy * dy).squareRoot()
    }

    @Test func handPairsOnTheGridHaveTheManhattanRatio() throws {
        let side = 6
        let graph = CalibrationGraph(source: .streets(Self.grid(side: side)))
        // (0,0) → 3 east, 4 north; (0,0) → 5 east; (2,2) → (3,3) one diagonal block.
        let result = DetourCalibration.measure(graph, sample: [(0, [4 * side + 3, 5]), (2 * side + 2, [3 * side + 3])])
        let ratios = try result.pairs.map { try #require($0.ratio) }
        #expect(abs(ratios[0] - 1.4) < 1e-4)
        #expect(abs(ratios[1] - 1.0) < 1e-4)
        #expect(abs(ratios[2] - 2.0.squareRoot()) < 1e-4)
        let summary = result.summary
        #expect(summary.pairs == 3 && summary.connected == 3)
        #expect(abs(summary.median - 1.4) < 1e-4)
        #expect(abs(summary.mean - (1.4 + 1 + 2.0.squareRoot()) / 3) < 1e-4)
    }

    @Test func sampledPairsLieInTheBandAndMatchTheGrid() {
        let side = 12
        let graph = CalibrationGraph(source: .streets(Self.grid(side: side)))
        let band = DetourBand(mode: "walk", graph: .streets, minMeters: 300, maxMeters: 900)
        let sampling = DetourSampling(sourcesPerBand: 10, targetsPerSource: 8, seed: 7)
        let result = DetourCalibration.measure(graph, band: band, sampling: sampling)
        #expect(result.sourceCount == 10)
        #expect(result.pairs.count == 80)
        #expect(Set(result.pairs.map(\.source)).count == 10)
        for p in result.pairs {
            #expect(p.crowFlyMeters >= 300 && p.crowFlyMeters <= 900)
            #expect(abs((p.ratio ?? 0) - Self.manhattanRatio(p.source, p.target, side: side)) < 1e-4)
        }
        #expect(result.summary.connectedShare == 1)
        // Same seed, same pairs; another seed, other pairs.
        let again = DetourCalibration.measure(graph, band: band, sampling: sampling)
        #expect(again.pairs == result.pairs)
        var other = sampling
        other.seed = 8
        #expect(DetourCalibration.measure(graph, band: band, sampling: other).pairs != result.pairs)
    }

    @Test func bandsWithoutCandidatesGiveNoPairs() {
        let graph = CalibrationGraph(source: .streets(Self.grid(side: 4)))  // ≈ 470 m across the diagonal
        let band = DetourBand(mode: "car", graph: .streets, minMeters: 2_000, maxMeters: 20_000)
        let result = DetourCalibration.measure(graph, band: band, sampling: DetourSampling(sourcesPerBand: 5, targetsPerSource: 5, seed: 1))
        #expect(result.sourceCount == 0 && result.pairs.isEmpty)
        #expect(result.summary.connectedShare.isNaN && result.summary.median.isNaN)
    }

    @Test func unconnectedPairsCountAgainstTheShareNotTheRatio() throws {
        // Two islands 0–1 and 2–3, 1 km apart; 0 → 1 is reached, 0 → 2 is not.
        let c = [0.0, 0.005, 0.010, 0.015].map { Coordinate(longitude: $0, latitude: 0) }
        let g = StreetGraph(nodeCoordinates: c, arcs: [(0, 1, 600_000), (1, 0, 600_000), (2, 3, 556_600), (3, 2, 556_600)])
        let result = DetourCalibration.measure(CalibrationGraph(source: .streets(g)), sample: [(0, [1, 2])])
        #expect(result.pairs[1].networkMillimeters == nil && result.pairs[1].ratio == nil)
        let expected = 600 / Earth.haversineMeters(c[0], c[1])
        #expect(abs(try #require(result.pairs[0].ratio) - expected) < 1e-9)
        #expect(result.summary.connected == 1 && result.summary.connectedShare == 0.5)
        #expect(result.summary.median == expected)
    }

    /// A road graph: 0 → 1 direct (2 km, slow) or through 2 (1.5 + 1.5 km, fast); 1 → 0 has no arc.
    static func oneWayRoads() -> RoadGraph {
        let c = [Coordinate(longitude: 0, latitude: 0), Coordinate(longitude: 0.015, latitude: 0),
                 Coordinate(longitude: 0.0075, latitude: 0.01)]
        let links = RoadLinkTable(keys: ["all"], names: [""], classes: [RoadClass.unclassified.rawValue],
                                  fromNode: [0], toNode: [0], shapeStart: [0, 0], shapeLongitudeE7: [], shapeLatitudeE7: [])
        // Arcs by tail: 0 → 1, 0 → 2, 2 → 1.
        return RoadGraph(firstOut: [0, 2, 2, 3], head: [1, 2, 1], lengthMillimeters: [2_000_000, 1_500_000, 1_500_000],
                         travelTimeMilliseconds: [600_000, 10_000, 10_000],
                         roadClass: [UInt8](repeating: RoadClass.unclassified.rawValue, count: 3), lanes: [1, 1, 1],
                         capacityVehiclesPerHour: [0, 0, 0], arcLink: [0, 0, 0],
                         longitudeE7: c.map { Int32(($0.longitude * 1e7).rounded()) },
                         latitudeE7: c.map { Int32(($0.latitude * 1e7).rounded()) }, links: links)
    }

    @Test func roadsAreDirectedAndMeasuredByLengthNotTime() throws {
        let graph = CalibrationGraph(source: .roads(Self.oneWayRoads()))
        let result = DetourCalibration.measure(graph, sample: [(0, [1]), (1, [0])])
        #expect(result.pairs[0].networkMillimeters == 2_000_000)  // the shorter arc, though the slower
        #expect(result.pairs[1].networkMillimeters == nil)
        let crowFly = graph.crowFlyMeters(0, 1)
        #expect(abs(try #require(result.pairs[0].ratio) - 2_000 / crowFly) < 1e-9)
        #expect(result.summary.connectedShare == 0.5)
    }

    @Test func quantilesInterpolateBetweenOrderStatistics() {
        // Sorted 1, 2, 3, 4: position p × 3, so p25 = 1 + 0.75, median = 2.5, p75 = 3 + 0.25.
        let s = RatioSummary(pairs: 5, ratios: [4, 1, 3, 2])
        #expect(s.p25 == 1.75 && s.median == 2.5 && s.p75 == 3.25 && s.mean == 2.5)
        #expect(s.connected == 4 && s.connectedShare == 0.8)
        #expect(Statistics.quantile([7], 0.25) == 7)
        #expect(DetourCalibration.roundedToFiveHundredths(1.324) == 1.3)
        #expect(DetourCalibration.roundedToFiveHundredths(1.326) == 1.35)
    }

    @Test func distanceBucketsAreHalfOpenAndTheLastIsClosed() {
        #expect(DistanceBuckets.bucket(ofMeters: 299.9) == nil)
        #expect(DistanceBuckets.bucket(ofMeters: 300) == 0 && DistanceBuckets.bucket(ofMeters: 499.9) == 0)
        #expect(DistanceBuckets.bucket(ofMeters: 500) == 1 && DistanceBuckets.bucket(ofMeters: 4_000) == 4)
        #expect(DistanceBuckets.bucket(ofMeters: 20_000) == 5 && DistanceBuckets.bucket(ofMeters: 20_000.1) == nil)
        #expect(DistanceBuckets.label(0) == "0.3–0.5" && DistanceBuckets.label(5) == "8–20")
        // Ratios 1.2 and 1.4 at 0.4 km, 1.1 at 3 km, one unreached pair at 3 km.
        let pairs = [DetourPair(source: 0, target: 1, crowFlyMeters: 400, networkMillimeters: 480_000),
                     DetourPair(source: 0, target: 2, crowFlyMeters: 400, networkMillimeters: 560_000),
                     DetourPair(source: 0, target: 3, crowFlyMeters: 3_000, networkMillimeters: 3_300_000),
                     DetourPair(source: 0, target: 4, crowFlyMeters: 3_000, networkMillimeters: nil)]
        let (cells, record) = DistanceBuckets.row(pairs)
        #expect(cells == ["1.300 (2)", "–", "–", "1.100 (1)", "–", "–"])  // 3 km: the 2–4 km bucket
        #expect(record[3]["reached"] as? Int == 1 && record[3]["median"] as? Double == 1.1)
    }

    @Test func recommendationPoolsTheNetworksAndGivesTheirRange() throws {
        let table = DetourCalibration.recommendations(["walk": [("a", [1.2, 1.3, 1.4]), ("b", [1.0, 1.1]), ("c", [])]])
        #expect(table.records.count == 1)
        let r = try #require(table.records.first)
        #expect(r["networks"] as? [String] == ["a", "b"])
        #expect(r["pooled_median"] as? Double == 1.2)  // median of 1.0, 1.1, 1.2, 1.3, 1.4
        #expect(abs(try #require(r["range_min"] as? Double) - 1.05) < 1e-12)  // b: median of 1.0, 1.1
        #expect(r["range_max"] as? Double == 1.3)
    }
}
