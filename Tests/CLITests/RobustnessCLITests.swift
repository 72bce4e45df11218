import Foundation
import Testing
import TestSupport

// Robustness of the built binary on damaged input: every case below runs `metrocommute` on a variant of a
// small hand-written area and checks the brief's rule "never crash on user data": the process exits normally
// (no trap, no signal, no hang), with status 0, 1 (data error) or 64 (usage error); a failure prints one
// `Error:` line naming the input (earlier `warning:` lines allowed; a usage error may be followed by
// ArgumentParser's usage lines) and leaves no output file; a success writes no NaN/Infinity.
// Cases derive from a fixed seed (`METROCOMMUTE_TEST_SEED` overrides it); each failure names the seed.

// MARK: - Checking one run

/// One command run on one damaged input.
struct RobustnessCase: CustomStringConvertible {
    var label: String
    var arguments: [String]
    /// Names (file names or option names) of which the error line must contain one.
    var names: [String]
    /// Files the command would write: none may exist after a failure.
    var outputs: [URL]
    /// Inputs whose text may pass through to the output (a line_id "NaN" copied by convert is no NaN number).
    var inputs: [URL] = []
    var description: String { "\(label) [seed \(MutationRandom.baseSeed), METROCOMMUTE_TEST_SEED overrides]" }
}

enum RobustnessCheck {
    static let timeoutSeconds = 30.0

    /// The problems of one run (empty when it obeyed the rule); also counts the outcome.
    static func problems(_ c: RobustnessCase, in directory: URL) throws -> (problems: [String], failed: Bool) {
        let run = try CLIRunner.run(c.arguments, timeoutSeconds: timeoutSeconds)
        var problems: [String] = []
        if run.timedOut { return (["no result within \(timeoutSeconds) s (endless loop?)"], true) }
        if run.killedBySignal { return (["killed by signal \(run.status) (a crash); stderr: \(run.stderr.suffix(600))"], true) }
        guard [0, 1, 64].contains(run.status) else {
            return (["exit status \(run.status), expected 0, 1 or 64; stderr: \(run.stderr.suffix(600))"], true)
        }
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.filter { $0.hasSuffix(".tmp") } ?? []
        if !leftovers.isEmpty { problems.append("temporary files left behind: \(leftovers)") }
        if run.status == 0 {
            for output in c.outputs where FileManager.default.fileExists(atPath: output.path) {
                problems += nonFiniteProblems(in: output, inputs: c.inputs)
            }
            return (problems, false)
        }
        var lines = run.stderr.split(separator: "\n").map(String.init)
        while let first = lines.first, first.hasPrefix("warning: ") { lines.removeFirst() }
        if run.status == 64 {
            // ArgumentParser's usage trailer follows a validation error.
            while let last = lines.last, lines.count > 1,
                  last.hasPrefix("Usage:") || last.hasPrefix("  See '") || last.hasPrefix("Help:") || last.hasPrefix("  ") {
                lines.removeLast()
            }
        }
        if lines.count != 1 {
            problems.append("stderr has \(lines.count) lines after the warnings, expected one: \(run.stderr.prefix(800))")
        } else if !lines[0].hasPrefix("Error: ") {
            problems.append("the error line does not start with \"Error: \": \(lines[0])")
        } else if !c.names.contains(where: { lines[0].contains($0) }) {
            problems.append("the error line names none of \(c.names): \(lines[0])")
        }
        for output in c.outputs where FileManager.default.fileExists(atPath: output.path) {
            problems.append("output \(output.lastPathComponent) exists after a failure")
        }
        return (problems, true)
    }

    /// NaN or infinity written as a value: GeoJSON must parse as JSON (which has no such numbers) and carry no
    /// "nan"/"inf" strings as numbers; CSV fields must not be nan/inf.
    static func nonFiniteProblems(in file: URL, inputs: [URL]) -> [String] {
        guard let data = FileManager.default.contents(atPath: file.path) else { return [] }
        let ext = file.pathExtension.lowercased()
        let inputText = inputs.compactMap { FileManager.default.contents(atPath: $0.path) }
            .map { String(decoding: $0, as: UTF8.self).lowercased() }.joined(separator: "\n")
        let bad = Set(["nan", "-nan", "inf", "-inf", "+inf", "infinity", "-infinity"].filter { !inputText.contains($0) })
        if ext == "geojson" || ext == "json" {
            guard let object = try? JSONSerialization.jsonObject(with: data) else {
                return ["\(file.lastPathComponent) is not valid JSON: \(String(decoding: data.prefix(300), as: UTF8.self))"]
            }
            // The writer turns NaN and infinity into null: no coordinate may be null.
            func nullCoordinate(_ value: Any, inCoordinates: Bool) -> Bool {
                if inCoordinates && value is NSNull { return true }
                if let array = value as? [Any] { return array.contains { nullCoordinate($0, inCoordinates: inCoordinates) } }
                if let dict = value as? [String: Any] {
                    return dict.contains { nullCoordinate($0.value, inCoordinates: inCoordinates || $0.key == "coordinates" || $0.key == "bbox") }
                }
                return false
            }
            return nullCoordinate(object, inCoordinates: false) ? ["\(file.lastPathComponent) has a null coordinate (NaN or infinity written)"] : []
        }
        if ext == "csv" || ext == "asc" {
            let text = String(decoding: data, as: UTF8.self)
            for (n, line) in text.split(separator: "\n").enumerated() {
                let fields = line.split(whereSeparator: { $0 == "," || $0 == " " }).map { $0.lowercased() }
                if let f = fields.first(where: { bad.contains($0) }) {
                    return ["\(file.lastPathComponent) line \(n + 1) holds \(f): \(line.prefix(200))"]
                }
            }
        }
        return []
    }

