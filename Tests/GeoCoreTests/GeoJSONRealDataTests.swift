import Foundation
import Testing
import TestSupport
import GeoCore

/// Real boundary files from ../shared/data. Expected figures were computed with Python 3.11's `json` module:
/// feature count, geometry types, number of positions, sum of all longitudes and latitudes, sum of pop2020.
@Suite(.tags(.realData), .enabled(if: SharedData.isPresent, "needs ../shared/data"))
struct GeoJSONRealDataTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        var path: String
        var features: Int
        var polygons: Int
        var multiPolygons: Int
        var lineStrings: Int
        var positions: Int
        var longitudeSum: Double
        var latitudeSum: Double
        var pop2020Sum: Int
        var testDescription: String { path }
    }

    static let files: [Expected] = [
        Expected(path: "cn/jingjinji/districts.geojson", features: 66, polygons: 64, multiPolygons: 2, lineStrings: 0,
                 positions: 39_325, longitudeSum: 4572875.516286001, latitudeSum: 1555448.5387799945, pop2020Sum: 52_388_827),
        Expected(path: "cn/boundaries/china_cities_wgs84_simpl100m.geojson", features: 372, polygons: 254,
                 multiPolygons: 118, lineStrings: 0, positions: 404_004, longitudeSum: 44607347.42102983,
                 latitudeSum: 13544792.862676388, pop2020Sum: 1_409_878_724),
        Expected(path: "coquimbo/coquimbo_links.geojson", features: 19_983, polygons: 0, multiPolygons: 0,
                 lineStrings: 19_983, positions: 55_408, longitudeSum: -3949100.482786967,
                 latitudeSum: -1659143.3216132137, pop2020Sum: 0),
    ]

    @Test(arguments: files)
    func readsRealFile(_ expected: Expected) throws {
        let url = try #require(SharedData.file(expected.path))
        let data = try Data(contentsOf: url)
        let clock = ContinuousClock()
        var fc = FeatureCollection()
        let elapsed = try clock.measure { fc = try GeoJSONReader.read(data: data, fileName: expected.path) }
        // Generous bound that still catches a quadratic blow-up in debug builds (release: well under 0.5 s).
        #expect(elapsed < .seconds(20), "\(expected.path) took \(elapsed)")
        #expect(fc.features.count == expected.features)
        var polygons = 0, multiPolygons = 0, lines = 0, positions = 0
        var lonSum = 0.0, latSum = 0.0
        var pop = 0
        for f in fc.features {
            switch f.geometry {
            case .polygon: polygons += 1
            case .multiPolygon: multiPolygons += 1
            case .lineString: lines += 1
            default: break
            }
            for c in f.geometry?.allCoordinates ?? [] {
                positions += 1
                lonSum += c.longitude
                latSum += c.latitude
            }
            pop += f.properties["pop2020"]?.intValue ?? 0
        }
        #expect(polygons == expected.polygons && multiPolygons == expected.multiPolygons && lines == expected.lineStrings)
        #expect(positions == expected.positions)
        #expect(abs(lonSum - expected.longitudeSum) < 1e-5)
        #expect(abs(latSum - expected.latitudeSum) < 1e-5)
        #expect(pop == expected.pop2020Sum)
    }

    @Test func districtPropertiesAndOrientation() throws {
        let url = try #require(SharedData.file("cn/jingjinji/districts.geojson"))
        let fc = try GeoJSONReader.read(contentsOf: url)
        // First and last feature as printed by Python's json (features sorted by district_adcode).
        #expect(fc.features.first?.properties == [
            "province_name": "北京市", "city_name": "北京市", "city_adcode": 110000,
            "district_name": "东城区", "district_adcode": 110101, "pop2020": 708829,
        ])
        #expect(fc.features.last?.properties["district_name"] == "三河市")
        #expect(fc.features.last?.properties["pop2020"] == 965075)
        // README: rings already in RFC 7946 order, so the right-hand rule changes nothing.
        for f in fc.features {
            #expect(f.geometry?.rightHandOriented() == f.geometry)
        }
    }

    /// Read → write → read gives the same collection (the file is already at 6 decimals and right-hand wound),
    /// and writing is byte-stable, one feature per line.
    @Test func chinaCitiesRoundTrip() throws {
        let url = try #require(SharedData.file("cn/boundaries/china_cities_wgs84_simpl100m.geojson"))
        let original = try GeoJSONReader.read(contentsOf: url)
        let writer = GeoJSONWriter()
        let written = writer.data(for: original)
        #expect(writer.data(for: original) == written)
        let back = try GeoJSONReader.read(data: written, fileName: "rewritten")
        #expect(back == original)
        let lines = String(decoding: written, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == original.features.count + 2)  // header, one line per feature, closing
    }
}
