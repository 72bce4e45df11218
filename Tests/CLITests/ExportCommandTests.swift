import Foundation
import GeoCore
import TestSupport
import Testing

/// `metrocommute export` end to end on jingjinji: layer counts equal to `inspect --json` and to `ogrinfo -so`,
/// byte-identical GeoPackage reruns, a fixed schema, trains per hour that add up to the day's trips.
@Suite(.tags(.cli, .realData), .enabled(if: SharedData.isPresent && CLIRunner.isAvailable, "needs ../shared/data and the built binary"))
struct ExportCommandTests {
    static let ogrinfo = ["/usr/bin/ogrinfo", "/usr/local/bin/ogrinfo"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func network() throws -> String {
        let shared = try #require(try SharedAreaBuild.area("jingjinji"))
        try #require(shared.build.status == 0, "build failed: \(shared.build.stderr)")
        return shared.network
    }

    /// stops, patterns, hubs, districts of `inspect --json`.
    static func inspectCounts(_ network: String) throws -> [Int] {
        let run = try CLIRunner.run(["inspect", network, "--json"])
        try #require(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        return try ["stops", "patterns", "hubs", "districts"].map { try #require(json[$0] as? Int, "inspect --json has no \($0)") }
    }

    /// ogrinfo's text for `arguments`.
    static func ogrinfo(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(ogrinfo))
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "ogrinfo \(arguments.joined(separator: " ")) failed")
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.enabled(if: ogrinfo != nil, "ogrinfo (gdal-bin) is absent"))
    func geoPackageLayersMatchInspectAndRerunsAreIdentical() throws {
        let network = try Self.network()
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let a = dir.file("a.gpkg"), b = dir.file("b.gpkg")
        for file in [a, b] {
            let run = try CLIRunner.run(["export", network, "-o", file.path, "-q"])
            #expect(run.status == 0, "\(run.stderr)")
        }
        #expect(try Data(contentsOf: a) == Data(contentsOf: b), "two runs differ")

        let info = try Self.ogrinfo(["-ro", "-so", "-al", a.path])
        var counts: [String: Int] = [:], layer = ""
        var fields: [String: [String]] = [:]
        for line in info.split(separator: "\n").map(String.init) {
            if line.hasPrefix("Layer name: ") { layer = String(line.dropFirst(12)) }
            if line.hasPrefix("Feature Count: ") { counts[layer] = Int(line.dropFirst(15)) }
            if let colon = line.range(of: ": "), !line.hasPrefix(" "), layer != "",
               ["Integer", "Real", "String"].contains(where: { line[colon.upperBound...].hasPrefix($0 + " ") }) {
                fields[layer, default: []].append(line.replacingOccurrences(of: " (0.0)", with: ""))
            }
        }
        let expected = try Self.inspectCounts(network)
        #expect(expected.prefix(3).allSatisfy { $0 > 100 }, "jingjinji has hundreds of stops, patterns and hubs: \(expected)")
        #expect(expected.last == 66, "jingjinji's 66 districts")
        #expect([counts["stations"], counts["lines"], counts["hubs"], counts["districts"]] == expected.map { Optional($0) })
        // The schema is fixed: types as documented, lists and times as text.
        #expect(fields["stations"] == ["stop_key: String", "name: String", "tiers: String", "tier: String", "hub: Integer",
                                       "hub_name: String", "source: String"])
        #expect(fields["lines"]?.contains("trains_per_hour: Real") == true)
        #expect(fields["lines"]?.contains("first_departure: String") == true)
        #expect(fields["hubs"]?.contains("min_transfer_s: Integer") == true)
        #expect(fields["districts"] == ["name: String", "city: String", "adcode: Integer", "population: Real"])
    }

    @Test func geoJSONKindsCountsAndTrainsPerHour() throws {
        let network = try Self.network()
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let day = dir.file("day.geojson"), peak = dir.file("peak.geojson")
        var run = try CLIRunner.run(["export", network, "-o", day.path, "--depart", "00:00", "--window", "1440", "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        run = try CLIRunner.run(["export", network, "-o", peak.path, "--depart", "07:00", "--window", "120", "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        if GeoJSONChecker.isAvailable {
            let check = try GeoJSONChecker.check([day])
            #expect(check.status == 0, "\(check.output)")
        }

        let features = try GeoJSONReader.read(contentsOf: day).features
        let kinds = ["station", "line", "hub", "district"].map { k in features.filter { $0.properties["kind"]?.stringValue == k }.count }
        #expect(kinds == (try Self.inspectCounts(network)))
        #expect(kinds.reduce(0, +) == features.count, "every feature has a kind")

        // Over the whole service day, a line whose trips all leave before midnight runs trains_per_hour × 24 trips
        // (trains_per_hour has three decimals: × 24 is within 0.012 of a whole number).
        let lines = features.filter { $0.properties["kind"]?.stringValue == "line" }
        var checked = 0
        for line in lines {
            let trips = try #require(line.properties["trips"]?.intValue)
            let perHour = try #require(line.properties["trains_per_hour"]?.doubleValue)
            let last = try #require(line.properties["last_departure"]?.stringValue)
            #expect(perHour * 24 <= Double(trips) + 0.02)
            if last < "24:00:00" {
                #expect(abs(perHour * 24 - Double(trips)) < 0.02, "\(line.properties["route_key"] ?? nil)")
                checked += 1
            }
            if case .lineString(let l) = line.geometry {
                #expect(l.coordinates.count == line.properties["stops"]?.intValue)
            } else {
                Issue.record("line without a LineString")
            }
        }
        #expect(checked > lines.count / 2)
        // In the morning peak some intercity line runs at least two trains an hour (Beijing South–Tianjin).
        let peakLines = try GeoJSONReader.read(contentsOf: peak).features.filter { $0.properties["kind"]?.stringValue == "line" }
        let intercity = peakLines.filter { $0.properties["tier"]?.stringValue == "intercity" }
        #expect(intercity.contains { ($0.properties["trains_per_hour"]?.doubleValue ?? 0) >= 2 })
    }

    @Test func unknownOutputExtensionIsOneErrorAndNoFile() throws {
        let network = try Self.network()
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let run = try CLIRunner.run(["export", network, "-o", dir.file("net.shp").path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--output") && run.stderr.contains(".gpkg"), "\(run.stderr)")
        #expect(run.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == [])
    }
}
