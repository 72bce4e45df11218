import Foundation
import GeoCore
import Testing
import TestSupport
@testable import MapPreview

@Suite("HTML escaping of hostile property strings", .tags(.fast))
struct EscapingTests {
    static let hostile = [
        "</script><script>alert(1)</script>",
        "\" onmouseover=\"alert(2)",
        "' onload='x'",
        "a & b <b>bold</b> \\ back\\slash \u{2028} line\u{0001}control\ttab",
        "北京南站 \"quoted\"",
    ]

    func hostileMap() -> String {
        var props: [String: JSONValue] = [:]
        for (i, s) in Self.hostile.enumerated() { props["k\(i)"] = .string(s) }
        props["</script>"] = "key"
        let fc = FeatureCollection([Feature(id: .string("\"><svg onload=alert(3)>"), geometry: .point(Builders.beijingSouth), properties: props)])
        let map = MapPreviewRenderer.render([MapLayer(name: "<img src=x onerror=alert(4)>.geojson", collection: fc)],
                                            options: MapPreviewOptions(title: "</title><script>alert(5)</script>"))
        return String(decoding: map.html, as: UTF8.self)
    }

    @Test func noMarkupEscapesFromDataIntoThePage() {
        let html = hostileMap()
        // Exactly our one script element, and no data-made tags.
        #expect(html.components(separatedBy: "<script").count == 2)
        #expect(html.components(separatedBy: "</script>").count == 2)
        #expect(html.components(separatedBy: "</title>").count == 2)
        #expect(!html.contains("<img"))
        #expect(!html.contains("<svg onload"))
        #expect(!html.contains("onmouseover=\"alert"))
        #expect(!html.contains("\u{0001}"))
        #expect(html.contains("&lt;/title&gt;&lt;script&gt;alert(5)&lt;/script&gt;"))
    }

    /// Python's own HTML and JSON parsers read the attribute back to the original strings.
    @Test func propertiesSurviveTheRoundTripThroughAnIndependentParser() throws {
        let script = """
            import sys, json, html.parser
            class P(html.parser.HTMLParser):
                def __init__(self):
                    super().__init__(); self.found = []
                def handle_starttag(self, tag, attrs):
                    d = dict(attrs)
                    if 'data-p' in d: self.found.append((json.loads(d['data-p']), d.get('data-id')))
            p = P(); p.feed(sys.stdin.read())
            props, fid = p.found[0]
            print(json.dumps({'n': len(p.found), 'props': props, 'id': fid}))
            """
        guard let output = try PythonCheck.run(script, stdin: Data(hostileMap().utf8)) else {
            print("python3 absent: round-trip check skipped"); return
        }
        let decoded = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        #expect(decoded["n"] as? Int == 1)
        #expect(decoded["id"] as? String == "\"><svg onload=alert(3)>")
        let props = decoded["props"] as! [String: String]
        for (i, s) in Self.hostile.enumerated() {
            // Control characters are kept in JSON (escaped), so even they come back unchanged.
            #expect(props["k\(i)"] == s)
        }
        #expect(props["</script>"] == "key")
    }

    @Test func escapeFunctions() {
        #expect(HTMLEscaping.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(PropertyJSON.encode(["b": 1, "a": "</script>", "c": .array([true, nil, 1.5])])
            == #"{"a":"\u003c/script\u003e","b":1,"c":[true,null,1.5]}"#)
    }
}
