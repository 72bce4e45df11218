import Foundation
import GeoCore
import TestSupport
import Testing

/// `--mode drive` / `--mode walk` end to end: Coquimbo travel times against an independent Dijkstra
/// (Scripts/reference/drive_times.py, straight from the GeoJSON), Helsinki and Monaco isochrones (valid GeoJSON,
/// areas recomputed with shapely + pyproj, driving reaches farther than walking), and the error for a network
/// without roads.
@Suite(.tags(.cli, .realData), .enabled(if: SharedData.isPresent && CLIRunner.isAvailable, "needs ../shared/data and the built binary"))
struct DriveModeCLITests {
    static func build(_ object: [String: Any], name: String, in dir: TemporaryDirectory) throws -> String {
        let manifest = dir.file("\(name).json")
        try JSONSerialization.data(withJSONObject: object).write(to: manifest)
        let network = dir.file("\(name).mcnet").path
        let result = try CLIRunner.run(["build", manifest.path, "-o", network, "-q"])
        #expect(result.status == 0, "build failed: \(result.stderr)")
        return network
    }

    static func coquimbo(roads: Bool, in dir: TemporaryDirectory) throws -> String {
        let links = try #require(SharedData.file("coquimbo/coquimbo_links.geojson"))
        let zones = try #require(SharedData.file("coquimbo/coquimbo_zones_population.geojson"))
        var object: [String: Any] = [
            "area": "coquimbo", "service_date": "2019-01-02",
            "districts": ["path": zones.path, "name_property": "zone_id", "population_property": "population"],
        ]
        if roads { object["roads"] = [["name": "roads", "path": links.path]] }
        return try build(object, name: roads ? "coquimbo" : "coquimbo_noroads", in: dir)
    }

    /// Runs python3 with a script file or `-c` text; standard output.
    static func python(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    @Test func coquimboDriveTimesMatchAnIndependentDijkstra() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let network = try Self.coquimbo(roads: true, in: dir)
        let pairs = [("12", "85"), ("85", "12"), ("1", "133"), ("133", "1"), ("40", "100"), ("100", "40"), ("7", "8")]
        // Reference: Scripts/reference/drive_times.py (heapq Dijkstra on the links GeoJSON by a_node/b_node ids;
        // run on 2026-11 it gave 12→85 1061.430 s, 85→12 1085.109 s, 40→100 943.610 s, 100→40 913.710 s).
        let data = try #require(SharedData.file("coquimbo/coquimbo_links.geojson")).deletingLastPathComponent()
        let script = PackageRoot.url.appendingPathComponent("Scripts/reference/drive_times.py").path
        let reference = try Self.python([script, data.appendingPathComponent("coquimbo_links.geojson").path,
                                         data.appendingPathComponent("coquimbo_nodes.geojson").path,
                                         data.appendingPathComponent("coquimbo_zones_population.geojson").path]
                                        + pairs.map { "\($0.0):\($0.1)" })
        var expected: [String: Double] = [:]
        for line in reference.split(separator: "\n") {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            if f.count == 3, let s = Double(f[2]) { expected["\(f[0])→\(f[1])"] = s }
        }
        #expect(expected.count == pairs.count, "python reference: \(reference)")

        let out = dir.file("drive.csv")
        var args = ["traveltime", network, "--mode", "drive", "--percentile", "5,50,95", "-o", out.path, "-q"]
        for (a, b) in pairs { args += ["--from", a, "--to", b] }
        let run = try CLIRunner.run(args)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try CSVOutput.table(contentsOf: out).split(separator: "\n")
        #expect(lines.first == "from_id,to_id,min,p5,p50,p95")
        var ours: [String: Double] = [:]
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6, let minimum = Double(f[2]) else { continue }
            #expect(f[3] == f[2] && f[4] == f[2] && f[5] == f[2], "free flow: one value per pair: \(line)")
            ours["\(f[0])→\(f[1])"] = minimum
        }
        for (a, b) in pairs {
            let key = "\(a)→\(b)"
            let mine = try #require(ours[key], "no row for \(key)")
            let ref = try #require(expected[key])
            // Minutes with one decimal: within 0.05 min of the reference (+ 1 s for per-arc millisecond rounding).
            #expect(abs(mine * 60 - ref) <= 3 + 1, "\(key): ours \(mine) min, reference \(ref / 60) min")
        }
        // One-way links: the way back differs (reference and ours).
        for (a, b) in [("12", "85"), ("40", "100")] {
            let there = try #require(expected["\(a)→\(b)"]), back = try #require(expected["\(b)→\(a)"])
            #expect(abs(there - back) > 20, "reference \(there) vs \(back)")
            #expect(ours["\(a)→\(b)"] != ours["\(b)→\(a)"])
        }

