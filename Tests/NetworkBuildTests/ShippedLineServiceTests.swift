import Foundation
import GeoCore
import GeoIO
@testable import NetworkBuild
import Network
import Testing
import TestSupport

/// The shipped area manifests (GeoData/*.json) run their airport and express lines at the published trip times
/// (sources in GeoData/README.md). Reads each manifest's lines entry as shipped and the WGS-84 twin of its
/// GCJ-02 lines file from ../shared/data (the two agree to 0.08 m, data README 1.3).
@Suite(.tags(.realData)) struct ShippedLineServiceTests {
    private func read(area: String) throws -> TransitInput? {
        guard let csv = SharedData.file("cn/\(area)/metro_lines.csv") else { return nil }
        let manifestPath = PackageRoot.url.appendingPathComponent("GeoData/\(area).json").path
        let (manifest, _) = try AreaManifest.load(path: manifestPath)
        let lines = try #require(manifest.lines.first)
        let options = try AreaBuilder.linesOptions(lines, manifestPath: manifestPath)
        return try PlanningLinesReader(url: csv, sourceName: lines.name, options: options).read().input
    }

    /// Scheduled minutes from `from` to `to` on the first trip of `line` that calls at `from` before `to`.
    private func minutes(_ input: TransitInput, line: String, from: String, to: String) throws -> Double {
        let route = try #require(input.routes.firstIndex { $0.shortName == line }, "\(line)")
        for trip in input.trips where trip.route == route {
            let names = trip.stops.map { input.stops[$0].name }
            guard let i = names.firstIndex(of: from), let j = names[(i + 1)...].firstIndex(of: to) else { continue }
            return Double(trip.arrivalSeconds[j] - trip.departureSeconds[i]) / 60
        }
        Issue.record("no trip of \(line) from \(from) to \(to)")
        return .nan
    }

    /// Published trip times (GeoData/README.md, "Planning-line service"), each ±10 %.
    static let published: [(area: String, line: String, from: String, to: String, minutes: Double)] = [
        // Beijing Subway: Capital Airport Express, 东直门 → Terminal 3 about 20 min.
        ("jingjinji", "首都机场线", "东直门", "3号航站楼", 20),
        // Beijing Subway: Daxing Airport Express, 草桥 → 大兴机场 19 min (41.4 km, 160 km/h).
        ("jingjinji", "大兴机场线", "草桥", "大兴机场", 19),
        // Guangzhou Metro: line 18, 冼村 → 万顷沙 about 35 min (approximate).
        ("guangfo", "18号线", "冼村", "万顷沙", 35),
    ]

    @Test(.enabled(if: SharedData.isPresent, "shared data absent"), arguments: published.indices)
    func expressLinesRunAtTheirPublishedTimes(_ index: Int) throws {
        let p = Self.published[index]
        guard let input = try read(area: p.area) else { return }
        let scheduled = try minutes(input, line: p.line, from: p.from, to: p.to)
        #expect(abs(scheduled - p.minutes) <= 0.1 * p.minutes, "\(p.line) \(p.from)→\(p.to): \(scheduled) min, published \(p.minutes)")
    }

    /// Lines whose name does not say what they are get their tier from the manifest.
    @Test(.enabled(if: SharedData.isPresent, "shared data absent"))
    func tiersTheNamesDoNotGive() throws {
        let jingjinji = try #require(try read(area: "jingjinji"))
        let s1 = try #require(jingjinji.routes.first { $0.shortName == "S1线" })
        #expect(s1.tier == .metro)
        #expect(s1.tierReason == "line override S1线 in manifest")
        let chongqing = try #require(try read(area: "chongqing"))
        for name in ["江跳线", "璧铜线"] {
            #expect(chongqing.routes.first { $0.shortName == name }?.tier == .suburban, "\(name)")
        }
        // The Guangzhou trams run by the tram name rule; 22号线 at its express speed.
        let guangfo = try #require(try read(area: "guangfo"))
        let trams = guangfo.routes.filter { $0.shortName.contains("有轨电车") }
        #expect(trams.count == 3)
        #expect(trams.allSatisfy { $0.tierReason == "name rule 有轨电车/tram → tram" })
        #expect(try minutes(guangfo, line: "22号线", from: "陈头岗", to: "番禺广场") < 15)
    }
}
