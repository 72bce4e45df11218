import Foundation
import GeoCore
import TestSupport
import Testing

/// Provenance on every output (README "Provenance"): on the tiny hand-written area, rings, traveltime and gaps
/// carry the tool, the profile, the service date, the network and the manifest's inputs with their hashes — the
/// GeoJSON as its `metadata` member, the CSV as a `#` header pandas skips, the Markdown as a closing section;
/// reruns give the same bytes; the same network in another folder differs only in the network path.
@Suite(.tags(.cli), .enabled(if: CLIRunner.isAvailable, "needs the built binary"))
struct ProvenanceCLITests {
    /// The tiny area built in a fresh folder (network `tiny.mcnet`, a copy in `copy/tiny.mcnet`).
    static func area() throws -> TinyArea {
        let area = try TinyArea()
        let build = try CLIRunner.run(["build", area.manifest, "-o", area.directory.file("tiny.mcnet").path, "-q"])
        #expect(build.status == 0, "build failed: \(build.stderr)")
        try FileManager.default.createDirectory(at: area.directory.file("copy"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: area.directory.file("tiny.mcnet"), to: area.directory.file("copy/tiny.mcnet"))
        return area
    }

    /// Runs a command in the area's folder (so that the network path is relative, as a user types it).
    static func run(_ arguments: [String], in area: TinyArea) throws {
        let result = try CLIRunner.run(arguments + ["-q"], currentDirectory: area.url)
        #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stderr)")
    }

    static func metadata(_ url: URL) throws -> [String: JSONValue] {
        let collection = try GeoJSONReader.read(contentsOf: url)
        guard case .object(let m)? = collection.foreignMembers["metadata"] else {
            Issue.record("\(url.lastPathComponent) has no metadata object")
            return [:]
        }
        return m
    }

    /// The checks every output's metadata passes: tool, service date, area, network, the manifest's inputs.
    static func expectCommon(_ m: [String: JSONValue], command: String, network: String) {
        #expect(m["tool"] == "metrocommute 0.2.0")
        #expect(m["command"]?.stringValue == command)
        #expect(m["service_date"] == "2016-03-10")
        #expect(m["area"] == "tiny")
        #expect(m["local_crs"] == "EPSG:4548")
        #expect(m.keys.contains("scenario") && m["scenario"] == .null)
        guard case .object(let net)? = m["network"], case .array(let inputs)? = m["inputs"] else {
            Issue.record("network or inputs missing: \(m)")
            return
        }
        #expect(net["path"]?.stringValue == network)
        #expect(net["hash"]?.stringValue?.hasPrefix("xxh64:") == true && net["hash"]?.stringValue?.count == 22)
        let paths = inputs.compactMap { input -> String? in
            guard case .object(let i) = input else { return nil }
            #expect(i["hash"]?.stringValue?.hasPrefix("xxh64:") == true, "\(i)")
            return i["path"]?.stringValue
        }
        #expect(Set(paths) == ["rail_gtfs.zip", "lines.csv", "streets.osm.pbf", "roads.geojson", "districts.geojson"])
    }

    static func profileName(_ m: [String: JSONValue]) -> String? {
        guard case .object(let p)? = m["profile"] else { return nil }
        return p["name"]?.stringValue
    }

    /// The `# key: value` lines heading a CSV text, and the rest.
    static func split(csv text: String) -> (header: [String], table: [String]) {
        let lines = text.split(separator: "\n").map(String.init)
        let header = Array(lines.prefix { $0.hasPrefix("#") })
        return (header, Array(lines.dropFirst(header.count)))
    }

    /// The CSV's column names as a CSV reader that skips `#` comments sees them: pandas `read_csv(comment='#')`
    /// when pandas is installed, else Python's csv module on the lines not starting with '#'.
    static func columnsSeenByPython(_ url: URL) throws -> [String] {
        let script = """
            import sys, json, csv
            try:
                import pandas
                print(json.dumps(list(pandas.read_csv(sys.argv[1], comment='#', dtype=str).columns)))
            except ImportError:
                with open(sys.argv[1], encoding='utf-8') as f:
                    rows = list(csv.reader(line for line in f if not line.startswith('#')))
                print(json.dumps(rows[0]))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (try JSONSerialization.jsonObject(with: data) as? [String]) ?? []
    }

    @Test func ringsTravelTimeAndGapsOutputsCarryIt() throws {
        let area = try Self.area()
        defer { area.cleanUp() }
        try Self.run(["rings", "tiny.mcnet", "--core", "Beta", "--budget", "30", "-o", "rings.geojson", "--summary", "rings.csv"], in: area)
        try Self.run(["traveltime", "tiny.mcnet", "--from", "Alpha", "--to", "Delta", "--profile", "rail-walk", "-o", "tt.csv"], in: area)
        try Self.run(["gaps", "tiny.mcnet", "-o", "gaps.geojson", "--report", "gaps.md"], in: area)
        try Self.run(["gaps", "tiny.mcnet", "-o", "gaps2.geojson", "--report", "gaps.csv"], in: area)

        // GeoJSON: the metadata member, and the files still pass ogrinfo + shapely.
        let rings = try Self.metadata(area.directory.file("rings.geojson"))
        Self.expectCommon(rings, command: "rings", network: "tiny.mcnet")
        #expect(Self.profileName(rings) == "commuter")
        guard case .object(let options)? = rings["options"] else { Issue.record("no options"); return }
        #expect(options["budget_min"] == 30 && options["core"] == "Beta" && options["window_min"] == 120)
        let gaps = try Self.metadata(area.directory.file("gaps.geojson"))
        Self.expectCommon(gaps, command: "gaps", network: "tiny.mcnet")
        #expect(gaps.keys.contains("profile") && gaps["profile"] == .null)  // gaps uses no access profile
        if GeoJSONChecker.isAvailable {
            let check = try GeoJSONChecker.check([area.directory.file("rings.geojson"), area.directory.file("gaps.geojson")])
            #expect(check.status == 0, "\(check.output)")
        }

        // CSV: a `#` header, then the table as before; Python reads the same columns.
        for (file, profile, firstColumn) in [("rings.csv", "commuter", "class"), ("tt.csv", "rail-walk", "from_id"),
                                             ("gaps.csv", nil, nil)] as [(String, String?, String?)] {
            let text = try String(contentsOf: area.directory.file(file), encoding: .utf8)
            let (header, table) = Self.split(csv: text)
            #expect(header.first == "# provenance", "\(file)")
            #expect(header.contains("# service_date: 2016-03-10"), "\(file): \(header)")
            #expect(header.contains { $0.hasPrefix("# network: {\"hash\":\"xxh64:") && $0.hasSuffix(",\"path\":\"tiny.mcnet\"}") },
                    "\(file): \(header)")
            #expect(header.filter { $0.hasPrefix("# input: ") }.count == 5, "\(file)")
            if let profile { #expect(header.contains { $0.hasPrefix("# profile: ") && $0.contains("\"name\":\"\(profile)\"") }, "\(file)") }
            #expect(!table.isEmpty && !table.contains { $0.hasPrefix("#") })
            let columns = try Self.columnsSeenByPython(area.directory.file(file))
            #expect(columns == table[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init), "\(file)")
            if let firstColumn { #expect(columns.first == firstColumn, "\(file)") }
        }

        // Markdown: a closing Provenance section.
        let md = try String(contentsOf: area.directory.file("gaps.md"), encoding: .utf8)
        let section = try #require(md.range(of: "\n## Provenance\n")).upperBound
        #expect(md[section...].contains("\nservice_date: 2016-03-10\n"))
        #expect(md[section...].contains("\nnetwork: {\"hash\":\"xxh64:"))
    }

    @Test func rerunsAreByteIdenticalAndAnotherFolderChangesOnlyTheNetworkPath() throws {
        let area = try Self.area()
        defer { area.cleanUp() }
        let arguments = ["--core", "Beta", "--budget", "30"]
        try Self.run(["rings", "tiny.mcnet"] + arguments + ["-o", "a.geojson", "--summary", "a.csv"], in: area)
        try Self.run(["rings", "tiny.mcnet"] + arguments + ["-o", "b.geojson", "--summary", "b.csv"], in: area)
        try Self.run(["rings", "copy/tiny.mcnet"] + arguments + ["-o", "c.geojson", "--summary", "c.csv"], in: area)
        func bytes(_ name: String) throws -> Data { try Data(contentsOf: area.directory.file(name)) }
        #expect(try bytes("a.geojson") == bytes("b.geojson"))
        #expect(try bytes("a.csv") == bytes("b.csv"))

        var original = try Self.metadata(area.directory.file("a.geojson"))
        var copied = try Self.metadata(area.directory.file("c.geojson"))
        Self.expectCommon(copied, command: "rings", network: "copy/tiny.mcnet")
        guard case .object(var a)? = original["network"], case .object(var c)? = copied["network"] else {
            Issue.record("no network member"); return
        }
        #expect(a["hash"] == c["hash"])
        #expect(a["path"] == "tiny.mcnet" && c["path"] == "copy/tiny.mcnet")
        a["path"] = nil; c["path"] = nil
        original["network"] = .object(a); copied["network"] = .object(c)
        #expect(original == copied)
        let features = { (name: String) throws -> [Feature] in try GeoJSONReader.read(contentsOf: area.directory.file(name)).features }
        #expect(try features("a.geojson") == features("c.geojson"))
        // The summary's table is the same; its header differs in the network line only.
        let (ha, ta) = Self.split(csv: String(decoding: try bytes("a.csv"), as: UTF8.self))
        let (hc, tc) = Self.split(csv: String(decoding: try bytes("c.csv"), as: UTF8.self))
        #expect(ta == tc)
        #expect(zip(ha, hc).filter { $0 != $1 }.map(\.0).allSatisfy { $0.hasPrefix("# network: ") })
        #expect(ha.count == hc.count && ha != hc)
    }
}
