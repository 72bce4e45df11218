import Foundation
import GeoCore
import GeoIO
import NetworkBuild
import Network
import TestSupport
import Testing
@testable import Analysis

/// Gap analysis on the real areas (../shared/data), checked against coordinates read here straight from the raw
/// files: rail stations from rail_gtfs/stops.txt, metro stations from metro_lines.csv (the WGS-84 copy, an
/// independent source: the network itself reads the GCJ-02 copy and converts it).
@Suite(.tags(.realData), .enabled(if: SharedData.isPresent, "../shared/data is absent"))
struct GapRealDataTests {
    /// The area's network, built once per test run (AreaNetworks).
    static func network(_ area: String) throws -> BuiltNetwork {
        try AreaNetworks.built(area)
    }

    /// name → (longitude, latitude) from a CSV with the given columns (no quoted commas in these files).
    static func coordinates(_ relativePath: String, name: String, longitude: String, latitude: String) throws -> [String: Coordinate] {
        let url = try #require(SharedData.file(relativePath))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        let n = try #require(header.firstIndex(of: name)), x = try #require(header.firstIndex(of: longitude)),
            y = try #require(header.firstIndex(of: latitude))
        var out: [String: Coordinate] = [:]
        for row in lines.dropFirst() where row.count == header.count {
            out[row[n]] = Coordinate(longitude: Double(row[x])!, latitude: Double(row[y])!)
        }
        return out
    }

    /// Haversine written out again here (R = 6 371 008.8 m, the IUGG mean radius).
    static func haversine(_ a: Coordinate, _ b: Coordinate) -> Double {
        let r = 6_371_008.8, rad = Double.pi / 180
        let dLat = (b.latitude - a.latitude) * rad, dLon = (b.longitude - a.longitude) * rad
        let h = pow(sin(dLat / 2), 2) + cos(a.latitude * rad) * cos(b.latitude * rad) * pow(sin(dLon / 2), 2)
        return 2 * r * asin(min(1, h.squareRoot()))
    }

