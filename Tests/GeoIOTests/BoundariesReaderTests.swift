import Foundation
import GeoCore
import GeoIO
import Network
import Testing
import TestSupport

@Suite("Boundaries reader", .tags(.fast))
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

    /// A part 100 km from the rest of its district (like 河东区's stray parts in the jingjinji data) is kept but
    /// reported; a part 20 km away (an exclave) is not.
    @Test func strayPartsFarFromTheDistrictAreReported() throws {
        func square(_ lon: Double, _ lat: Double, _ side: Double) -> String {
            "[[[\(lon),\(lat)],[\(lon + side),\(lat)],[\(lon + side),\(lat + side)],[\(lon),\(lat + side)],[\(lon),\(lat)]]]"
        }
        // 0.2° squares; 1° of latitude ≈ 111 km: the third square starts ≈ 100 km north of the first one's top.
        let multi = #"{"type":"MultiPolygon","coordinates":["# + square(116, 39, 0.2) + "," + square(116.4, 39.0, 0.05) + ","
            + square(116, 40.1, 0.05) + "]}"
        let (dir, url) = try write(#"{"type":"FeatureCollection","features":["#
            + Self.feature(#""name":"甲区","pop":1"#, multi) + "]}")
        defer { dir.cleanUp() }
        let (districts, warnings) = try reader.read(url: url, fileName: "d.geojson")
        #expect(districts[0].boundary.polygons.count == 3, "parts are kept as given")
        #expect(warnings.count == 1)
        #expect(warnings.first?.location == "feature 0 (甲区)")
        #expect(warnings.first?.message.hasPrefix("1 of 3 polygon parts lie more than 50 km") == true)
    }

    @Test func anEmptyCollectionIsAnError() throws {
        let (dir, url) = try write(#"{"type":"FeatureCollection","features":[]}"#)
        defer { dir.cleanUp() }
        #expect(throws: InputError.self) { _ = try reader.read(url: url) }
    }
}
