import Foundation
import GeoCore
import Testing
import TestSupport

/// End-to-end tests of `metrocommute build` and `inspect` on the real areas and on bad inputs.
@Suite("build and inspect commands", .tags(.cli, .realData),
       .enabled(if: CLIRunner.isAvailable, "metrocommute binary not built (run swift build --build-tests)"),
       .enabled(if: SharedData.isPresent, "../shared/data is absent: real-data test skipped"))
struct BuildCLITests {
    static func inspectJSON(_ network: URL) throws -> [String: Any] {
        let run = try CLIRunner.run(["inspect", "--json", network.path])
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    }

    @Test("jingjinji: trips by tier equal an independent count of trips.txt; 38 metro lines; 66 districts, 52,388,827 people")
    func jingjinji() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.cleanUp() }
        let manifest = try #require(try TestAreas.manifest(area: "jingjinji", in: tmp.url))
        let out = tmp.file("jjj.mcnet")
        let run = try CLIRunner.run(["build", manifest, "-o", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try Self.inspectJSON(out)

        // Independent count: trip_short_name's first letter (C intercity, G/D trunk), read with plain splitting.
        let trips = try String(contentsOf: try #require(SharedData.file("cn/jingjinji/rail_gtfs/trips.txt")), encoding: .utf8)
        var lines = trips.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = lines.removeFirst()
        let nameColumn = try #require(header.firstIndex(of: "trip_short_name"))
        let letters = lines.map { $0[nameColumn].first! }
        let intercity = letters.filter { $0 == "C" }.count
        let trunk = letters.filter { $0 == "G" || $0 == "D" }.count
        #expect(intercity == 178 && trunk == 316, "data README: C 178, D 17 + G 299")

        // Metro trips come from the planning lines; count the rail part through the GTFS tiers only.
        let byTier = try #require(summary["trips_by_tier"] as? [String: Int])
        #expect(byTier["intercity"] == intercity)
        #expect(byTier["trunk"] == trunk)
        #expect(byTier["suburban"] == 0)
        let routes = try #require(summary["routes_by_tier"] as? [String: Int])
        // Independent: distinct line_id values of metro_lines.csv.
        let metro = try String(contentsOf: try #require(SharedData.file("cn/jingjinji/metro_lines.csv")), encoding: .utf8)
        let metroRows = metro.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        #expect(routes["metro"] == Set(metroRows.map { $0[1] }).count)
        #expect(routes["metro"] == 38)
        let stationIDs = Set(metroRows.map { $0[4] })
        #expect(summary["stops"] as? Int == stationIDs.count + 22, "618 metro stations + 22 rail stops")
        #expect(summary["districts"] as? Int == 66)
        #expect(summary["population"] as? Double == 52_388_827)

        // Every classification is reported.
        let classes = try #require(summary["classifications"] as? [[String: Any]])
        #expect(classes.reduce(0) { $0 + ($1["routes"] as? Int ?? 0) } == routes.values.reduce(0, +))
        let hubs = try #require(summary["multi_tier_hubs"] as? [[String: Any]])
        let bjs = try #require(hubs.first { $0["name"] as? String == "北京南" })
        #expect(bjs["tiers"] as? [String] == ["trunk", "intercity", "metro"])

        // The text report names the absent suburban tier.
        let text = try CLIRunner.run(["inspect", out.path])
        #expect(text.stdoutText.contains("absent rail tiers: suburban"))
    }

    @Test("building twice gives byte-identical network files", arguments: ["guangfo", "chongqing"])
    func deterministic(area: String) throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.cleanUp() }
        let manifest = try #require(try TestAreas.manifest(area: area, in: tmp.url))
        let a = tmp.file("a.mcnet"), b = tmp.file("b.mcnet")
        #expect(try CLIRunner.run(["build", "-q", manifest, "-o", a.path]).status == 0)
        #expect(try CLIRunner.run(["build", "-q", manifest, "-o", b.path]).status == 0)
        #expect(try Data(contentsOf: a) == Data(contentsOf: b))
        let summary = try Self.inspectJSON(a)
        #expect((summary["districts"] as? Int ?? 0) > 0)
    }

    @Test("Ann Arbor builds with warnings that name the five far-away stops")
    func annArbor() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.cleanUp() }
        let feed = try #require(SharedData.file("gtfs/ann_arbor_bad_stops_gtfs.zip"))
        let manifest = tmp.file("aa.json")
        try Data(#"{"area":"annarbor","service_date":"2022-01-19","gtfs":[{"name":"aa","path":"\#(feed.path)"}]}"#.utf8)
            .write(to: manifest)
        let out = tmp.file("aa.mcnet")
        let run = try CLIRunner.run(["build", manifest.path, "-o", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let far = run.stderr.split(separator: "\n").filter { $0.hasPrefix("warning:") && $0.contains("km from the median position") }
        #expect(far.count == 5)
        for id in 9...13 { #expect(far.contains { $0.contains("stop \(id) ") }, "warning for stop \(id)") }
        #expect(FileManager.default.fileExists(atPath: out.path))
    }

    /// A bad input named by a manifest: the build fails with one error line naming the file and place.
    struct BadBuild: Sendable, CustomStringConvertible {
        var name: String
        /// Writes the bad inputs into the folder and returns the manifest's JSON.
        var make: @Sendable (URL) throws -> String
        var mustSay: [String]
        var description: String { name }
    }

    static func writeFeed(_ dir: URL, stopTimes: String, stops: String? = nil) throws -> String {
        let feed = dir.appendingPathComponent("feed")
        try FileManager.default.createDirectory(at: feed, withIntermediateDirectories: true)
        let files = [
            "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\nA,Rail,https://example.org,Asia/Shanghai\n",
            "stops.txt": stops ?? "stop_id,stop_name,stop_lat,stop_lon\nS1,One,39.90,116.40\nS2,Two,39.95,116.45\n",
            "routes.txt": "route_id,route_short_name,route_long_name,route_type\nR,C,One–Two,2\n",
            "trips.txt": "route_id,service_id,trip_id,trip_short_name\nR,X,T1,C1\n",
            "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nX,1,1,1,1,1,1,1,20160101,20161231\n",
            "stop_times.txt": stopTimes,
        ]
        for (name, text) in files { try Data(text.utf8).write(to: feed.appendingPathComponent(name)) }
        return #"{"area":"bad","service_date":"2016-03-10","gtfs":[{"name":"feed","path":"\#(feed.path)"}]}"#
    }

    static let badBuilds: [BadBuild] = [
        BadBuild(name: "stop_times naming an unknown stop", make: { dir in
            try writeFeed(dir, stopTimes: "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,08:30:00,08:30:00,S9,2\n")
        }, mustSay: ["stop_times.txt", "line 3", "S9"]),
        BadBuild(name: "times going backwards along a trip", make: { dir in
            try writeFeed(dir, stopTimes: "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,07:30:00,07:30:00,S2,2\n")
        }, mustSay: ["stop_times.txt", "line 3"]),
        BadBuild(name: "a missing required column", make: { dir in
            try writeFeed(dir, stopTimes: "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,08:30:00,08:30:00,S2,2\n",
                          stops: "stop_id,stop_name,stop_lon\nS1,One,116.40\nS2,Two,116.45\n")
        }, mustSay: ["stops.txt", "stop_lat"]),
        BadBuild(name: "a truncated PBF", make: { dir in
            let pbf = try Data(contentsOf: SharedData.file("osm/monaco.osm.pbf")!)
            let cut = dir.appendingPathComponent("cut.osm.pbf")
            try pbf.prefix(pbf.count / 2).write(to: cut)
            return #"{"area":"bad","service_date":"2016-03-10","osm":[{"name":"osm","path":"\#(cut.path)"}]}"#
        }, mustSay: ["cut.osm.pbf", "truncated"]),
        BadBuild(name: "a lines CSV row without coordinates", make: { dir in
            let csv = dir.appendingPathComponent("lines.csv")
            try Data("line_id,line_name,seq,station_id,station_name,lon,lat\nL1,1号线,1,a,甲,116.40,39.90\nL1,1号线,2,b,乙,,\n".utf8).write(to: csv)
            return #"{"area":"bad","service_date":"2016-03-10","lines":[{"name":"lines","path":"\#(csv.path)","crs":"gcj02"}]}"#
        }, mustSay: ["lines.csv", "line 3"]),
        BadBuild(name: "a manifest with a malformed date", make: { _ in
            #"{"area":"bad","service_date":"10/03/2016"}"#
        }, mustSay: ["service_date"]),
    ]

    @Test("bad inputs: one error line naming file and place, non-zero exit, no network file", arguments: badBuilds)
    func badInput(_ bad: BadBuild) throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.cleanUp() }
        let manifest = tmp.file("m.json")
        try Data(try bad.make(tmp.url).utf8).write(to: manifest)
        let out = tmp.file("bad.mcnet")
        let run = try CLIRunner.run(["build", "-q", manifest.path, "-o", out.path])
        #expect(run.status != 0)
        let errorLines = run.stderr.split(separator: "\n").filter { !$0.hasPrefix("warning:") }
        #expect(errorLines.count == 1, "one error line expected: \(run.stderr)")
        for phrase in bad.mustSay { #expect(run.stderr.contains(phrase), "error must say \(phrase): \(run.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
