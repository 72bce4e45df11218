import Foundation
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
}
