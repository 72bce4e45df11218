import ArgumentParser
import Foundation
@testable import MetroCommuteCommands
import TestSupport
import Testing

/// The shared option groups parsed in process: one range and one message per option in every command, the renamed
/// options' hidden aliases, places with negative longitudes, modes and the unknown-command suggestion.
@Suite("CLI vocabulary, in process", .tags(.cli))
struct CLIVocabularyParsingTests {
    /// The least each analysis needs to parse (the files are not opened by parsing).
    static let base: [String: [String]] = [
        "traveltime": ["traveltime", "n.mcnet", "--from", "a", "--to", "b"],
        "isochrone": ["isochrone", "n.mcnet", "--from", "a", "-o", "out.geojson"],
        "rings": ["rings", "n.mcnet", "--core", "a", "-o", "out.geojson"],
        "bottlenecks": ["bottlenecks", "n.mcnet", "--gravity", "-o", "out.geojson"],
    ]

    /// The error message ArgumentParser prints for `arguments`, or nil when they parse.
    static func error(_ arguments: [String]) -> String? {
        do {
            _ = try MetroCommute.parseAsRoot(arguments)
            return nil
        } catch {
            return MetroCommute.message(for: error)
        }
    }

    static func parse<Command: ParsableCommand>(_ arguments: [String], as type: Command.Type) throws -> Command {
        try #require(try MetroCommute.parseAsRoot(arguments) as? Command)
    }

    @Test("an out-of-range shared option is refused by every command that has it, naming the option and its range",
          arguments: [
            (["traveltime", "isochrone", "rings", "bottlenecks"], ["--max-rides", "21"], "--max-rides: 21 is not within 0…20"),
            (["traveltime", "isochrone", "rings", "bottlenecks"], ["--window", "0"], "--window: 0 is not within 1…1440 minutes"),
            (["traveltime", "isochrone", "rings", "bottlenecks"], ["--window", "1441"], "--window: 1441 is not within 1…1440 minutes"),
            (["traveltime", "isochrone", "rings", "bottlenecks"], ["--depart", "48:00"], "--depart: \"48:00\" is not a time of day"),
            (["rings", "bottlenecks"], ["--threads", "0"], "--threads: 0 is not within 1…256"),
            (["rings", "bottlenecks"], ["--threads", "257"], "--threads: 257 is not within 1…256"),
            (["traveltime", "isochrone"], ["--percentile", "101"], "--percentile: \"101\" is not a percentile between 0 and 100"),
            (["traveltime", "isochrone"], ["--percentile", "1,2,3,4,5,6"], "--percentile: give 1 to 5 percentiles"),
          ])
    func rangeErrorNamesTheOption(commands: [String], option: [String], message: String) throws {
        for command in commands {
            let error = try #require(Self.error(Self.base[command]! + option), "\(command) accepted \(option)")
            #expect(error.hasPrefix(message), "\(command): \(error)")
        }
    }

    @Test("the ends of each shared range are accepted by every command that has the option")
    func rangeEndsAreAccepted() {
        for command in ["traveltime", "isochrone", "rings", "bottlenecks"] {
            for option in [["--max-rides", "0"], ["--max-rides", "20"], ["--window", "1"], ["--window", "1440"], ["--depart", "47:59"]] {
                #expect(Self.error(Self.base[command]! + option) == nil, "\(command) \(option)")
            }
        }
        for command in ["rings", "bottlenecks"] {
            #expect(Self.error(Self.base[command]! + ["--threads", "1"]) == nil)
            #expect(Self.error(Self.base[command]! + ["--threads", "256"]) == nil)
        }
    }

    @Test("--percentile takes one value or a comma list in traveltime and isochrone")
    func percentileList() throws {
        let travel = try Self.parse(Self.base["traveltime"]! + ["--percentile", "5,50,95"], as: TravelTime.self)
        #expect(travel.percentiles.values == [5, 50, 95])
        #expect(try Self.parse(Self.base["traveltime"]! + ["--percentile", "90"], as: TravelTime.self).percentiles.values == [90])
        #expect(try Self.parse(Self.base["traveltime"]!, as: TravelTime.self).percentiles.values == [50])
        let iso = try Self.parse(Self.base["isochrone"]! + ["--percentile", "95,5,50"], as: Isochrone.self)
        #expect(iso.percentileValues == [5, 50, 95])
        // Driving does not vary by minute: one ring set is enough.
        let drive = try Self.parse(Self.base["isochrone"]! + ["--percentile", "5,50,95", "--mode", "drive"], as: Isochrone.self)
        #expect(drive.percentileValues == [5])
        #expect(Self.error(Self.base["isochrone"]! + ["--percentile", "10,90", "--raster", "g.asc"])?.contains("--raster needs one --percentile") == true)
    }

