import Foundation
import GeoCore
import GeoIO
import NetworkBuild
import Network
import Testing
import TestSupport

@Suite("Area manifest", .tags(.fast))
struct AreaManifestTests {
    /// A lines entry carries its service keys beside name/path, in the same form as each line override.
    @Test func linesServiceAndOverridesDecodeFromOneForm() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let url = dir.file("m.json")
        try Data(#"""
            {"area":"a","service_date":"2016-03-10",
             "lines":[{"name":"m","path":"l.csv","crs":"gcj02","tier":"suburban","headway_min":12,"speed_kmh":80,
                       "dwell_s":45,"service_start":"06:10","service_end":"22:40",
                       "line_overrides":{"L2":{"tier":"metro","headway_min":3}}}]}
            """#.utf8).write(to: url)
        let (manifest, folder) = try AreaManifest.load(path: url.path)
        #expect(folder.standardizedFileURL.path == dir.url.standardizedFileURL.path)
        let lines = try #require(manifest.lines.first)
        #expect(lines.crs == "gcj02")
        #expect(lines.service == AreaManifest.LineParameters(tier: .suburban, headwayMinutes: 12, speedKmh: 80,
                                                            dwellSeconds: 45, serviceStart: "06:10", serviceEnd: "22:40"))
        #expect(lines.lineOverrides?["L2"] == AreaManifest.LineParameters(tier: .metro, headwayMinutes: 3))
        // Encoding writes the same flat form back.
        let again = try JSONDecoder().decode(AreaManifest.LinesInput.self, from: JSONEncoder().encode(lines))
        #expect(again == lines)
    }

    /// Writes a manifest with one lines file (two lines) and the given extra keys; returns its path.
    private func tinyArea(_ dir: TemporaryDirectory, lines: String, extra: String = "") throws -> String {
        try Data("""
            line_id,line_name,seq,station_id,station_name,lon,lat
            L1,S1线,1,a,A,116.0,40.0
            L1,S1线,2,b,B,116.0,40.1
            L2,大兴机场线,1,b,B,116.0,40.1
            L2,大兴机场线,2,c,C,116.0,40.3

            """.utf8).write(to: dir.file("l.csv"))
        let url = dir.file("m.json")
        try Data(#"{"area":"a","service_date":"2016-03-10","lines":[{"name":"m","path":"l.csv"\#(lines)}]\#(extra)}"#.utf8)
            .write(to: url)
        return url.path
    }

    @Test func unknownTierOverrideKeyNamesTheClosestRoutes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let path = try tinyArea(dir, lines: "", extra: #","tier_overrides":{"S1":"suburban"}"#)
        let e = #expect(throws: InputError.self) { _ = try AreaBuilder(manifestPath: path).build() }
        #expect(e?.file == path)
        #expect(e?.location == "tier_overrides.S1")
        #expect(e?.message.contains("closest: L1, S1线") == true)
        // Key, line_id and line_name each name the route.
        for key in ["m:L1", "L1", "S1线"] {
            let ok = try tinyArea(dir, lines: "", extra: #","tier_overrides":{"\#(key)":"suburban"}"#)
            let network = try AreaBuilder(manifestPath: ok).build().network
            let tiers = network.transit.routes.tiers.map { Tier(rank: Int($0)) }
            #expect(tiers == [.suburban, .metro], "\(key)")
        }
    }

    /// `parameters.hub_transfers`: minutes per hub, groups and tier pairs; unknown hubs, keys and values are errors.
    @Test func hubTransfersDecodeAndNameTheirHub() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let ok = try tinyArea(dir, lines: "", extra: #","parameters":{"hub_transfers":{"B":{"metro_metro":1.5,"rail_metro":4,"trunk_metro":6}}}"#)
        let network = try AreaBuilder(manifestPath: ok).build().network
        let expected = HubTransferOverride(hub: "B").setting(.metro, .metro, seconds: 90)
            .setting(.intercity, .metro, seconds: 240).setting(.suburban, .metro, seconds: 240)
            .setting(.trunk, .metro, seconds: 360)  // the pair wins over its group
        #expect(network.metadata.parameters.hubTransfers == [expected])

        let unknown = try tinyArea(dir, lines: "", extra: #","parameters":{"hub_transfers":{"Bee":{"metro_metro":1}}}"#)
        let e = #expect(throws: InputError.self) { _ = try AreaBuilder(manifestPath: unknown).build() }
        #expect(e?.file == unknown && e?.location == "parameters.hub_transfers.Bee")
        #expect(e?.message.hasPrefix("no hub of the network is named \"Bee\" (closest: B") == true, "\(e?.message ?? "")")

        let badKey = try tinyArea(dir, lines: "", extra: #","parameters":{"hub_transfers":{"B":{"metro_metros":1}}}"#)
        let k = #expect(throws: InputError.self) { _ = try AreaBuilder(manifestPath: badKey).build() }
        #expect(k?.location == "parameters.hub_transfers.B.metro_metros")
        #expect(k?.message.contains("did you mean \"metro_metro\"") == true, "\(k?.message ?? "")")

        let negative = try tinyArea(dir, lines: "", extra: #","parameters":{"hub_transfers":{"B":{"metro_metro":-1}}}"#)
        let n = #expect(throws: InputError.self) { _ = try AreaBuilder(manifestPath: negative).build() }
        #expect(n?.location == "parameters.hub_transfers.B.metro_metro")
        #expect(n?.message == "-1.0 min is not a change time within 0…1440 min")
    }

    @Test func unknownLineOverrideKeyIsAManifestError() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let path = try tinyArea(dir, lines: #","line_overrides":{"大兴机场":{"trip_time_min":19}}"#)
        let e = #expect(throws: InputError.self) { _ = try AreaBuilder(manifestPath: path).build() }
        #expect(e?.file == path)
        #expect(e?.location == "lines m.line_overrides.大兴机场")
        #expect(e?.message.contains("closest: L2 (大兴机场线)") == true)
        // A trip time belongs to one line, not to the whole file; a speed and a trip time together are refused.
        let fileLevel = try tinyArea(dir, lines: #","trip_time_min":19"#)
        let f = #expect(throws: InputError.self) { _ = try AreaBuilder(manifestPath: fileLevel).build() }
        #expect(f?.location == "lines m.trip_time_min")
        let both = try tinyArea(dir, lines: #","line_overrides":{"L2":{"trip_time_min":19,"speed_kmh":80}}"#)
        let b = #expect(throws: InputError.self) { _ = try AreaBuilder(manifestPath: both).build() }
        #expect(b?.location == "lines m.line_overrides.L2.trip_time_min")
    }

    @Test func nameRulesCanBeTurnedOff() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let on = try AreaBuilder(manifestPath: try tinyArea(dir, lines: "")).build().network
        #expect(on.transit.routes.tierReasons == ["planning-lines default (metro)",
                                                  "name rule 机场线/机场快线/airport → airport express"])
        let off = try AreaBuilder(manifestPath: try tinyArea(dir, lines: #","name_rules":false"#)).build().network
        #expect(off.transit.routes.tierReasons == ["planning-lines default (metro)", "planning-lines default (metro)"])
    }
}
