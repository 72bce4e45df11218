import Foundation
import MapPreview
import Testing
import TestSupport

/// `metrocommute serve` on the tiny area, spoken to over HTTP on 127.0.0.1: every route answers, bad input of every
/// kind is a 400 with one JSON line naming the problem, no path outside the served folders is reachable, many
/// requests at once all succeed, and SIGTERM stops it cleanly.
@Suite(.tags(.cli), .serialized, .enabled(if: CLIRunner.isAvailable && RunningServer.curlAvailable, "needs the built binary and curl (apt-get install curl)"))
struct ServeAPIEndToEndTests {
    /// Runs `body` against a fresh server and stops it by PID whatever happens.
    func withServer(_ arguments: [String] = ["--max-cells", "2000", "--threads", "2"],
                    _ body: (RunningServer) throws -> Void) throws {
        let server = try RunningServer(network: try ServedTinyNetwork.path(), arguments: arguments)
        defer { server.stop() }
        try body(server)
    }

    /// A 400 whose body is one line of JSON with an `error` naming `mentions`.
    func expectBadRequest(_ answer: RunningServer.Answer, mentions: String, _ what: String) throws {
        #expect(answer.status == 400, "\(what): \(answer.status) \(answer.text)")
        #expect(answer.contentType.hasPrefix("application/json"), "\(what): \(answer.contentType)")
        #expect(answer.text.hasSuffix("\n") && answer.text.dropLast().contains("\n") == false, "\(what): not one line: \(answer.text)")
        let error = try answer.json()["error"] as? String ?? ""
        #expect(error.contains(mentions), "\(what): \(error)")
    }

