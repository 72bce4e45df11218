import Foundation
import MapPreview
import Testing
import TestSupport

// Issue 16, item 2: a command's outputs are written all or nothing. Each case runs the built binary on the tiny
// hand-written area (TinyArea) and checks the exit status, the one error line, that no output and no temporary
// file is left, and that inputs are untouched.

/// A started `metrocommute` run that a test can signal.
struct StartedRun {
    let process = Process()
    let stdout = Pipe(), stderr = Pipe()
    nonisolated(unsafe) var errText = ""
    private let group = DispatchGroup()

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = try #require(CLIRunner.binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Waits for the end; the exit status, whether a signal ended it, and standard error.
    func finish() -> (status: Int32, bySignal: Bool, stderr: String) {
        // Drain both pipes so that a full pipe cannot block the child.
        nonisolated(unsafe) var errData = Data()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { errData = stderr.fileHandleForReading.readDataToEndOfFile(); done.signal() }
        _ = stdout.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal, String(decoding: errData, as: UTF8.self))
    }
}

enum OutputChecks {
    /// Hidden temporary files the output set leaves while writing.
    static func temporaryFiles(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".tmp") }.sorted()
    }

    /// Polls `condition` every 20 ms for up to `seconds`.
    static func wait(seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// Processes whose command line contains `text` (Chromium's carries its --user-data-dir under TMPDIR).
    static func processes(mentioning text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(text)
        }
    }

    /// The stderr lines after the warnings (one expected for a failure).
    static func errorLines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("warning: ") }
    }
}

@Suite("OutputSetCLITests: outputs all or nothing", .tags(.cli, .robustness),
       .enabled(if: CLIRunner.isAvailable, "metrocommute binary not built (run swift build --build-tests)"))
