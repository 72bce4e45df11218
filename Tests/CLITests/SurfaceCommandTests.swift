import Foundation
import GeoCore
import TestSupport
import Testing

/// `metrocommute surface` end to end on the tiny area: a one-process run against three shards merged (GeoJSON
/// and rasters byte for byte), and bad inputs giving one clear error without output.
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
}
