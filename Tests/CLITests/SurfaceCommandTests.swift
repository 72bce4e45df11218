import Foundation
import GeoCore
import TestSupport
import Testing

/// `metrocommute surface` end to end on the tiny area: a one-process run against three shards merged (GeoJSON,
/// ASCII grids, GeoTIFF, GeoPackage and CSV byte for byte), the GeoTIFF's bands read back with GDAL against the
/// GeoJSON's values, and bad inputs (cell 0, a mask outside the area, an unknown opportunity district, a memory
/// limit too small) giving one clear error without output.
@Suite(.tags(.cli), .enabled(if: CLIRunner.isAvailable, "needs the built binary"))
struct SurfaceCommandTests {
    @Test func shardsMergeByteIdenticalToOneRun() throws {
        let area = try TinyArea()
        defer { area.cleanUp() }
        let net = area.directory.file("tiny.mcnet").path
        let build = try CLIRunner.run(["build", area.manifest, "-o", net])
        #expect(build.status == 0, "\(build.stderr)")
        func file(_ name: String) -> String { area.directory.file(name).path }
        let common = [net, "--cell", "1000", "--cutoffs", "15,30", "--core", "Gamma", "--window", "20", "--threads", "2"]
        let single = try CLIRunner.run(["surface"] + common + ["-o", file("one.geojson"), "--raster", file("one.asc"), "-v"])
        #expect(single.status == 0, "\(single.stderr)")
        #expect(single.stderr.contains("egress searches"), "\(single.stderr)")
        var shards: [String] = []
        for i in [1, 0, 2] {
            let run = try CLIRunner.run(["surface"] + common + ["--shard", "\(i)/3", "-o", file("s\(i).shard"), "-q"])
            #expect(run.status == 0, "\(run.stderr)")
            shards.append(file("s\(i).shard"))
        }
        let merge = try CLIRunner.run(["surface", "merge"] + shards + ["-o", file("merged.geojson"), "--raster", file("merged.asc")])
        #expect(merge.status == 0, "\(merge.stderr)")
        let one = try Data(contentsOf: URL(fileURLWithPath: file("one.geojson")))
        #expect(one == (try Data(contentsOf: URL(fileURLWithPath: file("merged.geojson")))))
        for measure in ["pop_within_15", "pop_within_30", "core_min"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: file("one_\(measure).asc")))
            let b = try Data(contentsOf: URL(fileURLWithPath: file("merged_\(measure).asc")))
            #expect(a == b && !a.isEmpty, "\(measure)")
        }
        let features = try GeoJSONReader.read(contentsOf: URL(fileURLWithPath: file("one.geojson"))).features
        #expect(features.count >= 50, "at least 25 cells per district")
        let population = features.reduce(0.0) { $0 + ($1.properties["population"]?.doubleValue ?? 0) }
        #expect(abs(population - 150_000) < 1)
        #expect(features.allSatisfy { ($0.properties["pop_within_15"]?.doubleValue ?? -1) <= ($0.properties["pop_within_30"]?.doubleValue ?? -2) })
        #expect(features.contains { $0.properties["core_min"]?.doubleValue != nil })
    }

    @Test(arguments: [
        (["--cell", "0"], "--cell must be 10…10000 m"),
        (["--shard", "3/2"], "--shard 3/2: the index must be 0…1"),
        (["--shard", "x"], "is not i/n"),
        (["--cutoffs", "30,15"], "--cutoffs must ascend"),
    ])
    func badInputsFailClearly(extra: [String], message: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let out = dir.file("s.geojson")
        let run = try CLIRunner.run(["surface", dir.file("missing.mcnet").path, "-o", out.path] + extra)
        #expect(run.status != 0)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func mergeOfIncompleteShardsFails() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let bogus = dir.file("x.shard")
        try Data("not a shard\n".utf8).write(to: bogus)
        let run = try CLIRunner.run(["surface", "merge", bogus.path, "-o", dir.file("m.geojson").path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("x.shard") && run.stderr.contains("not a surface shard file"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("m.geojson").path))
    }

    /// The tiny area built once per test, and the common surface arguments.
    static func built(_ area: TinyArea) throws -> [String] {
        let net = area.directory.file("tiny.mcnet").path
        let build = try CLIRunner.run(["build", area.manifest, "-o", net])
        #expect(build.status == 0, "\(build.stderr)")
        return [net, "--cell", "1000", "--cutoffs", "15,30", "--core", "Gamma", "--window", "20", "--threads", "2"]
    }

    @Test func geoTIFFGeoPackageAndCSVOfMergedShardsAreByteIdentical() throws {
        let area = try TinyArea()
        defer { area.cleanUp() }
        let common = try Self.built(area)
        func file(_ name: String) -> String { area.directory.file(name).path }
        let one = try CLIRunner.run(["surface"] + common + ["-o", file("one.tif"), "--cells", file("one.gpkg"), "--summary", file("one.json")])
        #expect(one.status == 0, "\(one.stderr)")
        let oneCSV = try CLIRunner.run(["surface"] + common + ["-o", file("one.csv"), "--summary", file("one.md"), "-q"])
        #expect(oneCSV.status == 0, "\(oneCSV.stderr)")
        var shards: [String] = []
        for i in [1, 0] {
            let run = try CLIRunner.run(["surface"] + common + ["--shard", "\(i)/2", "-o", file("s\(i).shard"), "-q"])
            #expect(run.status == 0, "\(run.stderr)")
            shards.append(file("s\(i).shard"))
        }
        let merge = try CLIRunner.run(["surface", "merge"] + shards + ["-o", file("merged.tif"), "--cells", file("merged.gpkg")])
        #expect(merge.status == 0, "\(merge.stderr)")
        let mergeCSV = try CLIRunner.run(["surface", "merge"] + shards + ["-o", file("merged.csv"), "--summary", file("merged.md")])
        #expect(mergeCSV.status == 0, "\(mergeCSV.stderr)")
        for (a, b) in [("one.tif", "merged.tif"), ("one.gpkg", "merged.gpkg"), ("one.csv", "merged.csv")] {
            let x = try Data(contentsOf: URL(fileURLWithPath: file(a))), y = try Data(contentsOf: URL(fileURLWithPath: file(b)))
            #expect(x == y && x.count > 100, "\(a) vs \(b)")
        }
        // The summaries agree but for the memory and time lines.
        let summaries = try [file("one.md"), file("merged.md")].map { path in
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.contains("memory") && !$0.contains("wall time") }
        }
        #expect(summaries[0] == summaries[1] && summaries[0].contains { $0.hasPrefix("| pop_within_30 |") }, "\(summaries)")
        let json = try String(contentsOfFile: file("one.json"), encoding: .utf8)
        #expect(json.contains("\"peak_resident_bytes\"") && json.contains("\"memory_estimate_bytes\""), "\(json)")
    }

    @Test func geoTIFFBandsEqualTheGeoJSONValues() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/gdallocationinfo") else {
            print("skipped: gdallocationinfo missing (apt-get install gdal-bin)"); return
        }
        let area = try TinyArea()
        defer { area.cleanUp() }
        let common = try Self.built(area)
        func file(_ name: String) -> String { area.directory.file(name).path }
        let run = try CLIRunner.run(["surface"] + common + ["-o", file("s.tif"), "--cells", file("s.geojson"), "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        let features = try GeoJSONReader.read(contentsOf: URL(fileURLWithPath: file("s.geojson"))).features
        #expect(features.count > 50)
        let points = features.compactMap { f -> String? in
            guard case .point(let c)? = f.geometry else { return nil }
            return "\(c.longitude) \(c.latitude)\n"
        }.joined()
        for (band, measure) in ["pop_within_15", "pop_within_30", "core_min"].enumerated() {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/gdallocationinfo")
            process.arguments = ["-valonly", "-wgs84", "-b", "\(band + 1)", file("s.tif")]
            let input = Pipe(), output = Pipe()
            process.standardInput = input; process.standardOutput = output
            try process.run()
            input.fileHandleForWriting.write(Data(points.utf8)); try input.fileHandleForWriting.close()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let values = text.split(separator: "\n").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            #expect(values.count == features.count, "\(measure): \(values.count) values for \(features.count) cells")
            var compared = 0
            for (f, v) in zip(features, values) {
                let want = f.properties[measure]?.doubleValue ?? -9999
                guard let v else { Issue.record("\(measure): no value"); continue }
                #expect(abs(v - want) <= max(1e-6 * abs(want), 0.01), "\(measure) cell \(f.properties["cell"]?.doubleValue ?? -1): tif \(v), GeoJSON \(want)")
                compared += 1
            }
            #expect(compared == features.count)
        }
        let info = Process()
        info.executableURL = URL(fileURLWithPath: "/usr/bin/gdalinfo")
        info.arguments = [file("s.tif")]
        let pipe = Pipe()
        info.standardOutput = pipe
        try info.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        info.waitUntilExit()
        for measure in ["pop_within_15", "pop_within_30", "core_min"] { #expect(text.contains("Description = \(measure)"), "\(text)") }
        #expect(text.contains("NoData Value=-9999"))
    }

    @Test func badMaskOpportunitiesAndMemoryFailClearlyWithoutOutput() throws {
        let area = try TinyArea()
        defer { area.cleanUp() }
        let common = try Self.built(area)
        func file(_ name: String) -> String { area.directory.file(name).path }
        try Data(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[10,50],[11,50],[11,51],[10,50]]]}}]}"#.utf8)
            .write(to: URL(fileURLWithPath: file("far.geojson")))
        try Data("district,jobs\nWest,100\nEst,50\n".utf8).write(to: URL(fileURLWithPath: file("jobs.csv")))
        try Data("adcode,jobs\n1,100\n2,50\n".utf8).write(to: URL(fileURLWithPath: file("jobs_ok.csv")))
        let cases: [([String], [String])] = [
            (["--mask", file("far.geojson")], ["far.geojson", "covers none of the"]),
            (["--opportunities", file("jobs.csv"), "--column", "jobs"], ["jobs.csv", "line 3", "unknown district \"Est\"", "East"]),
            (["--max-memory", "64K"], ["--max-memory", "would need about"]),
        ]
        for (extra, words) in cases {
            let run = try CLIRunner.run(["surface"] + common + extra + ["-o", file("x.tif"), "--cells", file("x.gpkg"), "--summary", file("x.md")])
            #expect(run.status != 0)
            let lines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
            #expect(lines.count == 1 && words.allSatisfy { lines.first?.contains($0) == true }, "\(extra): \(run.stderr)")
            for out in ["x.tif", "x.gpkg", "x.md"] { #expect(!FileManager.default.fileExists(atPath: file(out)), "\(extra) left \(out)") }
        }
        // The same table keyed by adcode works, and the sums are of jobs.
        let ok = try CLIRunner.run(["surface"] + common + ["--opportunities", file("jobs_ok.csv"), "--column", "jobs", "-o", file("jobs.geojson"), "-q"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let features = try GeoJSONReader.read(contentsOf: URL(fileURLWithPath: file("jobs.geojson"))).features
        let total = features.reduce(0.0) { $0 + ($1.properties["jobs"]?.doubleValue ?? 0) }
        #expect(abs(total - 150) < 1e-6)
        #expect(features.allSatisfy { ($0.properties["jobs_within_30"]?.doubleValue ?? 1e9) <= 150 + 1e-6 })
    }
}
