import Foundation
import Testing
import TestSupport

/// The `serve` page in a real browser (headless Chromium through selenium and chromium-driver): it loads with no
/// console error, draws the districts (labelled) and rail lines, a click on a district draws an isochrone polygon, the
/// legend names what it shows (never "feature"), downloads offer GeoJSON, GeoPackage and CSV, and the scenario switch
/// redraws the district classes.
@Suite(.tags(.browser, .cli), .enabled(if: CLIRunner.isAvailable && RunningServer.curlAvailable, "needs the built binary and curl"))
struct ServePageBrowserEndToEndTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("page_check.py")

    @Test func pageLoadsAndAClickDrawsAnIsochrone() throws {
        guard SeleniumChromium.isAvailable else {
            print("skipped: needs chromium, chromium-driver and python3-selenium (\(SeleniumChromium.installCommand))")
            return
        }
        let server = try RunningServer(network: try ServedTinyNetwork.path(), arguments: ["--threads", "2"])
        defer { server.stop() }
        // A click inside the West district, away from every line and station: a district does not swallow it.
        let run = try ProgramRun.run(SeleniumChromium.python, [Self.script.path, server.base + "/", "", "116.32", "39.93", "13"], timeoutSeconds: 600)
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")
        let data = Data(run.stdoutText.split(separator: "\n").last.map(String.init)?.utf8 ?? "".utf8)
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(run.stdoutText) \(run.stderr.suffix(1000))")
        let console = result["console"] as? [[String: Any]] ?? []
        let errors = console.filter { ($0["level"] as? String) == "SEVERE" }
        #expect(errors.isEmpty, "console errors: \(errors)")
        #expect((result["district_paths"] as? Int ?? 0) >= 2, "\(result)")
        #expect((result["line_paths"] as? Int ?? 0) >= 2, "\(result)")
        #expect((result["isochrone_paths"] as? Int ?? 0) >= 1, "no isochrone polygon after a click: \(result)")
        let legend = result["legend"] as? [String] ?? []
        #expect(!legend.isEmpty, "empty legend")
        #expect(!legend.contains { $0.lowercased().contains("feature") }, "legend: \(legend)")
        #expect(legend.contains { $0.contains("min") } && legend.contains("metro"), "legend: \(legend)")
        let downloads = result["downloads"] as? [String] ?? []
        #expect(downloads.contains { $0.contains("format=csv") } && downloads.contains { $0.contains("format=gpkg") }, "\(result)")
        #expect((result["district_labels"] as? Int ?? 0) >= 2, "\(result)")
        #expect(server.log.contains("\"POST /api/isochrone\" 200"), "\(server.log.suffix(600))")
    }

    /// The tiny area with Line 1 closed as a scenario: rings around Gamma (30 min) change class when the switch is
    /// turned to the scenario, and the compare headline is shown.
    @Test func scenarioSwitchChangesTheDistrictClasses() throws {
        guard SeleniumChromium.isAvailable else {
            print("skipped: needs chromium, chromium-driver and python3-selenium (\(SeleniumChromium.installCommand))")
            return
        }
        let (area, network, scenario) = try ServeScenarioEndToEndTests.area()
        defer { area.cleanUp() }
        let server = try RunningServer(network: network, arguments: ["--scenario", scenario, "--threads", "2"])
        defer { server.stop() }
        let run = try ProgramRun.run(SeleniumChromium.python, [Self.script.path, server.base + "/", "", "116.32", "39.93", "13", "Gamma@30", "close"],
                                     timeoutSeconds: 600)
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")
        let data = Data(run.stdoutText.split(separator: "\n").last.map(String.init)?.utf8 ?? "".utf8)
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(run.stdoutText) \(run.stderr.suffix(1000))")
        let errors = (result["console"] as? [[String: Any]] ?? []).filter { ($0["level"] as? String) == "SEVERE" }
        #expect(errors.isEmpty, "console errors: \(errors)")
        let before = result["classes_before"] as? [String: String] ?? [:]
        let after = result["classes_after"] as? [String: String] ?? [:]
        #expect(before.count == 2 && after.count == 2, "\(result)")
        #expect(before != after, "the switch left the classes as they were: \(result)")
        #expect((result["rings_status_after"] as? String ?? "").contains("after: close"), "\(result)")
        let headline = result["compare_status"] as? String ?? ""
        #expect(!headline.isEmpty && !headline.contains("Comparing"), "\(result)")
        #expect(result["switch"] as? [String] == ["Before: base network", "After: close"], "\(result)")
        #expect(server.log.contains("scenario=close"), "\(server.log.suffix(600))")
    }
}