struct OutputSetCLITests {
    @Test("build refuses an output that is its manifest or a file it names, however spelled")
    func buildRefusesToOverwriteItsInputs() throws {
        let area = try TinyArea()
        defer { area.cleanUp() }
        let manifestBytes = try Data(contentsOf: area.directory.file("tiny.json"))
        try FileManager.default.createSymbolicLink(atPath: area.directory.file("link.json").path, withDestinationPath: area.manifest)
        for (output, directory) in [(area.manifest, nil), ("./tiny.json", area.url), ("link.json", area.url),
                                    (area.directory.file("lines.csv").path, nil)] {
            let run = try CLIRunner.run(["build", area.manifest, "-o", output], currentDirectory: directory)
            #expect(run.status == 1, "-o \(output): \(run.stderr)")
            let lines = OutputChecks.errorLines(run.stderr)
            #expect(lines.count == 1 && lines[0].hasPrefix("Error: ") && lines[0].contains("would overwrite the input"),
                    "-o \(output): \(run.stderr)")
        }
        #expect(try Data(contentsOf: area.directory.file("tiny.json")) == manifestBytes)
        #expect(try String(contentsOf: area.directory.file("lines.csv"), encoding: .utf8) == TinyArea.linesCSV)
        #expect(OutputChecks.temporaryFiles(in: area.url) == [])
    }

    @Test("two outputs on one file, or both on standard output, are refused before any work")
    func twoOutputsOnOneFileAreRefused() throws {
        let (area, network) = try RobustnessCLITests.builtNetwork()
        defer { area.cleanUp() }
        let p = area.directory.file("p.out").path
        let cases: [[String]] = [
            ["rings", network, "--core", "Alpha", "--window", "5", "-o", p, "--summary", p],
            ["rings", network, "--core", "Alpha", "--window", "5", "-o", p, "--sensitivity", area.url.path + "/./p.out"],
            ["isochrone", network, "--from", "Alpha", "--window", "5", "-o", p, "--raster", p],
            ["gaps", network, "-o", p + ".md", "--report", p + ".md"],
        ]
        for arguments in cases {
            let run = try CLIRunner.run(arguments)
            #expect(run.status == 1, "\(arguments): \(run.stderr)")
            let lines = OutputChecks.errorLines(run.stderr)
            #expect(lines.count == 1 && lines[0].contains("name the same file"), "\(arguments): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: p) && !FileManager.default.fileExists(atPath: p + ".md"))
        }
        let both = try CLIRunner.run(["isochrone", network, "--from", "Alpha", "--window", "5", "-o", "-", "--raster", "-"])
        #expect(both.status == 1, "\(both.stderr)")
        #expect(both.stdout.isEmpty, "nothing on standard output: \(both.stdoutText.prefix(200))")
        #expect(OutputChecks.errorLines(both.stderr) == ["Error: --raster: -o/--output already writes to standard output: only one output can be -"])
        let explain = try CLIRunner.run(["traveltime", network, "--from", "Alpha", "--to", "Gamma", "--explain", "-o", "-"])
        #expect(explain.status == 1 && explain.stdout.isEmpty, "\(explain.stderr)")
    }

    @Test("a missing folder for the second output leaves no first output, in each command with two")
    func missingFolderOfTheSecondOutput() throws {
        let (area, network) = try RobustnessCLITests.builtNetwork()
        defer { area.cleanUp() }
        let first = area.directory.file("first.out")
        let missing = area.url.path + "/no-such-folder"
        let districts = area.directory.file("districts.geojson").path
        let cases: [[String]] = [
            ["rings", network, "--core", "Alpha", "--window", "5", "-o", first.path, "--summary", missing + "/s.csv"],
            ["rings", network, "--core", "Alpha", "--window", "5", "-o", first.path, "--sensitivity", missing + "/s.csv"],
            ["isochrone", network, "--from", "Alpha", "--window", "5", "-o", first.path, "--raster", missing + "/g.asc"],
            ["gaps", network, "-o", first.path, "--report", missing + "/r.md"],
            ["bottlenecks", network, "--gravity", "--window", "5", "-o", first.path, "--report", missing + "/r.csv"],
            ["roads", network, "-o", first.path, "--report", missing + "/r.csv"],
            ["preview", districts, "-o", first.path, "--png", missing + "/m.png"],
        ]
        for arguments in cases {
            let run = try CLIRunner.run(arguments)
            #expect(run.status == 1, "\(arguments[0]): \(run.stderr)")
            let lines = OutputChecks.errorLines(run.stderr)
            #expect(lines.count == 1 && lines[0].contains("output folder \(missing) does not exist"), "\(arguments[0]): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: first.path), "\(arguments[0]) wrote its first output")
        }
        #expect(OutputChecks.temporaryFiles(in: area.url) == [])
    }

    @Test("SIGINT or SIGTERM while the outputs are written: no temporary file, no output, exit 130 or 143",
          arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func interruptedWhileWriting(signal: Int32, expectedStatus: Int32) throws {
        let (area, network) = try RobustnessCLITests.builtNetwork()
        defer { area.cleanUp() }
        let geojson = area.directory.file("rings.geojson"), summary = area.directory.file("summary.csv")
        // The test hook holds the set with both temporary files written, so that the signal lands there.
        let run = try StartedRun(["rings", network, "--core", "Alpha", "--window", "5", "-o", geojson.path, "--summary", summary.path],
                                 environment: ["METROCOMMUTE_TEST_HOLD_OUTPUTS": "30"])
        let writing = OutputChecks.wait(seconds: 60) { OutputChecks.temporaryFiles(in: area.url).count == 2 }
        kill(run.process.processIdentifier, signal)
        let result = run.finish()
        #expect(writing, "the two temporary files never appeared: \(result.stderr)")
        #expect(result.status == expectedStatus && !result.bySignal, "\(result.stderr)")
        #expect(OutputChecks.errorLines(result.stderr).last?.hasPrefix("Error: interrupted by SIG") == true, "\(result.stderr)")
        #expect(OutputChecks.temporaryFiles(in: area.url) == [])
        #expect(!FileManager.default.fileExists(atPath: geojson.path) && !FileManager.default.fileExists(atPath: summary.path))
    }

    @Test("SIGINT while GDAL writes a GeoPackage or a GeoTIFF: its partial files are removed too",
          arguments: [["-f", "gpkg", "-o", "rings.gpkg"], ["--raster", "grid.tif", "-o", "iso.geojson"]])
    func interruptedWhileGDALWrites(outputArguments: [String]) throws {
        let (area, network) = try RobustnessCLITests.builtNetwork()
        defer { area.cleanUp() }
        let command = outputArguments.contains("--raster")
            ? ["isochrone", network, "--from", "Alpha", "--cutoffs", "30", "--cell", "500"]
            : ["rings", network, "--core", "Alpha", "--window", "5"]
        let arguments = command + outputArguments.map { $0.contains(".") ? area.directory.file($0).path : $0 }
        // The test hook holds GDAL's write with its partial file written, so that the signal lands there.
        let run = try StartedRun(arguments, environment: ["METROCOMMUTE_TEST_HOLD_GDAL_WRITE": "30"])
        func partialFiles() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: area.url.path)) ?? []).filter { $0.contains(".partial-") }
        }
        let writing = OutputChecks.wait(seconds: 60) { !partialFiles().isEmpty }
        kill(run.process.processIdentifier, SIGINT)
        let result = run.finish()
        #expect(writing, "GDAL's partial file never appeared: \(result.stderr)")
        #expect(result.status == 130 && !result.bySignal, "\(result.stderr)")
        #expect(partialFiles() == [], "left behind")
        #expect(OutputChecks.temporaryFiles(in: area.url) == [])
        for name in outputArguments where name.contains(".") {
            #expect(!FileManager.default.fileExists(atPath: area.directory.file(name).path), "\(name) was written")
        }
    }

    @Test("SIGINT while build writes the network: its hidden temporary file is removed")
    func interruptedBuild() throws {
        let area = try TinyArea()
        defer { area.cleanUp() }
        let out = area.directory.file("t.mcnet")
        let run = try StartedRun(["build", "-q", area.manifest, "-o", out.path], environment: ["METROCOMMUTE_TEST_HOLD_OUTPUTS": "30"])
        let writing = OutputChecks.wait(seconds: 60) { !OutputChecks.temporaryFiles(in: area.url).isEmpty }
        kill(run.process.processIdentifier, SIGINT)
        let result = run.finish()
        #expect(writing, "no temporary file appeared: \(result.stderr)")
        #expect(result.status == 130, "\(result.stderr)")
        #expect(OutputChecks.temporaryFiles(in: area.url) == [])
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("SIGINT during preview --png ends Chromium's processes and empties the temporary folder",
          .tags(.browser))
    func interruptedPreviewEndsChromium() throws {
        guard Chromium.locate() != nil else {
            print("chromium not installed (apt-get install chromium): skipped")
            return
        }
        let area = try TinyArea()
        defer { area.cleanUp() }
        // A short TMPDIR of its own (Chromium's socket paths under it are limited to 107 bytes).
        var template = Array("/tmp/mct-XXXXXX".utf8CString)
        let tmp = URL(fileURLWithPath: String(cString: try #require(mkdtemp(&template))))
        defer { try? FileManager.default.removeItem(at: tmp) }
        let html = area.directory.file("map.html"), png = area.directory.file("map.png")
        let run = try StartedRun(["preview", area.directory.file("districts.geojson").path, "-o", html.path, "--png", png.path],
                                 environment: ["TMPDIR": tmp.path])
        let started = OutputChecks.wait(seconds: 60) { !OutputChecks.processes(mentioning: tmp.path).isEmpty }
        usleep(300_000)
        kill(run.process.processIdentifier, SIGINT)
        let result = run.finish()
        #expect(started, "Chromium never started: \(result.stderr)")
        #expect(result.status == 130 && !result.bySignal, "\(result.stderr)")
        let gone = OutputChecks.wait(seconds: 3) { OutputChecks.processes(mentioning: tmp.path).isEmpty }
        #expect(gone, "Chromium processes alive after the CLI ended: \(OutputChecks.processes(mentioning: tmp.path))")
        let left = try FileManager.default.contentsOfDirectory(atPath: tmp.path)
        #expect(left == [], "left in TMPDIR: \(left) \(left.map { (try? FileManager.default.contentsOfDirectory(atPath: tmp.appendingPathComponent($0).path)) ?? [] })")
        #expect(!FileManager.default.fileExists(atPath: html.path) && !FileManager.default.fileExists(atPath: png.path))
        #expect(OutputChecks.temporaryFiles(in: area.url) == [])
    }

    /// A CSV of `rows` points, big enough to fill a pipe.
    static func pointsCSV(in area: TinyArea, rows: Int) throws -> String {
        var text = "id,name,lon,lat\n"
        for i in 0..<rows { text += "\(i),point \(i),116.3\(i % 10),39.9\(i % 7)\n" }
        let url = area.directory.file("points.csv")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test("standard output full, closed or a broken pipe: one error line, exit 1, no trap")
    func standardOutputProblemsAreOneErrorLine() throws {
        let area = try TinyArea()
        defer { area.cleanUp() }
        let points = try Self.pointsCSV(in: area, rows: 20_000)
        let binary = try #require(CLIRunner.binary).path
        let convert = [binary, "convert", "-q", "--src-crs", "wgs84", "--dst-crs", "gcj02", points, "-o", "-"]
        let shells: [(String, String, String)] = [
            ("/dev/full", "exec \"$@\" > /dev/full", "no space left"),
            ("closed", "exec \"$@\" >&-", "is closed"),
            ("broken pipe", "\"$@\" | head -c 10 > /dev/null; exit ${PIPESTATUS[0]}", "broken pipe"),
        ]
        for (label, script, message) in shells {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", script, "bash"] + convert
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 1, "\(label): status \(process.terminationStatus): \(text.prefix(400))")
            let lines = OutputChecks.errorLines(text)
            #expect(lines.count == 1 && lines[0].hasPrefix("Error: standard output: ") && lines[0].contains(message),
                    "\(label): \(text.prefix(400))")
        }
    }

    @Test("rewriting an output keeps its permission bits")
    func rewritingKeepsPermissions() throws {
        let area = try TinyArea()
        defer { area.cleanUp() }
        let target = area.directory.file("private.csv")
        try Data("old\n".utf8).write(to: target)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
        let run = try CLIRunner.run(["convert", "-q", "--src-crs", "wgs84", "--dst-crs", "gcj02", area.directory.file("lines.csv").path,
                                     "-o", target.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] as? Int == 0o600)
        #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("line_id,"))
    }

    @Test("CSV outputs neutralise formula cells; --excel writes a UTF-8 byte-order mark")
    func csvCellsAreNeutralised() throws {
        let (area, network) = try RobustnessCLITests.builtNetwork()
        defer { area.cleanUp() }
        let places = area.directory.file("places.csv")
        try Data("id,lon,lat\n\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",116.30,39.90\n@SUM(1),116.35,39.90\n-7,116.40,39.90\n".utf8).write(to: places)
        let matrix = area.directory.file("m.csv")
        let run = try CLIRunner.run(["traveltime", "-q", network, "--from", places.path, "--to", "Gamma", "--window", "5",
                                     "-o", matrix.path, "--excel"])
        #expect(run.status == 0, "\(run.stderr)")
        let bytes = try Data(contentsOf: matrix)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "--excel: BOM first")
        let table = CSVOutput.table(String(decoding: bytes.dropFirst(3), as: UTF8.self))
        let ids = table.split(separator: "\n").dropFirst().map { String($0.split(separator: ",").first ?? "") }
        #expect(ids.count == 3, "\(table)")
        #expect(ids.first?.hasPrefix("\"'=HYPERLINK(") == true, "\(table)")
        #expect(ids.contains("'@SUM(1)") && ids.contains("-7"), "\(table)")
        // Without --excel: no byte-order mark, cells still neutralised.
        let plain = try CLIRunner.run(["traveltime", "-q", network, "--from", places.path, "--to", "Gamma", "--window", "5"])
        #expect(plain.status == 0 && plain.stdout.first == UInt8(ascii: "#"), "\(plain.stderr)")
        #expect(plain.stdoutText.contains("'@SUM(1)"), "\(plain.stdoutText)")
    }

    @Test("convert neutralises formula cells of a CSV by default, keeps numbers, and --no-neutralise keeps the cells")
    func convertNeutralisesCSVCells() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let places = dir.file("places.csv")
        try Data("name,lon,lat,note\n=HYPERLINK(\"http://x\"),116.30,39.90,-3.5\n+cmd,116.35,39.90,@x\n".utf8).write(to: places)
        let converted = try CLIRunner.run(["convert", "-q", "--src-crs", "gcj02", "--dst-crs", "wgs84", places.path, "-o", "-"])
        #expect(converted.status == 0, "\(converted.stderr)")
        let rows = converted.stdoutText.split(separator: "\n").map(String.init)
        #expect(rows.count == 3 && rows[0] == "name,lon,lat,note", "\(converted.stdoutText)")
        #expect(rows[1].hasPrefix("\"'=HYPERLINK(") && rows[1].hasSuffix(",-3.5"), "a number stays: \(rows)")
        #expect(rows[2].hasPrefix("'+cmd,") && rows[2].hasSuffix(",'@x"), "\(rows)")
        let verbatim = try CLIRunner.run(["convert", "-q", "--src-crs", "gcj02", "--dst-crs", "wgs84", "--no-neutralise",
                                          places.path, "-o", "-"])
        #expect(verbatim.status == 0, "\(verbatim.stderr)")
        let kept = verbatim.stdoutText.split(separator: "\n").map(String.init)
        #expect(kept.count == 3 && kept[1].hasPrefix("\"=HYPERLINK(") && kept[2].hasPrefix("+cmd,") && kept[2].hasSuffix(",@x"),
                "\(kept)")
    }
}