    /// Runs every case, records one issue per bad case, returns (cases, failures) for the tally.
    @discardableResult
    static func runAll(_ cases: [RobustnessCase], in directory: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> (Int, Int) {
        var failures = 0
        for c in cases {
            let (problems, failed) = try problems(c, in: directory)
            if failed { failures += 1 }
            for p in problems { Issue.record("\(c): \(p)", sourceLocation: sourceLocation) }
        }
        return (cases.count, failures)
    }
}

// MARK: - The tests

@Suite("robustness: damaged inputs never crash the CLI", .tags(.cli, .robustness),
       .enabled(if: CLIRunner.isAvailable, "metrocommute binary not built (run swift build --build-tests)"))
struct RobustnessCLITests {
    /// Builds the area with one file replaced by each mutant; every case must obey the rule.
    static func buildCases(file: String, mutants: [Mutant], extraNames: [String] = []) throws {
        for m in mutants {
            let area = try TinyArea(replacing: [file: m.bytes])
            defer { area.cleanUp() }
            let out = area.directory.file("out.mcnet")
            let c = RobustnessCase(label: "build, \(m.label)", arguments: ["build", area.manifest, "-o", out.path],
                                   // A damaged manifest may point elsewhere: an error may name that path instead.
                                   names: [file] + extraNames + (file == "tiny.json" ? [area.url.path] : []), outputs: [out])
            try RobustnessCheck.runAll([c], in: area.url)
        }
    }