    @Test("renamed options still work under their old names and cannot be given twice")
    func renamedAliases() throws {
        let rings = try Self.parse(Self.base["rings"]! + ["--workers", "3", "-q"], as: Rings.self)
        #expect(rings.ring.threads.count == 3)
        let travel = try Self.parse(Self.base["traveltime"]! + ["--percentiles", "5,95", "-q"], as: TravelTime.self)
        #expect(travel.percentiles.values == [5, 95])
        let convert = try Self.parse(["convert", "--from", "gcj02", "--to", "wgs84", "--format", "CSV", "in.txt", "-o", "out.csv", "-q"],
                                     as: Convert.self)
        #expect(convert.srcCrs == "gcj02" && convert.dstCrs == "wgs84" && convert.inputFormat == .csv)
        let renamed = try Self.parse(["convert", "--src-crs", "gcj02", "--dst-crs", "wgs84", "--input-format", "geojson", "in.txt", "-o", "-"],
                                     as: Convert.self)
        #expect(renamed.srcCrs == "gcj02" && renamed.dstCrs == "wgs84" && renamed.inputFormat == .geojson)
        #expect(Self.error(Self.base["rings"]! + ["--workers", "3", "--threads", "2", "-q"])?.contains("give only --threads") == true)
        #expect(Self.error(Self.base["traveltime"]! + ["--percentiles", "5", "--percentile", "50", "-q"])?.contains("give only --percentile") == true)
        #expect(Self.error(["convert", "--from", "gcj02", "--src-crs", "wgs84", "--dst-crs", "wgs84", "in.csv", "-o", "-", "-q"])?
            .contains("give only --src-crs") == true)
        #expect(Self.error(["convert", "--dst-crs", "wgs84", "in.csv", "-o", "-"])?.contains("--src-crs") == true)
    }

    @Test("a place may start with a minus sign: --from, --to and --core take a negative longitude")
    func negativeLongitudes() throws {
        let travel = try Self.parse(["traveltime", "n.mcnet", "--from", "-73.98,40.75", "--to", "-0.1276,51.5072", "--to", "b"],
                                    as: TravelTime.self)
        #expect(travel.origins == ["-73.98,40.75"])
        #expect(travel.destinations == ["-0.1276,51.5072", "b"])
        let iso = try Self.parse(["isochrone", "n.mcnet", "--from", "-73.98,40.75", "-o", "-"], as: Isochrone.self)
        #expect(iso.origins == ["-73.98,40.75"])
        let rings = try Self.parse(["rings", "n.mcnet", "--core", "-73.98,40.75", "-o", "-"], as: Rings.self)
        #expect(rings.ring.core == "-73.98,40.75")
        let equals = try Self.parse(["rings", "n.mcnet", "--core=-73.98,40.75", "-o", "-"], as: Rings.self)
        #expect(equals.ring.core == "-73.98,40.75")
    }

    @Test("modes are parsed into TravelMode, and a wrong one names --mode")
    func modes() throws {
        #expect(try Self.parse(Self.base["rings"]! + ["--mode", "drive"], as: Rings.self).ring.travelMode.mode == .drive)
        #expect(try Self.parse(Self.base["traveltime"]! + ["--mode", "walk"], as: TravelTime.self).travelMode.mode == .walk)
        #expect(try Self.parse(Self.base["isochrone"]!, as: Isochrone.self).travelMode.mode == .transit)
        #expect(try Self.parse(Self.base["isochrone"]! + ["--combine", "min"], as: Isochrone.self).combine == .minimum)
        let error = try #require(Self.error(Self.base["traveltime"]! + ["--mode", "bike"]))
        #expect(error.contains("--mode") && error.contains("'transit', 'drive' or 'walk'"), "\(error)")
    }

    @Test("commands that must write a file refuse to run without -o")
    func outputRequired() {
        for command in ["isochrone", "rings", "bottlenecks"] {
            let arguments = Self.base[command]!.filter { $0 != "-o" && $0 != "out.geojson" }
            #expect(Self.error(arguments)?.contains("missing -o/--output") == true, "\(command)")
        }
        #expect(Self.error(["traveltime", "n.mcnet", "--from", "a", "--to", "b"]) == nil)
        #expect(Self.error(["inspect", "n.mcnet"]) == nil)
    }

    @Test("an unknown command gets the closest one suggested, or the list of commands")
    func unknownCommand() {
        #expect(MetroCommute.unknownCommandMessage(["isocrone", "x.mcnet"]) == "unknown command 'isocrone'; did you mean 'isochrone'?")
        #expect(MetroCommute.unknownCommandMessage(["bottleneck"]) == "unknown command 'bottleneck'; did you mean 'bottlenecks'?")
        #expect(MetroCommute.unknownCommandMessage(["ring"]) == "unknown command 'ring'; did you mean 'rings'?")
        #expect(MetroCommute.unknownCommandMessage(["Travel-Time"]) == "unknown command 'Travel-Time'; did you mean 'traveltime'?")
        #expect(MetroCommute.unknownCommandMessage(["map"]) ==
                "unknown command 'map'; commands: build, inspect, export, traveltime, isochrone, rings, surface, gaps, bottlenecks, corridors, compare, roads, convert, preview, serve")
        for fine in [["isochrone"], ["help", "rings"], ["--version"], ["-h"], []] {
            #expect(MetroCommute.unknownCommandMessage(fine) == nil, "\(fine)")
        }
        #expect(MetroCommute.editDistance("kitten", "sitting") == 3)
        #expect(MetroCommute.editDistance("", "abc") == 3)
        #expect(MetroCommute.editDistance("gaps", "gaps") == 0)
    }
}

