import Foundation
import GeoCore
import Network
import TestSupport
import Testing
@testable import Analysis

/// A hand-made area in which every rating class and every gap type appears exactly once.
///
/// All stop pairs that matter lie on one meridian, so their haversine distance is R × Δφ exactly:
/// 0.001° of latitude = 6 371 008.8 m × π / 180 / 1000 = 111.195 m. Network defaults: detour 1.3, 1.2 m/s,
/// hub radius 800 m, same-name hubs up to 3000 m, minimum transfer rail ↔ metro 300 s.
///
/// | hub | stops (lon 117.0 + 0.1 k, lat) | crow-fly | walk = ×1.3 | walk min = /1.2/60 | rating |
/// |---|---|---|---|---|---|
/// | 甲 | trunk 甲 (39.000), metro 甲站 (39.001) | 111.195 | 144.553 | 2.008 | zero-distance |
/// | 乙 | intercity 乙 (39.000), metro 乙站 (39.002) | 222.390 | 289.107 | 4.015 | acceptable |
/// | 丙 | suburban 丙 (39.000), metro 丙站 (39.004) | 444.780 | 578.214 | 8.031 | poor |
/// | 丁 | trunk 丁 (39.000), metro 丁站 (39.012), same name | 1334.341 | > 800 × 1.3 | – | disconnected |
///
/// Intercity 戊 (117.4, 39.000) lies 0.018° = 2001.51 m south of metro 己 (117.4, 39.018): a missing link (no hub,
/// < 3000 m). 丁 is the only last-mile gap (nearest metro 丁站 1334.34 m > 800 m); 戊 lies in 乙市, which has no
/// metro. District 丙区 has no station. A suburban terminus (118.5, 39.0) lies outside every district.
enum GapFixture {
    static let metersPerDegreeLatitude = Earth.meanRadiusMeters * Double.pi / 180

    static func network(localCRS: String? = "EPSG:4548", hubTransfers: [HubTransferOverride] = []) throws -> BuiltNetwork {
        var input = TransitInput()
        func stop(_ key: String, _ name: String, _ lon: Double, _ lat: Double) -> Int {
            input.stops.append(TransitInput.Stop(key: "fx:\(key)", name: name,
                                                 coordinate: Coordinate(longitude: lon, latitude: lat), source: "fx"))
            return input.stops.count - 1
        }
        let aT = stop("aT", "甲", 117.0, 39.000), aM = stop("aM", "甲站", 117.0, 39.001)
        let bI = stop("bI", "乙", 117.1, 39.000), bM = stop("bM", "乙站", 117.1, 39.002)
        let cS = stop("cS", "丙", 117.2, 39.000), cM = stop("cM", "丙站", 117.2, 39.004)
        let dT = stop("dT", "丁", 117.3, 39.000), dM = stop("dM", "丁站", 117.3, 39.012)
        let eI = stop("eI", "戊", 117.4, 39.000), fM = stop("fM", "己", 117.4, 39.018)
        let terminus = stop("sEnd", "终点", 118.5, 39.000)
        func route(_ tier: Tier, _ stops: [Int]) {
            input.routes.append(TransitInput.Route(key: "fx:\(tier.rawValue)", shortName: tier.rawValue, longName: "",
                                                   gtfsRouteType: nil, tier: tier, tierReason: "fixture", source: "fx"))
            let times = stops.indices.map { Int32(8 * 3600 + 600 * $0) }
            input.trips.append(TransitInput.Trip(key: "fx:\(tier.rawValue):1", route: input.routes.count - 1,
                                                 name: "", tier: tier, stops: stops, arrivalSeconds: times,
                                                 departureSeconds: times))
        }
        route(.trunk, [aT, dT])
        route(.intercity, [bI, eI])
        route(.suburban, [cS, terminus])
        route(.metro, [aM, bM, cM, dM, fM])
        let parameters = BuildParameters(hubTransfers: hubTransfers)
        let layer = try TransitLayerBuilder(parameters: parameters).build(input).layer
        return BuiltNetwork(metadata: .init(areaName: "fixture", localCRS: LocalCRSDefinition(manifestValue: localCRS),
                                                  parameters: parameters),
                            transit: layer, districts: districts)
    }

