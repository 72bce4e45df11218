import Foundation
import TestSupport
import Testing
import GeoCore

/// Hand-written GeoJSON: what the reader must accept and what it must refuse, with the place named.
@Suite(.tags(.fast)) struct GeoJSONReaderTests {
    func read(_ text: String) throws -> FeatureCollection {
        try GeoJSONReader.read(data: Data(text.utf8), fileName: "test.geojson")
    }

    func error(_ text: String) -> InputError? {
        do {
            _ = try read(text)
            return nil
        } catch let e as InputError {
            return e
        } catch {
            Issue.record("unexpected error type \(error)")
            return nil
        }
    }

    func c(_ lon: Double, _ lat: Double) -> Coordinate { Coordinate(longitude: lon, latitude: lat) }

    @Test func everyGeometryTypeInACollection() throws {
        let text = """
        {"type":"FeatureCollection","name":"foreign member","bbox":[0,0,1,1],"features":[
         {"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[116.5,39.9,44.0]},"properties":{"n":1}},
         {"type":"Feature","id":7,"geometry":{"type":"MultiPoint","coordinates":[[1,2],[3,4]]},"properties":null},
         {"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4],[5,6]]},"properties":{}},
         {"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[[5,6],[7,8]]]},"properties":{}},
         {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],
                                                                       [[2,2],[2,4],[4,4],[4,2],[2,2]]]},"properties":{}},
         {"properties":{"k":[1,"x",null,true,{"z":false}]},"type":"Feature","geometry":{"coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],
                                                    [[[5,5],[6,5],[6,6],[5,5]]]],"type":"MultiPolygon"}},
         {"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[
             {"type":"Point","coordinates":[-1.5,-2.25]},
             {"type":"GeometryCollection","geometries":[{"type":"LineString","coordinates":[[0,0],[1e-3,-2E+1]]}]}]},
          "properties":{"s":"tab\\tquote\\"slash\\/uni\\u00e9\\ud83d\\ude00 中文"}},
         {"type":"Feature","geometry":null,"properties":{"note":"no geometry"},"extra":{"coordinates":["not","numbers"]}}
        ]}
        """
        let fc = try read(text)
        try #require(fc.features.count == 8)
        let f = fc.features
        #expect(f[0].id == .string("a"))
        #expect(f[0].geometry == .point(c(116.5, 39.9)))  // altitude dropped
        #expect(f[0].properties == ["n": 1])
        #expect(f[1].id == .number(7))
        #expect(f[1].properties.isEmpty)  // null → empty
        #expect(f[1].geometry == .multiPoint([c(1, 2), c(3, 4)]))
        #expect(f[2].id == nil)
        #expect(f[2].geometry == .lineString(LineString([c(1, 2), c(3, 4), c(5, 6)])))
        #expect(f[3].geometry == .multiLineString([LineString([c(1, 2), c(3, 4)]), LineString([c(5, 6), c(7, 8)])]))
        let shell = LinearRing([c(0, 0), c(10, 0), c(10, 10), c(0, 10), c(0, 0)])
        let hole = LinearRing([c(2, 2), c(2, 4), c(4, 4), c(4, 2), c(2, 2)])
        #expect(f[4].geometry == .polygon(Polygon(shell: shell, holes: [hole])))
        #expect(f[5].geometry == .multiPolygon(MultiPolygon([
            Polygon(shell: LinearRing([c(0, 0), c(1, 0), c(1, 1), c(0, 0)])),
            Polygon(shell: LinearRing([c(5, 5), c(6, 5), c(6, 6), c(5, 5)])),
        ])))
        #expect(f[5].properties["k"] == .array([1, "x", .null, true, .object(["z": false])]))
        #expect(f[6].geometry == .geometryCollection([
            .point(c(-1.5, -2.25)),
            .geometryCollection([.lineString(LineString([c(0, 0), c(0.001, -20)]))]),
        ]))
        #expect(f[6].properties["s"] == .string("tab\tquote\"slash/uni\u{e9}\u{1F600} 中文"))
        #expect(f[7].geometry == nil)
        #expect(f[7].properties == ["note": "no geometry"])
    }

    @Test func bareGeometryAndSingleFeatureBecomeCollectionsOfOne() throws {
        let g = try read(#"{"type":"LineString","coordinates":[[1,2],[3,4]]}"#)
        #expect(g.features == [Feature(geometry: .lineString(LineString([c(1, 2), c(3, 4)])))])
        let f = try read("\u{FEFF}  {\"type\":\"Feature\",\"id\":\"x\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}\n")
        #expect(f.features == [Feature(id: "x", geometry: .point(c(1, 2)))])
        let gc = try read(#"{"type":"GeometryCollection","geometries":[]}"#)
        #expect(gc.features == [Feature(geometry: .geometryCollection([]))])
        let empty = try read(#"{"type":"FeatureCollection","features":[]}"#)
        #expect(empty.features.isEmpty)
    }

    @Test func numbersAreParsedExactly() throws {
        // Each literal must give the same Double as Swift's own parser (correct rounding).
        let literals = ["0", "-0", "116.378959", "39.865030", "1e-7", "-2.5E+2", "0.1", "179.99999999999997",
                        "12345678901234567890", "1.7976931348623157e308", "4.9e-324", "0.30000000000000004",
                        "123456789012345.678", "-89.999999999999", "1E22", "1e23"]
        for text in literals {
            let fc = try read(#"{"type":"Feature","geometry":null,"properties":{"v":\#(text)}}"#)
            #expect(fc.features[0].properties["v"] == .number(Double(text)!), "\(text)")
        }
    }

    // MARK: - Bad input: each throws an InputError naming the place.

    struct BadCase: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var location: String?
        var message: String
        var testDescription: String { name }
    }

    static let collectionHead = #"{"type":"FeatureCollection","features":["#
    static let okFeature = #"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}}"#
    /// Four good features then `bad` as feature 4 (0-based) on line 2. Expected columns below were counted
    /// with Python's str.index on the same text (1-based, bytes; all ASCII).
    static func fifth(_ geometry: String) -> String {
        collectionHead + Array(repeating: okFeature, count: 4).joined(separator: ",") + ",\n"
            + #"{"type":"Feature","properties":{},"geometry":"# + geometry + "}]}"
    }

    static let badCases: [BadCase] = [
        BadCase(name: "empty file", text: "", location: nil, message: "empty file"),
        BadCase(name: "blank file", text: " \n\t\n", location: nil, message: "empty file"),
        BadCase(name: "truncated", text: "{\"type\":\"FeatureCollection\",\n\"features\":[\n{\"type\":",
                location: "line 3 column 9", message: "malformed JSON: unexpected end of file"),
        BadCase(name: "trailing comma", text: "{\"type\":\"Point\",\n   \"coordinates\":[1,2],}",
                location: "line 2 column 24", message: "malformed JSON"),
        BadCase(name: "garbage after value", text: #"{"type":"Point","coordinates":[1,2]} x"#,
                location: "line 1 column 38", message: "after the JSON value"),
        BadCase(name: "NaN literal", text: #"{"type":"Point","coordinates":[NaN,2]}"#,
                location: "line 1 column 32", message: "malformed JSON"),
        BadCase(name: "leading zero", text: #"{"type":"Point","coordinates":[01,2]}"#,
                location: "line 1 column 32", message: "leading zero"),
        BadCase(name: "raw newline in string", text: "{\"type\":\"Po\nint\"}",
                location: "line 1 column 12", message: "control character"),
        BadCase(name: "unknown top-level type", text: #"{"type":"Circle","coordinates":[1,2]}"#,
                location: "line 1 column 1", message: "unknown geometry type \"Circle\""),
        BadCase(name: "no type", text: #"{"features":[]}"#, location: "line 1 column 1", message: "no \"type\""),
        BadCase(name: "unknown geometry type in feature", text: fifth(#"{"type":"Curve","coordinates":[]}"#),
                location: "feature 4, line 2 column 46", message: "unknown geometry type \"Curve\""),
        BadCase(name: "unclosed ring",
                text: fifth(#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#),
                location: "feature 4, line 2 column 79", message: "ring 0 of polygon is not closed"),
        BadCase(name: "ring with three positions",
                text: fifth(#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]],[[0,0],[1,0],[0,0]]]}"#),
                location: "feature 4, line 2 column 105", message: "ring 1 of polygon has 3 positions, needs at least 4"),
        BadCase(name: "unclosed ring in multipolygon",
                text: fifth(#"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[0,0],[1,0],[1,1],[0,2]]]]}"#),
                location: "feature 4, line 2 column 113", message: "ring 0 of polygon 1 is not closed"),
        BadCase(name: "longitude out of range",
                text: fifth(#"{"type":"LineString","coordinates":[[0,0],[180.5,0]]}"#),
                location: "feature 4, line 2 column 88", message: "position 1 of LineString has longitude 180.5 outside [-180, 180]"),
        BadCase(name: "latitude out of range",
                text: fifth(#"{"type":"Point","coordinates":[10,-90.01]}"#),
                location: "feature 4, line 2 column 76", message: "latitude -90.01 outside [-90, 90]"),
        BadCase(name: "overflowing number",
                text: fifth(#"{"type":"MultiPoint","coordinates":[[1,2],[1e999,2]]}"#),
                location: "feature 4, line 2 column 88", message: "position 1 of MultiPoint is not finite"),
        BadCase(name: "position with one number",
                text: fifth(#"{"type":"LineString","coordinates":[[0,0],[5]]}"#),
                location: "feature 4, line 2 column 88", message: "position has 1 number, needs at least 2"),
        BadCase(name: "string in position",
                text: fifth(#"{"type":"Point","coordinates":["1",2]}"#),
                location: "feature 4, line 2 column 77", message: "only arrays and numbers, found the string \"1\""),
        BadCase(name: "line with one position",
                text: fifth(#"{"type":"LineString","coordinates":[[0,0]]}"#),
                location: "feature 4, line 2 column 81", message: "LineString has 1 position, needs at least 2"),
        BadCase(name: "polygon given as a line",
                text: fifth(#"{"type":"Polygon","coordinates":[[0,0],[1,0],[1,1],[0,0]]}"#),
                location: "feature 4, line 2 column 78", message: "Polygon coordinates must hold"),
        BadCase(name: "missing coordinates", text: fifth(#"{"type":"Point"}"#),
                location: "feature 4, line 2 column 46", message: "Point has no \"coordinates\" member"),
        BadCase(name: "properties not an object",
                text: collectionHead + #"{"type":"Feature","geometry":null,"properties":[1]}]}"#,
                location: "feature 0, line 1 column 88", message: "\"properties\" must be an object or null"),
        BadCase(name: "feature of wrong type",
                text: collectionHead + #"{"type":"Point","coordinates":[1,2]}]}"#,
                location: "feature 0, line 1 column 41", message: "expected type \"Feature\", found \"Point\""),
        BadCase(name: "features not an array", text: #"{"type":"FeatureCollection","features":{}}"#,
                location: "line 1 column 40", message: "\"features\" must be an array"),
        BadCase(name: "nesting too deep", text: String(repeating: "[", count: 1000),
                location: "line 1 column 513", message: "nesting deeper than 512 levels"),
        BadCase(name: "top level not an object", text: "[1,2]",
                location: "line 1 column 1", message: "must be a JSON object, found an array"),
    ]

    @Test(arguments: badCases)
    func badInputThrowsNamingThePlace(_ bad: BadCase) throws {
        let e = try #require(error(bad.text), "\(bad.name) was accepted")
        #expect(e.file == "test.geojson")
        if let location = bad.location { #expect(e.location == location, "\(e)") }
        #expect(e.message.contains(bad.message), "\(e)")
        #expect(e.description.hasPrefix("test.geojson: "))
        #expect(!e.description.contains("\n"))
    }

    @Test func invalidUTF8InsideAStringIsRefused() throws {
        var bytes = Array(#"{"type":"Feature","geometry":null,"properties":{"name":""#.utf8)
        bytes += [0xC3, 0x28]  // a lead byte followed by an ASCII byte: invalid
        bytes += Array(#""}}"#.utf8)
        #expect(throws: InputError.self) { try GeoJSONReader.read(data: Data(bytes), fileName: "x") }
        do {
            _ = try GeoJSONReader.read(data: Data(bytes), fileName: "x")
        } catch {
            #expect(error.message.contains("not valid UTF-8"))
            #expect(error.location == "line 1 column 56")
        }
    }

    @Test func unreadableFileIsAnInputError() {
        let url = URL(fileURLWithPath: "/nonexistent/metrocommute/none.geojson")
        #expect(throws: InputError.self) { try GeoJSONReader.read(contentsOf: url) }
        do {
            _ = try GeoJSONReader.read(contentsOf: url)
        } catch {
            #expect(error.file == url.path && error.message.hasPrefix("cannot read file"))
        }
    }
}