    @Test("the untouched tiny area builds, and a command on it succeeds (so the cases below test damage)")
    func baseline() throws {
        let area = try TinyArea()
        defer { area.cleanUp() }
        let out = area.directory.file("out.mcnet")
        let run = try CLIRunner.run(["build", area.manifest, "-o", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let inspect = try CLIRunner.run(["inspect", "--json", out.path])
        let summary = try #require(try JSONSerialization.jsonObject(with: inspect.stdout) as? [String: Any])
        // By hand: stations A, B, C, D and the three rail stops; two districts; the OSM path has nodes 1…6.
        #expect(summary["stops"] as? Int == 7)
        #expect(summary["districts"] as? Int == 2)
        #expect(summary["population"] as? Double == 150_000)
    }

    @Test("planning lines: deleted/duplicated/swapped lines and columns, emptied and extreme fields, bytes")
    func planningLines() throws {
        var rng = MutationRandom.family(1)
        let text = TinyArea.linesCSV
        var mutants = InputMutator.lineMutants(text, count: 24, rng: &rng, name: "lines.csv")
        mutants += InputMutator.byteMutants(Array(text.utf8), count: 10, rng: &rng, name: "lines.csv")
        for column in ["lon", "lat", "seq"] {
            mutants += InputMutator.columnMutants(text, column: column, row: 2, name: "lines.csv",
                                                  values: ["1e308", "-1e308", "NaN", "Infinity", "9223372036854775808"])
        }
        mutants += [
            Mutant("lines.csv: a single station", text: "line_id,line_name,seq,station_id,station_name,lon,lat\nL1,Line 1,1,A,Alpha,116.30,39.90\n"),
            Mutant("lines.csv: header only", text: "line_id,line_name,seq,station_id,station_name,lon,lat\n"),
            Mutant("lines.csv: empty", []),
            Mutant("lines.csv: duplicate station id far apart", text: text + "L3,Line 3,1,A,Alpha,116.41,39.96\nL3,Line 3,2,C,Gamma,116.40,39.90\n"),
            Mutant("lines.csv: one line with the same station twice in a row", text: text + "L4,Line 4,1,A,Alpha,116.30,39.90\nL4,Line 4,2,A,Alpha,116.30,39.90\n"),
            Mutant("lines.csv: BOM and CRLF", [0xEF, 0xBB, 0xBF] + Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
            Mutant("lines.csv: a 100,000-character field", text: text + "L5,\(String(repeating: "x", count: 100_000)),1,E,E,116.3,39.9\n"),
        ]
        try Self.buildCases(file: "lines.csv", mutants: mutants)
    }

    @Test("districts: damaged numbers and brackets, empty/nested/huge geometries, zero population, bytes")
    func districts() throws {
        var rng = MutationRandom.family(2)
        let text = TinyArea.districtsGeoJSON
        var mutants = InputMutator.jsonMutants(text, count: 20, rng: &rng, name: "districts.geojson")
        mutants += InputMutator.byteMutants(Array(text.utf8), count: 10, rng: &rng, name: "districts.geojson")
        mutants += Self.geometryMutants(name: "districts.geojson")
        for pop in ["0", "-5", "1e308", "0.000001"] {
            mutants.append(Mutant("districts.geojson: populations \(pop)", text: text.replacingOccurrences(of: "\"pop\":100000", with: "\"pop\":\(pop)")
                .replacingOccurrences(of: "\"pop\":50000", with: "\"pop\":\(pop)")))
        }
        mutants.append(Mutant("districts.geojson: duplicate district", text: text.replacingOccurrences(of: "\"East\"", with: "\"West\"")
            .replacingOccurrences(of: "\"code\":2", with: "\"code\":1")))
        try Self.buildCases(file: "districts.geojson", mutants: mutants)
    }

    /// GeoJSON geometry edge cases, shared by the build, convert and preview cases.
    static func geometryMutants(name: String) -> [Mutant] {
        func collection(_ geometry: String, properties: String = "{\"name\":\"X\",\"pop\":10,\"city\":\"C\",\"code\":9}") -> String {
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":\(properties),\"geometry\":\(geometry)}]}"
        }
        var nested = "{\"type\":\"Point\",\"coordinates\":[116.3,39.9]}"
        for _ in 0..<40 { nested = "{\"type\":\"GeometryCollection\",\"geometries\":[\(nested)]}" }
        // A 10,000-vertex ring: a circle of radius 0.02° around (116.35, 39.92), closed.
        var ring: [String] = []
        for i in 0..<10_000 {
            let a = Double(i) / 10_000 * 2 * Double.pi
            ring.append(String(format: "[%.7f,%.7f]", 116.35 + 0.02 * cos(a), 39.92 + 0.02 * sin(a)))
        }
        ring.append(ring[0])
        // A bow-tie (self-intersecting) ring and a ring of three positions.
        return [
            Mutant("\(name): Polygon with no rings", text: collection("{\"type\":\"Polygon\",\"coordinates\":[]}")),
            Mutant("\(name): Polygon with an empty ring", text: collection("{\"type\":\"Polygon\",\"coordinates\":[[]]}")),
            Mutant("\(name): MultiPolygon of empty polygons", text: collection("{\"type\":\"MultiPolygon\",\"coordinates\":[[],[[]]]}")),
            Mutant("\(name): LineString with no positions", text: collection("{\"type\":\"LineString\",\"coordinates\":[]}")),
            Mutant("\(name): Point with an empty position", text: collection("{\"type\":\"Point\",\"coordinates\":[]}")),
            Mutant("\(name): empty GeometryCollection", text: collection("{\"type\":\"GeometryCollection\",\"geometries\":[]}")),
            Mutant("\(name): GeometryCollections nested 40 deep", text: collection(nested)),
            Mutant("\(name): 10,000-vertex ring", text: collection("{\"type\":\"Polygon\",\"coordinates\":[[\(ring.joined(separator: ","))]]}")),
            Mutant("\(name): bow-tie ring", text: collection("{\"type\":\"Polygon\",\"coordinates\":[[[116.3,39.9],[116.4,39.95],[116.4,39.9],[116.3,39.95],[116.3,39.9]]]}")),
            Mutant("\(name): ring of three positions", text: collection("{\"type\":\"Polygon\",\"coordinates\":[[[116.3,39.9],[116.4,39.95],[116.3,39.9]]]}")),
            Mutant("\(name): ring of four identical positions", text: collection("{\"type\":\"Polygon\",\"coordinates\":[[[116.3,39.9],[116.3,39.9],[116.3,39.9],[116.3,39.9]]]}")),
            Mutant("\(name): position out of range", text: collection("{\"type\":\"Polygon\",\"coordinates\":[[[116.3,39.9],[916.4,39.95],[116.4,99.9],[116.3,39.9]]]}")),
            Mutant("\(name): null geometry", text: collection("null")),
            Mutant("\(name): geometry of unknown type", text: collection("{\"type\":\"Circle\",\"coordinates\":[116.3,39.9]}")),
            Mutant("\(name): empty FeatureCollection", text: "{\"type\":\"FeatureCollection\",\"features\":[]}"),
            Mutant("\(name): features not an array", text: "{\"type\":\"FeatureCollection\",\"features\":{}}"),
            Mutant("\(name): a bare geometry", text: "{\"type\":\"Point\",\"coordinates\":[116.3,39.9]}"),
            Mutant("\(name): arrays nested 100,000 deep", text: String(repeating: "[", count: 100_000)),
            Mutant("\(name): empty", []),
            Mutant("\(name): properties not an object", text: collection("{\"type\":\"Point\",\"coordinates\":[116.3,39.9]}", properties: "[1,2]")),
        ]
    }

    @Test("GTFS zip: damaged members, missing members, one call per trip, damaged archive bytes")
    func gtfs() throws {
        var rng = MutationRandom.family(3)
        var mutants: [Mutant] = []
        for (index, member) in TinyArea.gtfs.enumerated() {
            let variants = InputMutator.lineMutants(member.text, count: 4, rng: &rng, name: member.name)
            for v in variants {
                var members = TinyArea.gtfs
                members[index].text = v.text
                mutants.append(Mutant("rail_gtfs.zip/\(v.label)", TinyArea.gtfsZip(members)))
            }
            var without = TinyArea.gtfs
            without.remove(at: index)
            mutants.append(Mutant("rail_gtfs.zip without \(member.name)", TinyArea.gtfsZip(without)))
        }
        func replacing(_ name: String, _ text: String, _ label: String) -> Mutant {
            Mutant("rail_gtfs.zip: \(label)", TinyArea.gtfsZip(TinyArea.gtfs.map { $0.name == name ? (name, text) : $0 }))
        }
        let header = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
        mutants += [
            replacing("stop_times.txt", header + "T1,08:00:00,08:00:00,S1,1\nT2,08:30:00,08:30:00,S3,1\nT3,10:00:00,10:00:00,S1,1\n", "stop_times with one row per trip"),
            replacing("stop_times.txt", header, "stop_times with no rows"),
            replacing("stop_times.txt", header + ",08:00:00,08:00:00,S1,1\nT1,08:10:00,08:10:00,S2,2\n", "first row with an empty trip_id"),
            replacing("stop_times.txt", header + "T1,99999999:00:00,99999999:00:00,S1,1\nT1,99999999:10:00,99999999:10:00,S2,2\n", "times of 99,999,999 hours"),
            replacing("stop_times.txt", header + "T1,08:00:00,08:00:00,S1,9223372036854775807\nT1,08:10:00,08:10:00,S2,-9223372036854775808\n", "extreme stop_sequence"),
            replacing("stop_times.txt", header + "T1,,,S1,1\nT1,,,S2,2\nT1,08:20:00,08:20:00,S3,3\n", "first call without times"),
            replacing("stop_times.txt", header + "T1,08:00:00,08:00:00,S1,1\nT1,,,S2,2\nT1,08:00:00,08:00:00,S1,3\n", "interpolation over zero time"),
            replacing("stops.txt", "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\nS1,A,39.9,116.3,0,S1\nS2,B,39.9,116.35,0,S3\nS3,C,39.95,116.41,1,S2\n", "parent cycle"),
            replacing("stops.txt", "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\nS1,A,1e308,1e308,0,\nS2,B,NaN,NaN,0,\nS3,C,-1e308,0,0,\n", "extreme coordinates"),
            replacing("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,1,0,0,99999999,00000000\nWE,9,9,9,9,9,9,9,20161301,20160230\n", "impossible dates"),
            replacing("transfers.txt", "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nS1,S2,2,-99999999999\nS2,S3,2,1e308\nS3,S1,2,NaN\n", "extreme transfer times"),
            Mutant("rail_gtfs.zip: frequencies with zero and negative headways", TinyArea.gtfsZip(TinyArea.gtfs + [("frequencies.txt",
                "trip_id,start_time,end_time,headway_secs\nT1,08:00:00,09:00:00,0\nT2,08:00:00,09:00:00,-60\nT3,10:00:00,99999999:00:00,1\n")])),
            Mutant("rail_gtfs.zip: duplicate trip ids", TinyArea.gtfsZip(TinyArea.gtfs.map { $0.name == "trips.txt"
                ? ($0.name, $0.text + "C1,WK,T1,C101\n") : $0 })),
            Mutant("rail_gtfs.zip: empty archive", StoredZip.make([])),
            Mutant("rail_gtfs.zip: members in a folder and a stray directory entry", StoredZip.make([("feed/", [])]
                + TinyArea.gtfs.map { ("feed/\($0.name)", Array($0.text.utf8)) } + [("other/stops.txt", Array("x\n".utf8))])),
        ]
        mutants += InputMutator.byteMutants(TinyArea.gtfsZip(), count: 14, rng: &rng, name: "rail_gtfs.zip")
        try Self.buildCases(file: "rail_gtfs.zip", mutants: mutants)
    }

    @Test("manifest: damaged numbers, bad service parameters, paths to folders, empty and non-UTF-8 files")
    func manifest() throws {
        var rng = MutationRandom.family(4)
        let text = TinyArea.manifestText()
        var mutants = InputMutator.jsonMutants(text, count: 12, rng: &rng, name: "tiny.json")
        mutants += InputMutator.byteMutants(Array(text.utf8), count: 7, rng: &rng, name: "tiny.json")
        func with(_ label: String, _ change: (inout [String: Any]) -> Void) -> Mutant {
            var object = TinyArea.manifestObject()
            change(&object)
            return Mutant("tiny.json: \(label)", text: TinyArea.manifestText(object))
        }
        func line(_ key: String, _ value: Any) -> Mutant {
            with("lines.\(key) = \(value)") { o in
                var lines = o["lines"] as! [[String: Any]]
                lines[0][key] = value
                o["lines"] = lines
            }
        }
        func parameter(_ key: String, _ value: Any) -> Mutant {
            with("parameters.\(key) = \(value)") { o in
                var p = o["parameters"] as! [String: Any]
                p[key] = value
                o["parameters"] = p
            }
        }
        let numbers: [Any] = [0, -1, 1e308, 1e-300, 99_999_999_999.0]
        for key in ["headway_min", "speed_kmh", "dwell_s"] { mutants += numbers.map { line(key, $0) } }
        mutants += ["99:99", "24:00", "-01:00", "", "7"].map { line("service_start", $0) }
        mutants.append(with("service_end before service_start") { o in
            var lines = o["lines"] as! [[String: Any]]
            lines[0]["service_start"] = "22:00"; lines[0]["service_end"] = "06:00"
            o["lines"] = lines
        })
        mutants += [line("crs", "EPSG:999999"), line("crs", "+proj=garbage"), line("tier", "hyperloop")]
        mutants.append(with("line_overrides with a zero headway") { o in
            var lines = o["lines"] as! [[String: Any]]
            lines[0]["line_overrides"] = ["L1": ["headway_min": 0, "speed_kmh": -3]]
            o["lines"] = lines
        })
        for (label, overrides) in [("line_overrides key matching no line", ["Line 9": ["headway_min": 5]]),
                                   ("line_overrides trip time shorter than the dwells", ["L1": ["trip_time_min": 1, "dwell_s": 3600]]),
                                   ("line_overrides trip time 1e308", ["L1": ["trip_time_min": 1e308]])] as [(String, [String: Any])] {
            mutants.append(with(label) { o in
                var lines = o["lines"] as! [[String: Any]]
                lines[0]["line_overrides"] = overrides
                o["lines"] = lines
            })
        }
        mutants += [line("trip_time_min", 20), with("tier_overrides key matching no route") { o in o["tier_overrides"] = ["L9": "suburban"] }]
        for key in ["walk_speed_mps", "detour_factor", "hub_radius_m", "max_transfer_walk_m"] {
            mutants += numbers.map { parameter(key, $0) }
        }
        mutants += [parameter("hub_transfers", ["Nowhere": ["rail_rail": 5]]),
                    parameter("hub_transfers", ["Alpha Rail": ["rail_metro": 1e308]]),
                    parameter("hub_transfers", ["Alpha Rail": ["rail_metros": 5]]),
                    parameter("hub_transfers", 5)]
        mutants += [
            with("roads snap_tolerance_m = 1e308") { o in o["roads"] = [["name": "roads", "path": "roads.geojson", "snap_tolerance_m": 1e308]] },
            with("roads default speed 1e-300") { o in o["roads"] = [["name": "roads", "path": "roads.geojson", "default_speeds_kmh": ["primary": 1e-300]]] },
            with("roads capacity 1e308") { o in o["roads"] = [["name": "roads", "path": "roads.geojson", "capacity_per_lane": ["primary": 1e308]]] },
            with("local_crs garbage") { o in o["local_crs"] = "EPSG:0" },
            with("service_date 2016-02-30") { o in o["service_date"] = "2016-02-30" },
            with("service_date 99999-01-01") { o in o["service_date"] = "99999-01-01" },
            with("tier_overrides to an unknown tier") { o in o["tier_overrides"] = ["C1": "teleport"] },
            Mutant("tiny.json: empty", []),
            Mutant("tiny.json: non-UTF-8", [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00]),
            Mutant("tiny.json: a JSON array", text: "[]"),
            Mutant("tiny.json: JSON null", text: "null"),
        ]
        try Self.buildCases(file: "tiny.json", mutants: mutants)

        // Inputs that are folders, or missing.
        for key in ["districts", "gtfs", "lines", "osm", "roads"] {
            for (kind, setUp) in [("a folder", true), ("missing", false)] {
                let area = try TinyArea()
                defer { area.cleanUp() }
                let target = area.directory.file("input_\(key)")
                if setUp { try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true) }
                var object = TinyArea.manifestObject()
                switch key {
                case "districts": var d = object[key] as! [String: Any]; d["path"] = target.path; object[key] = d
                default: var list = object[key] as! [[String: Any]]; list[0]["path"] = target.path; object[key] = list
                }
                try Data(TinyArea.manifestText(object).utf8).write(to: URL(fileURLWithPath: area.manifest))
                let out = area.directory.file("out.mcnet")
                try RobustnessCheck.runAll([RobustnessCase(label: "build, \(key) path is \(kind)",
                                                           arguments: ["build", area.manifest, "-o", out.path],
                                                           names: ["input_\(key)"], outputs: [out])], in: area.url)
            }
        }
        // The manifest itself a folder; the output a folder.
        let area = try TinyArea()
        defer { area.cleanUp() }
        try FileManager.default.createDirectory(at: area.directory.file("m.json"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: area.directory.file("out.mcnet"), withIntermediateDirectories: true)
        try RobustnessCheck.runAll([
            RobustnessCase(label: "build, manifest is a folder", arguments: ["build", area.directory.file("m.json").path, "-o", area.directory.file("o.mcnet").path],
                           names: ["m.json"], outputs: [area.directory.file("o.mcnet")]),
            RobustnessCase(label: "build, output is a folder", arguments: ["build", area.manifest, "-o", area.directory.file("out.mcnet").path],
                           names: ["out.mcnet"], outputs: []),
        ], in: area.url)
    }

    @Test("road layer and OSM PBF: damaged numbers, geometries, bytes and a never-ending varint")
    func roadsAndOSM() throws {
        var rng = MutationRandom.family(5)
        var roads = InputMutator.jsonMutants(TinyArea.roadsGeoJSON, count: 10, rng: &rng, name: "roads.geojson")
        roads += InputMutator.byteMutants(Array(TinyArea.roadsGeoJSON.utf8), count: 7, rng: &rng, name: "roads.geojson")
        roads += Self.geometryMutants(name: "roads.geojson").prefix(8)
        for (key, value) in [("speed_ab", "0"), ("speed_ab", "-50"), ("speed_ab", "1e308"), ("lanes", "1e308"), ("lanes", "-3"),
                             ("direction", "99999999999"), ("speed_ab", "1e-300"), ("lanes", "0")] {
            roads.append(Mutant("roads.geojson: \(key) \(value)", text: TinyArea.roadsGeoJSON
                .replacingOccurrences(of: "\"speed_ab\":50,\"lanes\":2", with: "\"speed_ab\":50,\"lanes\":2,\"\(key)\":\(value)")
                .replacingOccurrences(of: "\"\(key)\":50,", with: "")))
        }
        roads.append(Mutant("roads.geojson: a zero-length link", text: TinyArea.roadsGeoJSON.replacingOccurrences(
            of: "[[116.30,39.901],[116.35,39.901]]", with: "[[116.30,39.901],[116.30,39.901]]")))
        try Self.buildCases(file: "roads.geojson", mutants: roads)

        var pbf = InputMutator.byteMutants(TinyPBF.streets(), count: 14, rng: &rng, name: "streets.osm.pbf")
        for offset in [0, 8, 16, 24, 32] { pbf.append(Mutant("streets.osm.pbf: never-ending varint at data offset \(offset)", TinyPBF.corruptVarint(at: offset))) }
        pbf.append(Mutant("streets.osm.pbf: header length 0xFFFFFFFF", [0xFF, 0xFF, 0xFF, 0xFF] + Array(TinyPBF.streets().dropFirst(4))))
        pbf.append(Mutant("streets.osm.pbf: empty", []))
        pbf.append(Mutant("streets.osm.pbf: a node at latitude 95°", TinyPBF.streets(firstLatitude: 950_000_000)))
        pbf.append(Mutant("streets.osm.pbf: a node at latitude 300°", TinyPBF.streets(firstLatitude: 3_000_000_000)))
        try Self.buildCases(file: "streets.osm.pbf", mutants: pbf)
    }

    @Test("convert: damaged CSV and GeoJSON, to GCJ-02 and to a projected CRS")
    func convert() throws {
        var rng = MutationRandom.family(6)
        var csv = InputMutator.lineMutants(TinyArea.linesCSV, count: 8, rng: &rng, name: "lines.csv")
        csv += InputMutator.columnMutants(TinyArea.linesCSV, column: "lon", row: 1, name: "lines.csv",
                                          values: ["1e308", "NaN", "-Infinity", "99999999999", ""])
        csv += InputMutator.byteMutants(Array(TinyArea.linesCSV.utf8), count: 6, rng: &rng, name: "lines.csv")
        var geo = InputMutator.jsonMutants(TinyArea.districtsGeoJSON, count: 8, rng: &rng, name: "districts.geojson")
        geo += Self.geometryMutants(name: "districts.geojson")
        geo += InputMutator.byteMutants(Array(TinyArea.districtsGeoJSON.utf8), count: 6, rng: &rng, name: "districts.geojson")
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        var cases: [RobustnessCase] = []
        for (index, m) in (csv + geo).enumerated() {
            let isCSV = m.label.hasPrefix("lines.csv")
            let input = dir.file("in\(index).\(isCSV ? "csv" : "geojson")")
            try Data(m.bytes).write(to: input)
            let target = index % 2 == 0 ? "gcj02" : "EPSG:4548"
            let out = dir.file("out\(index).\(isCSV ? "csv" : "geojson")")
            cases.append(RobustnessCase(label: "convert to \(target), \(m.label)",
                                        arguments: ["convert", "--src-crs", "wgs84", "--dst-crs", target, input.path, "-o", out.path],
                                        names: [input.lastPathComponent], outputs: [out], inputs: [input]))
        }
        try RobustnessCheck.runAll(cases, in: dir.url)
    }

    @Test("preview: damaged GeoJSON layers, empty and huge geometries, odd options")
    func preview() throws {
        var rng = MutationRandom.family(7)
        var geo = InputMutator.jsonMutants(TinyArea.districtsGeoJSON, count: 12, rng: &rng, name: "districts.geojson")
        geo += Self.geometryMutants(name: "districts.geojson")
        geo += InputMutator.byteMutants(Array(TinyArea.districtsGeoJSON.utf8), count: 6, rng: &rng, name: "districts.geojson")
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        var cases: [RobustnessCase] = []
        for (index, m) in geo.enumerated() {
            let input = dir.file("layer\(index).geojson")
            try Data(m.bytes).write(to: input)
            let out = dir.file("map\(index).html")
            cases.append(RobustnessCase(label: "preview, \(m.label)", arguments: ["preview", "-q", input.path, "-o", out.path],
                                        names: [input.lastPathComponent], outputs: [out]))
        }
        let good = dir.file("good.geojson")
        try Data(TinyArea.districtsGeoJSON.utf8).write(to: good)
        for (option, value) in [("--width", "0"), ("--width", "99999999999"), ("--extent", "1e308,1e308,-1e308,-1e308"),
                                ("--extent", "NaN,NaN,NaN,NaN"), ("--extent", "116.3,39.9,116.3,39.9"), ("--extent", "0,0,0.0000001,0.0000001"),
                                ("--kinds", ""), ("--title", String(repeating: "<script>", count: 1000))] {
            let out = dir.file("opt\(cases.count).html")
            cases.append(RobustnessCase(label: "preview \(option) \(value.prefix(40))", arguments: ["preview", "-q", good.path, option, value, "-o", out.path],
                                        names: [option, "good.geojson"], outputs: [out]))
        }
        // --network: a missing file, a GeoJSON file, a truncated network, a bad window with a good one.
        let (_, network) = try Self.builtNetwork()
        let truncated = dir.file("truncated.mcnet")
        try Data(try Data(contentsOf: URL(fileURLWithPath: network)).prefix(200)).write(to: truncated)
        for (arguments, names) in [(["--network", dir.file("absent.mcnet").path], ["absent.mcnet"]), (["--network", good.path], ["good.geojson"]),
                                   (["--network", truncated.path], ["truncated.mcnet"]), (["--network", network, "--window", "0"], ["--window"]),
                                   (["--network", network, "--depart", "25:99"], ["--depart"])] {
            let out = dir.file("net\(cases.count).html")
            cases.append(RobustnessCase(label: "preview \(arguments.joined(separator: " "))", arguments: ["preview", "-q", good.path] + arguments + ["-o", out.path],
                                        names: names, outputs: [out]))
        }
        try RobustnessCheck.runAll(cases, in: dir.url)
    }

    /// The tiny network, built once per test that needs it.
    static func builtNetwork() throws -> (area: TinyArea, network: String) {
        let area = try TinyArea()
        let out = area.directory.file("tiny.mcnet")
        let run = try CLIRunner.run(["build", "-q", area.manifest, "-o", out.path])
        try #require(run.status == 0, "the tiny area must build: \(run.stderr)")
        return (area, out.path)
    }

    /// One case per option value for `command` on the tiny network.
    static func optionCases(_ command: [String], network: String, in dir: URL, output ext: String,
                            options: [(String, [String])]) -> [RobustnessCase] {
        var cases: [RobustnessCase] = []
        for (option, values) in options {
            for value in values {
                let out = dir.appendingPathComponent("\(command[0])-\(UUID().uuidString).\(ext)")
                var arguments = [command[0], network] + command.dropFirst() + ["-o", out.path, "-q"]
                if !option.isEmpty { arguments += [option, value] }
                cases.append(RobustnessCase(label: "\(command.joined(separator: " ")) \(option) \(value)", arguments: arguments,
                                            names: option.isEmpty ? [value] : [option, value, "tiny.mcnet"], outputs: [out]))
            }
        }
        return cases
    }

    static let oddNumbers = ["0", "-1", "1e308", "NaN", "inf", "1e-300"]

    @Test("traveltime: odd times, windows, percentiles, radii and places")
    func travelTime() throws {
        let (area, network) = try Self.builtNetwork()
        defer { area.cleanUp() }
        let cases = Self.optionCases(["traveltime", "--from", "Alpha", "--to", "Delta"], network: network, in: area.url, output: "csv", options: [
            ("--depart", ["47:59", "00:00", "48:00", "23:59:59", "-1:00", "8:5", "99999999999:00", "", "24:00:60"]),
            ("--window", ["0", "1", "1440", "100000", "-1", "99999999999"]),
            ("--percentile", ["0", "100", "0,100", "NaN", "1e308", "50,50", "1,2,3,4,5,6", ""]),
            ("--walk-radius", Self.oddNumbers), ("--max-rides", ["0", "-1", "99999999999"]), ("--board-slack", ["0", "-1", "99999999999"]),
            ("--mode", ["drive", "walk", "teleport"]),
        ]) + Self.optionCases(["traveltime", "--to", "Delta"], network: network, in: area.url, output: "csv", options: [
            ("--from", ["999,999", "NaN,NaN", "1e308,1e308", "0,0", "116.3,39.9", "nowhere", "", "station:", "district:",
                        "point:1,2,3", String(repeating: "北", count: 10_000), area.directory.file("none.csv").path]),
        ]) + Self.optionCases(["traveltime", "--to", "Delta", "--mode", "drive"], network: network, in: area.url, output: "csv", options: [
            ("--from", ["0,0", "116.3,39.9", "-180,-90", "180,90"]),
        ])
        try RobustnessCheck.runAll(cases, in: area.url)
    }

    @Test("isochrone: cells of 1 m and 1e9 m, odd windows, cutoffs, percentiles and radii")
    func isochrone() throws {
        let (area, network) = try Self.builtNetwork()
        defer { area.cleanUp() }
        let cases = Self.optionCases(["isochrone", "--from", "Alpha", "--cutoffs", "10,30"], network: network, in: area.url, output: "geojson", options: [
            ("--cell", ["1", "10", "1e9", "NaN", "inf", "-200"]),
            ("--window", ["0", "1", "100000"]),
            ("--percentile", ["0", "100", "NaN", "-1"]),
            ("--access-radius", Self.oddNumbers),
            ("--depart", ["47:59", "00:00"]),
            ("--crs", ["EPSG:0", "+proj=longlat", "EPSG:4326", "garbage"]),
            ("--mode", ["drive", "walk"]),
        ]) + Self.optionCases(["isochrone", "--from", "Alpha"], network: network, in: area.url, output: "geojson", options: [
            ("--cutoffs", ["0", "1440", "1,1", "99999999999", "NaN", "", "5,", "1441"]),
        ]) + Self.optionCases(["isochrone", "--cutoffs", "10"], network: network, in: area.url, output: "geojson", options: [
            ("--from", ["0,0", "179.999,89.999", "-180,-90", "116.3,39.9"]),
        ])
        try RobustnessCheck.runAll(cases, in: area.url)
    }

    @Test("rings, bottlenecks, gaps and roads: zero budgets and trips, extreme thresholds")
    func analyses() throws {
        let (area, network) = try Self.builtNetwork()
        defer { area.cleanUp() }
        let od = area.directory.file("od.csv")
        try Data("origin,destination,trips\nWest,East,100\nEast,West,50\n".utf8).write(to: od)
        var cases = Self.optionCases(["rings", "--core", "Alpha", "--window", "10"], network: network, in: area.url, output: "geojson", options: [
            ("--budget", ["0", "0.001", "1e308", "NaN", "1440", "-5"]),
            ("--points", ["1", "100", "0"]), ("--station-points", ["0", "100"]),
            ("--access-radius", ["0", "1e308", "inf"]),
            ("--window", ["1", "0"]), ("--crs", ["EPSG:0"]), ("--mode", ["drive", "walk"]),
        ])
        cases += Self.optionCases(["rings", "--window", "10"], network: network, in: area.url, output: "geojson", options: [
            ("--core", ["0,0", "nowhere", "West", "116.3,39.9"]),
        ])
        cases += Self.optionCases(["bottlenecks", "--gravity", "--window", "10"], network: network, in: area.url, output: "geojson", options: [
            ("--commuters", Self.oddNumbers), ("--beta", Self.oddNumbers), ("--gamma", ["0", "-1", "1e308", "NaN"]),
            ("--commute-rate", ["0", "2", "NaN", "-1"]), ("--top", ["0", "99999999999", "-1"]),
            ("--capacity", ["metro=0", "metro=-1", "metro=NaN", "metro=1e308", "metro=", "=5"]),
            ("--deterrence", ["power"]), ("--window", ["1", "0", "1440"]),
        ])
        cases += Self.optionCases(["bottlenecks", "--gravity", "--deterrence", "power", "--window", "10"], network: network, in: area.url,
                                  output: "geojson", options: [("--gamma", ["0", "1e308", "1e-300"])])
        var rng = MutationRandom.family(8)
        var odMutants = InputMutator.lineMutants("origin,destination,trips\nWest,East,100\nEast,West,50\nWest,West,10\n", count: 12, rng: &rng, name: "od.csv")
        odMutants += InputMutator.columnMutants("origin,destination,trips\nWest,East,100\nEast,West,50\n", column: "trips", name: "od.csv",
                                                values: ["0", "-1", "1e308", "NaN", "Infinity", "99999999999"])
        for m in odMutants {
            let file = area.directory.file("od\(cases.count).csv")
            try Data(m.bytes).write(to: file)
            let out = area.directory.file("b\(cases.count).geojson")
            cases.append(RobustnessCase(label: "bottlenecks --od, \(m.label)",
                                        arguments: ["bottlenecks", network, "--od", file.path, "--window", "10", "-q", "-o", out.path],
                                        names: [file.lastPathComponent], outputs: [out]))
        }
        cases += Self.optionCases(["gaps"], network: network, in: area.url, output: "geojson", options: [
            ("--hub-radius", Self.oddNumbers), ("--zero-distance-min", Self.oddNumbers), ("--acceptable-min", Self.oddNumbers),
            ("--last-mile-radius", Self.oddNumbers), ("--metro-city-min-stations", ["0", "-1", "99999999999"]),
            ("--missing-link-radius", Self.oddNumbers), ("--coverage-radius", Self.oddNumbers),
        ])
        cases += Self.optionCases(["roads"], network: network, in: area.url, output: "geojson", options: [
            ("--max-gap-m", Self.oddNumbers), ("--edge-margin-m", Self.oddNumbers), ("--detour-factor", Self.oddNumbers),
            ("--min-class", ["motorway", "service", "nonsense"]),
        ])
        try RobustnessCheck.runAll(cases, in: area.url)
    }

    @Test("inspect and traveltime on damaged network files")
    func networkFiles() throws {
        let (area, network) = try Self.builtNetwork()
        defer { area.cleanUp() }
        var rng = MutationRandom.family(9)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: network)))
        var mutants = InputMutator.byteMutants(bytes, count: 14, rng: &rng, name: "tiny.mcnet")
        mutants += [Mutant("tiny.mcnet: empty", []), Mutant("tiny.mcnet: the header only", Array(bytes.prefix(32)))]
        var cases: [RobustnessCase] = []
        for (index, m) in mutants.enumerated() {
            let file = area.directory.file("damaged\(index).mcnet")
            try Data(m.bytes).write(to: file)
            let out = area.directory.file("tt\(index).csv")
            cases.append(RobustnessCase(label: "inspect, \(m.label)", arguments: ["inspect", file.path],
                                        names: [file.lastPathComponent], outputs: []))
            cases.append(RobustnessCase(label: "traveltime, \(m.label)", arguments: ["traveltime", file.path, "--from", "Alpha", "--to", "Delta", "-o", out.path],
                                        names: [file.lastPathComponent], outputs: [out]))
        }
        cases.append(RobustnessCase(label: "inspect a folder", arguments: ["inspect", area.url.path], names: [area.url.lastPathComponent], outputs: []))
        try RobustnessCheck.runAll(cases, in: area.url)
    }
}
