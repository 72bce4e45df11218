import Foundation
import GeoCore
import TestSupport
import Testing

/// `metrocommute bottlenecks` end to end on jingjinji.
@Suite(.tags(.cli, .realData), .enabled(if: SharedData.isPresent && CLIRunner.isAvailable, "needs ../shared/data and the built binary"))
struct BottlenecksCommandTests {
    /// jingjinji (built once per test process, shared) and a fresh temporary folder for outputs.
    static func built() throws -> (dir: TemporaryDirectory, network: String) {
        let dir = try TemporaryDirectory()
        let shared = try #require(try SharedAreaBuild.area("jingjinji"))
        let network = shared.network
        let result = shared.build
        #expect(result.status == 0, "build failed: \(result.stderr)")
        return (dir, network)
    }

    /// C trains leaving 北京南 (VNP) with 天津 (TJP) as their next call, between 07:00 and 09:00, counted from
    /// stop_times.txt and trips.txt directly.
    static func cTrainsBeijingSouthToTianjin() throws -> Int {
        let folder = try #require(SharedData.file("cn/jingjinji/rail_gtfs"))
        func rows(_ name: String) throws -> [[String]] {
            try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
        let tripsHeader = try String(contentsOf: folder.appendingPathComponent("trips.txt"), encoding: .utf8)
            .split(separator: "\n")[0].split(separator: ",").map(String.init)
        let idColumn = try #require(tripsHeader.firstIndex(of: "trip_id"))
        let nameColumn = try #require(tripsHeader.firstIndex(of: "trip_short_name"))
        let cTrips = Set(try rows("trips.txt").filter { $0[nameColumn].hasPrefix("C") }.map { $0[idColumn] })
        var calls: [String: [(seq: Int, stop: String, departure: String)]] = [:]
        for r in try rows("stop_times.txt") where cTrips.contains(r[0]) {
            calls[r[0], default: []].append((Int(r[4])!, r[3], r[2]))
        }
        var count = 0
        for (_, list) in calls {
            let sorted = list.sorted { $0.seq < $1.seq }
            for k in 0..<(sorted.count - 1) where sorted[k].stop == "VNP" && sorted[k + 1].stop == "TJP"
                && sorted[k].departure >= "07:00:00" && sorted[k].departure < "09:00:00" {
                count += 1
            }
        }
        return count
    }

    @Test func gravityOnJingjinji() throws {
        let (dir, network) = try Self.built()
        defer { dir.cleanUp() }
        let geojson = dir.file("sections.geojson"), csv = dir.file("top.csv"), md = dir.file("top.md")
        let run = try CLIRunner.run(["bottlenecks", network, "--depart", "07:00", "--window", "120", "--gravity",
                                     "-o", geojson.path, "--report", csv.path, "--top", "5"])
        #expect(run.status == 0, "\(run.stderr)")
        let check = try GeoJSONChecker.check([geojson])
        #expect(check.status == 0, "\(check.output)")

        let features = try GeoJSONReader.read(contentsOf: geojson).features
        #expect(features.count > 1_000)
        let snake = try Regex("^[a-z0-9_]+$")
        let capacity = ["metro": 1_460.0, "intercity": 600, "trunk": 1_200, "suburban": 1_000]
        var previousVC = Double.infinity
        for (k, f) in features.enumerated() {
            for key in f.properties.keys { #expect(key.wholeMatch(of: snake) != nil, "\(key)") }
            guard case .lineString(let line)? = f.geometry else { Issue.record("not a LineString"); continue }
            #expect(line.coordinates.count == 2)
            #expect(f.properties["rank"]?.intValue == k + 1)
            let p = f.properties
            let tph = try #require(p["trains_per_hour"]?.doubleValue), cap = try #require(p["capacity_per_hour"]?.doubleValue)
            let tier = try #require(p["tier"]?.stringValue)
            #expect(abs(cap - tph * capacity[tier]!) < 0.1)
            if let vc = p["v_c"]?.doubleValue, let load = p["load_per_hour"]?.doubleValue {
                #expect(vc <= previousVC + 1e-9, "ranked by v/c")
                #expect(abs(vc - load / cap) < 1e-3 * max(1, vc))
                previousVC = vc
            }
            #expect(abs((p["load_per_hour"]?.doubleValue ?? -1) - (p["passengers"]?.doubleValue ?? 0) / 2) < 0.1)
        }
        // Non-metro sections by load: Beijing–Tianjin intercity (北京南–武清–天津 C trains) among the top 3.
        let rail = features.filter { $0.properties["tier"]?.stringValue != "metro" }
            .sorted { ($0.properties["load_per_hour"]?.doubleValue ?? 0) > ($1.properties["load_per_hour"]?.doubleValue ?? 0) }
        let corridor: Set<String> = ["北京南", "武清", "天津"]
        let topRail = rail.prefix(3).map { f -> String in
            "\(f.properties["line"]?.stringValue ?? "") \(f.properties["from_station"]?.stringValue ?? "")→\(f.properties["to_station"]?.stringValue ?? "")"
        }
        #expect(rail.prefix(3).contains { f in
            f.properties["line"]?.stringValue == "C" && corridor.contains(f.properties["from_station"]?.stringValue ?? "")
                && corridor.contains(f.properties["to_station"]?.stringValue ?? "")
        }, "top rail sections: \(topRail)")
        // Trains per hour from the timetable, counted independently from the GTFS text.
        let section = try #require(features.first {
            $0.properties["line"] == "C" && $0.properties["from_station"] == "北京南" && $0.properties["to_station"] == "天津"
        })
        let trains = try Self.cTrainsBeijingSouthToTianjin()
        #expect(trains > 0)
        #expect(section.properties["trains_per_hour"]?.doubleValue == Double(trains) / 2)

        // CSV: header + 5 rows, the first five features; the top 5 carry a criticality.
        let rows = try CSVOutput.table(contentsOf: csv).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.count == 6)
        #expect(rows[0].first == "rank" && rows[0].contains("extra_travel_time_h"))
        for k in 1...5 {
            #expect(String(rows[k][3]) == features[k - 1].properties["from_station"]?.stringValue)
            #expect(!(rows[k].last ?? "").isEmpty, "lost_trips given for the top sections")
        }
        #expect(features[5].properties["extra_travel_time_h"]?.isNull == true)

        // Markdown report (a 20-minute window: the format is checked, not the figures).
        let mdRun = try CLIRunner.run(["bottlenecks", network, "--gravity", "--window", "20", "-o", dir.file("again.geojson").path,
                                       "--report", md.path, "--top", "3", "-q"])
        #expect(mdRun.status == 0, "\(mdRun.stderr)")
        let text = try String(contentsOf: md, encoding: .utf8)
        #expect(text.contains("## Summary") && text.contains("## Top 3 sections"))
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| rank") }.count == 3)
    }

    /// 1,200 trips 东城区 → 和平区 (Beijing → Tianjin): every rail journey leaves Beijing by a train from 北京南 (the
    /// only station of the area's G/C trains to Tianjin), so the non-metro sections leaving 北京南 carry every trip
    /// assigned by rail. Since demand enters at the stations 东城区's people reach (up to 4, each with its access
    /// time), a few departure minutes of some stations find no journey within the 120-min limit: the trips by rail
    /// (the report's "Assigned: N by rail") are checked, and they are nearly all (≥ 1,150).
    @Test func odFileOnJingjinji() throws {
        let (dir, network) = try Self.built()
        defer { dir.cleanUp() }
        let od = dir.file("od.csv")
        try Data("origin,destination,trips\n北京市东城区,和平区,1200\n110101,110101,50\n".utf8).write(to: od)
        let geojson = dir.file("od.geojson")
        let report = dir.file("od.md")
        let run = try CLIRunner.run(["bottlenecks", network, "--od", od.path, "-o", geojson.path, "--top", "2", "--report", report.path, "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try GeoJSONChecker.check([geojson]).status == 0)
        let features = try GeoJSONReader.read(contentsOf: geojson).features
        let leaving = features.filter {
            $0.properties["from_station"] == "北京南" && $0.properties["tier"]?.stringValue != "metro"
        }.reduce(0.0) { $0 + ($1.properties["passengers"]?.doubleValue ?? 0) }
        let text = try String(contentsOf: report, encoding: .utf8)
        let byRail = try #require(text.firstMatch(of: /Assigned: (\d+) by rail/).flatMap { Double($0.1) })
        #expect(byRail >= 1_150 && byRail <= 1_200, "\(byRail)")
        #expect(abs(leaving - byRail) < 0.5, "\(leaving) vs \(byRail)")

        // Bad inputs: unknown district (file and line named), negative trips, no demand source.
        try Data("origin,destination,trips\n东城区,和平区,5\n东城区,Atlantis,3\n".utf8).write(to: od)
        let bad = try CLIRunner.run(["bottlenecks", network, "--od", od.path, "-o", dir.file("x.geojson").path])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains(od.path) && bad.stderr.contains("line 3") && bad.stderr.contains("Atlantis"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("x.geojson").path))
        try Data("origin,destination,trips\n东城区,和平区,-5\n".utf8).write(to: od)
        let negative = try CLIRunner.run(["bottlenecks", network, "--od", od.path, "-o", dir.file("x.geojson").path])
        #expect(negative.status != 0 && negative.stderr.contains("line 2") && negative.stderr.contains("negative"))
        let neither = try CLIRunner.run(["bottlenecks", network, "-o", dir.file("x.geojson").path])
        #expect(neither.status != 0 && neither.stderr.contains("--gravity"))
    }
}
