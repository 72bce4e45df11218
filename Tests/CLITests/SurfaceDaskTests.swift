import Foundation
import TestSupport
import Testing

/// Whether the python3 on PATH has Dask distributed (without importing it: that takes seconds).
enum DaskProbe {
    static let installed = ((try? PythonCheck.run("import importlib.util, sys; sys.exit(importlib.util.find_spec('distributed') is None)")) ?? nil) != nil
}

/// `Scripts/surface_dask.py` on the tiny area: shards on a 2-worker LocalCluster ran at overlapping times and merge
/// byte-identical to a one-process `surface`; a shard whose worker is killed is rescheduled with the same result;
/// an unreachable scheduler, a failing shard and the driver's own options give one clear error and no output.
@Suite(.tags(.cli), .enabled(if: CLIRunner.isAvailable, "needs the built binary"),
       .enabled(if: DaskProbe.installed, "Dask distributed is absent: install it with `python3 -m pip install 'dask[distributed]'` (Scripts/setup.sh does)"))
struct SurfaceDaskTests {
    static let options = ["--cell", "1000", "--cutoffs", "15,30", "--core", "Gamma", "--window", "30"]

    struct Run { var status: Int32; var stderr: String; var timedOut: Bool }

    /// `python3 Scripts/surface_dask.py arguments…` in `folder` with the test build's binary; stops it (SIGKILL) after
    /// `timeoutSeconds`. Standard error goes through a file: the cluster's worker processes inherit it.
    static func driver(_ arguments: [String], in folder: URL, environment: [String: String] = [:],
                       timeoutSeconds: Double = 240) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", PackageRoot.url.appendingPathComponent("Scripts/surface_dask.py").path] + arguments
            + ["--binary", try #require(CLIRunner.binary).path]
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let errURL = folder.appendingPathComponent("driver-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ProcessDeadline(process, seconds: timeoutSeconds)
        process.waitUntilExit()
        let timedOut = deadline.end()
        try err.close()
        return Run(status: process.terminationStatus, stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
                   timedOut: timedOut)
    }

    /// The tiny area built into `tiny.mcnet` in its folder, and a one-process surface of it (`one.geojson`, `one_*.asc`).
    static func areaWithSingleRun() throws -> TinyArea {
        let area = try TinyArea()
        let build = try CLIRunner.run(["build", area.manifest, "-o", area.directory.file("tiny.mcnet").path])
        #expect(build.status == 0, "\(build.stderr)")
        let single = try CLIRunner.run(["surface", "tiny.mcnet"] + options + ["--threads", "1", "-o", "one.geojson", "--raster", "one.asc", "-q"],
                                       currentDirectory: area.url)
        #expect(single.status == 0, "\(single.stderr)")
        return area
    }

    static func expectIdentical(_ area: TinyArea, _ stem: String) throws {
        func bytes(_ name: String) throws -> Data { try Data(contentsOf: area.directory.file(name)) }
        let one = try bytes("one.geojson"), other = try bytes("\(stem).geojson")
        #expect(!one.isEmpty && one == other, "\(stem).geojson differs from the one-process run")
        for measure in ["pop_within_15", "pop_within_30", "core_min"] {
            let a = try bytes("one_\(measure).asc"), b = try bytes("\(stem)_\(measure).asc")
            #expect(!a.isEmpty && a == b, "\(stem) \(measure)")
        }
    }

    struct ShardRun: Decodable { var shard: Int; var start: Double; var end: Double; var pid: Int }
    struct Timings: Decodable {
        var runs: [ShardRun]
        var test_killed_worker_pid: Int?
    }

    @Test func twoWorkersRunShardsAtOverlappingTimesAndMergeByteIdentical() throws {
        let area = try Self.areaWithSingleRun()
        defer { area.cleanUp() }
        // Relative paths, as a user types them: the shards run in the driver's folder, so provenance matches.
        let run = try Self.driver(["tiny.mcnet", "--shards", "2", "--local-workers", "2"] + Self.options
                                  + ["-o", "dask.geojson", "--raster", "dask.asc", "--timings-json", "t.json"], in: area.url)
        #expect(run.status == 0 && !run.timedOut, "\(run.stderr)")
        #expect(run.stderr.contains("shard 0/2 done") && run.stderr.contains("shard 1/2 done"), "progress: \(run.stderr)")
        try Self.expectIdentical(area, "dask")
        let timings = try JSONDecoder().decode(Timings.self, from: Data(contentsOf: area.directory.file("t.json")))
        #expect(timings.runs.map(\.shard) == [0, 1])
        let (a, b) = (timings.runs[0], timings.runs[1])
        #expect(a.pid != b.pid, "both shards ran in worker \(a.pid)")
        #expect(max(a.start, b.start) < min(a.end, b.end), "shard intervals do not overlap: \(timings.runs)")
    }

    @Test func shardWhoseWorkerIsKilledIsRescheduledAndTheResultIsUnchanged() throws {
        let area = try Self.areaWithSingleRun()
        defer { area.cleanUp() }
        let run = try Self.driver(["tiny.mcnet", "--shards", "3", "--local-workers", "2"] + Self.options
                                  + ["-o", "killed.geojson", "--raster", "killed.asc", "--timings-json", "t.json"],
                                  in: area.url, environment: ["SURFACE_DASK_TEST_KILL_SHARD": "1"])
        #expect(run.status == 0 && !run.timedOut, "\(run.stderr)")
        try Self.expectIdentical(area, "killed")
        let timings = try JSONDecoder().decode(Timings.self, from: Data(contentsOf: area.directory.file("t.json")))
        let killed = try #require(timings.test_killed_worker_pid, "the test hook did not kill a worker")
        #expect(timings.runs.map(\.shard) == [0, 1, 2])
        #expect(timings.runs[1].pid != killed, "shard 1 finished in the worker that was killed")
    }

    @Test func geoTIFFAndCellOutputsGoThroughTheMerge() throws {
        let area = try TinyArea()
        defer { area.cleanUp() }
        let build = try CLIRunner.run(["build", area.manifest, "-o", area.directory.file("tiny.mcnet").path])
        #expect(build.status == 0, "\(build.stderr)")
        let single = try CLIRunner.run(["surface", "tiny.mcnet"] + Self.options
                                       + ["--threads", "1", "-o", "one.tif", "--cells", "one.gpkg", "-q"], currentDirectory: area.url)
        #expect(single.status == 0, "\(single.stderr)")
        // --cells is an output of `surface merge`; a shard given it would refuse.
        let run = try Self.driver(["tiny.mcnet", "--shards", "2", "--local-workers", "1"] + Self.options
                                  + ["-o", "dask.tif", "--cells", "dask.gpkg", "-q"], in: area.url)
        #expect(run.status == 0 && !run.timedOut, "\(run.stderr)")
        for (a, b) in [("one.tif", "dask.tif"), ("one.gpkg", "dask.gpkg")] {
            let one = try Data(contentsOf: area.directory.file(a)), other = try Data(contentsOf: area.directory.file(b))
            #expect(!one.isEmpty && one == other, "\(b) differs from the one-process run")
        }
    }

    @Test func unreachableSchedulerGivesOneLineAndNoOutput() throws {
        let area = try TinyArea()
        defer { area.cleanUp() }
        let build = try CLIRunner.run(["build", area.manifest, "-o", area.directory.file("tiny.mcnet").path])
        #expect(build.status == 0, "\(build.stderr)")
        // Port 1 (tcpmux): nothing listens there, so every connection is refused until the timeout.
        let run = try Self.driver(["tiny.mcnet", "--shards", "2", "--scheduler", "tcp://127.0.0.1:1", "--connect-timeout", "3",
                                   "-o", "out.geojson"], in: area.url, timeoutSeconds: 120)
        #expect(run.status != 0 && !run.timedOut)
        let lines = run.stderr.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(lines.count == 1 && lines[0].hasPrefix("surface_dask: cannot reach the Dask scheduler at tcp://127.0.0.1:1"),
                "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: area.directory.file("out.geojson").path))
    }

    @Test(arguments: [
        // The binary's usage error: the same on every try, so not retried, and reported with its shard.
        ("tiny.mcnet", ["--cell", "0"], "--cell must be 10…10000 m"),
        // A file that is no network: the binary fails on every try (2 with --retries 1).
        ("bad.mcnet", [], "failed after 2 tries: bad.mcnet: byte 0: not a MetroCommute network file"),
    ])
    func failingShardGivesOneLineAndNoOutput(network: String, extra: [String], message: String) throws {
        let area = try TinyArea()
        defer { area.cleanUp() }
        try Data("not a network\n".utf8).write(to: area.directory.file("bad.mcnet"))
        let build = try CLIRunner.run(["build", area.manifest, "-o", area.directory.file("tiny.mcnet").path])
        #expect(build.status == 0, "\(build.stderr)")
        let run = try Self.driver([network, "--shards", "2", "--local-workers", "1", "--retries", "1", "-q"] + extra
                                  + ["-o", "out.geojson"], in: area.url)
        #expect(run.status != 0 && !run.timedOut)
        let lines = run.stderr.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(lines.count == 1 && lines[0].hasPrefix("surface_dask: shard ") && lines[0].contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: area.directory.file("out.geojson").path))
    }

    @Test(arguments: [
        (["--threads", "2"], "--threads is set by the driver"),
        (["--shard", "0/2"], "--shard is set by the driver"),
        (["--shards", "0"], "--shards must be 1…1000000"),
    ])
    func driverOptionsAreCheckedBeforeAnyCluster(extra: [String], message: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        try Data("x".utf8).write(to: dir.file("n.mcnet"))
        let shards = extra.first == "--shards" ? [] : ["--shards", "2"]
        let run = try Self.driver(["n.mcnet"] + shards + ["--local-workers", "2", "-o", "out.geojson"] + extra, in: dir.url,
                                  timeoutSeconds: 60)
        #expect(run.status != 0 && !run.timedOut)
        #expect(run.stderr.hasPrefix("surface_dask: ") && run.stderr.contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("out.geojson").path))
    }
}