    static func box(_ w: Double, _ s: Double, _ e: Double, _ n: Double) -> [Coordinate] {
        [(w, s), (e, s), (e, n), (w, n), (w, s)].map { Coordinate(longitude: $0.0, latitude: $0.1) }
    }

    /// 城区 (测试市): an L shape around 丙区's neighbour 乙区; 乙区 and 丙区 belong to 乙市.
    static let districts: [District] = [
        District(name: "城区", cityName: "测试市", code: 1, population: 1_000_000, boundary: MultiPolygon([Polygon(shell: LinearRing(
            [(116.95, 38.95), (117.35, 38.95), (117.35, 39.01), (117.45, 39.01), (117.45, 39.05), (116.95, 39.05), (116.95, 38.95)]
                .map { Coordinate(longitude: $0.0, latitude: $0.1) }))])),
        District(name: "乙区", cityName: "乙市", code: 2, population: 200_000,
                 boundary: MultiPolygon([Polygon(shell: LinearRing(box(117.35, 38.95, 117.45, 39.01)))])),
        District(name: "丙区", cityName: "乙市", code: 3, population: 100_000,
                 boundary: MultiPolygon([Polygon(shell: LinearRing(box(117.45, 38.95, 117.55, 39.05)))])),
    ]

    // MARK: Hand formulas

    /// Area of a longitude/latitude box on the WGS-84 ellipsoid (authalic formula), m².
    static func ellipsoidBoxArea(west: Double, south: Double, east: Double, north: Double) -> Double {
        let a = 6_378_137.0, f = 1 / 298.257223563
        let e2 = f * (2 - f), e = e2.squareRoot()
        func q(_ latitudeDegrees: Double) -> Double {
            let s = sin(latitudeDegrees * .pi / 180)
            return s / (1 - e2 * s * s) + log((1 + e * s) / (1 - e * s)) / (2 * e)
        }
        return a * a * (1 - e2) / 2 * (east - west) * .pi / 180 * (q(north) - q(south))
    }

    /// Area of the union of two circles of radius r whose centres are d apart (circle area minus the lens).
    static func twoCircleUnion(radius r: Double, distance d: Double) -> Double {
        if d >= 2 * r { return 2 * Double.pi * r * r }
        let lens = 2 * r * r * acos(d / (2 * r)) - d / 2 * (4 * r * r - d * d).squareRoot()
        return 2 * Double.pi * r * r - lens
    }
}

