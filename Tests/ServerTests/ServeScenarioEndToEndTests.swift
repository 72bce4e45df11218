import Foundation
import Testing
import TestSupport

/// `serve --scenario` on the tiny area (README "Scenarios"; Line 1 Alpha–Beta–Gamma, Line 2 Beta–Delta): the
/// scenario "close" removes Line 1, so Gamma loses its rail. Every analysis takes `scenario=<name>`, an unknown
/// name is a 400 naming the known ones, `compare/<analysis>` gives the numbers of the `compare` command for the
/// same inputs, a bad scenario file stops the start with one error line, and GeoPackage answers open with GDAL.
@Suite(.tags(.cli), .serialized, .enabled(if: CLIRunner.isAvailable && RunningServer.curlAvailable, "needs the built binary and curl (apt-get install curl)"))
struct ServeScenarioEndToEndTests {
    /// The tiny area with the network built and `close.json` beside it.
    static func area() throws -> (area: TinyArea, network: String, scenario: String) {
        let area = try TinyArea()
        let network = area.directory.file("tiny.mcnet").path
        let build = try CLIRunner.run(["build", area.manifest, "-o", network, "-q"])
        guard build.status == 0 else { throw FixtureError("tiny build failed: \(build.stderr)") }
        let scenario = area.directory.file("close.json").path
        try Data(#"{"name": "close", "description": "Line 1 closed", "modifications": [{"id": "close", "type": "remove_lines", "line": "Line 1"}]}"#.utf8)
            .write(to: URL(fileURLWithPath: scenario))
        return (area, network, scenario)
    }

    static let ringQuery = "core=Gamma&budget=30&depart=08:00&window=20"

    static func features(_ answer: RunningServer.Answer) throws -> [[String: Any]] {
        try #require(try answer.json()["features"] as? [[String: Any]], "\(answer.status) \(answer.text.prefix(300))")
    }

    static func districtClasses(_ answer: RunningServer.Answer) throws -> [String: String] {
        var classes: [String: String] = [:]
        for f in try features(answer) {
            guard let p = f["properties"] as? [String: Any], p["kind"] as? String == "district" else { continue }
            classes[p["district"] as? String ?? "?"] = p["class"] as? String ?? "?"
        }
        return classes
    }

    /// CSV rows without the provenance comments.
    static func rows(_ text: String) -> [Substring] { text.split(separator: "\n").filter { !$0.hasPrefix("#") } }

    @Test func scenarioParameterPicksTheNetwork() throws {
        let (area, network, scenario) = try Self.area()
        defer { area.cleanUp() }
        let server = try RunningServer(network: network, arguments: ["--scenario", scenario, "--threads", "2"])
        defer { server.stop() }
        let summary = try server.request("/api/network").json()
        let names = (summary["scenarios"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names == ["close"], "\(summary)")

        let base = try server.request("/api/rings?\(Self.ringQuery)")
        let closed = try server.request("/api/rings?\(Self.ringQuery)&scenario=close")
        #expect(base.status == 200 && closed.status == 200, "\(closed.text.prefix(300))")
        let baseClasses = try Self.districtClasses(base), closedClasses = try Self.districtClasses(closed)
        #expect(baseClasses.count == 2 && baseClasses != closedClasses, "closing Line 1 changes no district class: \(baseClasses)")
        let metadata = try #require(try closed.json()["metadata"] as? [String: Any])
        #expect((metadata["scenario"] as? [String: Any])?["name"] as? String == "close", "\(metadata)")
        #expect(try base.json()["metadata"].map { ($0 as? [String: Any])?["scenario"] is NSNull } == true)
        // `scenario=base` is the base network.
        #expect(try Self.districtClasses(try server.request("/api/rings?\(Self.ringQuery)&scenario=base")) == baseClasses)

        // The scenario's network: Line 1's stations leave the lines layer, and Gamma is no longer reached by rail.
        let lines = { (q: String) in try Self.features(try server.request("/api/network/lines\(q)")).count }
        #expect(try lines("?scenario=close") < lines(""))
        let tt = try server.request("/api/traveltime?from=Alpha&to=Beta&scenario=close&window=20")
        #expect(tt.status == 200, "\(tt.text)")
        for route in ["/api/isochrone?from=Beta&cell=200&cutoffs=15,30&scenario=close", "/api/gaps?scenario=close",
                      "/api/corridors?core=Beta&window=20&scenario=close", "/api/bottlenecks?window=20&scenario=close"] {
            let answer = try server.request(route)
            #expect(answer.status == 200, "\(route): \(answer.status) \(answer.text.prefix(300))")
        }

        // Unknown names, and compare without a scenario: one JSON line naming the known ones.
        for (path, mentions) in [("/api/rings?\(Self.ringQuery)&scenario=open", "\"close\""),
                                 ("/api/isochrone?from=Alpha&scenario=clos", "\"close\""),
                                 ("/api/network/lines?scenario=x", "\"close\""),
                                 ("/api/compare/rings?\(Self.ringQuery)", "scenario: missing"),
                                 ("/api/compare/rings?\(Self.ringQuery)&scenario=base", "\"close\""),
                                 ("/api/compare/gaps?scenario=nothing", "\"close\"")] {
            let answer = try server.request(path)
            #expect(answer.status == 400, "\(path): \(answer.status) \(answer.text)")
            #expect(answer.text.filter { $0 == "\n" }.count == 1, "\(path): \(answer.text)")
            let error = try answer.json()["error"] as? String ?? ""
            #expect(error.contains(mentions), "\(path): \(error)")
        }
        let openapi = try #require(try server.request("/openapi.json").json()["paths"] as? [String: Any])
        for path in ["/api/corridors", "/api/compare/rings", "/api/compare/isochrone", "/api/compare/gaps",
                     "/api/compare/bottlenecks", "/api/compare/corridors"] {
            #expect(openapi[path] != nil, "openapi lacks \(path)")
        }
        #expect(try server.request("/api/network").status == 200, "the server survived")
    }

    /// The compare route's CSV rows are the `compare` command's, for rings, isochrone, gaps and corridors.
    @Test func compareRouteEqualsTheCompareCommand() throws {
        let (area, network, scenario) = try Self.area()
        defer { area.cleanUp() }
        let server = try RunningServer(network: network, arguments: ["--scenario", scenario, "--threads", "2"])
        defer { server.stop() }
        let cases: [(analysis: String, query: String, cli: [String])] = [
            ("rings", Self.ringQuery, ["--core", "Gamma", "--budget", "30", "--depart", "08:00", "--window", "20"]),
            ("isochrone", "from=Alpha&cutoffs=15,30,45&cell=200&depart=08:00&window=20",
             ["--from", "Alpha", "--cutoffs", "15,30,45", "--cell", "200", "--depart", "08:00", "--window", "20"]),
            ("gaps", "", []),
            ("corridors", "core=Gamma&depart=07:00&window=20", ["--core", "Gamma", "--depart", "07:00", "--window", "20"]),
        ]
        for c in cases {
            let api = try server.request("/api/compare/\(c.analysis)?\(c.query)\(c.query.isEmpty ? "" : "&")scenario=close&format=csv")
            #expect(api.status == 200, "\(c.analysis): \(api.text.prefix(300))")
            let csv = area.directory.file("\(c.analysis).csv").path
            let run = try CLIRunner.run(["compare", c.analysis, network] + c.cli
                                        + ["--after", scenario, "-o", area.directory.file("\(c.analysis).geojson").path, "--csv", csv, "-q"])
            #expect(run.status == 0, "\(c.analysis): \(run.stderr)")
            let cli = try String(contentsOfFile: csv, encoding: .utf8)
            #expect(Self.rows(api.text).count >= 2, "\(c.analysis): no rows: \(api.text)")
            #expect(Self.rows(api.text) == Self.rows(cli), "\(c.analysis):\nAPI \(api.text)\nCLI \(cli)")
            // The GeoJSON answer carries the command's headline.
            let geo = try server.request("/api/compare/\(c.analysis)?\(c.query)\(c.query.isEmpty ? "" : "&")scenario=close")
            let headline = try geo.json()["headline"] as? String ?? ""
            #expect(!headline.isEmpty, "\(c.analysis): \(geo.text.prefix(200))")
        }
    }

    /// A GeoPackage answer opens with GDAL and holds as many features as the GeoJSON answer to the same request.
    @Test func geoPackageDownloadOpensWithGDAL() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/ogrinfo") else {
            print("skipped: needs ogrinfo (apt-get install gdal-bin)")
            return
        }
        let (area, network, scenario) = try Self.area()
        defer { area.cleanUp() }
        let server = try RunningServer(network: network, arguments: ["--scenario", scenario, "--threads", "2"])
        defer { server.stop() }
        for route in ["/api/rings?\(Self.ringQuery)&scenario=close", "/api/isochrone?from=Alpha&cell=200&cutoffs=15,30",
                      "/api/network/stations", "/api/network/all?scenario=close", "/api/gaps"] {
            let geojson = try Self.features(try server.request(route)).count
            let answer = try server.request(route + (route.contains("?") ? "&" : "?") + "format=gpkg&download=1")
            #expect(answer.status == 200 && answer.contentType.hasPrefix("application/geopackage+sqlite3"), "\(route): \(answer.status) \(answer.text.prefix(200))")
            let file = area.directory.file("answer.gpkg").path
            try answer.body.write(to: URL(fileURLWithPath: file))
            let info = try ProgramRun.run("/usr/bin/ogrinfo", ["-ro", "-so", "-al", file], timeoutSeconds: 60)
            #expect(info.status == 0, "\(route): \(info.stderr)")
            // Feature tables only (not the QGIS styles table, which has no geometry).
            let counts = info.stdoutText.components(separatedBy: "Layer name:").dropFirst()
                .filter { !$0.contains("Geometry: None") }
                .compactMap { $0.firstMatch(of: /Feature Count: (\d+)/).flatMap { Int($0.1) } }
            #expect(!counts.isEmpty && counts.reduce(0, +) == geojson, "\(route): GeoPackage \(counts), GeoJSON \(geojson)")
        }
        // Where the command writes no GeoPackage (corridors), gpkg is refused by name.
        let refused = try server.request("/api/corridors?core=Gamma&format=gpkg")
        #expect(refused.status == 400 && refused.text.contains("format"), "\(refused.text)")
    }

