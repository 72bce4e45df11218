import Foundation
import GeoCore
import Testing
import TestSupport
@testable import MapPreview

/// Renders the jingjinji districts, three synthetic rings (one with a hole) and one hub per rating, then loads
/// the page in headless Chromium: DOM after scripts, console log, and a screenshot decoded in Python
/// (`PythonCheck.pngProbe`, `PythonCheck.tagCounter`).
@Suite("End to end in headless Chromium", .tags(.browser, .realData), .serialized)
struct EndToEndTests {
    func layers(_ districts: FeatureCollection) -> [MapLayer] {
        [MapLayer(name: "districts.geojson", collection: districts), MapLayer(name: "rings.geojson", collection: Builders.rings()),
         MapLayer(name: "hubs.geojson", collection: Builders.hubs())]
    }

    @Test(.enabled(if: SharedData.isPresent, "shared data absent"))
    func jingjinjiWithRingsAndHubsRendersInChromium() throws {
        let url = try #require(SharedData.file("cn/jingjinji/districts.geojson"))
        let districts = try GeoJSONReader.read(contentsOf: url)
        let map = MapPreviewRenderer.render(layers(districts), options: MapPreviewOptions(title: "Jingjinji end-to-end"))
        let html = String(decoding: map.html, as: UTF8.self)
        // Self-contained: the only URL is the SVG namespace name (never fetched); no link/img/@import.
        #expect(html.components(separatedBy: "http").count == 2 && html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(!html.contains("<link") && !html.contains("<img") && !html.contains("@import") && !html.contains("src="))

        guard let chromium = Chromium.locate() else {
            print("chromium not installed (apt-get install chromium): browser checks skipped")
            return
        }
        let folder = try TemporaryDirectory()
        defer { folder.cleanUp() }
        let page = folder.file("map.html")
        try map.html.write(to: page)

        // 1. DOM after the script ran: one <path data-p> per drawn feature (66 districts + 3 rings + 4 hubs).
        let (dom, log) = try chromium.dumpDOM(of: page)
        guard let counted = try PythonCheck.run(PythonCheck.tagCounter, stdin: Data(dom.utf8)) else { print("python3 absent: skipped"); return }
        let parsed = try JSONSerialization.jsonObject(with: Data(counted.utf8)) as! [String: Any]
        let tags = parsed["tags"] as! [String: Int]
        #expect(tags == ["path": 66 + 3 + 4])
        #expect(map.layers.map(\.drawnFeatureCount) == [66, 3, 4])
        #expect(map.layers.map(\.skippedNullGeometryCount) == [0, 0, 1])
        #expect(parsed["ready"] as? Bool == true, "the tooltip script did not run to its end")
        // 2. No console output at all (an uncaught exception would be logged as CONSOLE … "Uncaught …").
        let consoleLines = log.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        #expect(consoleLines.isEmpty, "console: \(consoleLines)")

        // 3. Screenshot: page size, not blank, the ring hole shows the district fill (even-odd), the ring does not.
        let png = try chromium.screenshot(of: page, widthPixels: map.widthPixels, heightPixels: map.heightPixels)
        let pngFile = folder.file("map.png")
        try png.write(to: pngFile)
        let k = 1 / cos(Builders.beijingSouth.latitude * Double.pi / 180)
        func pagePixel(_ dLonDegrees: Double) -> [Int] {
            let p = map.projection.project(Coordinate(longitude: Builders.beijingSouth.longitude + dLonDegrees * k,
                                                      latitude: Builders.beijingSouth.latitude))
            return [Int((p.x + map.mapOrigin.x).rounded()), Int((p.y + map.mapOrigin.y).rounded())]
        }
        let probes = [pagePixel(0.28), pagePixel(-0.28), pagePixel(-0.03)]  // hole centre, 60-ring west, inside 30
        let probeJSON = String(decoding: try JSONSerialization.data(withJSONObject: probes), as: UTF8.self)
        let probed = try #require(try PythonCheck.run(PythonCheck.pngProbe, arguments: [pngFile.path, probeJSON]))
        let result = try JSONSerialization.jsonObject(with: Data(probed.utf8)) as! [String: Any]
        #expect(result["width"] as? Int == map.widthPixels && result["height"] as? Int == map.heightPixels)
        #expect((result["colours"] as! Int) > 50, "screenshot looks blank")
        let colours = result["probes"] as! [[Int]]
        // District fill #F3EFE4 = (243, 239, 228): what the hole must show.
        #expect(zip(colours[0], [243, 239, 228]).allSatisfy { abs($0 - $1) <= 3 }, "hole pixel \(colours[0])")
        // 60-min fill #C7E9B4 at opacity 0.55 over the district fill: 0.55·(199,233,180) + 0.45·(243,239,228).
        let blended = zip([199.0, 233, 180], [243.0, 239, 228]).map { 0.55 * $0 + 0.45 * $1 }
        #expect(zip(colours[1], blended).allSatisfy { abs(Double($0) - $1) <= 4 }, "60-ring pixel \(colours[1])")
        // Three rings stacked near the centre: dark blue.
        #expect(colours[2][2] > colours[2][0] && colours[2][0] < 120, "30-ring pixel \(colours[2])")
    }

    /// The console check above can fail: a page with an uncaught exception is reported.
    @Test func consoleErrorsAreVisibleInTheLog() throws {
        guard let chromium = Chromium.locate() else { print("chromium not installed: skipped"); return }
        let folder = try TemporaryDirectory()
        defer { folder.cleanUp() }
        let page = folder.file("bad.html")
        try Data("<html><body><script>throw new Error('boom')</script></body></html>".utf8).write(to: page)
        let (_, log) = try chromium.dumpDOM(of: page)
        #expect(log.contains("Uncaught Error: boom"))
    }

    @Test func aMissingBrowserIsReportedNotFound() {
        #expect(Chromium.locate(environment: ["PATH": "/nonexistent"]) == nil)
        #expect(Chromium.locate(environment: ["METROCOMMUTE_CHROMIUM": "/nonexistent/chromium"]) == nil)
    }
}
