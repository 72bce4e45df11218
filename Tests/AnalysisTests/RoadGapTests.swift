import Foundation
import Analysis
import GeoCore
import Network
import TestSupport
import Testing

/// A hand-made town at latitude 30° (1e-3° of longitude ≈ 96.3 m there), two districts split at lon 0.01:
///
/// * R1 (secondary, west, lon 0.005) runs north from y 0 to y 0.02; lanes 3 per direction up to y 0.015,
///   then 2 (a lane drop northbound at the degree-2 node y 0.015).
/// * Spur (secondary) leaves R1 east at y 0.010 and stops at lon 0.0095 (dead end D, west district).
/// * R2 (secondary, east) runs north at lon 0.0095 + 100 m, across the border from D.
/// * A southern secondary road joins R1's and R2's south ends along y 0 (the only crossing of the border).
/// * A tertiary stub leaves R1 west at y 0.005 for about 60 m (meets R1 right there: connected).
/// * Two residential cul-de-sacs leave R2 east at y 0.010 and y 0.0107 and end at lon 0.014.
/// * Residential roads at lon 0.025 and -0.005 stretch the data's extent east and west.
enum RoadFixture {
    static let lat0 = 30.0
    static let metersPerDegreeLon = Earth.meanRadiusMeters * Double.pi / 180 * cos(lat0 * Double.pi / 180)
    static let r2Lon = 0.0095 + 100 / metersPerDegreeLon

    static func c(_ lon: Double, _ dLat: Double) -> Coordinate { Coordinate(longitude: lon, latitude: lat0 + dLat) }

    static func network(minimumClassOverride: RoadClass? = nil) -> BuiltNetwork {
        var nodes: [Coordinate] = []
        func node(_ p: Coordinate) -> Int {
            if let i = nodes.firstIndex(of: p) { return i }
            nodes.append(p); return nodes.count - 1
        }
        var links: [RoadLinkInput] = []
        let defaults = RoadClassDefaults()
        func link(_ key: String, _ name: String, _ cls: RoadClass, _ a: Coordinate, _ b: Coordinate, lanes: Double? = nil) {
            let d = RoadLinkDirection.resolved(speedKmh: nil, lanes: lanes, capacityVehiclesPerHour: nil, roadClass: cls, defaults: defaults)
            links.append(RoadLinkInput(key: key, name: name, roadClass: cls, fromNode: node(a), toNode: node(b), shape: [a, b],
                                       lengthMeters: Earth.haversineMeters(a, b), forward: d, backward: d))
        }
        link("r1a", "R1", .secondary, c(0.005, 0), c(0.005, 0.005), lanes: 3)
        link("r1b", "R1", .secondary, c(0.005, 0.005), c(0.005, 0.010), lanes: 3)
        link("r1c", "R1", .secondary, c(0.005, 0.010), c(0.005, 0.015), lanes: 3)
        link("r1d", "R1", .secondary, c(0.005, 0.015), c(0.005, 0.020), lanes: 2)
        link("spur", "Spur", .secondary, c(0.005, 0.010), c(0.0095, 0.010))
        link("r2a", "R2", .secondary, c(r2Lon, 0), c(r2Lon, 0.010))
        link("r2b", "R2", .secondary, c(r2Lon, 0.010), c(r2Lon, 0.0107))
        link("r2c", "R2", .secondary, c(r2Lon, 0.0107), c(r2Lon, 0.020))
        link("south", "South", .secondary, c(0.005, 0), c(r2Lon, 0))
        link("stub", "Stub", .tertiary, c(0.005, 0.005), c(0.005 - 60 / metersPerDegreeLon, 0.005))
        link("cul1", "Cul 1", .residential, c(r2Lon, 0.010), c(0.014, 0.010))
        link("cul2", "Cul 2", .residential, c(r2Lon, 0.0107), c(0.014, 0.0107))
        link("far", "Far", .residential, c(0.025, 0), c(0.025, 0.020))
        link("west", "West", .residential, c(-0.005, 0), c(-0.005, 0.020))
        let roads = RoadGraph(nodeCoordinates: nodes, links: links)
        func box(_ x0: Double, _ x1: Double) -> MultiPolygon {
            MultiPolygon([Polygon(shell: LinearRing([c(x0, -0.01), c(x1, -0.01), c(x1, 0.03), c(x0, 0.03), c(x0, -0.01)]))])
        }
        let districts = [District(name: "West", population: 1000, boundary: box(-0.01, 0.01)),
                         District(name: "East", population: 1000, boundary: box(0.01, 0.03))]
        return BuiltNetwork(metadata: .init(areaName: "fixture"), transit: .empty, districts: districts, roads: roads)
    }
}