        // --explain: one pair, legs and a total equal to the matrix figure.
        let explain = try CLIRunner.run(["traveltime", network, "--mode", "drive", "--from", "12", "--to", "85", "--explain"])
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdoutText.contains("drive") && explain.stdoutText.contains("total \(String(format: "%.1f", ours["12→85"] ?? -1)) min"),
                "\(explain.stdoutText)")

        // rings --mode drive: valid, every zone present, the core's own zone in the first class (≤15 min: its points
        // are at most ~1 km from the core), itineraries made of walks and drives only.
        let rings = dir.file("rings.geojson"), summary = dir.file("summary.csv")
        let ringRun = try CLIRunner.run(["rings", network, "--mode", "drive", "--core", "12", "--budget", "30",
                                         "--points", "3", "--station-points", "0", "-o", rings.path,
                                         "--summary", summary.path, "-q"])
        #expect(ringRun.status == 0, "\(ringRun.stderr)")
        #expect(try GeoJSONChecker.check([rings]).status == 0)
        let features = try GeoJSONReader.read(contentsOf: rings).features
        let zone12 = try #require(features.first { $0.properties["district"] == "12" })
        #expect(zone12.properties["class"] == "≤15", "\(zone12.properties)")
        let districts = features.filter { $0.properties["kind"] == "district" }
        #expect(districts.count == 133)
        let itineraries = Set(districts.compactMap { $0.properties["itinerary"]?.stringValue })
        #expect(itineraries.isSubset(of: ["", "walk", "drive", "walk → drive", "drive → walk", "walk → drive → walk"]), "\(itineraries)")
        #expect(itineraries.contains { $0.contains("drive") })
    }

    @Test func noRoadGraphGivesOneLineAndNoOutput() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let network = try Self.coquimbo(roads: false, in: dir)
        let out = dir.file("out").path
        for args in [["traveltime", network, "--mode", "drive", "--from", "12", "--to", "85", "-o", out],
                     ["isochrone", network, "--mode", "drive", "--from", "12", "-o", out],
                     ["rings", network, "--mode", "drive", "--core", "12", "-o", out]] {
            let run = try CLIRunner.run(args + ["-q"])
            #expect(run.status != 0, "\(args[0])")
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1 && run.stderr.contains("this network has no road graph: add a `roads` input to the manifest"),
                    "\(args[0]): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        let bad = try CLIRunner.run(["traveltime", network, "--mode", "bike", "--from", "12", "--to", "85"])
        #expect(bad.status != 0 && bad.stderr.contains("--mode"))
    }

    /// 10-minute rings from one point by car and on foot, on OSM roads (`roads` format osm) and OSM streets.
    @Test(arguments: [("osm/Helsinki.osm.pbf", "24.9445,60.1715"), ("osm/monaco.osm.pbf", "7.4246,43.7384")])
    func driveRingIsLargerThanWalkRing(_ file: String, _ origin: String) throws {
        let pbf = try #require(SharedData.file(file))
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let network = try Self.build(["area": "osm", "service_date": "2024-01-01",
                                      "osm": [["name": "streets", "path": pbf.path]],
                                      "roads": [["name": "roads", "path": pbf.path, "format": "osm"]]],
                                     name: "area", in: dir)
        var areas: [String: [Double]] = [:]
        var files: [URL] = []
        for mode in ["drive", "walk", "transit"] {
            let out = dir.file("\(mode).geojson")
            let run = try CLIRunner.run(["isochrone", network, "--mode", mode, "--from", origin, "--cutoffs", "5,10",
                                         "--cell", "50", "-o", out.path, "-q"])
            #expect(run.status == 0, "\(mode): \(run.stderr)")
            files.append(out)
            let features = try GeoJSONReader.read(contentsOf: out).features
            #expect(features.count == 2)
            if mode != "transit" { #expect(features.allSatisfy { $0.properties["mode"] == .string(mode) }) }
            areas[mode] = features.compactMap { $0.properties["area_km2"]?.doubleValue }
        }
        let check = try GeoJSONChecker.check(files)
        #expect(check.status == 0, "\(check.output)")
        // Areas recomputed from the written polygons (shapely, projected to the UTM zone with pyproj).
        let script = """
            import json, sys
            from shapely.geometry import shape
            from shapely.ops import transform
            from pyproj import Transformer
            for path in sys.argv[1:]:
                fs = json.load(open(path))["features"]
                t = Transformer.from_crs("EPSG:4326", fs[0]["properties"]["crs"], always_xy=True).transform
                print(" ".join(str(transform(t, shape(f["geometry"])).area / 1e6) for f in fs))
            """
        let shapely = try Self.python(["-c", script] + files.map(\.path)).split(separator: "\n")
            .map { $0.split(separator: " ").compactMap { Double($0) } }
        #expect(shapely.count == 3, "shapely: \(shapely)")
        for (k, mode) in ["drive", "walk", "transit"].enumerated() where k < shapely.count {
            let mine = areas[mode] ?? []
            #expect(mine.count == 2 && shapely[k].count == 2)
            for (a, b) in zip(mine, shapely[k]) { #expect(abs(a - b) <= 0.01 * b, "\(mode): area \(a) vs shapely \(b)") }
        }
        let drive10 = try #require(areas["drive"]?.last), walk10 = try #require(areas["walk"]?.last)
        // Walking 10 min at 1.2 m/s stays within a disc of 720 m + the 100 m hop: π·0.82² ≈ 2.11 km².
        #expect(walk10 > 0.2 && walk10 < Double.pi * 0.82 * 0.82, "walk \(walk10) km²")
        #expect(drive10 > 1.5 * walk10, "10-min drive \(drive10) km² vs walk \(walk10) km²")
        // The network has no transit: transit mode is the same walk (up to a second of rounding at the edge).
        let transit10 = try #require(areas["transit"]?.last)
        #expect(abs(transit10 - walk10) <= 0.02 * walk10, "transit mode \(transit10) km² vs walk \(walk10) km²")
        print("\(file): 10-min drive \(drive10) km², walk \(walk10) km²")
    }
}
