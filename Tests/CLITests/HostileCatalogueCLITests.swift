import Foundation
import Testing
import TestSupport

// The catalogue of issue 16 ("Hostile and mistaken input") run through the built binary under an address-space
// limit (`prlimit --as`, util-linux): each case is a small file or a generator with its expected exit status and
// the words its first error line must hold. A case that regresses into allocating gigabytes fails here (the
// allocation fails, the process traps) instead of exhausting the machine. The in-process tests of the same
// cases are HostileInputCatalogueTests and HostileBuildCatalogueTests; docs/ROBUSTNESS.md lists them all.

/// One catalogue case: files written over the tiny area, then one command.
struct CatalogueCase: CustomStringConvertible, Sendable {
    var label: String
    /// Files of the tiny area replaced (nil removes one), by name.
    var replacing: [String: [UInt8]?] = [:]
    /// Run after the area is written (large sparse files, compressed files), with the area's folder.
    var prepare: @Sendable (URL) throws -> Void = { _ in }
    /// The command's arguments; "AREA" is replaced by the area's folder, "NET" by a network built from the area
    /// first (which must succeed).
    var arguments: [String]
    var status: Int32 = 1
    /// Words the first line after the warnings must hold (it must start with "Error: ").
    var firstLine: [String]
    var description: String { label }
}

@Suite("robustness: the issue 16 catalogue through the binary under a memory limit", .tags(.cli, .robustness),
       .enabled(if: CLIRunner.isAvailable, "metrocommute binary not built (run swift build --build-tests)"),
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit"),
                "prlimit missing (apt-get install util-linux)"))
struct HostileCatalogueCLITests {
    /// Address space for one run: far above what a tiny-area command needs, far below what the cases would take
    /// without their limits (4.9 GB for the grid, 7.8 GB for the trips).
    static let addressSpace = 3 << 30
    static let timeoutSeconds = 60.0

    static func manifest(_ change: (inout [String: Any]) -> Void) -> [UInt8] {
        var object = TinyArea.manifestObject()
        change(&object)
        return Array(TinyArea.manifestText(object).utf8)
    }

    static func gtfs(adding extra: [(name: String, text: String)] = [], replacing: [String: String] = [:]) -> [UInt8] {
        var members = TinyArea.gtfs.map { (name: $0.name, text: replacing[$0.name] ?? $0.text) }
        members += extra
        return TinyArea.gtfsZip(members)
    }

    static func build(_ label: String, _ replacing: [String: [UInt8]?] = [:], extra: [String] = [],
                      prepare: @escaping @Sendable (URL) throws -> Void = { _ in }, _ firstLine: [String]) -> CatalogueCase {
        CatalogueCase(label: label, replacing: replacing, prepare: prepare,
                      arguments: ["build", "AREA/tiny.json", "-o", "AREA/out.mcnet"] + extra, firstLine: firstLine)
    }

    /// The tiny area's lines with every `text` replaced by raw bytes (another encoding).
    static func linesCSV(replacing text: String, with bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for (i, part) in TinyArea.linesCSV.components(separatedBy: text).enumerated() {
            if i > 0 { out += bytes }
            out += Array(part.utf8)
        }
        return out
    }

    static func localCRS(_ crs: String) -> [String: [UInt8]?] { ["tiny.json": manifest { $0["local_crs"] = crs }] }