    @Test func jingjinjiHubsAndDistances() throws {
        let network = try Self.network("jingjinji")
        let report = try IntegrationGapAnalysis().run(on: network)
        let rail = try Self.coordinates("cn/jingjinji/rail_gtfs/stops.txt", name: "stop_name", longitude: "stop_lon", latitude: "stop_lat")
        let metro = try Self.coordinates("cn/jingjinji/metro_lines.csv", name: "station_name", longitude: "lon", latitude: "lat")

        // (hub, tiers, metro station named in metro_lines.csv)
        let expected: [(String, [Tier], String)] = [
            ("北京南", [.trunk, .intercity, .metro], "北京南站"),
            ("天津", [.trunk, .intercity, .metro], "天津站"),
            ("北京西", [.trunk, .metro], "北京西站"),
        ]
        for (name, tiers, metroName) in expected {
            let hub = try #require(report.hubs.first { $0.name == name }, "hub \(name)")
            #expect(hub.tiers == tiers, "\(name): \(hub.tiers)")
            let independent = Self.haversine(try #require(rail[name]), try #require(metro[metroName]))
            for t in hub.transfers where t.toTier == .metro {
                #expect(t.fromStopName == name && t.toStopName == metroName)
                #expect(abs(t.crowFlyMeters - independent) < 50, "\(name): \(t.crowFlyMeters) m vs \(independent) m")
                // No street graph: walk = crow-fly × 1.3.
                #expect(abs((t.walk?.walkMeters ?? -1) - independent * 1.3) < 65)
            }
        }
        // 北京南 is 20 m from its metro station (shared/data README): zero-distance.
        #expect(report.hubs.first { $0.name == "北京南" }?.worstRating == .zeroDistance)

        // Every last-mile gap's distance is the nearest metro station in metro_lines.csv, and over the radius.
        for gap in report.lastMileGaps {
            let here = try #require(rail[gap.name])
            let nearest = metro.values.map { Self.haversine(here, $0) }.min() ?? 0
            #expect(abs(gap.gapMeters - nearest) < 50, "\(gap.name): \(gap.gapMeters) vs \(nearest)")
            #expect(gap.gapMeters > 800)
        }
        // Sorted longest first.
        #expect(report.lastMileGaps.map(\.gapMeters) == report.lastMileGaps.map(\.gapMeters).sorted(by: >))

        // The suburban tier is absent, and the report says so.
        #expect(report.tiers.first { $0.tier == .suburban }?.isPresent == false)
        #expect(report.markdown().contains("No suburban railway (S lines, 市域/市郊铁路) in the data."))

        // Coverage: 66 districts, population 52,388,827 (shared/data README), share in (0, 1).
        #expect(report.districts.count == 66)
        #expect(report.totalPopulation == 52_388_827)
        #expect(report.coveredPopulationShare > 0 && report.coveredPopulationShare < 1)
    }

    /// Langfang (廊坊市) has one metro station, Daxing airport's terminal on its border: by default it is not a
    /// metro city, so its rail stations (廊坊, 霸州西, 胜芳) are no last-mile gaps; with a minimum of one station it is.
    /// District-uniform population cells (the command's default) give nearly the area-weighted coverage.
    @Test func jingjinjiCoverageOnUniformCellsNearlyMatchesAreaWeighting() throws {
        let network = try Self.network("jingjinji")
        let surface = try UniformDistrictPopulation().surface(network: network, crs: IntegrationGapAnalysis.localCRS(of: network))
        let areaWeighted = try IntegrationGapAnalysis().run(on: network)
        let counted = try IntegrationGapAnalysis().run(on: network, population: surface)
        #expect(counted.populationSource == "district-uniform" && areaWeighted.populationSource == nil)
        let moved = counted.coveredPopulation / areaWeighted.coveredPopulation - 1
        let a = Dictionary(uniqueKeysWithValues: areaWeighted.districts.map { ($0.district, $0) })
        let worst = counted.districts.map { abs($0.coveredPopulationShare - a[$0.district]!.coveredPopulationShare) }.max() ?? 0
        #expect(abs(moved) < 0.03, "\(counted.coveredPopulation) vs \(areaWeighted.coveredPopulation)")
        #expect(worst < 0.12, "largest change of a district's share: \(worst)")
        // With a surface the share is of people; the area share is still reported beside it.
        #expect(counted.districts.map(\.coveredAreaShare) == counted.districts.map { a[$0.district]!.coveredAreaShare })
    }

    @Test func oneBorderStationDoesNotMakeAMetroCity() throws {
        let net = try Self.network("jingjinji")
        let byDefault = try IntegrationGapAnalysis(thresholds: GapThresholds()).run(on: net)
        #expect(byDefault.metroCities == ["北京市", "天津市"])
        #expect(!byDefault.lastMileGaps.contains { $0.city == "廊坊市" })
        let loose = try IntegrationGapAnalysis(thresholds: GapThresholds(metroCityMinimumStations: 1)).run(on: net)
        #expect(loose.metroCities == ["北京市", "天津市", "廊坊市"])
        let langfang = Set(loose.lastMileGaps.filter { $0.city == "廊坊市" }.map(\.name))
        #expect(langfang == ["廊坊", "霸州西", "胜芳"])
    }

    @Test(arguments: ["guangfo", "chongqing"])
    func otherAreasRun(area: String) throws {
        let network = try Self.network(area)
        let report = try IntegrationGapAnalysis().run(on: network)
        #expect(!report.hubs.isEmpty)
        #expect(report.districts.count == network.districts.count)
        #expect(report.tiers.first { $0.tier == .metro }?.isPresent == true)
        let features = report.featureCollection().features
        #expect(features.allSatisfy { $0.properties["kind"]?.stringValue != nil })
        #expect(!report.markdown().isEmpty && report.csvRows().count > 1)
    }
}