/// The same vocabulary through the built binary, on a small area west of Greenwich (negative longitudes).
@Suite("CLI vocabulary, the binary", .tags(.cli), .enabled(if: CLIRunner.isAvailable, "metrocommute binary not built (run swift build --build-tests)"))
struct CLIVocabularyBinaryTests {
    /// One metro line at 116.30–116.40 W and two districts, built into `west.mcnet`.
    static func westArea() throws -> (dir: TemporaryDirectory, network: String) {
        let dir = try TemporaryDirectory()
        try Data("""
            line_id,line_name,seq,station_id,station_name,lon,lat
            L1,Line 1,1,A,Alpha,-116.30,39.90
            L1,Line 1,2,B,Beta,-116.35,39.90
            L1,Line 1,3,C,Gamma,-116.40,39.90

            """.utf8).write(to: dir.file("lines.csv"))
        try Data("""
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"West","pop":100000},"geometry":{"type":"Polygon","coordinates":[[[-116.42,39.88],[-116.36,39.88],[-116.36,39.97],[-116.42,39.97],[-116.42,39.88]]]}},
            {"type":"Feature","properties":{"name":"East","pop":50000},"geometry":{"type":"Polygon","coordinates":[[[-116.36,39.88],[-116.28,39.88],[-116.28,39.97],[-116.36,39.97],[-116.36,39.88]]]}}
            ]}
            """.utf8).write(to: dir.file("districts.geojson"))
        try Data("""
            {"area": "west", "service_date": "2016-03-10",
             "districts": {"path": "districts.geojson", "name_property": "name", "population_property": "pop"},
             "lines": [{"name": "metro", "path": "lines.csv", "tier": "metro", "headway_min": 6, "speed_kmh": 35,
                        "dwell_s": 30, "service_start": "06:00", "service_end": "22:00"}]}
            """.utf8).write(to: dir.file("west.json"))
        let network = dir.file("west.mcnet").path
        let build = try CLIRunner.run(["build", dir.file("west.json").path, "-o", network, "-q"])
        try #require(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.isEmpty, "-q: \(build.stderr)")
        return (dir, network)
    }

