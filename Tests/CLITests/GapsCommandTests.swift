import Foundation
import GeoCore
import TestSupport
import Testing

/// `metrocommute gaps` end to end on jingjinji: GeoJSON valid under ogrinfo + shapely, every feature with a
/// `kind`, Markdown sorted by severity, CSV one row per finding, thresholds from the manifest and the options.
@Suite(.tags(.cli, .realData), .enabled(if: SharedData.isPresent && CLIRunner.isAvailable, "needs ../shared/data and the built binary"))
struct GapsCommandTests {
    /// jingjinji from a manifest with `extra` keys (built once per test process for each `extra`, shared), a
    /// fresh temporary folder for outputs, and the manifest and network paths.
    static func built(extra: [String: Any] = [:]) throws -> (dir: TemporaryDirectory, manifest: String, network: String) {
        let dir = try TemporaryDirectory()
        let shared = try #require(try SharedAreaBuild.area("jingjinji", extra: extra))
        let manifest = shared.manifest
        let network = shared.network
        let result = shared.build
        #expect(result.status == 0, "build failed: \(result.stderr)")
        return (dir, manifest, network)
    }

    static func hubRatings(_ geojson: URL) throws -> [String: String] {
        let collection = try GeoJSONReader.read(contentsOf: geojson)
        var out: [String: String] = [:]
        for f in collection.features where f.properties["kind"]?.stringValue == "hub" {
            out[f.properties["hub"]?.stringValue ?? ""] = f.properties["worst_rating"]?.stringValue
        }
        return out
    }

