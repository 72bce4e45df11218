import Foundation
import GeoCore
import GeoIO
import Network
@testable import NetworkBuild
import Testing
import TestSupport

/// The build cases of issue 16 ("Hostile and mistaken input"): inputs that used to give a wrong network with
/// exit 0. Each builds the hand-written `TinyArea` with one thing changed. docs/ROBUSTNESS.md lists the catalogue.
@Suite(.tags(.fast)) struct HostileBuildCatalogueTests {
    private func manifest(_ change: (inout [String: Any]) -> Void) -> [UInt8] {
        var object = TinyArea.manifestObject()
        change(&object)
        return Array(TinyArea.manifestText(object).utf8)
    }

    private func buildError(_ replacing: [String: [UInt8]?]) throws -> InputError? {
        let area = try TinyArea(replacing: replacing)
        defer { area.cleanUp() }
        return #expect(throws: InputError.self) { _ = try AreaBuilder(manifestPath: area.manifest).build() }
    }

    private func build(_ replacing: [String: [UInt8]?]) throws -> AreaBuilder.Result {
        let area = try TinyArea(replacing: replacing)
        defer { area.cleanUp() }
        return try AreaBuilder(manifestPath: area.manifest).build()
    }

    @Test func serviceDateOutsideTheFeedIsAnErrorNamingItsRange() throws {
        let e = try buildError(["tiny.json": manifest { $0["service_date"] = "2019-05-01" }])
        #expect(e?.file.hasSuffix("rail_gtfs.zip") == true)
        #expect(e?.message.contains("none of its 3 trips runs on the service date 2019-05-01") == true)
        #expect(e?.message.contains("from 2016-01-01 to 2016-12-31") == true)
    }

    @Test func misspelledManifestKeysAreErrorsWithASuggestion() throws {
        let top = try buildError(["tiny.json": manifest { $0["line"] = $0.removeValue(forKey: "lines") }])
        #expect(top?.location == "line")
        #expect(top?.message.hasPrefix(#"unknown key "line" (did you mean "lines""#) == true)
        let nested = try buildError(["tiny.json": manifest {
            var lines = $0["lines"] as! [[String: Any]]
            lines[0]["headway_minutes"] = lines[0].removeValue(forKey: "headway_min")
            $0["lines"] = lines
        }])
        #expect(nested?.location == "lines[0].headway_minutes")
        #expect(nested?.message.contains(#"did you mean "headway_min""#) == true)
        let override = try buildError(["tiny.json": manifest {
            var lines = $0["lines"] as! [[String: Any]]
            lines[0]["line_overrides"] = ["L1": ["speed_kph": 40]]
            $0["lines"] = lines
        }])
        #expect(override?.location == "lines[0].line_overrides.L1.speed_kph")
        #expect(override?.message.contains(#"did you mean "speed_kmh""#) == true)
        let parameters = try buildError(["tiny.json": manifest { $0["parameters"] = ["walk_speed": 1.3] }])
        #expect(parameters?.location == "parameters.walk_speed")
        #expect(parameters?.message.contains(#""walk_speed_mps""#) == true)
    }

    @Test func networkBytesDoNotDependOnTheInputsFolder() throws {
        let first = try build([:]).network.encoded()
        let second = try build([:]).network.encoded()  // another temporary folder
        #expect(first == second)
    }

    @Test func stationFarOutsideTheDistrictsIsAnError() throws {
        let lines = TinyArea.linesCSV.replacingOccurrences(of: "D,Delta,116.35,39.95", with: "D,Delta,112.35,39.95")
        let e = try buildError(["lines.csv": Array(lines.utf8)])
        #expect(e?.file.hasSuffix("lines.csv") == true)
        #expect(e?.message.contains("station metro:D \"Delta\"") == true)
        #expect(e?.message.contains("outside the area's districts") == true)
    }

    /// Three stations named like the GTFS stops, written in GCJ-02.
    private func gcjLines(shift: (Coordinate) -> Coordinate) -> [UInt8] {
        let stops = [("S1", "Alpha Rail", 116.3005, 39.9005), ("S2", "Beta Rail", 116.3505, 39.9005),
                     ("S3", "East Rail", 116.41, 39.95)]
        var text = "line_id,line_name,seq,station_id,station_name,lon,lat\n"
        for (i, s) in stops.enumerated() {
            let c = shift(Coordinate(longitude: s.2, latitude: s.3))
            text += "L9,Line 9,\(i + 1),\(s.0),\(s.1) 站,\(c.longitude),\(c.latitude)\n"
        }
        return Array(text.utf8)
    }

    private func withCRS(_ crs: String?) -> [UInt8] {
        manifest {
            var lines = $0["lines"] as! [[String: Any]]
            lines[0]["crs"] = crs
            $0["lines"] = lines
        }
    }

    @Test func gcj02CoordinatesDeclaredWGS84GetAWarning() throws {
        let gcj = gcjLines(shift: GCJ02.fromWGS84)
        let warned = try build(["lines.csv": gcj]).warnings.filter { $0.file.hasSuffix("lines.csv") }
        #expect(warned.count == 1)
        #expect(warned.first?.message.contains("3 stations lie about") == true)
        #expect(warned.first?.message.contains("look GCJ-02") == true)
        #expect(warned.first?.message.contains(#"set "crs": "gcj02""#) == true)
        // Declared, they convert onto the stops: no warning.
        let declared = try build(["lines.csv": gcj, "tiny.json": withCRS("gcj02")]).warnings
        #expect(!declared.contains { $0.message.contains("GCJ-02 offset") })
        // WGS-84 coordinates declared GCJ-02 are moved the other way.
        let reverse = try build(["lines.csv": gcjLines(shift: { $0 }), "tiny.json": withCRS("gcj02")]).warnings
        #expect(reverse.contains { $0.message.contains("GCJ-02 offset in reverse") && $0.message.contains("already WGS-84") })
    }

    @Test func encodingKeyConvertsAGB18030LinesFile() throws {
        // TinyArea's lines with the station Alpha renamed 北京南站, saved as GB18030 (B1B1 BEA9 C4CF D5BE).
        let parts = TinyArea.linesCSV.components(separatedBy: "Alpha")
        var bytes: [UInt8] = []
        for (i, part) in parts.enumerated() {
            if i > 0 { bytes += [0xB1, 0xB1, 0xBE, 0xA9, 0xC4, 0xCF, 0xD5, 0xBE] }
            bytes += Array(part.utf8)
        }
        let plain = try buildError(["lines.csv": bytes])
        #expect(plain?.message.contains("iconv -f GB18030 -t UTF-8") == true)
        let declared = manifest {
            var lines = $0["lines"] as! [[String: Any]]
            lines[0]["encoding"] = "gb18030"
            $0["lines"] = lines
        }
        let network = try build(["lines.csv": bytes, "tiny.json": declared]).network
        #expect(network.transit.stops.names.contains("北京南站"))
        let unknown = manifest {
            var lines = $0["lines"] as! [[String: Any]]
            lines[0]["encoding"] = "big5"
            $0["lines"] = lines
        }
        let e = try buildError(["lines.csv": bytes, "tiny.json": unknown])
        #expect(e?.location == "lines[0].encoding")
    }

    @Test func localCRSMustBeAProjectedCRSMadeForTheArea() throws {
        // Jingjinji's districts (GeoData/jingjinji.json uses EPSG:4548, CGCS2000 3-degree Gauss-Kruger CM 117E).
        let jingjinji = BoundingBox(minLongitude: 113.73, minLatitude: 36.57, maxLongitude: 118.06, maxLatitude: 41.06)
        func check(_ crs: String) throws {
            try LocalCRSCheck.check(LocalCRSDefinition(crs), area: jingjinji, areaSource: "the districts", manifestPath: "j.json")
        }
        try check("EPSG:4548")
        try check("EPSG:32650")
        try check("+proj=tmerc +lon_0=117 +k=1 +x_0=500000 +ellps=GRS80 +units=m +no_defs")
        let mercator = #expect(throws: InputError.self) { try check("EPSG:3857") }
        #expect(mercator?.location == "local_crs")
        #expect(mercator?.message.hasPrefix(#""EPSG:3857" (WGS 84 / Pseudo-Mercator) distorts distances by 33 % over the area (at 113.7°E 41.1°N"#) == true)
        #expect(mercator?.message.contains("e.g. its UTM zone EPSG:32650") == true)
        let farZone = #expect(throws: InputError.self) { try check("EPSG:32601") }
        #expect(farZone?.message.hasPrefix(#""EPSG:32601" (WGS 84 / UTM zone 1N) is meant for 180.0°W–174.0°W, 0.0°N–84.0°N, which does not reach the area (113.7°E–118.1°E, 36.6°N–41.1°N, the districts)"#) == true)
        let unbounded = #expect(throws: InputError.self) { try check("+proj=merc +ellps=WGS84 +units=m") }
        #expect(unbounded?.message.contains("distorts distances by 33 %") == true)
        let geographic = #expect(throws: InputError.self) { _ = try AreaBuilder.localCRS("EPSG:4326", manifestPath: "j.json") }
        #expect(geographic?.message.contains(#""EPSG:4326" is a geographic CRS"#) == true)
        // Through a build of the tiny area (39.88–39.97°N).
        let built = try buildError(["tiny.json": manifest { $0["local_crs"] = "EPSG:3857" }])
        #expect(built?.location == "local_crs")
        #expect(built?.message.contains("distorts distances by 31 %") == true)
    }

    @Test func buildStopsAtTheMemoryLimit() throws {
        let area = try TinyArea()
        defer { area.cleanUp() }
        // The zipped feed alone needs twice its size; 1 KiB is less.
        let e = #expect(throws: InputError.self) {
            _ = try AreaBuilder(manifestPath: area.manifest, memoryLimit: MemoryLimit(bytes: 1024)).build()
        }
        #expect(e?.file.hasSuffix("rail_gtfs.zip") == true)
        #expect(e?.message.contains("1.0 KiB (--max-memory raises it)") == true)
    }
}
