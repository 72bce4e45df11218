import Foundation
import GeoCore
import Testing

/// `FeatureSchema`: reals written as reals by the GeoJSON writer, stable ids per kind, grouping by kind, and the
/// check that finds properties a schema does not declare or whose value does not fit. Expected texts by hand.
@Suite(.tags(.fast)) struct FeatureSchemaTests {
    static let schema = FeatureSchema([
        .init("district", .multiPolygon, [.init("name", .string), .init("adcode", .integer), .init("share", .real),
                                          .init("in_circle", .boolean)]),
        .init("hub", table: "hubs", .point, [.init("name", .string), .init("walk_m", .real)]),
    ])

    static let collection = FeatureCollection([
        Feature(geometry: .point(Coordinate(longitude: 1, latitude: 2)), properties: ["kind": "hub", "name": "A", "walk_m": 3]),
        Feature(geometry: nil, properties: ["kind": "district", "name": "West", "adcode": 110105, "share": 1,
                                            "in_circle": true]),
        Feature(geometry: nil, properties: ["kind": "district", "name": "East", "adcode": nil, "share": 0.25,
                                            "in_circle": false]),
        Feature(geometry: .point(Coordinate(longitude: 3, latitude: 4)), properties: ["kind": "hub", "name": "B", "walk_m": -0.0]),
    ])

    @Test func realsKeepADecimalIntegersDoNotAndIdsCountWithinTheKind() {
        let text = String(decoding: GeoJSONWriter(schema: Self.schema).data(for: Self.schema.identified(Self.collection)), as: UTF8.self)
        let expected = #"""
        {"type":"FeatureCollection","features":[
        {"type":"Feature","id":"hub-1","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"kind":"hub","name":"A","walk_m":3.0}},
        {"type":"Feature","id":"district-1","geometry":null,"properties":{"adcode":110105,"in_circle":true,"kind":"district","name":"West","share":1.0}},
        {"type":"Feature","id":"district-2","geometry":null,"properties":{"adcode":null,"in_circle":false,"kind":"district","name":"East","share":0.25}},
        {"type":"Feature","id":"hub-2","geometry":{"type":"Point","coordinates":[3,4]},"properties":{"kind":"hub","name":"B","walk_m":0.0}}
        ]}

        """#
        #expect(text == expected)
        // Without a schema the writer is unchanged: whole numbers without a point.
        let plain = String(decoding: GeoJSONWriter().data(for: Self.collection), as: UTF8.self)
        #expect(plain.contains(#""walk_m":3}"#) && plain.contains(#""share":1}"#))
    }

    @Test func existingIdsAreKeptAndNumbersReadBack() {
        var collection = Self.collection
        collection.features[0].id = 7
        let ids = Self.schema.identified(collection).features.map(\.id)
        #expect(ids == [7, "district-1", "district-2", "hub-2"])
        #expect(ids.map { FeatureSchema.featureNumber($0) } == [7, 1, 2, 2])
        #expect(FeatureSchema.featureNumber("district") == nil && FeatureSchema.featureNumber("x-0") == nil)
    }

    @Test func splitGroupsByKindInSchemaOrder() {
        let groups = Self.schema.split(Self.collection)
        #expect(groups.map(\.layer.table) == ["district", "hubs"])
        #expect(groups.map { $0.features.compactMap { $0.properties["name"]?.stringValue } } == [["West", "East"], ["A", "B"]])
    }

    @Test func mismatchNamesTheLayerFieldAndProblem() {
        #expect(Self.schema.mismatch(in: Self.collection) == nil)
        var extra = Self.collection
        extra.features[0].properties["colour"] = "red"
        #expect(Self.schema.mismatch(in: extra) == "hub: colour is not in the schema")
        var fraction = Self.collection
        fraction.features[1].properties["adcode"] = 1.5
        #expect(Self.schema.mismatch(in: fraction) == "district: adcode is not a whole number")
        var text = Self.collection
        text.features[2].properties["share"] = "a lot"
        #expect(Self.schema.mismatch(in: text) == "district: share does not hold a real value")
        var unknown = Self.collection
        unknown.features[3].properties["kind"] = "gap"
        #expect(Self.schema.mismatch(in: unknown) == "a feature of kind gap has no layer")
    }
}

/// Shapefile field names: at most 10 bytes, unique regardless of case, names that fit unchanged, the same every
/// time; checked on every output schema's longest layer too (gaps' hubs, 77 fields).
@Suite(.tags(.fast)) struct ShapefileNameTests {
    @Test func longNamesAreAbbreviatedWordByWordAndCollisionsNumbered() {
        let layer = FeatureSchema.Layer("district", .multiPolygon, [
            .init("share_within_budget", .real), .init("population_within_budget", .real), .init("adcode", .integer),
            .init("population_within_budgets", .real), .init("Adcode", .integer), .init("feature_id", .integer),
            .init("区名", .string),
        ])
        let names = layer.shapefileNames
        #expect(names["share_within_budget"] == "shrwthnbdg")
        #expect(names["population_within_budget"] == "ppltwthbdg")
        #expect(names["population_within_budgets"] == "ppltwthb_2")
        #expect(names["adcode"] == "adcode")
        #expect(names["Adcode"] == "Adcd")
        #expect(names["feature_id"] == "ftrid")
        #expect(names["区名"] == "field")
        #expect(layer.shapefileNames == names)
    }

    @Test func everyNameFitsAndNoTwoMeetOnOne() {
        var fields: [FeatureSchema.Field] = []
        for a in ["trunk", "intercity", "suburban", "metro"] {
            for b in ["trunk", "intercity", "suburban", "metro"] where a != b {
                for s in ["from", "to", "crow_m", "walk_m", "walk_min", "min_transfer_min", "total_min", "walk_method", "rating"] {
                    fields.append(.init("\(a)_\(b)_\(s)", .string))
                }
            }
        }
        let names = FeatureSchema.Layer("hub", .point, fields).shapefileNames
        #expect(names.count == fields.count)
        #expect(names.values.allSatisfy { $0.utf8.count <= 10 && !$0.isEmpty })
        #expect(Set(names.values.map { $0.lowercased() }).count == fields.count)
    }
}