@Suite(.tags(.fast)) struct RoadGapTests {
    @Test func deadEndAcrossBorderIsReportedAndCulDeSacIsNot() throws {
        let network = RoadFixture.network()
        let findings = try RoadGapAnalysis(network: network).run()
        let g = network.roads
        // Only the spur's end qualifies: R1/R2 ends lie on the data edge, the stub meets R1, the
        // cul-de-sacs are residential (below tertiary).
        #expect(findings.unconnected.count == 1)
        let u = try #require(findings.unconnected.first)
        #expect(g.links.keys[u.linkFrom.index] == "spur" && g.links.keys[u.linkTo.index].hasPrefix("r2"))
        // Expected gap: haversine from D to the point of R2 due east, 100 m by construction.
        let expected = Earth.haversineMeters(RoadFixture.c(0.0095, 0.010), RoadFixture.c(RoadFixture.r2Lon, 0.010))
        #expect(abs(u.gapMeters - expected) < 0.5 && abs(expected - 100) < 0.5)
        #expect(u.crossesBoundary)
        #expect(u.districtFrom.map { network.districts[$0].name } == "West")
        #expect(u.districtTo.map { network.districts[$0].name } == "East")
        // Road detour: spur 433 m back west + R1 1,112 m south + south road 529 m + R2 1,112 m north ≫ 3 × 100 m,
        // beyond the search bound (1,500 m), so no network distance.
        #expect(u.networkMeters == nil)
        // Significant dead ends: spur, stub (examined, connected), R1 and R2 north ends (on the data edge).
        #expect(findings.deadEndsExamined == 4 && findings.deadEndsNearEdge == 2)

        // With residential roads analysed, both cul-de-sacs are reported (each 78 m from the other).
        var options = RoadGapOptions()
        options.minimumClass = .residential
        let all = try RoadGapAnalysis(network: network, options: options).run()
        let culs = all.unconnected.filter { g.links.keys[$0.linkFrom.index].hasPrefix("cul") }
        #expect(culs.count == 2)
        let spacing = Earth.haversineMeters(RoadFixture.c(0.014, 0.010), RoadFixture.c(0.014, 0.0107))
        #expect(culs.allSatisfy { abs($0.gapMeters - spacing) < 0.5 && !$0.crossesBoundary })
    }

    @Test func laneDropIsReportedOnce() throws {
        let network = RoadFixture.network()
        let findings = try RoadGapAnalysis(network: network).run()
        let drops = findings.capacityDrops.filter { $0.kind == .laneDrop }
        #expect(drops.count == 1)
        let d = try #require(drops.first)
        #expect(d.lanesBefore == 3 && d.lanesAfter == 2 && d.atDegreeTwoNode)
        #expect(d.coordinate == RoadFixture.c(0.005, 0.015))
        // 3 × 1,200 → 2 × 1,200 veh/h (secondary default capacity per lane).
        #expect(d.capacityBeforePerHour == 3600 && d.capacityAfterPerHour == 2400)
        #expect(findings.capacityDrops.filter { $0.kind == .classDrop }.isEmpty)
    }

    @Test func borderCrossingsCountTheSouthRoad() throws {
        let network = RoadFixture.network()
        let findings = try RoadGapAnalysis(network: network).run()
        #expect(findings.borderCrossings.count == 1)
        let c = try #require(findings.borderCrossings.first)
        #expect(c.crossings == 1)
        // Secondary, lanes not given: 1 default lane × 1,200 veh/h each way.
        #expect(c.capacityAToBPerHour == 1200 && c.capacityBToAPerHour == 1200 && c.capacityPerHour == 2400)
        let p = try #require(c.borderPoints.first)
        #expect(abs(p.longitude - 0.01) < 1e-6 && abs(p.latitude - RoadFixture.lat0) < 1e-9)
    }

    @Test func reportFeaturesAndTables() throws {
        let network = RoadFixture.network()
        let report = RoadGapReport(findings: try RoadGapAnalysis(network: network).run(), network: network)
        let fc = report.featureCollection()
        let kinds = fc.features.compactMap { $0.properties["kind"]?.stringValue }
        #expect(kinds == ["unconnected_road", "lane_drop", "border_crossings"])
        #expect(fc.features[0].properties["crosses_boundary"] == .bool(true))
        #expect(fc.features[1].properties["lanes_after"] == .number(2))
        #expect(fc.features[2].properties["crossings"] == .number(1))
        #expect(RoadGapReport.featureSchema.mismatch(in: fc) == nil)
        let csv = report.csv().split(separator: "\n")
        #expect(csv.count == 4 && csv[0].hasPrefix("kind,severity_rank"))
        #expect(report.markdown().contains("| 1 | lane_drop | 3 → 2 |"))
    }

    @Test func emptyRoadGraphGivesNoFindings() throws {
        let findings = try RoadGapAnalysis(network: BuiltNetwork(metadata: .init(areaName: "x"), transit: .empty)).run()
        #expect(findings.unconnected.isEmpty && findings.capacityDrops.isEmpty && findings.borderCrossings.isEmpty)
    }
}
