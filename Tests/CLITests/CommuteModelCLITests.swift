import Foundation
import GeoCore
import TestSupport
import Testing

/// The commute-model options of `rings` and `build` through the built binary, on the small western area of
/// `CLIVocabularyBinaryTests.westArea()` (a 3-station metro line over two districts).
@Suite("Commute model, the binary", .tags(.cli), .enabled(if: CLIRunner.isAvailable, "metrocommute binary not built (run swift build --build-tests)"))
struct CommuteModelCLITests {
    static func westArea() throws -> (dir: TemporaryDirectory, network: String) {
        try CLIVocabularyBinaryTests.westArea()
    }

    /// Every district carries the share, population within the budget and the circle flag; the summary's circle
    /// row counts the districts flagged in the features; --sensitivity writes its 9 rows (base + 8 variants).
    @Test func ringsSharesCircleAndSensitivity() throws {
        let (dir, network) = try Self.westArea()
        defer { dir.cleanUp() }
        let out = dir.file("rings.geojson"), summary = dir.file("s.csv"), sensitivity = dir.file("sens.csv")
        let run = try CLIRunner.run(["rings", network, "--core", "Alpha", "--budget", "30", "--window", "10",
                                     "-o", out.path, "--summary", summary.path, "--sensitivity", sensitivity.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("sensitivity of the circle's population"), "\(run.stderr)")
        let features = try GeoJSONReader.read(contentsOf: out).features
        let districts = features.filter { $0.properties["kind"] == "district" }
        #expect(districts.count == 2)
        for d in districts {
            let share = try #require(d.properties["share_within_budget"]?.doubleValue)
            #expect(share >= 0 && share <= 1)
            #expect(d.properties["in_circle"] == .bool(share >= 0.5))
            #expect((d.properties["cells"]?.doubleValue ?? 0) >= 25)
            #expect(d.properties["population_surface"] == "district-uniform")
        }
        let rows = try String(contentsOf: summary, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let circleRow = try #require(rows.first { $0.first == "in_circle" })
        #expect(Int(circleRow[1]) == districts.filter { $0.properties["in_circle"] == .bool(true) }.count)
        // The provenance header (`#` lines) first, then the table.
        let sens = try String(contentsOf: sensitivity, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(sens.count == 10, "\(sens)")
        #expect(sens.first == "parameter,step,value,circle_districts,circle_population,circle_population_change,population_within_budget")
        #expect(sens.dropFirst().map { $0.split(separator: ",").first.map(String.init) ?? "" }
                == ["base", "feeder speeds", "feeder speeds", "same-stop change minimums", "same-stop change minimums",
                    "longest trip", "longest trip", "minimum share", "minimum share"])
    }

    /// A higher minimum share never adds districts to the circle; outbound runs; rail-walk never gives more
    /// people within the budget than the commuter profile; bad values are one error line naming the option.
    @Test func minShareDirectionProfileAndErrors() throws {
        let (dir, network) = try Self.westArea()
        defer { dir.cleanUp() }
        func within(_ extra: [String]) throws -> (circle: Int, people: Double) {
            let out = dir.file("r\(extra.joined()).geojson")
            let run = try CLIRunner.run(["rings", network, "--core", "Alpha", "--budget", "30", "--window", "10",
                                         "-o", out.path, "-q"] + extra)
            #expect(run.status == 0, "\(extra): \(run.stderr)")
            let features = try GeoJSONReader.read(contentsOf: out).features
            let circle = try #require(features.last)
            return (circle.properties["districts"]?.intValue ?? -1, circle.properties["population_within_budget"]?.doubleValue ?? -1)
        }
        let base = try within([])
        #expect(try within(["--min-share", "0.9"]).circle <= base.circle)
        #expect(try within(["--min-share", "0.1"]).circle >= base.circle)
        #expect(try within(["--profile", "rail-walk"]).people <= base.people)
        #expect(try within(["--direction", "outbound"]).circle >= 0)
        for (args, option) in [(["--min-share", "0"], "--min-share"), (["--profile", "bus-only"], "--profile"),
                               (["--access", "walk,teleport"], "--access"), (["--egress", "car"], "--egress"),
                               (["--max-trip", "0"], "--max-trip")] {
            let run = try CLIRunner.run(["rings", network, "--core", "Alpha", "-o", dir.file("x.geojson").path] + args)
            #expect(run.status != 0, "\(args)")
            #expect(run.stderr.contains(option), "\(args): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.file("x.geojson").path))
        }
    }

    /// `build --max-memory`: a limit below what the inputs need is one error naming the option; a bad size too.
    @Test func buildMaxMemory() throws {
        let (dir, _) = try Self.westArea()
        defer { dir.cleanUp() }
        let manifest = dir.file("west.json").path, out = dir.file("m.mcnet").path
        let tiny = try CLIRunner.run(["build", manifest, "-o", out, "--max-memory", "1K", "-q"])
        #expect(tiny.status != 0)
        #expect(tiny.stderr.contains("--max-memory"), "\(tiny.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let bad = try CLIRunner.run(["build", manifest, "-o", out, "--max-memory", "lots"])
        #expect(bad.status != 0 && bad.stderr.contains("--max-memory"), "\(bad.stderr)")
        let ok = try CLIRunner.run(["build", manifest, "-o", out, "--max-memory", "2G", "-q"])
        #expect(ok.status == 0, "\(ok.stderr)")
    }
}
