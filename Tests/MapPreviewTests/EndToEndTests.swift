import Foundation
import GeoCore
import Testing
import TestSupport
@testable import MapPreview

/// Renders the jingjinji districts, three synthetic rings (one with a hole) and one hub per rating, then loads
/// the page in headless Chromium: DOM after scripts, console log, and a screenshot decoded in Python.
@Suite("End to end in headless Chromium", .serialized)
struct EndToEndTests {
    /// Decodes an 8-bit non-interlaced PNG (RGB or RGBA) with zlib and the five PNG filters, then prints its
    /// size, the number of distinct colours and the most common colour of the 5×5 block around each probe.
    static let pngProbe = """
        import sys, zlib, struct, json, collections
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
        pos = 8; idat = b''; w = h = 0
        while pos < len(data):
            n, kind = struct.unpack('>I4s', data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]; pos += 12 + n
            if kind == b'IHDR':
                w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
                assert depth == 8 and ctype in (2, 6) and interlace == 0
                bpp = 3 if ctype == 2 else 4
            elif kind == b'IDAT': idat += body
        raw = zlib.decompress(idat); stride = w * bpp; rows = []; prev = bytearray(stride); i = 0
        for y in range(h):
            f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
                if f == 1: line[x] = (line[x] + a) & 255
                elif f == 2: line[x] = (line[x] + b) & 255
                elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
            rows.append(line); prev = line
        px = lambda x, y: tuple(rows[y][x * bpp:x * bpp + 3])
        colours = set(px(x, y) for y in range(0, h, 2) for x in range(0, w, 2))
        probes = []
        for p in json.loads(sys.argv[2]):
            block = collections.Counter(px(p[0] + dx, p[1] + dy) for dx in range(-2, 3) for dy in range(-2, 3))
            probes.append(list(block.most_common(1)[0][0]))
        print(json.dumps({'width': w, 'height': h, 'colours': len(colours), 'probes': probes}))
        """

    /// Tags with a `data-p` attribute, counted by Python's HTML parser: {tag: count}.
    static let tagCounter = """
        import sys, json, html.parser, collections
        class P(html.parser.HTMLParser):
            def __init__(self):
                super().__init__(); self.tags = collections.Counter(); self.ready = False
            def handle_starttag(self, tag, attrs):
                d = dict(attrs)
                if 'data-p' in d: self.tags[tag] += 1
                if tag == 'body' and d.get('data-ready') == '1': self.ready = True
        p = P(); p.feed(sys.stdin.read())
        print(json.dumps({'tags': p.tags, 'ready': p.ready}))
        """

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
        guard let counted = try runPython(Self.tagCounter, stdin: Data(dom.utf8)) else { print("python3 absent: skipped"); return }
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
        let probed = try #require(try runPython(Self.pngProbe, arguments: [pngFile.path, probeJSON]))
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