    /// A bad scenario file, two scenarios of one name and a tile URL without {z}/{x}/{y}: the server does not start,
    /// one error line names the problem.
    @Test func badStartsAreOneErrorLine() throws {
        let (area, network, scenario) = try Self.area()
        defer { area.cleanUp() }
        let bad = area.directory.file("bad.json").path
        try Data(#"{"modifications": [{"id": "x", "type": "add_stops", "station": "Gamm", "line": "Line 2"}]}"#.utf8).write(to: URL(fileURLWithPath: bad))
        let binary = try #require(CLIRunner.binary)
        for (arguments, mentions) in [(["--scenario", bad], "bad.json"), (["--scenario", scenario, "--scenario", scenario], "close"),
                                      (["--tiles", "http://127.0.0.1/tiles.png"], "--tiles")] {
            let run = try ProgramRun.run(binary.path, ["serve", network, "--port", "0", "-q"] + arguments, timeoutSeconds: 60)
            #expect(run.status != 0 && !run.stderr.contains("on http://"), "\(arguments): started: \(run.stderr)")
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains(mentions), "\(arguments): \(run.stderr)")
        }
        // With a tile URL, the page is told it (and shows the GCJ-02 warning).
        let server = try RunningServer(network: network, arguments: ["--tiles", "http://127.0.0.1:9/{z}/{x}/{y}.png"])
        defer { server.stop() }
        #expect(try server.request("/api/network").json()["tiles"] as? String == "http://127.0.0.1:9/{z}/{x}/{y}.png")
        #expect(try server.request("/web/app.js").text.contains("GCJ-02"))
    }
}
