import Foundation
import GeoCore
import TestSupport
import Testing

/// `--scenario` and `compare` through the binary on the tiny hand-written area (two metro lines: Line 1
/// Alpha–Beta–Gamma, Line 2 Beta–Delta; a three-stop rail feed; districts West and East).
@Suite(.tags(.cli), .enabled(if: CLIRunner.isAvailable, "needs the built binary"))
struct ScenarioCLITests {
    static func area() throws -> TinyArea {
        let area = try TinyArea()
        let build = try CLIRunner.run(["build", area.manifest, "-o", area.directory.file("tiny.mcnet").path, "-q"])
        #expect(build.status == 0, "build failed: \(build.stderr)")
        return area
    }

    static func write(_ text: String, _ name: String, in area: TinyArea) throws {
        try Data(text.utf8).write(to: area.directory.file(name))
    }

    /// The rings features of a run (metadata left out), as the GeoJSON reader gives them.
    static func rings(_ area: TinyArea, _ extra: [String], output: String) throws -> (features: [Feature], metadata: JSONValue?) {
        let result = try CLIRunner.run(["rings", "tiny.mcnet", "--core", "Gamma", "--budget", "30", "--depart", "08:00",
                                        "--window", "20", "-o", output, "-q"] + extra, currentDirectory: area.url)
        #expect(result.status == 0, "rings \(extra): \(result.stderr)")
        let collection = try GeoJSONReader.read(contentsOf: area.directory.file(output))
        return (collection.features, collection.foreignMembers["metadata"])
    }

    static func scenarioMember(_ metadata: JSONValue?) -> JSONValue? {
        guard case .object(let m)? = metadata else { return nil }
        return m["scenario"]
    }

