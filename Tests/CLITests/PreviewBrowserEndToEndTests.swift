import Foundation
import Testing
import TestSupport

/// `preview` of the real jingjinji rings output with `--network`, in headless Chromium through selenium and
/// chromium-driver (`preview_check.py`): no console errors, rail lines and station names drawn, a legend without
/// "feature", the provenance note, and inside every district the page reaches the district (or a rail line over it),
/// never the commute circle (an outline, taking no pointer inside), and a hover inside the circle shows a district's
/// tooltip.
@Suite(.tags(.browser, .cli, .realData), .serialized,
       .enabled(if: CLIRunner.isAvailable, "metrocommute binary not built (run swift build --build-tests)"),
       .enabled(if: SharedData.isPresent, "../shared/data is absent: real-data test skipped"))
struct PreviewBrowserEndToEndTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("preview_check.py")

    @Test func jingjinjiRingsWithTheNetworkKeepEveryDistrictReachable() throws {
        guard SeleniumChromium.isAvailable else {
            print("skipped: needs chromium, chromium-driver and python3-selenium (\(SeleniumChromium.installCommand))")
            return
        }
        let tmp = try TemporaryDirectory()
        defer { tmp.cleanUp() }
        let fixture = try #require(try JingjinjiRings.output())
        let html = tmp.file("map.html")
        let run = try CLIRunner.run(["preview", fixture.rings.path, "--network", fixture.network, "-q", "-o", html.path])
        try #require(run.status == 0, "\(run.stderr)")

        let check = try ProgramRun.run(SeleniumChromium.python, [Self.script.path, html.path], timeoutSeconds: 600)
        try #require(check.status == 0, "\(check.stderr.suffix(2000))")
        let line = Data((check.stdoutText.split(separator: "\n").last.map(String.init) ?? "").utf8)
        let result = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any], "\(check.stdoutText) \(check.stderr.suffix(1000))")

        let console = result["console"] as? [[String: Any]] ?? []
        #expect(console.isEmpty, "console: \(console)")
        #expect((result["rail_line_paths"] as? Int ?? 0) > 100, "rail lines: \(result["rail_line_paths"] ?? "none")")
        #expect((result["station_labels"] as? Int ?? 0) >= 10, "station labels: \(result["station_labels"] ?? "none")")
        let legend = result["legend"] as? [String] ?? []
        #expect(!legend.contains { $0.lowercased().contains("feature") }, "\(legend)")
        #expect(legend.joined().contains("commute circle, ≤ 60 min from 北京南"), "\(legend)")
        #expect(legend.joined().contains("profile commuter") && legend.joined().contains("service date"), "\(legend)")

        // At points inside the districts (4 px from their edges), the page reaches the district itself or a rail line
        // or station drawn over it, never the circle, also where the district lies inside the circle.
        let probes = result["probes"] as? [[String: Any]] ?? []
        let inside = probes.filter { $0["in_circle"] as? Bool == true }
        #expect(Set(probes.compactMap { $0["district"] as? String }).count >= 50, "districts probed: \(probes.count) points")
        #expect(!inside.isEmpty, "no point inside the circle: \(probes.prefix(5))")
        for probe in probes {
            let kind = probe["hit_kind"] as? String
            #expect(kind == "ringClasses" || kind == "tieredRail", "\(probe)")
            if kind == "ringClasses" { #expect(probe["hit_district"] as? String == probe["district"] as? String, "\(probe)") }
        }
        #expect(inside.contains { $0["hit_kind"] as? String == "ringClasses" }, "no district inside the circle reached: \(inside)")
        let tooltipFor = try #require(result["tooltip_for"] as? String, "no district in the circle was hovered")
        let tooltip = result["tooltip"] as? String ?? ""
        #expect(tooltip.contains("rings.geojson · district") && tooltip.contains(tooltipFor), "\(tooltip)")
    }
}
