import Foundation
import GeoCore
import Testing
import TestSupport

/// End-to-end tests of `metrocommute convert` on real data and on bad input.
@Suite("convert command", .tags(.cli, .realData), .enabled(if: CLIRunner.isAvailable, "metrocommute binary not built (run swift build --build-tests)"))
struct ConvertCLITests {
    /// Parses a simple CSV (no quoted fields: checked) into header → column index and rows.
    static func readPlainCSV(_ url: URL) throws -> (header: [String: Int], rows: [[String]]) {
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(!text.contains("\""), "fixture CSV must have no quoted fields")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        return (Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) }),
                lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) })
    }

    @Test("GCJ-02 metro stations convert to the WGS-84 file within 1 m on every row, all three areas",
          .enabled(if: SharedData.isPresent, "../shared/data is absent: real-data test skipped"),
          arguments: ["jingjinji", "guangfo", "chongqing"])
    func gcj02ToWGS84(area: String) throws {
        let gcj = try #require(SharedData.file("cn/\(area)/metro_lines_gcj02.csv"))
        let wgs = try #require(SharedData.file("cn/\(area)/metro_lines.csv"))
        let tmp = try TemporaryDirectory()
        defer { tmp.cleanUp() }
        let out = tmp.file("converted.csv")
        let run = try CLIRunner.run(["convert", "--src-crs", "gcj02", "--dst-crs", "wgs84", gcj.path, "-o", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let converted = try Self.readPlainCSV(out)
        let reference = try Self.readPlainCSV(wgs)
        #expect(converted.rows.count == reference.rows.count)
        // Rows are matched by (line_id, seq), as the data README prescribes.
        func key(_ row: [String], _ h: [String: Int]) -> String { row[h["line_id"]!] + "#" + row[h["seq"]!] }
        var expected: [String: Coordinate] = [:]
        for r in reference.rows {
            expected[key(r, reference.header)] = Coordinate(longitude: Double(r[reference.header["lon"]!])!,
                                                            latitude: Double(r[reference.header["lat"]!])!)
        }
        var worst = 0.0
        for r in converted.rows {
            let c = Coordinate(longitude: Double(r[converted.header["lon"]!])!, latitude: Double(r[converted.header["lat"]!])!)
            let e = try #require(expected[key(r, converted.header)])
            worst = max(worst, Earth.haversineMeters(c, e))
        }
        #expect(worst < 1.0, "worst row differs by \(worst) m")
    }

    @Test("districts to EPSG:4547 and back reproduce every vertex within 1e-7 degrees; output passes ogrinfo and shapely",
          .enabled(if: SharedData.isPresent, "../shared/data is absent: real-data test skipped"))
    func districtsRoundTrip() throws {
        let districts = try #require(SharedData.file("cn/jingjinji/districts.geojson"))
        let tmp = try TemporaryDirectory()
        defer { tmp.cleanUp() }
        let projected = tmp.file("d4547.geojson"), back = tmp.file("back.geojson")
        var run = try CLIRunner.run(["convert", "--src-crs", "wgs84", "--dst-crs", "EPSG:4547", "--precision", "6",
                                     districts.path, "-o", projected.path])
        #expect(run.status == 0, "\(run.stderr)")
        run = try CLIRunner.run(["convert", "--src-crs", "EPSG:4547", "--dst-crs", "wgs84", "--precision", "9",
                                 projected.path, "-o", back.path])
        #expect(run.status == 0, "\(run.stderr)")
        let original = try GeoJSONReader.read(contentsOf: districts)
        let roundTrip = try GeoJSONReader.read(contentsOf: back)
        #expect(original.features.count == 66 && roundTrip.features.count == 66)
        var worst = 0.0, count = 0
        for (a, b) in zip(original.features, roundTrip.features) {
            let ca = a.geometry!.allCoordinates, cb = b.geometry!.allCoordinates
            #expect(ca.count == cb.count)
            for (p, q) in zip(ca, cb) {
                worst = max(worst, abs(p.longitude - q.longitude), abs(p.latitude - q.latitude))
                count += 1
            }
            #expect(a.properties == b.properties)
        }
        #expect(count > 39_000)
        #expect(worst < 1e-7, "worst vertex differs by \(worst)°")
        if GeoJSONChecker.isAvailable {
            let check = try GeoJSONChecker.check([back])
            #expect(check.status == 0, "\(check.output)")
        }
    }

    @Test("GCJ-02 GeoJSON in, WGS-84 out: Beijing South moves 553 m to its published WGS-84 position")
    func geojsonPointGCJ() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.cleanUp() }
        let input = tmp.file("bjs.geojson"), out = tmp.file("bjs_wgs.geojson")
        try Data(#"{"type":"Feature","properties":{"name":"北京南站"},"geometry":{"type":"Point","coordinates":[116.378959,39.865030]}}"#.utf8).write(to: input)
        let run = try CLIRunner.run(["convert", "--src-crs", "gcj02", "--dst-crs", "wgs84", input.path, "-o", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let fc = try GeoJSONReader.read(contentsOf: out)
        guard case .point(let c) = fc.features[0].geometry else { Issue.record("not a point"); return }
        // Published check point (shared/data README 1.3): 116.372741, 39.863646.
        #expect(Earth.haversineMeters(c, Coordinate(longitude: 116.372741, latitude: 39.863646)) < 0.5)
    }

    @Test("-o - writes to standard output")
    func stdout() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.cleanUp() }
        let input = tmp.file("p.csv")
        try Data("name,lon,lat\nA,116.378959,39.865030\n".utf8).write(to: input)
        let run = try CLIRunner.run(["convert", "--src-crs", "gcj02", "--dst-crs", "wgs84", input.path, "-o", "-"])
        #expect(run.status == 0)
        #expect(run.stdoutText == "name,lon,lat\nA,116.372741,39.863646\n")
    }

    struct BadCase: Sendable, CustomStringConvertible {
        var name: String
        var fileName: String
        var content: String
        var from = "wgs84"
        var to = "gcj02"
        /// Substrings the single error line must contain (besides the file name).
        var mustSay: [String]
        var description: String { name }
    }

    static let badCases: [BadCase] = [
        BadCase(name: "malformed JSON", fileName: "bad.geojson",
                content: "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\n\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]},}]}",
                mustSay: ["line 2", "malformed JSON"]),
        BadCase(name: "unclosed ring", fileName: "ring.geojson",
                content: #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[116,39],[117,39],[117,40],[116,40.5]]]}}]}"#,
                mustSay: ["feature 0", "not closed"]),
        BadCase(name: "coordinates out of range", fileName: "range.geojson",
                content: #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[116.4,95.0]}}]}"#,
                mustSay: ["feature 0", "latitude 95"]),
        BadCase(name: "unknown CRS", fileName: "ok.geojson",
                content: #"{"type":"Point","coordinates":[116.4,39.9]}"#, to: "EPSG:999999",
                mustSay: ["EPSG:999999"]),
        BadCase(name: "empty file", fileName: "empty.geojson", content: "", mustSay: ["empty"]),
        BadCase(name: "CSV without lon/lat columns", fileName: "nocoords.csv",
                content: "name,easting,northing\nA,1,2\n", mustSay: ["line 1", "no longitude column"]),
        BadCase(name: "CSV with a non-numeric latitude", fileName: "badrow.csv",
                content: "name,lon,lat\nA,116.4,39.9\nB,116.5,north\n", mustSay: ["line 3", "lat", "not a number"]),
    ]

    @Test("bad input: one error line naming the file and place, non-zero exit, no output file", arguments: badCases)
    func badInput(_ bad: BadCase) throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.cleanUp() }
        let input = tmp.file(bad.fileName), out = tmp.file("out" + (bad.fileName.hasSuffix(".csv") ? ".csv" : ".geojson"))
        try Data(bad.content.utf8).write(to: input)
        let run = try CLIRunner.run(["convert", "--src-crs", bad.from, "--dst-crs", bad.to, input.path, "-o", out.path])
        #expect(run.status != 0)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "expected one error line, got: \(run.stderr)")
        #expect(run.stderr.contains(input.path), "error must name the file: \(run.stderr)")
        for phrase in bad.mustSay { #expect(run.stderr.contains(phrase), "error must say \(phrase): \(run.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: out.path), "no output file may be left behind")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}