    @Test func geoJSONMarkdownAndCSV() throws {
        let (dir, _, network) = try Self.built()
        defer { dir.cleanUp() }
        let geojson = dir.file("gaps.geojson"), md = dir.file("gaps.md"), csv = dir.file("gaps.csv")
        let run = try CLIRunner.run(["gaps", network, "-o", geojson.path, "--report", md.path])
        #expect(run.status == 0, "\(run.stderr)")
        let check = try GeoJSONChecker.check([geojson])
        #expect(check.status == 0, "\(check.output)")

        // Every feature has a kind, kinds come in blocks in the documented order, names are snake_case.
        let collection = try GeoJSONReader.read(contentsOf: geojson)
        let order = ["hub", "last_mile_gap", "missing_link", "uncovered_district", "coverage"]
        let kinds = collection.features.map { $0.properties["kind"]?.stringValue ?? "?" }
        #expect(kinds.allSatisfy(order.contains))
        #expect(kinds.map { order.firstIndex(of: $0) ?? -1 } == kinds.map { order.firstIndex(of: $0) ?? -1 }.sorted())
        #expect(kinds.filter { $0 == "coverage" }.count == 66)
        let snake = try Regex("^[a-z0-9_]+$")
        for f in collection.features { for key in f.properties.keys { #expect(key.wholeMatch(of: snake) != nil, "\(key)") } }
        // The three hubs of the issue, with their tiers.
        let hubTiers = Dictionary(collection.features.filter { $0.properties["kind"] == "hub" }
            .map { ($0.properties["hub"]?.stringValue ?? "", $0.properties["tiers"]?.stringValue ?? "") }) { a, _ in a }
        #expect(hubTiers["北京南"] == "trunk,intercity,metro")
        #expect(hubTiers["天津"] == "trunk,intercity,metro")
        #expect(hubTiers["北京西"] == "trunk,metro")

        // Markdown: summary first, the absent tier named, hub rows sorted by severity, gaps longest first.
        let text = try String(contentsOf: md, encoding: .utf8)
        let summary = try #require(text.range(of: "## Summary")), hubs = try #require(text.range(of: "## Hub transfers"))
        #expect(summary.upperBound < hubs.lowerBound)
        #expect(text.contains("No suburban railway (S lines, 市域/市郊铁路) in the data."))
        let severity = ["disconnected": 3, "poor": 2, "acceptable": 1, "zero-distance": 0]
        let lines = text.split(separator: "\n").map(String.init)
        let ranks = lines.compactMap { line -> Int? in
            guard line.hasPrefix("| ") else { return nil }
            return severity[line.split(separator: "|")[0].trimmingCharacters(in: .whitespaces)]
        }
        #expect(ranks.count >= 5)
        #expect(ranks == ranks.sorted(by: >))
        let gapSection = try #require(text.range(of: "## Last-mile gaps"))
        let missingSection = try #require(text.range(of: "## Missing links"))
        let gapMeters = text[gapSection.upperBound..<missingSection.lowerBound].split(separator: "\n")
            .filter { $0.hasPrefix("| ") && !$0.hasPrefix("| station") }
            .compactMap { Double($0.split(separator: "|").last!.trimmingCharacters(in: .whitespaces)) }
        #expect(!gapMeters.isEmpty && gapMeters == gapMeters.sorted(by: >))

        // CSV: one row per finding, agreeing with the GeoJSON counts.
        let csvRun = try CLIRunner.run(["gaps", network, "-o", dir.file("again.geojson").path, "--report", csv.path, "-q"])
        #expect(csvRun.status == 0, "\(csvRun.stderr)")
        let rows = try CSVOutput.table(contentsOf: csv).split(separator: "\n").map { String($0.split(separator: ",")[0]) }
        #expect(rows.first == "kind")
        func count(_ k: String) -> Int { kinds.filter { $0 == k }.count }
        #expect(rows.filter { $0 == "tier" }.count == 4)
        #expect(rows.filter { $0 == "last_mile_gap" }.count == count("last_mile_gap"))
        #expect(rows.filter { $0 == "missing_link" }.count == count("missing_link"))
        #expect(rows.filter { $0 == "uncovered_district" }.count == count("uncovered_district"))
        #expect(rows.filter { $0 == "coverage" }.count == 66)
        let pairCount = collection.features.filter { $0.properties["kind"] == "hub" }
            .map { f in f.properties.keys.filter { $0.hasSuffix("_rating") && $0 != "worst_rating" }.count }.reduce(0, +)
        #expect(rows.filter { $0 == "hub_transfer" }.count == pairCount)
        // Deterministic output.
        #expect(try Data(contentsOf: geojson) == Data(contentsOf: dir.file("again.geojson")))
    }

    @Test func thresholdsFromManifestAndOptions() throws {
        // 北京南's metro transfer is a 26 m walk (0.36 min): zero-distance by default, acceptable when the
        // manifest lowers the zero-distance threshold to 0.1 min; the option sets it back to 3.
        let (dir, manifest, network) = try Self.built(extra: ["gaps": ["zero_distance_min": 0.1, "acceptable_min": 5]])
        defer { dir.cleanUp() }
        let plain = dir.file("plain.geojson"), strict = dir.file("strict.geojson"), back = dir.file("back.geojson")
        #expect(try CLIRunner.run(["gaps", network, "-o", plain.path, "-q"]).status == 0)
        #expect(try CLIRunner.run(["gaps", network, "-o", strict.path, "--manifest", manifest, "-q"]).status == 0)
        #expect(try CLIRunner.run(["gaps", network, "-o", back.path, "--manifest", manifest, "--zero-distance-min", "3", "-q"]).status == 0)
        #expect(try Self.hubRatings(plain)["北京南"] == "zero_distance")
        #expect(try Self.hubRatings(strict)["北京南"] == "acceptable")
        #expect(try Self.hubRatings(back)["北京南"] == "zero_distance")
        // A 300 m hub radius leaves 天津 (329 m crow-fly to its metro station) disconnected.
        let tight = dir.file("tight.geojson")
        #expect(try CLIRunner.run(["gaps", network, "-o", tight.path, "--hub-radius", "300", "-q"]).status == 0)
        #expect(try Self.hubRatings(tight)["天津"] == "disconnected")
    }

    @Test func badArgumentsFailCleanly() throws {
        let (dir, _, network) = try Self.built()
        defer { dir.cleanUp() }
        let out = dir.file("x.geojson")
        let badReport = try CLIRunner.run(["gaps", network, "-o", out.path, "--report", dir.file("r.txt").path])
        #expect(badReport.status != 0)
        #expect(badReport.stderr.contains(".md or .csv"))
        let badThresholds = try CLIRunner.run(["gaps", network, "-o", out.path, "--zero-distance-min", "6"])
        #expect(badThresholds.status != 0)
        #expect(badThresholds.stderr.contains("acceptable"))
        let missing = try CLIRunner.run(["gaps", dir.file("none.mcnet").path, "-o", out.path])
        #expect(missing.status != 0)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