@Suite(.tags(.fast)) struct GapFixtureTests {
    let m = GapFixture.metersPerDegreeLatitude / 1000  // 111.195 m per 0.001°

    @Test func eachRatingClassOnceWithHandComputedWalks() throws {
        let report = try IntegrationGapAnalysis().run(on: GapFixture.network())
        #expect(report.hubs.count == 4)
        // Sorted worst first.
        #expect(report.hubs.map(\.name) == ["丁", "丙", "乙", "甲"])
        #expect(report.hubs.map(\.worstRating) == [.disconnected, .poor, .acceptable, .zeroDistance])
        let expected: [(String, Tier, Tier, Double)] = [
            ("甲", .trunk, .metro, 1 * m), ("乙", .intercity, .metro, 2 * m), ("丙", .suburban, .metro, 4 * m),
            ("丁", .trunk, .metro, 12 * m),
        ]
        for (name, a, b, crow) in expected {
            let hub = try #require(report.hubs.first { $0.name == name })
            #expect(hub.tiers == [a, b])
            #expect(hub.transfers.count == 1)
            let t = hub.transfers[0]
            #expect(t.fromTier == a && t.toTier == b)
            #expect(abs(t.crowFlyMeters - crow) < 0.05, "\(name): crow-fly \(t.crowFlyMeters) vs \(crow)")
            #expect(t.minTransferSeconds == 300)
            if name == "丁" {
                #expect(t.walk == nil)
                #expect(t.rating == .disconnected)
            } else {
                let walk = try #require(t.walk)
                #expect(walk.method == .crowFly)
                #expect(abs(walk.walkMeters - crow * 1.3) < 0.1)
                let minutes = crow * 1.3 / 1.2 / 60
                #expect(abs(try #require(t.walkMinutes) - minutes) < 0.001)
                #expect(abs(try #require(t.totalMinutes) - (minutes + 5)) < 0.001)
            }
        }
        // 2.008 min, 4.015 min and 8.031 min against 3 and 5 min.
        #expect(report.hubs.first { $0.name == "甲" }?.transfers[0].rating == .zeroDistance)
        #expect(report.hubs.first { $0.name == "乙" }?.transfers[0].rating == .acceptable)
        #expect(report.hubs.first { $0.name == "丙" }?.transfers[0].rating == .poor)
        // Hub position = centroid of its members: 甲 at (117.0, 39.0005).
        let a = try #require(report.hubs.first { $0.name == "甲" })
        #expect(abs(a.position.longitude - 117.0) < 1e-9 && abs(a.position.latitude - 39.0005) < 1e-9)
    }

    @Test func thresholdsChangeTheRatings() throws {
        // With 1 and 2.5 min: 甲 (2.008 min) becomes acceptable, 乙 (4.015) poor.
        let report = try IntegrationGapAnalysis(thresholds: GapThresholds(zeroDistanceMinutes: 1, acceptableMinutes: 2.5))
            .run(on: GapFixture.network())
        #expect(report.hubs.first { $0.name == "甲" }?.worstRating == .acceptable)
        #expect(report.hubs.first { $0.name == "乙" }?.worstRating == .poor)
        // A hub radius of 1500 m makes 丁 (1334 m crow-fly, 1735 m walk ≤ 1950 m) walkable, and poor.
        let wide = try IntegrationGapAnalysis(thresholds: GapThresholds(hubRadiusMeters: 1500)).run(on: GapFixture.network())
        let d = try #require(wide.hubs.first { $0.name == "丁" })
        #expect(d.worstRating == .poor)
        #expect(abs((d.transfers[0].walk?.walkMeters ?? 0) - 12 * m * 1.3) < 0.1)
    }

    @Test func oneLastMileGapAndOneMissingLink() throws {
        let report = try IntegrationGapAnalysis().run(on: GapFixture.network())
        #expect(report.metroCities == ["测试市"])
        #expect(report.lastMileGaps.count == 1)
        let gap = try #require(report.lastMileGaps.first)
        #expect(gap.name == "丁" && gap.nearestMetroName == "丁站" && gap.city == "测试市" && gap.district == "城区")
        #expect(abs(gap.gapMeters - 12 * m) < 0.05)

        #expect(report.missingLinks.count == 1)
        let link = try #require(report.missingLinks.first)
        #expect(link.fromName == "戊" && link.toName == "己")
        #expect(link.tierPairs == [MissingLink.TierPair(from: .intercity, to: .metro)])
        #expect(abs(link.gapMeters - 18 * m) < 0.05)  // 2001.51 m
        #expect(abs(link.estimatedWalkMinutes - 18 * m * 1.3 / 1.2 / 60) < 0.001)

        // Narrower radii: no missing link within 2000 m; a 1400 m last-mile reach covers 丁.
        let narrow = try IntegrationGapAnalysis(thresholds: GapThresholds(lastMileRadiusMeters: 1400, missingLinkRadiusMeters: 2000))
            .run(on: GapFixture.network())
        #expect(narrow.lastMileGaps.isEmpty)
        #expect(narrow.missingLinks.isEmpty)
    }

    @Test func districtCoverageAgainstCircleAndEllipsoidFormulas() throws {
        let report = try IntegrationGapAnalysis().run(on: GapFixture.network())
        #expect(report.localCRS == "EPSG:4548")
        #expect(report.uncoveredDistricts.map(\.name) == ["丙区"])
        let byName = Dictionary(uniqueKeysWithValues: report.districts.map { ($0.name, $0) })
        let r = 800.0
        // 城区: four hub pairs (centres 1, 2, 4 and 12 × 111.195 m apart) and 己 alone, all well inside.
        let coveredCity = [1.0, 2, 4, 12].map { GapFixture.twoCircleUnion(radius: r, distance: $0 * m) }.reduce(0, +)
            + Double.pi * r * r
        let areaCity = GapFixture.ellipsoidBoxArea(west: 116.95, south: 38.95, east: 117.45, north: 39.05)
            - GapFixture.ellipsoidBoxArea(west: 117.35, south: 38.95, east: 117.45, north: 39.01)
        let areaB = GapFixture.ellipsoidBoxArea(west: 117.35, south: 38.95, east: 117.45, north: 39.01)
        let areaC = GapFixture.ellipsoidBoxArea(west: 117.45, south: 38.95, east: 117.55, north: 39.05)
        let city = try #require(byName["城区"]), b = try #require(byName["乙区"]), c = try #require(byName["丙区"])
        // Buffers are 64-gons (area 0.16 % below the circle) and areas are projected: 0.5 % tolerance.
        #expect(abs(city.areaSquareKilometers * 1e6 / areaCity - 1) < 0.001)
        #expect(abs(b.areaSquareKilometers * 1e6 / areaB - 1) < 0.001)
        #expect(abs(c.areaSquareKilometers * 1e6 / areaC - 1) < 0.001)
        #expect(abs(city.coveredAreaShare / (coveredCity / areaCity) - 1) < 0.005, "\(city.coveredAreaShare)")
        #expect(abs(b.coveredAreaShare / (Double.pi * r * r / areaB) - 1) < 0.005, "\(b.coveredAreaShare)")
        #expect(c.coveredAreaShare == 0)
        #expect(city.stationCount == 9 && b.stationCount == 1 && c.stationCount == 0)
        let expectedCovered = coveredCity / areaCity * 1_000_000 + Double.pi * r * r / areaB * 200_000
        #expect(abs(report.coveredPopulation / expectedCovered - 1) < 0.005)
        #expect(report.totalPopulation == 1_300_000)
    }

    /// A hub's own minimum (`hub_transfers`) replaces the table's in its rating total; other hubs keep 300 s.
    @Test func hubOverrideSetsItsMinimumTransfer() throws {
        let report = try IntegrationGapAnalysis().run(on: GapFixture.network(
            hubTransfers: [HubTransferOverride(hub: "甲").setting(.trunk, .metro, seconds: 60)]))
        let byName = Dictionary(uniqueKeysWithValues: report.hubs.map { ($0.name, $0) })
        let a = try #require(byName["甲"]?.transfers.first), d = try #require(byName["丁"]?.transfers.first)
        #expect(a.fromTier == .trunk && a.toTier == .metro && a.minTransferSeconds == 60)
        #expect(d.minTransferSeconds == 300)
        let walk = try #require(a.walk)
        #expect(abs(try #require(a.totalMinutes) - (walk.walkSeconds + 60) / 60) < 1e-9)
    }

    @Test func tierPresenceSentences() throws {
        let report = try IntegrationGapAnalysis().run(on: GapFixture.network())
        #expect(report.tiers.map(\.tier) == [.trunk, .intercity, .suburban, .metro])
        #expect(report.tiers.map(\.routes) == [1, 1, 1, 1])
        #expect(report.tiers.map(\.stations) == [2, 2, 2, 5])
        let absent = TierPresence(tier: .suburban, routes: 0, stations: 0)
        #expect(absent.sentence == "No suburban railway (S lines, 市域/市郊铁路) in the data.")
    }

    @Test func featuresCarryKindsInOrder() throws {
        let report = try IntegrationGapAnalysis().run(on: GapFixture.network())
        let features = report.featureCollection().features
        let kinds = features.map { $0.properties["kind"]?.stringValue ?? "" }
        #expect(kinds == ["hub", "hub", "hub", "hub", "last_mile_gap", "missing_link", "uncovered_district",
                          "coverage", "coverage", "coverage"])
        let hub = features[0].properties
        #expect(hub["hub"]?.stringValue == "丁")
        #expect(hub["worst_rating"]?.stringValue == "disconnected")
        #expect(hub["trunk_metro_walk_m"] == .null)
        #expect(hub["trunk_metro_crow_m"]?.doubleValue == ((12 * m) * 10).rounded() / 10)
        let zero = features[3].properties
        #expect(zero["trunk_metro_walk_m"]?.doubleValue == ((1 * m * 1.3) * 10).rounded() / 10)
        #expect(zero["trunk_metro_rating"]?.stringValue == "zero_distance")
        #expect(features[5].geometry == .lineString(LineString([Coordinate(longitude: 117.4, latitude: 39.0),
                                                                Coordinate(longitude: 117.4, latitude: 39.018)])))
        #expect(features[6].properties["population"]?.doubleValue == 100_000)
        // Every property is declared in the kind's table schema, with a value of its type; districts carry adcode.
        #expect(IntegrationGapReport.featureSchema.mismatch(in: report.featureCollection()) == nil)
        #expect(features[6].properties.keys.contains("adcode"))
    }

    @Test func markdownSortedBySeverityAndCSVOneRowPerFinding() throws {
        let report = try IntegrationGapAnalysis().run(on: GapFixture.network())
        let md = report.markdown()
        let summary = try #require(md.range(of: "## Summary")), tables = try #require(md.range(of: "## Hub transfers"))
        #expect(summary.lowerBound < tables.lowerBound)
        let ratings = md.split(separator: "\n").filter { $0.hasPrefix("| disconnected") || $0.hasPrefix("| poor")
            || $0.hasPrefix("| acceptable") || $0.hasPrefix("| zero-distance") }
            .map { String($0.split(separator: "|")[0].trimmingCharacters(in: .whitespaces)) }
        #expect(ratings == ["disconnected", "poor", "acceptable", "zero-distance"])
        #expect(md.contains("NDRC 2016"))

        let rows = report.csvRows()
        #expect(rows[0].first == "kind")
        let kinds = rows.dropFirst().map { $0[0] }
        // 4 tiers + 4 hub pairs + 1 + 1 + 1 uncovered + 3 coverage.
        #expect(kinds.count == 14)
        #expect(kinds.filter { $0 == "hub_transfer" }.count == 4)
        #expect(kinds.filter { $0 == "last_mile_gap" }.count == 1)
        #expect(kinds.filter { $0 == "missing_link" }.count == 1)
        #expect(rows.allSatisfy { $0.count == rows[0].count })
    }

    @Test func localCRSFromNotesOrUTM() throws {
        #expect(IntegrationGapAnalysis.localCRS(of: try GapFixture.network(localCRS: "EPSG:4547")) == "EPSG:4547")
        // 117.x°E lies in UTM zone 50 (114–120°E).
        #expect(IntegrationGapAnalysis.localCRS(of: try GapFixture.network(localCRS: "auto")) == "EPSG:32650")
        #expect(IntegrationGapAnalysis.localCRS(of: try GapFixture.network(localCRS: nil)) == "EPSG:32650")
        // The coverage figures hardly depend on the CRS: UTM 50 vs Gauss-Kruger CM 117°.
        let utm = try IntegrationGapAnalysis().run(on: GapFixture.network(localCRS: nil))
        let gk = try IntegrationGapAnalysis().run(on: GapFixture.network())
        #expect(abs(utm.coveredPopulation / gk.coveredPopulation - 1) < 0.002)
    }

    @Test func emptyNetworkHasNoFindings() throws {
        let network = BuiltNetwork(metadata: .init(areaName: "empty"), transit: .empty)
        let report = try IntegrationGapAnalysis().run(on: network)
        #expect(report.hubs.isEmpty && report.lastMileGaps.isEmpty && report.missingLinks.isEmpty && report.districts.isEmpty)
        #expect(report.tiers.allSatisfy { !$0.isPresent })
        #expect(report.markdown().contains("No metro (subway, light rail, tram, 城市轨道交通) in the data."))
        #expect(report.featureCollection().features.isEmpty)
    }
}
