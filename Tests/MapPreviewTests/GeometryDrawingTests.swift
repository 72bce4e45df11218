import Foundation
import GeoCore
import Testing
import TestSupport
@testable import MapPreview

@Suite("Drawing every geometry type", .tags(.fast))
struct GeometryDrawingTests {
    /// `data-p` elements (features) in the page; the counts come from a plain text scan.
    static func featureElements(_ html: String) -> (paths: Int, groups: Int) {
        (html.components(separatedBy: "<path class=").filter { $0.split(separator: ">", maxSplits: 1).first?.contains("data-p=") ?? false }.count,
         html.components(separatedBy: "<g data-p=").count - 1)
    }

    @Test func allSevenTypesNullGeometryAndMixedCollections() {
        let a = Coordinate(longitude: 116.1, latitude: 39.7), b = Coordinate(longitude: 116.5, latitude: 40.0)
        let fc = FeatureCollection([
            Feature(geometry: .point(a)),
            Feature(geometry: .multiPoint([a, b])),
            Feature(geometry: .lineString(LineString([a, b]))),
            Feature(geometry: .multiLineString([LineString([a, b]), LineString([b, a])])),
            Feature(geometry: .polygon(Builders.square(116, 39.6, 0.2))),
            Feature(geometry: .multiPolygon(MultiPolygon([Builders.square(116, 39.6, 0.2), Builders.square(116.4, 39.9, 0.2)]))),
            Feature(geometry: .geometryCollection([.polygon(Builders.square(116.2, 39.8, 0.1)), .lineString(LineString([a, b])), .point(b)])),
            Feature(geometry: .geometryCollection([])),
            Feature(geometry: nil, properties: ["note": "no geometry"]),
            Feature(geometry: nil),
        ])
        let map = MapPreviewRenderer.render([MapLayer(name: "all.geojson", collection: fc)])
        let html = String(decoding: map.html, as: UTF8.self)
        #expect(map.layers[0].drawnFeatureCount == 8)
        #expect(map.layers[0].skippedNullGeometryCount == 2)
        let elements = Self.featureElements(html)
        #expect(elements.paths == 7)   // every feature but the mixed collection is one path
        #expect(elements.groups == 1)  // the mixed GeometryCollection is a group of three paths
        #expect(html.contains("2 without geometry"))
        #expect(html.contains("fill-rule:evenodd"))
    }

    @Test func anEmptyCollectionStillGivesAPage() {
        let map = MapPreviewRenderer.render([MapLayer(name: "empty.geojson", collection: FeatureCollection())])
        let html = String(decoding: map.html, as: UTF8.self)
        #expect(html.contains("Nothing to draw: no geometry in the inputs."))
        #expect(Self.featureElements(html).paths == 0)
    }

    /// Path data parsed back with SVG's number grammar (in Python) gives the projected positions to 0.05 px.
    @Test func pathDataDecodesToTheProjectedPositions() throws {
        // A zigzag whose corners are far apart, so simplification keeps every one.
        let coordinates = (0..<12).map { i in
            Coordinate(longitude: 116 + 0.05 * Double(i), latitude: 39.8 + (i % 2 == 0 ? 0 : 0.031 + 0.0001 * Double(i)))
        }
        let map = MapPreviewRenderer.render([MapLayer(name: "zig.geojson",
                                                      collection: FeatureCollection([Feature(geometry: .lineString(LineString(coordinates)))]))])
        let html = String(decoding: map.html, as: UTF8.self)
        let start = html.range(of: "data-p=\"{}\" d=\"")!.upperBound
        let d = String(html[start...].prefix { $0 != "\"" })
        let script = """
            import re, sys, json
            tokens = re.findall(r'[MmLlZzAa]|[-+]?(?:\\d+\\.?\\d*|\\.\\d+)', sys.argv[1])
            pts = []; cmd = None; i = 0; x = y = 0.0
            while i < len(tokens):
                t = tokens[i]
                if t in 'MmLlZzAa': cmd = t; i += 1; continue
                a, b = float(tokens[i]), float(tokens[i + 1]); i += 2
                if cmd == 'M': x, y = a, b; cmd = 'L'
                elif cmd == 'L': x, y = a, b
                elif cmd == 'l': x, y = x + a, y + b
                pts.append([x, y])
            print(json.dumps(pts))
            """
        guard let output = try PythonCheck.run(script, arguments: [d]) else { print("python3 absent: skipped"); return }
        let decoded = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [[Double]]
        #expect(decoded.count == coordinates.count)
        for (c, p) in zip(coordinates, decoded) {
            let expected = map.projection.project(c)
            #expect(abs(expected.x - p[0]) <= 0.05 + 1e-9 && abs(expected.y - p[1]) <= 0.05 + 1e-9)
        }
    }

    @Test func numberTextInTenths() {
        #expect(PathEncoder.tenthsText(12) == "1.2")
        #expect(PathEncoder.tenthsText(-5) == "-.5")
        #expect(PathEncoder.tenthsText(30) == "3")
        #expect(PathEncoder.tenthsText(0) == "0")
        var d = ""
        PathEncoder.appendNumbers([30, 5, 12, 5, -7, 40], to: &d)
        #expect(d == "3 .5 1.2.5-.7 4")
    }

    @Test func douglasPeuckerDropsOnlyPointsWithinTolerance() {
        let points = [PlanarPoint(x: 0, y: 0), PlanarPoint(x: 5, y: 0.2), PlanarPoint(x: 10, y: 0), PlanarPoint(x: 15, y: 3), PlanarPoint(x: 20, y: 0)]
        #expect(PathEncoder.simplify(points, tolerance: 0.3) == [points[0], points[2], points[3], points[4]])
        #expect(PathEncoder.simplify(points, tolerance: 0.1) == points)
    }

    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "shared data absent"))
    func theJingjinjiDistrictsGiveASmallPage() throws {
        let url = try #require(SharedData.file("cn/jingjinji/districts.geojson"))
        let districts = try GeoJSONReader.read(contentsOf: url)
        let map = MapPreviewRenderer.render([MapLayer(name: "districts.geojson", collection: districts)])
        let html = String(decoding: map.html, as: UTF8.self)
        #expect(map.layers[0].kind == .districts)
        #expect(Self.featureElements(html).paths == 66)   // README: 66 districts
        // 900 kB of GeoJSON becomes well under 200 kB of page.
        #expect(map.html.count < 200_000)
        #expect(map.labelCount >= 30)
    }
}