    static let cases: [CatalogueCase] = [
        // Crashes and hangs.
        build("frequencies.txt, 4 rows of 0–999 h every second (was 7.8 GB and SIGABRT)",
              ["rail_gtfs.zip": gtfs(adding: [("frequencies.txt", "trip_id,start_time,end_time,headway_secs\n"
                                                   + String(repeating: "T1,00:00:00,999:00:00,1\n", count: 4))])],
              ["frequencies.txt", "--max-memory"]),
        // Without streets (as jingjinji): the walk is crow-fly, a disc of 80 km.
        CatalogueCase(label: "isochrone --cell 10 --cutoffs 1440 (was 4.9 GB and SIGABRT)",
                      replacing: ["tiny.json": manifest { $0.removeValue(forKey: "osm") }],
                      arguments: ["isochrone", "NET", "--from", "Alpha", "--cell", "10", "--cutoffs", "1440", "-o", "AREA/iso.geojson", "--quiet"],
                      firstLine: ["travel-time grid of 10 m cells up to 1440 min", "--max-memory", "--cell", "--cutoffs"]),
        CatalogueCase(label: "isochrone under --max-memory 16K",
                      arguments: ["isochrone", "NET", "--from", "Alpha", "--cutoffs", "60", "--max-memory", "16K", "-o", "AREA/iso.geojson", "--quiet"],
                      firstLine: ["travel-time grid of 200 m cells up to 60 min", "limit of 16.0 KiB"]),
        build("zipped stops.txt of one 6 MB field under --max-memory 16M (a 2 GB one was still running after 180 s)",
              ["rail_gtfs.zip": StoredZip.make(TinyArea.gtfs.filter { $0.name != "stops.txt" }.map { ($0.name, Array($0.text.utf8)) }
                                               + [("stops.txt", Array("stop_id,stop_name,stop_lat,stop_lon\n".utf8)
                                                      + [UInt8](repeating: UInt8(ascii: "x"), count: 6 << 20))])],
              extra: ["--max-memory", "16M"], ["stops.txt", "CSV record starting on line 2", "--max-memory"]),
        build("a gigabyte of NULs as lines.csv (was still running after 120 s)", prepare: { area in
            let handle = try FileHandle(forWritingTo: area.appendingPathComponent("lines.csv"))
            try handle.truncate(atOffset: 1 << 30)
            try handle.close()
        }, ["lines.csv", "NUL byte"]),
        build(".osm.bz2 with an 8 MB attribute under --max-memory 16M (300 MB was quadratic)",
              ["tiny.json": manifest { $0["osm"] = [["name": "streets", "path": "streets.osm.bz2"]] }],
              extra: ["--max-memory", "16M"], prepare: { area in
                  var xml = Array(#"<?xml version="1.0"?><osm version="0.6"><node id="1" lat="39.9" lon="116.4"><tag k="name" v=""#.utf8)
                  xml += [UInt8](repeating: UInt8(ascii: "a"), count: 8 << 20)
                  xml += Array(#""/></node></osm>"#.utf8)
                  try Data(try Bzip2Tool.compress(xml)).write(to: area.appendingPathComponent("streets.osm.bz2"))
              }, ["streets.osm.bz2", "one XML tag", "--max-memory"]),
        build("--max-memory 1K on a build", extra: ["--max-memory", "1K"], ["rail_gtfs.zip", "1.0 KiB (--max-memory raises it)"]),
        // Silently wrong models.
        build("service date outside the feed (was 0 trains)", ["tiny.json": manifest { $0["service_date"] = "2019-05-01" }],
              ["rail_gtfs.zip", "none of its 3 trips runs on the service date 2019-05-01", "from 2016-01-01 to 2016-12-31"]),
        build("misspelled key \"line\"", ["tiny.json": manifest { $0["line"] = $0.removeValue(forKey: "lines") }],
              ["tiny.json", #"unknown key "line" (did you mean "lines""#]),
        build("misspelled key \"headway_minutes\"", ["tiny.json": manifest {
            var lines = $0["lines"] as! [[String: Any]]
            lines[0]["headway_minutes"] = lines[0].removeValue(forKey: "headway_min")
            $0["lines"] = lines
        }], ["lines[0].headway_minutes", #"did you mean "headway_min""#]),
        build("local_crs EPSG:4326 (geographic)", localCRS("EPSG:4326"), ["local_crs", "EPSG:4326", "geographic"]),
        build("local_crs EPSG:3857 (Web Mercator: areas 37–70 % off)", localCRS("EPSG:3857"),
              ["local_crs", "EPSG:3857", "distorts distances by"]),
        build("local_crs EPSG:32601 (UTM zone 1N, the other side of the world)", localCRS("EPSG:32601"),
              ["local_crs", "EPSG:32601", "does not reach the area", "EPSG:32650"]),
        build("GB18030 lines.csv", ["lines.csv": linesCSV(replacing: "Alpha", with: [0xB1, 0xB1, 0xBE, 0xA9, 0xC4, 0xCF, 0xD5, 0xBE])],
              ["lines.csv", "iconv -f GB18030 -t UTF-8"]),
        build("Latin-1 lines.csv", ["lines.csv": linesCSV(replacing: "Gamma", with: Array("G".utf8) + [0xE4] + Array("mma".utf8))],
              ["lines.csv", "latin1"]),
        build("station at (0, 0)", ["lines.csv": Array(TinyArea.linesCSV.replacingOccurrences(of: "D,Delta,116.35,39.95", with: "D,Delta,0,0").utf8)],
              ["lines.csv", "is at (0, 0)"]),
        build("station far outside the districts", ["lines.csv": Array(TinyArea.linesCSV.replacingOccurrences(of: "D,Delta,116.35,39.95", with: "D,Delta,112.35,39.95").utf8)],
              ["lines.csv", "outside the area's districts"]),
        build("duplicate districts", ["districts.geojson": Array(TinyArea.districtsGeoJSON.replacingOccurrences(of: #""name":"East","pop":50000,"city":"Testcity","code":2"#, with: #""name":"West","pop":50000,"city":"Testcity","code":1"#).utf8)],
              ["districts.geojson", "duplicate district"]),
        // Poor messages.
        build("a folder as lines.csv", ["lines.csv": nil], prepare: { area in
            try FileManager.default.createDirectory(at: area.appendingPathComponent("lines.csv"), withIntermediateDirectories: false)
        }, ["lines.csv", "is a folder, not a file"]),
        build("/dev/zero as lines.csv", ["tiny.json": manifest {
            var lines = $0["lines"] as! [[String: Any]]
            lines[0]["path"] = "/dev/zero"
            $0["lines"] = lines
        }], ["/dev/zero", "not a regular file"]),
    ]

    /// Runs `metrocommute` under the address-space limit.
    struct LimitedRun { var status: Int32; var stderr: String; var killedBySignal: Bool; var timedOut: Bool }

    static func run(_ arguments: [String]) throws -> LimitedRun {
        let binary = try #require(CLIRunner.binary)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        process.arguments = ["--as=\(addressSpace)", "--", binary.path] + arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ProcessDeadline(process, seconds: timeoutSeconds)
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let timedOut = deadline.end()
        return LimitedRun(status: process.terminationStatus, stderr: String(decoding: data, as: UTF8.self),
                          killedBySignal: process.terminationReason == .uncaughtSignal, timedOut: timedOut)
    }

    @Test("every case ends with its status and first error line, within the memory limit", arguments: cases)
    func catalogueCase(_ c: CatalogueCase) throws {
        let area = try TinyArea(replacing: c.replacing)
        defer { area.cleanUp() }
        try c.prepare(area.url)
        let network = area.url.appendingPathComponent("net.mcnet").path
        if c.arguments.contains("NET") {
            let built = try Self.run(["build", area.manifest, "-o", network, "--quiet"])
            try #require(built.status == 0, "the area did not build: \(built.stderr.suffix(600))")
        }
        let arguments = c.arguments.map { $0.replacingOccurrences(of: "AREA", with: area.url.path).replacingOccurrences(of: "NET", with: network) }
        let run = try Self.run(arguments)
        #expect(!run.timedOut, "no result within \(Self.timeoutSeconds) s")
        #expect(!run.killedBySignal, "killed by signal \(run.status) (out of address space?): \(run.stderr.suffix(600))")
        #expect(run.status == c.status, "exit status; stderr: \(run.stderr.suffix(600))")
        let first = run.stderr.split(separator: "\n").map(String.init).first { !$0.hasPrefix("warning: ") } ?? ""
        #expect(first.hasPrefix("Error: "), "first line: \(first)")
        for word in c.firstLine { #expect(first.contains(word), "\"\(word)\" missing from: \(first)") }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: area.url.path)
            .filter { $0.hasPrefix("out.") || $0.hasPrefix("iso.") || $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "outputs after a failure: \(leftovers)")
    }

    @Test("the .mcnet is byte-identical when the same inputs sit in another folder")
    func sameBytesInAnotherFolder() throws {
        var outputs: [Data] = []
        for _ in 0..<2 {
            let area = try TinyArea()
            defer { area.cleanUp() }
            let out = area.url.appendingPathComponent("out.mcnet")
            let run = try Self.run(["build", area.manifest, "-o", out.path, "--quiet"])
            try #require(run.status == 0, "build failed: \(run.stderr.suffix(600))")
            outputs.append(try Data(contentsOf: out))
        }
        #expect(outputs[0] == outputs[1], "the network's bytes depend on its inputs' folder")
    }
}

struct CatalogueError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// bzip2 compression through /usr/bin/bzip2 (a test generator only; the readers use libbz2).
enum Bzip2Tool {
    static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("catalogue-\(UUID().uuidString)")
        try Data(bytes).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/bzip2")
        process.arguments = ["-c", "-1", input.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CatalogueError(message: "bzip2 failed (apt-get install bzip2)") }
        return Array(data)
    }
}