    @Test func routesAnswerWithProvenance() throws {
        try withServer { server in
            let summary = try server.request("/api/network")
            #expect(summary.status == 200, "\(summary.text)")
            let s = try summary.json()
            #expect(s["districts"] as? Int == 2 && (s["stops"] as? Int ?? 0) > 0, "\(s)")

            let openapi = try server.request("/openapi.json").json()
            #expect(openapi["openapi"] as? String == "3.0.3")
            let paths = try #require(openapi["paths"] as? [String: Any])
            for path in ["/api/traveltime", "/api/isochrone", "/api/rings", "/api/gaps", "/api/bottlenecks", "/api/network/{layer}"] {
                #expect(paths[path] != nil, "openapi lacks \(path)")
            }

            let iso = try server.request("/api/isochrone?from=Alpha&cutoffs=15,30&cell=200")
            #expect(iso.status == 200 && iso.contentType.hasPrefix("application/geo+json"), "\(iso.status) \(iso.text.prefix(300))")
            let features = try #require(try iso.json()["features"] as? [[String: Any]])
            let cutoffs = features.compactMap { ($0["properties"] as? [String: Any])?["cutoff_min"] as? Int }
            #expect(cutoffs == [15, 30], "\(cutoffs)")
            #expect(features.contains { ($0["geometry"] as? [String: Any])?["type"] as? String == "Polygon" || ($0["geometry"] as? [String: Any])?["type"] as? String == "MultiPolygon" })
            let metadata = try #require(try iso.json()["metadata"] as? [String: Any])
            #expect(metadata["command"] as? String == "serve isochrone")

            // The same request as a POST body gives the same features.
            let posted = try server.post("/api/isochrone", json: #"{"from": ["Alpha"], "cutoffs": [15, 30], "cell": 200}"#)
            #expect(posted.status == 200)
            #expect((try posted.json()["features"] as? [[String: Any]])?.count == features.count)

            let tt = try server.post("/api/traveltime", json: #"{"from": "Alpha", "to": ["Gamma", "Delta"], "percentile": [50, 90]}"#)
            #expect(tt.status == 200, "\(tt.text)")
            let rows = try #require(try tt.json()["rows"] as? [[String: Any]])
            #expect(rows.count == 2 && rows.allSatisfy { $0["p50"] != nil && $0["p90"] != nil }, "\(rows)")
            let csv = try server.request("/api/traveltime?from=Alpha&to=Gamma&format=csv&download=1")
            #expect(csv.status == 200 && csv.contentType.hasPrefix("text/csv") && csv.text.hasPrefix("# provenance"), "\(csv.text.prefix(200))")

            let rings = try server.request("/api/rings?core=Beta&budget=30&window=30")
            #expect(rings.status == 200, "\(rings.text.prefix(300))")
            let ringKinds = try #require(try rings.json()["features"] as? [[String: Any]]).compactMap { ($0["properties"] as? [String: Any])?["kind"] as? String }
            #expect(ringKinds.filter { $0 == "district" }.count == 2, "\(ringKinds)")
            #expect(try server.request("/api/rings?core=Beta&window=30&format=csv").text.contains("in_circle"))

            let gaps = try server.request("/api/gaps")
            #expect(gaps.status == 200, "\(gaps.text.prefix(300))")
            let bottlenecks = try server.request("/api/bottlenecks?window=30")
            #expect(bottlenecks.status == 200, "\(bottlenecks.text.prefix(300))")
            for layer in ["stations", "lines", "hubs", "districts", "all"] {
                let answer = try server.request("/api/network/\(layer)")
                let layerFeatures = answer.status == 200 ? try answer.json()["features"] as? [Any] : nil
                #expect(layerFeatures?.isEmpty == false, "\(layer): \(answer.status) \(answer.text.prefix(200))")
            }
            let stationsCSV = try server.request("/api/network/stations?format=csv")
            #expect(stationsCSV.text.contains("lon,lat") || stationsCSV.text.contains(",lon,lat"), "\(stationsCSV.text.prefix(300))")

            // The page and Leaflet are served; the access log names each request.
            let page = try server.request("/")
            #expect(page.status == 200 && page.text.contains("/leaflet/leaflet.js"))
            #expect(try server.request("/web/app.js").status == 200)
            #expect(server.log.contains("\"GET /api/network\" 200"), "\(server.log.suffix(500))")
        }
    }

    @Test func badInputIsOneLine400() throws {
        try withServer { server in
            try expectBadRequest(try server.post("/api/isochrone", json: #"{"from": "Alpha", "cutoffs": [15,"#), mentions: "not valid JSON", "truncated JSON")
            try expectBadRequest(try server.post("/api/isochrone", json: #"["Alpha"]"#), mentions: "JSON object", "array body")
            try expectBadRequest(try server.request("/api/isochrone?from=Nowhere%20Station"), mentions: "Nowhere Station", "unknown place")
            try expectBadRequest(try server.post("/api/traveltime", json: #"{"from": "Alpha", "to": "Atlantis"}"#), mentions: "Atlantis", "unknown destination")
            try expectBadRequest(try server.request("/api/isochrone?from=Alpha&window=1000"), mentions: "limit of 180", "window above the limit")
            try expectBadRequest(try server.request("/api/isochrone?from=Alpha&window=5000"), mentions: "window", "window out of range")
            try expectBadRequest(try server.request("/api/rings?core=Beta&window=600"), mentions: "window", "rings window above the limit")
            try expectBadRequest(try server.request("/api/isochrone?from=Alpha&cell=50"), mentions: "limit of 2000", "too many cells")
            try expectBadRequest(try server.request("/api/isochrone?from=Alpha&cell=1"), mentions: "cell", "cell below the minimum")
            try expectBadRequest(try server.request("/api/isochrone?from=Alpha&cutoffs=60,30"), mentions: "ascend", "cutoffs out of order")
            try expectBadRequest(try server.request("/api/isochrone?from=Alpha&cutof=30"), mentions: "did you mean cutoffs", "misspelt parameter")
            try expectBadRequest(try server.request("/api/isochrone?from=Alpha&scenario=new"), mentions: "scenario", "scenario")
            try expectBadRequest(try server.request("/api/isochrone?from=Alpha&depart=25:99"), mentions: "depart", "bad clock")
            try expectBadRequest(try server.request("/api/isochrone?cutoffs=30"), mentions: "from", "missing origin")
            try expectBadRequest(try server.request("/api/traveltime?from=/etc/passwd.csv&to=Alpha"), mentions: "files are not read", "a file as a place")
            try expectBadRequest(try server.request("/api/isochrone?from=Alpha&profile=jetpack"), mentions: "profile", "unknown profile")
            let unknown = try server.request("/api/nothing")
            #expect(unknown.status == 404, "\(unknown.text)")
            #expect(try unknown.json()["error"] as? String != nil, "\(unknown.text)")
            // Nothing crashed.
            #expect(try server.request("/api/network").status == 200)
        }
    }

    @Test func nothingOutsideTheServedFolders() throws {
        try withServer { server in
            for path in ["/../../etc/passwd", "/web/../../../../etc/passwd", "/web/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                         "/web/..%2f..%2f..%2f..%2fetc%2fpasswd", "/leaflet/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                         "/web/%252e%252e/etc/passwd", "/web/.%2e/.%2e/.%2e/.%2e/etc/passwd", "/web//etc/passwd",
                         "/web/%00index.html", "/leaflet/..\\..\\etc\\passwd", "/web/../AnalysisService.swift"] {
                let answer = try server.request(path)
                #expect(answer.status == 404 || answer.status == 400, "\(path): \(answer.status)")
                #expect(!answer.text.contains("root:") && !answer.text.contains("import "), "\(path) leaked: \(answer.text.prefix(100))")
            }
            // The page's colours are the shared palette's, as in `preview` and the QGIS styles.
            let palette = try server.request("/web/palette.js")
            #expect(palette.status == 200)
            for colour in Palette.shipped.hubRatings.values.sorted() + Palette.shipped.ringClasses + [Palette.shipped.commuteCircle] {
                #expect(palette.text.contains("\"\(colour)\""), "\(colour) is not in the page's palette: \(palette.text)")
            }
        }
    }

    @Test func concurrentRequestsAndGracefulStop() throws {
        let server = try RunningServer(network: try ServedTinyNetwork.path(), arguments: ["--threads", "2"])
        defer { server.stop() }
        let origins = ["Alpha", "Beta", "Gamma", "Delta", "116.33,39.91", "116.37,39.93", "116.31,39.95", "116.39,39.89"]
        nonisolated(unsafe) var statuses = [Int](repeating: 0, count: origins.count)
        DispatchQueue.concurrentPerform(iterations: origins.count) { i in
            statuses[i] = (try? server.request("/api/isochrone?from=\(origins[i].addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)&cell=200"))?.status ?? -1
        }
        #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
        let (status, graceful) = server.stop()
        #expect(graceful && status == 0, "exit \(status), log: \(server.log.suffix(400))")
        #expect(server.log.contains("serve: stopped"), "\(server.log.suffix(400))")
    }
}
