import Foundation
import GeoCore
import TestSupport
import Testing

/// `metrocommute isochrone` end to end: jingjinji from 北京南 and walking-only Helsinki (streets from OSM).
@Suite(.tags(.cli, .realData), .enabled(if: SharedData.isPresent && CLIRunner.isAvailable, "needs ../shared/data and the built binary"))
struct IsochroneCLITests {
    /// jingjinji, built once per test process and shared (`dir` holds only the test's outputs).
    static func buildJingjinji(_ dir: TemporaryDirectory) throws -> String {
        let shared = try #require(try SharedAreaBuild.area("jingjinji"))
        let network = shared.network
        let result = shared.build
        #expect(result.status == 0, "build failed: \(result.stderr)")
        return network
    }

    @Test func beijingSouthRingsAreValidAndDeterministic() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let network = try Self.buildJingjinji(dir)
        let a = dir.file("a.geojson"), b = dir.file("b.geojson"), asc = dir.file("grid.asc")
        let args = ["isochrone", network, "--from", "北京南", "--depart", "08:00", "--window", "60",
                    "--cutoffs", "15,30,45,60", "--percentile", "50", "--cell", "200"]
        let first = try CLIRunner.run(args + ["-o", a.path, "--raster", asc.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("≤60 min"))
        let second = try CLIRunner.run(args + ["-o", b.path, "-q"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try Data(contentsOf: a) == Data(contentsOf: b), "two runs give byte-identical files")
        let check = try GeoJSONChecker.check([a])
        #expect(check.status == 0, "\(check.output)")

        let collection = try GeoJSONReader.read(contentsOf: a)
        #expect(collection.features.map { $0.properties["cutoff_min"]?.intValue } == [15, 30, 45, 60])
        for f in collection.features {
            #expect(f.properties["origin"] == "北京南")
            #expect(f.properties["depart"] == "08:00")
            #expect(f.properties["window_min"]?.intValue == 60 && f.properties["percentile"]?.intValue == 50)
            #expect((f.properties["area_km2"]?.doubleValue ?? 0) > 0)
            if case .array(let names)? = f.properties["districts"] { #expect(!names.isEmpty) } else { Issue.record("districts not an array") }
        }
        // pop_covered and area_km2 recomputed independently (shapely + pyproj in EPSG:4548; district parts more than
        // 1° from the largest part's centroid dropped, as for 河东区's stray parts). pop_covered counts the people of
        // the district-uniform population cells whose centre lies inside the area: per district a square grid of
        // min(1 km, √(area / 25)) cells aligned on multiples of the cell size, shrunk by 1.5 until ≥ 25 centres lie
        // inside, each carrying an equal share of the census population.
        let script = """
            import json, math, sys
            from shapely.geometry import shape, MultiPolygon, Point
            from shapely.ops import transform
            from shapely.prepared import prep
            from pyproj import Transformer
            t = Transformer.from_crs("EPSG:4326", "EPSG:4548", always_xy=True).transform
            cells = []
            for f in json.load(open(sys.argv[2]))["features"]:
                g = shape(f["geometry"]); parts = list(getattr(g, "geoms", [g]))
                big = max(parts, key=lambda p: p.area).centroid
                keep = [p for p in parts if p.centroid.distance(big) < 1.0]
                d = transform(t, MultiPolygon(keep)); inside = prep(d)
                minx, miny, maxx, maxy = d.bounds
                size = min(1000.0, max(1.0, math.sqrt(d.area / 25))); found = []
                for _ in range(12):
                    x0 = math.floor(minx / size) * size; y0 = math.floor(miny / size) * size
                    cols = max(1, math.ceil((maxx - x0) / size)); rows = max(1, math.ceil((maxy - y0) / size))
                    found = [Point(x0 + (c + 0.5) * size, y0 + (r + 0.5) * size) for r in range(rows) for c in range(cols)]
                    found = [p for p in found if inside.contains(p)]
                    if len(found) >= 25: break
                    size /= 1.5
                cells += [(p, f["properties"]["pop2020"] / len(found)) for p in found]
            for f in json.load(open(sys.argv[1]))["features"]:
                r = transform(t, shape(f["geometry"])); inside = prep(r)
                pop = sum(v for p, v in cells if inside.contains(p))
                print(f["properties"]["cutoff_min"], r.area / 1e6, pop)
            """
        let districtsFile = try #require(SharedData.file("cn/jingjinji/districts.geojson"))
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script, a.path, districtsFile.path]
        let pipe = Pipe()
        python.standardOutput = pipe
        try python.run()
        let reference = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        let refRows = reference.split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }
        #expect(refRows.count == 4, "python reference: \(reference)")
        for (f, ref) in zip(collection.features, refRows) where ref.count == 3 {
            let area = f.properties["area_km2"]?.doubleValue ?? 0, pop = f.properties["pop_covered"]?.doubleValue ?? 0
            #expect(abs(area - ref[1]) / ref[1] < 0.001, "area \(area) vs shapely \(ref[1])")
            #expect(abs(pop - ref[2]) / ref[2] < 0.005, "pop_covered \(pop) vs shapely \(ref[2])")
        }
        // Areas grow with the cutoff.
        let areas = collection.features.compactMap { $0.properties["area_km2"]?.doubleValue }
        #expect(areas == areas.sorted())
        // Raster: ESRI header; the 60-minute area is the count of cells ≤ 60 min × 0.04 km².
        let text = try String(contentsOf: asc, encoding: .utf8)
        #expect(text.hasPrefix("ncols "))
        let values = text.split(separator: "\n").dropFirst(6).flatMap { $0.split(separator: " ") }.compactMap { Double($0) }
        let reached = values.filter { $0 >= 0 && $0 <= 60 }.count
        #expect(abs(Double(reached) * 0.04 - areas[3]) < 1e-6)
    }

