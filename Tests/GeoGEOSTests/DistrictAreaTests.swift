import Foundation
import GeoCore
import GeoGEOS
import GeoPROJ
import Testing
import TestSupport

/// District areas through GeoPROJ + GeoGEOS against an independent pyproj + shapely computation
/// (Fixtures/jingjinji_district_areas_pyproj_shapely.csv, made by Scripts/reference/district_areas.py).
@Suite(.tags(.fast)) struct DistrictAreaTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/jingjinji_district_areas_pyproj_shapely.csv")

    struct Reference { var adcode: Int; var name: String; var areaKm2: Double }

    static func readFixture() throws -> [Reference] {
        let text = try String(contentsOf: fixture, encoding: .utf8)
        let lines = text.split(separator: "\n").dropFirst()
        return try lines.map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            try #require(f.count == 3, "bad fixture line \(line)")
            return Reference(adcode: try #require(Int(f[0])), name: f[1], areaKm2: try #require(Double(f[2])))
        }
    }

    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "needs ../shared/data"))
    func jingjinjiDistrictAreasMatchPyprojShapely() throws {
        let url = try #require(SharedData.file("cn/jingjinji/districts.geojson"))
        let districts = try GeoJSONDistricts.read(url)
        let reference = try Self.readFixture()
        #expect(districts.count == 66)
        #expect(reference.count == 66)
        let byCode = Dictionary(uniqueKeysWithValues: reference.map { ($0.adcode, $0) })

        // The reference used EPSG:4548 (CGCS2000 / 3-degree GK CM 117E), the zone LocalCRS picks for Beijing.
        let crs = try LocalCRS.cgcs2000GaussKruger3Degree(for: Coordinate(longitude: 116.40, latitude: 39.90))
        #expect(crs == "EPSG:4548")
        let transformer = try Transformer(from: "EPSG:4326", to: crs)
        let geos = GEOSContext()
        var worst = 0.0
        for d in districts {
            let ref = try #require(byCode[d.adcode], "district \(d.adcode) missing from the fixture")
            #expect(ref.name == d.name)
            let areaKm2 = try geos.areaSquareMeters(of: d.geometry) { try transformer.transform($0) } / 1e6
            let relative = abs(areaKm2 - ref.areaKm2) / ref.areaKm2
            worst = max(worst, relative)
            #expect(relative < 0.005, "\(d.adcode) \(d.name): \(areaKm2) km² vs pyproj+shapely \(ref.areaKm2) km²")
            if d.adcode == 110101 {
                // 东城区: the Beijing government gives 41.84 km² (independent of both computations).
                #expect(abs(areaKm2 - 41.8) / 41.8 < 0.02, "东城区 \(areaKm2) km²")
            }
        }
        // Same CRS, same vertices: the two computations should agree far better than the 0.5% allowed.
        #expect(worst < 1e-6, "worst relative difference \(worst)")
    }
}

/// District geometries read with JSONSerialization (independent of GeoIO's reader, written in parallel).
enum GeoJSONDistricts {
    struct District { var adcode: Int; var name: String; var geometry: Geometry }

    static func read(_ url: URL) throws -> [District] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let features = try #require(root["features"] as? [[String: Any]])
        return try features.map { f in
            let props = try #require(f["properties"] as? [String: Any])
            let g = try #require(f["geometry"] as? [String: Any])
            let type = try #require(g["type"] as? String)
            let coords = try #require(g["coordinates"] as? [Any])
            let geometry: Geometry
            switch type {
            case "Polygon": geometry = .polygon(try polygon(coords))
            case "MultiPolygon": geometry = .multiPolygon(MultiPolygon(try coords.map { try polygon(try #require($0 as? [Any])) }))
            default: throw GEOSError(operation: "test", message: "unexpected geometry type \(type)")
            }
            return District(adcode: try #require(props["district_adcode"] as? Int),
                            name: try #require(props["district_name"] as? String), geometry: geometry)
        }
    }

    private static func polygon(_ rings: [Any]) throws -> Polygon {
        let parsed = try rings.map { ring in
            LinearRing(try #require(ring as? [[Double]]).map { Coordinate(longitude: $0[0], latitude: $0[1]) })
        }
        return Polygon(shell: parsed[0], holes: Array(parsed.dropFirst()))
    }
}