    /// An empty scenario: the same features; only the metadata names the scenario.
    @Test func noOpScenarioGivesTheBaseFeatures() throws {
        let area = try Self.area()
        defer { area.cleanUp() }
        try Self.write(#"{"name": "nothing", "modifications": []}"#, "noop.json", in: area)
        let base = try Self.rings(area, [], output: "base.geojson")
        let noop = try Self.rings(area, ["--scenario", "noop.json"], output: "noop.geojson")
        #expect(base.features == noop.features)
        #expect(Self.scenarioMember(base.metadata) == .null)
        guard case .object(let s)? = Self.scenarioMember(noop.metadata) else { Issue.record("no scenario member"); return }
        #expect(s["name"] == "nothing" && s["path"] == "noop.json")
    }

    /// Line 1 removed and then added back from the same stations with the manifest's service gives the base
    /// features again; removed alone, Gamma (its terminal) loses its rail access and the rings change.
    @Test func removingALineAndAddingItBackGivesTheBase() throws {
        let area = try Self.area()
        defer { area.cleanUp() }
        let line1 = TinyArea.linesCSV.split(separator: "\n").filter { !$0.hasPrefix("L2,") }.joined(separator: "\n") + "\n"
        try Self.write(line1, "line1.csv", in: area)
        try Self.write(#"{"modifications": [{"id": "close", "type": "remove_lines", "line": "Line 1"}]}"#, "close.json", in: area)
        try Self.write("""
            {"modifications": [
              {"id": "close", "type": "remove_lines", "line": "Line 1"},
              {"id": "reopen", "type": "add_lines", "path": "line1.csv", "tier": "metro", "headway_min": 6, "speed_kmh": 35,
               "dwell_s": 30, "service_start": "06:00", "service_end": "22:00"}
            ]}
            """, "roundtrip.json", in: area)
        let base = try Self.rings(area, [], output: "base.geojson")
        let closed = try Self.rings(area, ["--scenario", "close.json"], output: "closed.geojson")
        let back = try Self.rings(area, ["--scenario", "roundtrip.json"], output: "back.geojson")
        #expect(base.features != closed.features)
        #expect(base.features == back.features)
    }

    /// A bad scenario: one error line, exit status 1, no output written — for rings and compare alike.
    @Test func badScenarioWritesNothing() throws {
        let area = try Self.area()
        defer { area.cleanUp() }
        try Self.write(#"{"modifications": [{"id": "x", "type": "add_stops", "station": "Gamm", "line": "Line 2"}]}"#, "bad.json", in: area)
        for arguments in [["rings", "tiny.mcnet", "--core", "Gamma", "--scenario", "bad.json", "-o", "out.geojson"],
                          ["compare", "rings", "tiny.mcnet", "--core", "Gamma", "--after", "bad.json", "-o", "out.geojson",
                           "--report", "out.md", "--csv", "out.csv"]] {
            let result = try CLIRunner.run(arguments + ["-q"], currentDirectory: area.url)
            #expect(result.status == 1)
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines.first?.contains(#"unknown station "Gamm" (closest: Gamma"#) == true, "\(result.stderr)")
            for output in ["out.geojson", "out.md", "out.csv"] {
                #expect(!FileManager.default.fileExists(atPath: area.directory.file(output).path))
            }
        }
    }

    /// `compare rings` with a faster Line 1: the report's first line is the headline, the CSV has one row per
    /// district, the GeoJSON one `district_change` per district and the circles before and after.
    @Test func compareRingsWritesHeadlineReportCSVAndLayers() throws {
        let area = try Self.area()
        defer { area.cleanUp() }
        try Self.write(#"{"name": "fast", "modifications": [{"id": "fast", "type": "change_service", "line": "Line 1", "speed_factor": 3, "headway_min": 2}]}"#,
                       "fast.json", in: area)
        let result = try CLIRunner.run(["compare", "rings", "tiny.mcnet", "--core", "Gamma", "--budget", "20", "--depart", "08:00",
                                        "--window", "20", "--after", "fast.json", "-o", "diff.geojson", "--report", "diff.md",
                                        "--csv", "diff.csv", "-q"], currentDirectory: area.url)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try String(contentsOf: area.directory.file("diff.md"), encoding: .utf8)
        #expect(report.hasPrefix("# +") || report.hasPrefix("# −"))
        #expect(report.split(separator: "\n").first?.contains("people within 20 min of Gamma") == true, "\(report)")
        let csv = try String(contentsOf: area.directory.file("diff.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(rows.first?.hasPrefix("district,city,adcode,population,before_travel_time_min,after_travel_time_min") == true)
        #expect(rows.count == 3)
        let diff = try GeoJSONReader.read(contentsOf: area.directory.file("diff.geojson"))
        let kinds = diff.features.compactMap { $0.properties["kind"]?.stringValue }
        #expect(kinds.filter { $0 == "district_change" }.count == 2)
        // Faster and more frequent trains: nobody loses time.
        for f in diff.features where f.properties["kind"] == "district_change" {
            if let b = f.properties["before_travel_time_min"]?.doubleValue, let a = f.properties["after_travel_time_min"]?.doubleValue {
                #expect(a <= b, "\(f.properties)")
            }
            #expect((f.properties["people_gained"]?.doubleValue ?? -1) >= 0)
        }
        guard case .object(let m)? = diff.foreignMembers["metadata"], case .object(let s)? = m["scenario"] else {
            Issue.record("no scenario provenance"); return
        }
        #expect(s["before"] == .null)
        #expect(m["command"] == "compare rings")
    }

    /// `compare isochrone` with a faster Line 1 from Alpha: areas only grow (nothing lost), the report's first line is
    /// the headline, and the gained polygons' areas match the before/after difference of the rings' areas.
    @Test func compareIsochroneGainsAreaAndLosesNone() throws {
        let area = try Self.area()
        defer { area.cleanUp() }
        try Self.write(#"{"modifications": [{"id": "fast", "type": "change_service", "line": "Line 1", "speed_factor": 3, "headway_min": 2}]}"#,
                       "fast.json", in: area)
        let result = try CLIRunner.run(["compare", "isochrone", "tiny.mcnet", "--from", "Alpha", "--cutoffs", "10,20", "--cell", "100",
                                        "--after", "fast.json", "-o", "iso.geojson", "--report", "iso.md", "-q"], currentDirectory: area.url)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try String(contentsOf: area.directory.file("iso.md"), encoding: .utf8)
        #expect(report.split(separator: "\n").first?.contains("people within 20 min of Alpha") == true, "\(report)")
        let diff = try GeoJSONReader.read(contentsOf: area.directory.file("iso.geojson"))
        let gained = diff.features.filter { $0.properties["kind"] == "isochrone_gained" }
        #expect(gained.count == 2)
        for f in gained {
            let p = f.properties
            #expect(p["lost_area_km2"]?.doubleValue == 0)
            let before = p["before_area_km2"]?.doubleValue ?? .nan, after = p["after_area_km2"]?.doubleValue ?? .nan
            let g = p["gained_area_km2"]?.doubleValue ?? .nan
            #expect(after >= before)
            // Ring areas count grid cells, the gained polygon is measured by GEOS: equal within a few cells.
            #expect(abs((after - before) - g) <= 0.1 + 0.05 * after, "\(p)")
        }
        #expect(gained.contains { ($0.properties["gained_area_km2"]?.doubleValue ?? 0) > 0 })
    }

    /// `compare traveltime` to a station the scenario adds (it exists on one side only: its position on the other)
    /// and `compare gaps`: the new station makes a new hub with Line 2's Delta-side stop.
    @Test func compareTravelTimeAndGapsWithAnAddedStation() throws {
        let area = try Self.area()
        defer { area.cleanUp() }
        try Self.write("line_id,line_name,seq,station_id,station_name,lon,lat\nX,Line X,1,e,Delta,116.35,39.95\nX,Line X,2,f,Epsilon,116.40,39.95\n",
                       "x.csv", in: area)
        try Self.write(#"{"modifications": [{"id": "x", "type": "add_lines", "path": "x.csv", "tier": "suburban", "headway_min": 5, "service_start": "07:00", "service_end": "10:00"}]}"#,
                       "x.json", in: area)
        let tt = try CLIRunner.run(["compare", "traveltime", "tiny.mcnet", "--from", "Alpha", "--to", "Epsilon", "--to", "Gamma",
                                    "--after", "x.json", "-o", "tt.csv", "-q"], currentDirectory: area.url)
        #expect(tt.status == 0, "\(tt.stderr)")
        let rows = try String(contentsOf: area.directory.file("tt.csv"), encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(rows.first == "from_id,to_id,before_min,after_min,before_p50,after_p50,change_p50")
        let epsilon = rows.first { $0.hasPrefix("Alpha,Epsilon,") }.map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        // Reached after (by Line 1, Line 2 and Line X); before, only the walk/feeder to its position, if any: no faster.
        #expect(epsilon?.count == 7)
        if let e = epsilon, let after = Double(e[5]) {
            if let before = Double(e[4]) { #expect(after <= before) }
        } else { Issue.record("Alpha → Epsilon unreachable after the scenario: \(rows)") }
        let gamma = rows.first { $0.hasPrefix("Alpha,Gamma,") }.map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(gamma?[6] == "0.0", "\(rows)")
        let gaps = try CLIRunner.run(["compare", "gaps", "tiny.mcnet", "--after", "x.json", "-o", "gaps.geojson", "--report", "gaps.md", "-q"],
                                     currentDirectory: area.url)
        #expect(gaps.status == 0, "\(gaps.stderr)")
        let diff = try GeoJSONReader.read(contentsOf: area.directory.file("gaps.geojson"))
        let delta = diff.features.first { $0.properties["hub"]?.stringValue == "Delta" }
        #expect(delta?.properties["after_tiers"]?.stringValue?.contains("suburban") == true, "\(diff.features.map(\.properties))")
    }

    /// `compare bottlenecks` with Line 2 closed: its sections are `closed` (no train, no load after); the same demand
    /// is assigned on both sides.
    @Test func compareBottlenecksMarksClosedSections() throws {
        let area = try Self.area()
        defer { area.cleanUp() }
        try Self.write(#"{"modifications": [{"id": "close", "type": "remove_lines", "line": "Line 2"}]}"#, "close.json", in: area)
        let result = try CLIRunner.run(["compare", "bottlenecks", "tiny.mcnet", "--gravity", "--commuters", "1000", "--after", "close.json",
                                        "-o", "bn.geojson", "--csv", "bn.csv", "-q"], currentDirectory: area.url)
        #expect(result.status == 0, "\(result.stderr)")
        let diff = try GeoJSONReader.read(contentsOf: area.directory.file("bn.geojson"))
        let line2 = diff.features.filter { $0.properties["line"] == "Line 2" }
        #expect(!line2.isEmpty)
        for f in line2 {
            #expect(f.properties["status"] == "closed", "\(f.properties)")
            #expect(f.properties["after_load_per_hour"] == .null)
        }
        #expect(diff.features.contains { $0.properties["line"] == "Line 1" && $0.properties["status"] == "both" })
    }

    /// `corridors` from Alpha (West) to East's main station (Gamma, on Line 1 every 6 min: bus-like), then
    /// `compare corridors` with Line 1 every 15 min: no longer bus-like.
    @Test func corridorsAndTheirComparison() throws {
        let area = try Self.area()
        defer { area.cleanUp() }
        let run = try CLIRunner.run(["corridors", "tiny.mcnet", "--core", "Alpha", "--direction", "outbound", "--depart", "08:00",
                                     "--window", "60", "-o", "c.geojson", "--report", "c.md", "--csv", "c.csv", "-q"], currentDirectory: area.url)
        #expect(run.status == 0, "\(run.stderr)")
        let corridors = try GeoJSONReader.read(contentsOf: area.directory.file("c.geojson")).features
        let east = try #require(corridors.first { $0.properties["district"] == "East" })
        #expect(east.properties["centre_station"] == "Gamma")
        #expect(east.properties["trains_per_hour"]?.doubleValue == 10)
        #expect(east.properties["bus_like"] == .bool(true))
        #expect(east.properties["drawn"] == "rail path")
        try Self.write(#"{"modifications": [{"id": "thin", "type": "change_service", "line": "Line 1", "headway_min": 15}]}"#, "thin.json", in: area)
        let compare = try CLIRunner.run(["compare", "corridors", "tiny.mcnet", "--core", "Alpha", "--direction", "outbound", "--depart", "08:00",
                                         "--window", "60", "--after", "thin.json", "-o", "cc.geojson", "--report", "cc.md", "-q"],
                                        currentDirectory: area.url)
        #expect(compare.status == 0, "\(compare.stderr)")
        let diff = try GeoJSONReader.read(contentsOf: area.directory.file("cc.geojson")).features
        let change = try #require(diff.first { $0.properties["district"] == "East" })
        #expect(change.properties["before_bus_like"] == .bool(true) && change.properties["after_bus_like"] == .bool(false), "\(change.properties)")
        #expect(change.properties["after_trains_per_hour"]?.doubleValue == 4)
        let report = try String(contentsOf: area.directory.file("cc.md"), encoding: .utf8)
        #expect(report.hasPrefix("# bus-like corridors from Alpha") && report.split(separator: "\n")[0].contains(": 1 → 0;"), "\(report)")
    }
}
