import Foundation
import GeoCore
import GeoIO
import Network
import Testing
import TestSupport

@Suite("Boundaries reader")
struct BoundariesReaderTests {
    let reader = BoundariesReader(nameProperty: "name", populationProperty: "pop", cityProperty: "city", codeProperty: "code")

    func write(_ json: String) throws -> (TemporaryDirectory, URL) {
        let dir = try TemporaryDirectory()
        let url = dir.file("districts.geojson")
        try Data(json.utf8).write(to: url)
        return (dir, url)
    }

    static func feature(_ props: String, _ geometry: String) -> String {
        #"{"type":"Feature","properties":{\#(props)},"geometry":\#(geometry)}"#
    }

    static let square = #"{"type":"Polygon","coordinates":[[[116,39],[116.1,39],[116.1,39.1],[116,39.1],[116,39]]]}"#
    /// A bow-tie: the ring crosses itself at (116.05, 39.05); GEOS make-valid splits it into two triangles.
    static let bowTie = #"{"type":"Polygon","coordinates":[[[117,39],[117.1,39.1],[117.1,39],[117,39.1],[117,39]]]}"#

    @Test func readsNamesPopulationCityCodeAndRepairsAnInvalidPolygonWithAWarning() throws {
        let (dir, url) = try write(#"{"type":"FeatureCollection","features":["#
            + Self.feature(#""name":"甲区","pop":1000,"city":"某市","code":110101"#, Self.square) + ","
            + Self.feature(#""name":"乙区","pop":2500.5,"city":"某市","code":110102"#, Self.bowTie) + "]}")
        defer { dir.cleanUp() }
        let (districts, warnings) = try reader.read(url: url, fileName: "districts.geojson")
        #expect(districts.map(\.name) == ["甲区", "乙区"])
        #expect(districts.map(\.population) == [1000, 2500.5])
        #expect(districts[0].cityName == "某市" && districts[0].code == 110101)
        #expect(warnings.count == 1)
        let w = try #require(warnings.first)
        #expect(w.location == "feature 1 (乙区)")
        #expect(w.message.contains("Self-intersection") && w.message.contains("make-valid"))
        // Repaired into the two triangles of the bow-tie, each right-hand oriented.
        #expect(districts[1].boundary.polygons.count == 2)
        #expect(districts[1].boundary.polygons.allSatisfy { $0.shell.isCounterClockwise })
    }

    @Test(arguments: [
        (Self.feature(#""pop":1"#, Self.square), "feature 0", "\"name\""),
        (Self.feature(#""name":"甲区","pop":-5"#, Self.square), "feature 0 (甲区)", "non-negative"),
        (Self.feature(#""name":"甲区","pop":"many""#, Self.square), "feature 0 (甲区)", "\"pop\""),
        (Self.feature(#""name":"甲区","pop":1"#, #"{"type":"Point","coordinates":[116,39]}"#), "feature 0 (甲区)", "Point"),
        (Self.feature(#""name":"甲区","pop":1"#, "null"), "feature 0 (甲区)", "null"),
    ])
    func badFeaturesNameTheFeatureAndTheProblem(feature: String, location: String, phrase: String) throws {
        let (dir, url) = try write(#"{"type":"FeatureCollection","features":["# + feature + "]}")
        defer { dir.cleanUp() }
        let error = #expect(throws: InputError.self) { _ = try reader.read(url: url, fileName: "districts.geojson") }
        #expect(error?.file == "districts.geojson")
        #expect(error?.location == location)
        #expect(error?.message.contains(phrase) == true, "\(String(describing: error))")
    }

    @Test func anEmptyCollectionIsAnError() throws {
        let (dir, url) = try write(#"{"type":"FeatureCollection","features":[]}"#)
        defer { dir.cleanUp() }
        #expect(throws: InputError.self) { _ = try reader.read(url: url) }
    }
}