    @Test func badArgumentsFailWithOneLine() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let network = try Self.buildJingjinji(dir)
        let out = dir.file("x.geojson").path
        for (args, needle) in [
            (["--from", "不存在站"], "unknown station or district"),
            (["--from", "北京南", "--cutoffs", "30,15"], "ascend"),
            (["--from", "北京南", "--combine", "max"], "--combine"),
            (["--from", "北京南", "--depart", "25:99"], "--depart"),
        ] {
            let run = try CLIRunner.run(["isochrone", network, "-o", out] + args)
            #expect(run.status != 0)
            #expect(run.stderr.contains(needle), "\(args): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test func walkingOnlyHelsinki() throws {
        let pbf = try #require(SharedData.file("osm/Helsinki.osm.pbf"))
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let manifest = dir.file("helsinki.json")
        let object: [String: Any] = ["area": "helsinki", "service_date": "2024-01-01", "osm": [["name": "streets", "path": pbf.path]]]
        try JSONSerialization.data(withJSONObject: object).write(to: manifest)
        let network = dir.file("hel.mcnet").path
        let build = try CLIRunner.run(["build", manifest.path, "-o", network, "-q"])
        #expect(build.status == 0, "\(build.stderr)")
        let out = dir.file("hel.geojson")
        // The middle of the extract; no local_crs in the manifest: UTM zone 35N.
        let run = try CLIRunner.run(["isochrone", network, "--from", "24.9445,60.1715", "--cutoffs", "5,10,15",
                                     "--cell", "50", "-o", out.path, "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try GeoJSONChecker.check([out]).status == 0)
        let features = try GeoJSONReader.read(contentsOf: out).features
        #expect(features.first?.properties["crs"] == "EPSG:32635")
        // Walking 15 min at 1.2 m/s covers at most a disc of 1,080 m (+ the last hop): ≤ π·1.18² km².
        let areas = features.compactMap { $0.properties["area_km2"]?.doubleValue }
        #expect(areas.count == 3 && areas == areas.sorted())
        #expect(areas[2] > 0.3 && areas[2] < Double.pi * 1.18 * 1.18, "\(areas)")
    }
}
