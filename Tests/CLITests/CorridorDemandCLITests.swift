import Foundation
import GeoCore
import TestSupport
import Testing

/// Demand options of `corridors` and `bottlenecks` through the binary on the tiny area (districts West, holding
/// Alpha, and East): `--od` corridors, `--commuters`/`--commute-rate`, and their bad values.
@Suite(.tags(.cli), .enabled(if: CLIRunner.isAvailable, "needs the built binary"))
struct CorridorDemandCLITests {
    static func area() throws -> TinyArea {
        let area = try TinyArea()
        let build = try CLIRunner.run(["build", area.manifest, "-o", area.directory.file("tiny.mcnet").path, "-q"])
        #expect(build.status == 0, "build failed: \(build.stderr)")
        return area
    }

    static let corridors = ["corridors", "tiny.mcnet", "--core", "Alpha", "--depart", "08:00", "--window", "20"]
    static let bottlenecks = ["bottlenecks", "tiny.mcnet", "--depart", "08:00", "--window", "20"]

    /// Each bad input: a non-zero exit, one error line holding every expected piece, no output file.
    @Test(arguments: [
        (corridors + ["--commuters=-5"], ["--commuters", "-5.0", "0…1e12"]),
        (corridors + ["--commute-rate=-0.1"], ["--commute-rate", "-0.1", "0…1"]),
        (corridors + ["--commute-rate", "abc"], ["--commute-rate", "abc"]),
        (bottlenecks + ["--gravity", "--commuters=-5"], ["--commuters", "-5.0", "0…1e12"]),
        (bottlenecks + ["--gravity", "--commute-rate=-0.1"], ["--commute-rate", "-0.1", "0…1"]),
        (bottlenecks + ["--gravity", "--commute-rate", "1.5"], ["--commute-rate", "1.5"]),
        (corridors + ["--od", "bad-district.csv"], ["bad-district.csv", "line 3", "\"Eats\"", "closest: East"]),
        (corridors + ["--od", "negative.csv"], ["negative.csv", "line 2", "negative trips -40"]),
        (corridors + ["--od", "text.csv"], ["text.csv", "line 2", "\"many\" is not a number"]),
        (corridors + ["--od", "good.csv", "--commuters", "10"], ["--commuters and --commute-rate scale the gravity demand"]),
    ])
    func badDemandGivesOneLineAndNoFile(arguments: [String], pieces: [String]) throws {
        let area = try Self.area()
        defer { area.cleanUp() }
        try Data("origin,destination,trips\nEast,West,40\nEats,West,3\n".utf8).write(to: area.directory.file("bad-district.csv"))
        try Data("origin,destination,trips\nEast,West,-40\n".utf8).write(to: area.directory.file("negative.csv"))
        try Data("origin,destination,trips\nEast,West,many\n".utf8).write(to: area.directory.file("text.csv"))
        try Data("origin,destination,trips\nEast,West,40\n".utf8).write(to: area.directory.file("good.csv"))
        let run = try CLIRunner.run(arguments + ["-o", "out.geojson", "-q"], currentDirectory: area.url)
        #expect(run.status != 0)
        // The usage lines ArgumentParser adds after a validation error aside.
        let lines = run.stderr.split(separator: "\n").filter {
            !$0.hasPrefix("Usage:") && !$0.hasPrefix("  See '") && !$0.hasPrefix("Help:") && !$0.hasPrefix("  ") && !$0.isEmpty
        }
        #expect(lines.count == 1, "\(run.stderr)")
        for piece in pieces { #expect(run.stderr.contains(piece), "\(piece) in \(run.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: area.directory.file("out.geojson").path))
    }

    /// `--od`: the East corridor carries the OD file's East → West trips inbound (West holds the core) and
    /// West → East outbound; a district without trips to the core has no corridor. Gravity with `--commuters`:
    /// the one corridor carries them all (share 1).
    @Test func odCorridorsCarryTheFileTrips() throws {
        let area = try Self.area()
        defer { area.cleanUp() }
        try Data("origin,destination,trips\nEast,West,240\nWest,East,60\nEast,East,999\n".utf8).write(to: area.directory.file("od.csv"))
        func corridors(_ extra: [String]) throws -> [Feature] {
            let run = try CLIRunner.run(Self.corridors + extra + ["-o", "c.geojson", "--csv", "c.csv", "-q"], currentDirectory: area.url)
            #expect(run.status == 0, "\(run.stderr)")
            return try GeoJSONReader.read(contentsOf: area.directory.file("c.geojson")).features
        }
        let inbound = try corridors(["--od", "od.csv"])
        #expect(inbound.count == 1 && inbound[0].properties["district"] == "East")
        #expect(inbound[0].properties["commuters"]?.doubleValue == 240 && inbound[0].properties["demand_share"]?.doubleValue == 1)
        let csv = try String(contentsOf: area.directory.file("c.csv"), encoding: .utf8)
        #expect(csv.contains("commuters"))
        let outbound = try corridors(["--od", "od.csv", "--direction", "outbound"])
        #expect(outbound.first?.properties["commuters"]?.doubleValue == 60)
        // Above a threshold: 240 < 300 leaves none.
        #expect(try corridors(["--od", "od.csv", "--min-commuters", "300"]).isEmpty)
        let gravity = try corridors(["--commuters", "5000"])
        #expect(gravity.first?.properties["commuters"]?.doubleValue == 5000)
        // The report says the default rate is an assumption.
        let md = try CLIRunner.run(Self.corridors + ["-o", "c.geojson", "--report", "c.md", "-q"], currentDirectory: area.url)
        #expect(md.status == 0, "\(md.stderr)")
        #expect(try String(contentsOf: area.directory.file("c.md"), encoding: .utf8).contains("the default 0.1 is an assumption, docs/MODEL.md"))
        // --commute-rate × the population of the districts considered (East: 50,000).
        let rate = try corridors(["--commute-rate", "0.02"])
        #expect(rate.first?.properties["commuters"]?.doubleValue == 1000)
    }

    /// `bottlenecks --commuters`: the gravity demand adds up to the given total (the report's demand sentence); the old
    /// names `--total-trips` and `--commute-share` still work for one release.
    @Test func bottlenecksScaleToTheCommuters() throws {
        let area = try Self.area()
        defer { area.cleanUp() }
        let assumed = try CLIRunner.run(Self.bottlenecks + ["--gravity", "-o", "b.geojson", "--report", "b.md", "-q"], currentDirectory: area.url)
        #expect(assumed.status == 0, "\(assumed.stderr)")
        let text = try String(contentsOf: area.directory.file("b.md"), encoding: .utf8)
        #expect(text.contains("--commute-rate 0.1 × the served population: an assumption (docs/MODEL.md)"), "\(text)")
        for (option, value) in [("--commuters", "1234"), ("--total-trips", "1234")] {
            let run = try CLIRunner.run(Self.bottlenecks + ["--gravity", option, value, "-o", "b.geojson", "--report", "b.md", "-q"],
                                        currentDirectory: area.url)
            #expect(run.status == 0, "\(run.stderr)")
            let report = try String(contentsOf: area.directory.file("b.md"), encoding: .utf8)
            #expect(report.contains("Demand: 1234 trips"), "\(option): \(report)")
            #expect(report.contains("gravity scaled to --commuters 1234"), "\(report)")
        }
    }
}
