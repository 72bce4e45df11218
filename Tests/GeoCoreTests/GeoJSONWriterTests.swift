import Foundation
import TestSupport
import Testing
import GeoCore

/// Canonical output: expected texts below are written by hand from the writer's specification
/// (key order, one feature per line, 6 decimals, right-hand rule), not recorded from its output.
@Suite(.tags(.fast)) struct GeoJSONWriterTests {
    func c(_ lon: Double, _ lat: Double) -> Coordinate { Coordinate(longitude: lon, latitude: lat) }
    func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    /// One feature of every geometry type; the polygon shell is clockwise and its hole counter-clockwise.
    var everyType: FeatureCollection {
        let cwShell = LinearRing([c(0, 0), c(0, 10), c(10, 10), c(10, 0), c(0, 0)])
        let ccwHole = LinearRing([c(2, 2), c(4, 2), c(4, 4), c(2, 4), c(2, 2)])
        return FeatureCollection([
            Feature(id: "p", geometry: .point(c(116.3789594, -0.0000001)), properties: ["name": "北京南站", "rank": 1]),
            Feature(id: 42, geometry: .multiPoint([c(1, 2), c(3.25, 4.5)])),
            Feature(geometry: .lineString(LineString([c(1, 2), c(3, 4)])), properties: ["b": 2.5, "a": .null]),
            Feature(geometry: .multiLineString([LineString([c(1, 2), c(3, 4)]), LineString([c(5, 6), c(7, 8)])])),
            Feature(geometry: .polygon(Polygon(shell: cwShell, holes: [ccwHole]))),
            Feature(geometry: .multiPolygon(MultiPolygon([Polygon(shell: cwShell), Polygon(shell: ccwHole)]))),
            Feature(geometry: .geometryCollection([.point(c(1, 2)), .polygon(Polygon(shell: cwShell))]),
                    properties: ["nested": .object(["z": 1, "a": .array([true, false, .object(["y": "1", "x": "2"])])])]),
            Feature(geometry: nil),
        ])
    }

    @Test func exactCanonicalText() {
        let expected = #"""
        {"type":"FeatureCollection","features":[
        {"type":"Feature","id":"p","geometry":{"type":"Point","coordinates":[116.378959,0]},"properties":{"name":"北京南站","rank":1}},
        {"type":"Feature","id":42,"geometry":{"type":"MultiPoint","coordinates":[[1,2],[3.25,4.5]]},"properties":{}},
        {"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]},"properties":{"a":null,"b":2.5}},
        {"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[[5,6],[7,8]]]},"properties":{}},
        {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[2,4],[4,4],[4,2],[2,2]]]},"properties":{}},
        {"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[10,0],[10,10],[0,10],[0,0]]],[[[2,2],[4,2],[4,4],[2,4],[2,2]]]]},"properties":{}},
        {"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}]},"properties":{"nested":{"a":[true,false,{"x":"2","y":"1"}],"z":1}}},
        {"type":"Feature","geometry":null,"properties":{}}
        ]}

        """#
        #expect(text(GeoJSONWriter().data(for: everyType)) == expected)
    }

    @Test func roundTripOfEveryType() throws {
        let written = GeoJSONWriter().data(for: everyType)
        let back = try GeoJSONReader.read(data: written, fileName: "roundtrip")
        // What goes in comes back, with the right-hand rule applied and the point rounded to 6 decimals.
        var expected = everyType
        for i in expected.features.indices {
            expected.features[i].geometry = expected.features[i].geometry?.rightHandOriented()
        }
        expected.features[0].geometry = .point(c(116.378959, 0))
        #expect(back == expected)
        // Writing what was read gives the same bytes again.
        #expect(GeoJSONWriter().data(for: back) == written)
    }

    @Test func foreignMembersAfterTheFeaturesSortedAndReadBack() throws {
        var collection = FeatureCollection([Feature(geometry: .point(c(1, 2)))])
        collection.foreignMembers = ["metadata": .object(["tool": "metrocommute", "scenario": .null, "a": .array([1, "x"])]),
                                     "crs_note": "local"]
        let expected = #"""
        {"type":"FeatureCollection","features":[
        {"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}}
        ],
        "crs_note":"local",
        "metadata":{"a":[1,"x"],"scenario":null,"tool":"metrocommute"}}

        """#
        let written = GeoJSONWriter().data(for: collection)
        #expect(text(written) == expected)
        let back = try GeoJSONReader.read(data: written, fileName: "foreign")
        #expect(back == collection)
        #expect(GeoJSONWriter().data(for: back) == written)
        // An empty collection keeps its members too.
        let empty = FeatureCollection([], foreignMembers: ["metadata": .object([:])])
        #expect(text(GeoJSONWriter().data(for: empty)) == "{\"type\":\"FeatureCollection\",\"features\":[],\n\"metadata\":{}}\n")
    }

    @Test func windingFixedOnWrite() throws {
        let cwShell = LinearRing([c(0, 0), c(0, 1), c(1, 1), c(1, 0), c(0, 0)])
        let ccwHole = LinearRing([c(0.2, 0.2), c(0.8, 0.2), c(0.8, 0.8), c(0.2, 0.8), c(0.2, 0.2)])
        #expect(!cwShell.isCounterClockwise && ccwHole.isCounterClockwise)  // the input really is wrong
        let fc = FeatureCollection([Feature(geometry: .polygon(Polygon(shell: cwShell, holes: [ccwHole])))])
        let back = try GeoJSONReader.read(data: GeoJSONWriter().data(for: fc), fileName: "w")
        guard case .polygon(let p) = back.features[0].geometry else {
            Issue.record("not a polygon")
            return
        }
        #expect(p.shell.isCounterClockwise)
        #expect(p.holes.count == 1 && !p.holes[0].isCounterClockwise)
        #expect(p.shell.coordinates == cwShell.coordinates.reversed())
        #expect(p.holes[0].coordinates == ccwHole.coordinates.reversed())
    }

    @Test func byteStableAcrossInsertionOrder() {
        // Two dictionaries with the same content built in opposite orders: iteration order may differ,
        // output must not.
        let keys = (0..<200).map { "key_\($0)" } + ["Z", "a", "é", "中", "_", "A1", "a1"]
        var forward: [String: JSONValue] = [:]
        for (i, k) in keys.enumerated() { forward[k] = .number(Double(i)) }
        var backward: [String: JSONValue] = [:]
        for (i, k) in keys.enumerated().reversed() { backward[k] = .number(Double(i)) }
        let a = GeoJSONWriter().data(for: FeatureCollection([Feature(geometry: nil, properties: forward)]))
        let b = GeoJSONWriter().data(for: FeatureCollection([Feature(geometry: nil, properties: backward)]))
        #expect(a == b)
        #expect(GeoJSONWriter().data(for: everyType) == GeoJSONWriter().data(for: everyType))
        // Byte-wise UTF-8 order: "A1" < "Z" < "_" < "a" < "a1" < "key_0" < "key_1" < "key_10" < ... < "é" < "中".
        let s = text(a)
        let order = ["\"A1\"", "\"Z\"", "\"_\"", "\"a\"", "\"a1\"", "\"key_0\"", "\"key_1\"", "\"key_10\"", "\"key_99\"", "\"é\"", "\"中\""]
        let positions = order.map { s.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
    }

    @Test func stringEscaping() {
        let f = Feature(geometry: nil, properties: ["s": .string("q\"b\\n\nt\tc\u{1}d\u{7F}/中文é😀")])
        let expected = #"{"type":"Feature","geometry":null,"properties":{"s":"q\"b\\n\nt\tc\u0001d"# + "\u{7F}/中文é😀\"}}\n"
        #expect(text(GeoJSONWriter().data(for: f)) == expected)
    }

    @Test func nonFiniteAndSpecialNumbersInProperties() {
        let f = Feature(geometry: nil, properties: [
            "inf": .number(.infinity), "nan": .number(.nan), "negzero": .number(-0.0), "big": 21_893_095,
            "neg": -3, "tiny": .number(1e-12), "third": .number(1.0 / 3.0), "huge": .number(1e20),
        ])
        let expected = #"{"type":"Feature","geometry":null,"properties":{"big":21893095,"huge":100000000000000000000,"inf":null,"nan":null,"neg":-3,"negzero":0,"third":0.333333333,"tiny":0}}"#
            + "\n"
        #expect(text(GeoJSONWriter().data(for: f)) == expected)
    }

    @Test func boundingBoxesWhenAsked() {
        let fc = FeatureCollection([
            Feature(geometry: .lineString(LineString([c(1, 2), c(3, -4)]))),
            Feature(geometry: .point(c(-5.5, 0.1234567))),
            Feature(geometry: nil),
        ])
        let expected = #"""
        {"type":"FeatureCollection","bbox":[-5.5,-4,3,2],"features":[
        {"type":"Feature","bbox":[1,-4,3,2],"geometry":{"type":"LineString","coordinates":[[1,2],[3,-4]]},"properties":{}},
        {"type":"Feature","bbox":[-5.5,0.123457,-5.5,0.123457],"geometry":{"type":"Point","coordinates":[-5.5,0.123457]},"properties":{}},
        {"type":"Feature","geometry":null,"properties":{}}
        ]}

        """#
        #expect(text(GeoJSONWriter(includeBoundingBox: true).data(for: fc)) == expected)
        #expect(text(GeoJSONWriter().data(for: FeatureCollection())) == "{\"type\":\"FeatureCollection\",\"features\":[]}\n")
    }

    @Test func singleGeometryAndSequence() {
        let ring = LinearRing([c(0, 0), c(0, 1), c(1, 1), c(0, 0)])  // clockwise
        #expect(text(GeoJSONWriter().data(for: Geometry.polygon(Polygon(shell: ring))))
            == "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[0,1],[0,0]]]}\n")
        let seq = GeoJSONWriter(precision: 1).sequenceData(for: FeatureCollection([
            Feature(geometry: .point(c(1.25, 1.35))), Feature(geometry: .point(c(3, 4))),
        ]))
        // %.1f of the doubles nearest 1.25 (exactly 1.25, a tie → even: 1.2) and 1.35 (1.350000000000000088… → 1.4).
        #expect(text(seq) == "\u{1E}{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1.2,1.4]},\"properties\":{}}\n"
            + "\u{1E}{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[3,4]},\"properties\":{}}\n")
    }
}

@Suite(.tags(.fast)) struct GeoJSONNumberFormatterTests {
    /// Expected strings checked with Python's `'%.*f' % (digits, value)` (exact binary value, ties to even).
    @Test func handPickedCases() {
        let f = GeoJSONNumberFormatter(maximumFractionDigits: 6)
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (100, "100"), (-180, "-180"), (1.5, "1.5"), (0.1 + 0.2, "0.3"),
            (116.3789594, "116.378959"), (116.3789596, "116.37896"), (-0.0000004, "0"), (-0.0000006, "-0.000001"),
            (39.86503, "39.86503"), (1e-7, "0"), (123456789.123456789, "123456789.123457"),
            // 5e-7 is 4.99999999999999977e-7 as a double: rounds down. 2.5e-6 and 3.5e-6 lie just above and
            // just below their ties.
            (0.0000005, "0"), (-2.5e-6, "-0.000003"), (2.5e-6, "0.000003"), (3.5e-6, "0.000003"),
            (.infinity, "null"), (-.infinity, "null"), (.nan, "null"), (1e20, "100000000000000000000"),
        ]
        for (value, expected) in cases {
            #expect(f.string(value) == expected, "\(value)")
        }
        #expect(GeoJSONNumberFormatter(maximumFractionDigits: 0).string(2.5) == "2")  // exact tie → even
        #expect(GeoJSONNumberFormatter(maximumFractionDigits: 0).string(-0.4) == "0")
        #expect(GeoJSONNumberFormatter(maximumFractionDigits: 2).string(1.005) == "1")  // 1.00499999999999989…
    }

    /// Against C's `%.*f` (glibc's exact conversion, via Foundation's String(format:)), trailing zeros and
    /// "-0" removed by hand: 20,000 values from a fixed-seed generator, half of them near rounding ties.
    @Test func agreesWithPrintfOnRandomValues() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        for digits in [0, 3, 6, 9] {
            let f = GeoJSONNumberFormatter(maximumFractionDigits: digits)
            for k in 0..<5_000 {
                var value = (Double(next()) / Double(1 << 53) - 0.5) * 400
                if k % 2 == 0 {  // put it on a tie of the last kept digit, then let binary rounding decide
                    let scale = pow(10.0, Double(digits))
                    value = ((value * scale).rounded(.down) + 0.5) / scale
                }
                var reference = String(format: "%.\(digits)f", value)
                if reference.contains(".") {
                    while reference.hasSuffix("0") { reference.removeLast() }
                    if reference.hasSuffix(".") { reference.removeLast() }
                }
                if reference == "-0" { reference = "0" }
                #expect(f.string(value) == reference, "\(value) with \(digits) digits")
            }
        }
    }
}