    @Test("--version prints 0.2.0")
    func version() throws {
        let run = try CLIRunner.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "0.2.0")
    }

    @Test("a mistyped command: one error line with the suggestion, exit status 64")
    func mistypedCommand() throws {
        let run = try CLIRunner.run(["isocrone", "jingjinji.mcnet", "--from", "北京南"])
        #expect(run.status == 64)
        #expect(run.stderr == "Error: unknown command 'isocrone'; did you mean 'isochrone'?\n")
        #expect(run.stdout.isEmpty)
    }

    @Test("every command's --help shows its shared option groups, and no renamed option",
          arguments: [
            ("build", ["OUTPUT"]), ("inspect", ["OUTPUT"]), ("convert", ["OUTPUT"]), ("preview", ["OUTPUT"]),
            ("gaps", ["OUTPUT", "OUTPUT FORMAT"]), ("roads", ["OUTPUT", "OUTPUT FORMAT"]), ("export", ["DEPARTURES", "OUTPUT", "OUTPUT FORMAT"]),
            ("traveltime", ["MODE", "DEPARTURES", "PERCENTILES", "ROUTING", "OUTPUT"]),
            ("isochrone", ["MODE", "GRID", "DEPARTURES", "PERCENTILES", "ROUTING", "OUTPUT", "OUTPUT FORMAT"]),
            ("rings", ["MODE", "GRID", "DEPARTURES", "ROUTING", "THREADS", "OUTPUT", "OUTPUT FORMAT"]),
            ("bottlenecks", ["DEPARTURES", "ROUTING", "THREADS", "OUTPUT", "OUTPUT FORMAT"]),
          ])
    func helpShowsGroups(command: String, groups: [String]) throws {
        let run = try CLIRunner.run([command, "--help"])
        #expect(run.status == 0)
        let help = run.stdoutText
        for group in groups { #expect(help.contains("\n\(group)"), "\(command) --help lacks \(group)") }
        #expect(help.contains("-o, --output <output>") && help.contains("-q, --quiet"), "\(command)")
        let options: [String: [String]] = [
            "DEPARTURES": ["--depart <depart>", "--window <window>"], "PERCENTILES": ["--percentile <p[,p…]>"],
            "ROUTING": ["--max-rides <max-rides>", "0…20"], "THREADS": ["--threads <threads>", "1…256"],
            "OUTPUT FORMAT": ["-f, --output-format <output-format>", "--output-crs <crs>", "--split-kinds", "--styles"],
        ]
        for group in groups { for option in options[group] ?? [] { #expect(help.contains(option), "\(command): \(option)") } }
        for old in ["--workers", "--percentiles", "--format <"] + (command == "convert" ? ["--from <from>", "--to <to>"] : []) {
            #expect(!help.contains(old), "\(command) --help shows \(old)")
        }
        #expect(help.contains("Example"), "\(command) --help has no examples")
    }

    @Test("traveltime and rings on places west of Greenwich; --percentile 5,50,95; -q silences standard error")
    func negativeLongitudesAndQuiet() throws {
        let (dir, network) = try Self.westArea()
        defer { dir.cleanUp() }
        let quiet = try CLIRunner.run(["traveltime", network, "--from", "-116.30,39.90", "--to=-116.40,39.90", "--percentile", "5,50,95", "-q"])
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(quiet.stderr.isEmpty, "-q: \(quiet.stderr)")
        let lines = CSVOutput.table(quiet.stdoutText).split(separator: "\n")
        #expect(lines.first == "from_id,to_id,min,p5,p50,p95")
        let values = try #require(lines.dropFirst().first).split(separator: ",").suffix(4).compactMap { Double($0) }
        // 10 km at 35 km/h with two 30 s dwells plus the walks: more than 17 min, less than an hour.
        #expect(values.count == 4 && values.allSatisfy { $0 > 17 && $0 < 60 } && values == values.sorted(), "\(lines)")
        let loud = try CLIRunner.run(["traveltime", network, "--from", "-116.30,39.90", "--to", "-116.40,39.90"])
        #expect(loud.status == 0)
        #expect(loud.stderr.contains("traveltime: 1 origins × 1 destinations"), "\(loud.stderr)")

        let rings = dir.file("rings.geojson")
        let run = try CLIRunner.run(["rings", network, "--core", "-116.30,39.90", "--window", "10", "-o", rings.path, "-q"])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: rings.path))
    }

    @Test("isochrone --percentile 10,90: a ring set for each percentile, in ascending order")
    func isochronePercentiles() throws {
        let (dir, network) = try Self.westArea()
        defer { dir.cleanUp() }
        let out = dir.file("iso.geojson")
        let run = try CLIRunner.run(["isochrone", network, "--from", "-116.30,39.90", "--cutoffs", "10,20", "--percentile", "90,10",
                                     "-o", out.path, "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any]
        let features = try #require(object?["features"] as? [[String: Any]])
        let pairs = features.compactMap { f -> String? in
            guard let p = f["properties"] as? [String: Any], let pc = p["percentile"] as? Double, let c = p["cutoff_min"] as? Double else { return nil }
            return "p\(Int(pc))/\(Int(c))"
        }
        #expect(pairs == ["p10/10", "p10/20", "p90/10", "p90/20"])
    }

    @Test("renamed options work with one warning line each, none under -q")
    func renamedOptionsWarn() throws {
        let (dir, network) = try Self.westArea()
        defer { dir.cleanUp() }
        let old = dir.file("old.geojson"), new = dir.file("new.geojson")
        let warned = try CLIRunner.run(["rings", network, "--core", "Alpha", "--window", "10", "--workers", "1", "-o", old.path])
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stderr.hasPrefix("warning: --workers is deprecated; use --threads\n"), "\(warned.stderr)")
        let renamed = try CLIRunner.run(["rings", network, "--core", "Alpha", "--window", "10", "--threads", "1", "-o", new.path, "-q"])
        #expect(renamed.status == 0 && renamed.stderr.isEmpty, "\(renamed.stderr)")
        #expect(try Data(contentsOf: old) == Data(contentsOf: new))

        let percentiles = try CLIRunner.run(["traveltime", network, "--from", "Alpha", "--to", "Gamma", "--percentiles", "5,95"])
        #expect(percentiles.status == 0)
        #expect(percentiles.stderr.hasPrefix("warning: --percentiles is deprecated; use --percentile\n"), "\(percentiles.stderr)")
        #expect(CSVOutput.table(percentiles.stdoutText).hasPrefix("from_id,to_id,min,p5,p95\n"))

        let csv = dir.file("lines.csv"), oldCSV = dir.file("old.csv"), newCSV = dir.file("new.csv")
        let convertOld = try CLIRunner.run(["convert", "--from", "wgs84", "--to", "gcj02", "--format", "csv", csv.path, "-o", oldCSV.path])
        #expect(convertOld.status == 0)
        #expect(convertOld.stderr == """
            warning: --from is deprecated; use --src-crs
            warning: --to is deprecated; use --dst-crs
            warning: --format is deprecated; use --input-format

            """, "\(convertOld.stderr)")
        let quietOld = try CLIRunner.run(["convert", "--from", "wgs84", "--to", "gcj02", csv.path, "-o", dir.file("quiet.csv").path, "-q"])
        #expect(quietOld.status == 0 && quietOld.stderr.isEmpty, "\(quietOld.stderr)")
        let convertNew = try CLIRunner.run(["convert", "--src-crs", "wgs84", "--dst-crs", "gcj02", "--input-format", "csv", csv.path,
                                            "-o", newCSV.path])
        #expect(convertNew.status == 0 && convertNew.stderr.isEmpty, "\(convertNew.stderr)")
        #expect(try Data(contentsOf: oldCSV) == Data(contentsOf: newCSV))
        #expect(try String(contentsOf: newCSV, encoding: .utf8) != String(contentsOf: csv, encoding: .utf8))
    }

    @Test("--max-rides 0 (walking only) runs in every command that takes it")
    func walkingOnly() throws {
        let (dir, network) = try Self.westArea()
        defer { dir.cleanUp() }
        let od = dir.file("od.csv")
        try Data("origin,destination,trips\nWest,East,100\n".utf8).write(to: od)
        let out = dir.file("out.geojson").path
        for arguments in [["traveltime", network, "--from", "Alpha", "--to", "Gamma"],
                          ["isochrone", network, "--from", "Alpha", "--cutoffs", "10", "-o", out],
                          ["rings", network, "--core", "Alpha", "--window", "10", "-o", out],
                          ["bottlenecks", network, "--od", od.path, "--window", "10", "-o", out]] {
            let run = try CLIRunner.run(arguments + ["--max-rides", "0", "-q"])
            #expect(run.status == 0, "\(arguments[0]): \(run.stderr)")
        }
        // Alpha → Gamma is 10 km: beyond the walking radius, so walking only leaves it unreached.
        let walk = try CLIRunner.run(["traveltime", network, "--from", "Alpha", "--to", "Gamma", "--max-rides", "0", "-q"])
        #expect(walk.stdoutText.hasSuffix(",,\n"), "\(walk.stdoutText)")
    }
}
