import Foundation
import GeoCore
import MapPreview
import Testing
import TestSupport

/// `preview` on real outputs: jingjinji districts + the rings the `rings` command writes, loaded in headless
/// Chromium (the must-show): the page renders, one SVG path per feature, no console errors, a
/// non-blank screenshot; and the layers of `compare` outputs styled as what they are.
@Suite("preview command on real rings", .tags(.cli, .realData, .browser),
       .enabled(if: CLIRunner.isAvailable, "metrocommute binary not built (run swift build --build-tests)"),
       .enabled(if: SharedData.isPresent, "../shared/data is absent: real-data test skipped"))
struct PreviewCLITests {
    @Test("jingjinji districts + rings: path count equals feature count, no console errors, non-blank PNG")
    func realRings() throws {
        guard let chromium = Chromium.locate() else {
            print("chromium not installed (apt-get install chromium): preview rendering check skipped")
            return
        }
        let tmp = try TemporaryDirectory()
        defer { tmp.cleanUp() }
        let rings = try #require(try JingjinjiRings.output()).rings
        let html = tmp.file("map.html"), png = tmp.file("map.png")
        let districts = try #require(SharedData.file("cn/jingjinji/districts.geojson"))
        let run = try CLIRunner.run(["preview", districts.path, rings.path, "--title", "jingjinji rings", "-q",
                                     "-o", html.path, "--png", png.path])
        #expect(run.status == 0, "\(run.stderr)")

        // Features expected: every district, every rings feature (districts and the union), all with geometry.
        let featureCount = try GeoJSONReader.read(contentsOf: districts).features.count
            + GeoJSONReader.read(contentsOf: rings).features.filter { $0.geometry != nil }.count
        #expect(featureCount == 66 + 67)

        let (dom, log) = try chromium.dumpDOM(of: html)
        let counted = try #require(try PythonCheck.run(PythonCheck.tagCounter, stdin: Data(dom.utf8)))
        let tags = try #require(try JSONSerialization.jsonObject(with: Data(counted.utf8)) as? [String: Any])
        #expect(tags["ready"] as? Bool == true, "the page script did not finish")
        let paths = (tags["tags"] as? [String: Int])?["path"] ?? 0
        let groups = (tags["tags"] as? [String: Int])?["g"] ?? 0
        #expect(paths + groups == featureCount)
        let consoleLines = log.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        #expect(consoleLines.isEmpty, "console: \(consoleLines)")

        let probed = try #require(try PythonCheck.run(PythonCheck.pngProbe, arguments: [png.path, "[]"]))
        let result = try #require(try JSONSerialization.jsonObject(with: Data(probed.utf8)) as? [String: Any])
        #expect((result["colours"] as? Int ?? 0) > 50, "screenshot looks blank")
        #expect((result["width"] as? Int ?? 0) > 500)
    }

    /// The layers `compare` writes (issue 14: before/after/difference layers that `preview` draws) are drawn as
    /// what they are, never as generic layers: the compare command's property names and preview's styles agree.
    @Test("compare isochrone and gaps outputs: every layer styled as changes or outlines")
    func compareLayersAreStyled() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.cleanUp() }
        let shared = try #require(try SharedAreaBuild.area("jingjinji"))
        let scenario = PackageRoot.url.appendingPathComponent("GeoData/scenarios/jingxiong.json").path
        let isochrone = tmp.file("iso.geojson"), gaps = tmp.file("gaps.geojson")
        for (command, out) in [(["compare", "isochrone", shared.network, "--after", scenario, "--from", "北京西", "--depart", "08:00",
                                 "--window", "30", "--cutoffs", "30,60"], isochrone),
                               (["compare", "gaps", shared.network, "--after", scenario], gaps)] {
            let run = try CLIRunner.run(command + ["-q", "-o", out.path])
            try #require(run.status == 0, "\(command[1]): \(run.stderr)")
        }
        let run = try CLIRunner.run(["preview", isochrone.path, gaps.path, "-o", tmp.file("map.html").path])
        try #require(run.status == 0, "\(run.stderr)")
        // One stderr line per layer: "name: kind, n features drawn".
        let layers = run.stderr.split(separator: "\n").filter { $0.contains(" features drawn") }
        #expect(layers.count >= 5, "\(run.stderr)")
        for kind in ["isochrone_gained: changes", "isochrone_lost: changes", "isochrone_before: outlines", "isochrone_after: outlines",
                     "gaps.geojson: changes"] {
            #expect(layers.contains { $0.contains(kind) }, "\(kind) not in \(layers)")
        }
        #expect(!layers.contains { $0.contains(": generic,") }, "\(layers)")
        let html = try String(contentsOf: tmp.file("map.html"), encoding: .utf8)
        #expect(html.contains("reachable only after") && html.contains("new hub") && !html.contains(">feature<"))
    }
}

/// `rings` on the shared jingjinji network around Beijing South (60 min, 07:00, 60-minute window), run once per
/// test process for the preview tests that draw it; the folder is removed when the process exits.
enum JingjinjiRings {
    struct Output: Sendable { var network: String; var rings: URL }

    static func output() throws -> Output? {
        try once.value(for: "jingjinji") { _ in
            guard let shared = try SharedAreaBuild.area("jingjinji") else { return nil }
            guard shared.build.status == 0 else { throw FixtureError("jingjinji build failed: \(shared.build.stderr)") }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let rings = folder.appendingPathComponent("rings.geojson")
            let run = try CLIRunner.run(["rings", shared.network, "--core", "北京南", "--budget", "60", "--depart", "07:00",
                                         "--window", "60", "-q", "-o", rings.path])
            guard run.status == 0 else { throw FixtureError("rings failed: \(run.stderr)") }
            return Output(network: shared.network, rings: rings)
        }
    }

    private static let once = BuildOnce<String, Output?>()

    private static let folder: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("metrocommute-preview-rings-\(ProcessInfo.processInfo.processIdentifier)")
        atexit { try? FileManager.default.removeItem(at: JingjinjiRings.folder) }
        return url
    }()
}
