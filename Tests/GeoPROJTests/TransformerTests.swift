import Foundation
import GeoCore
import GeoPROJ
import Testing
import TestSupport

@Suite(.tags(.fast)) struct TransformerTests {
    // Tiananmen, Beijing. Expected figures from pyproj 3.7.2 / PROJ 9.5.1 (independent of our wrapper):
    //   Transformer.from_crs("EPSG:4326", "EPSG:4547", always_xy=True).transform(116.3975, 39.9087)
    //   → (705014.8807153443, 4422144.4301868); `cs2cs EPSG:4326 EPSG:4547` gives the same to 0.1 mm.
    //   EPSG:32650 → (448502.18195421493, 4417797.609265686).
    static let tiananmen = Coordinate(longitude: 116.3975, latitude: 39.9087)

    @Test func wgs84ToGaussKrugerMatchesPyproj() throws {
        let t = try Transformer(from: "EPSG:4326", to: "EPSG:4547")
        #expect(t.sourceIsGeographic && !t.targetIsGeographic)
        let p = try t.forward(Self.tiananmen)
        #expect(abs(p.x - 705014.8807153443) < 1e-3)
        #expect(abs(p.y - 4422144.4301868) < 1e-3)
        let back = try t.inverse(p)
        #expect(abs(back.longitude - Self.tiananmen.longitude) < 1e-9)
        #expect(abs(back.latitude - Self.tiananmen.latitude) < 1e-9)
    }

    @Test(arguments: ["wgs84", "WGS84"])
    func wgs84AliasAndProjStringAgreeWithEPSG(alias: String) throws {
        let viaAlias = try Transformer(from: alias, to: "+proj=utm +zone=50 +datum=WGS84")
        let viaEPSG = try Transformer(from: "EPSG:4326", to: "EPSG:32650")
        let a = try viaAlias.forward(Self.tiananmen)
        let b = try viaEPSG.forward(Self.tiananmen)
        #expect(abs(a.x - 448502.18195421493) < 1e-3 && abs(a.y - 4417797.609265686) < 1e-3)
        #expect(abs(a.x - b.x) < 1e-6 && abs(a.y - b.y) < 1e-6)
    }

    @Test func wktIsAccepted() throws {
        // WKT1 of WGS 84 written by hand; the transformer must read it and keep lon/lat order.
        let wkt = """
            GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],\
            PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]
            """
        let t = try Transformer(from: wkt, to: "EPSG:32650")
        let p = try t.forward(Self.tiananmen)
        #expect(abs(p.x - 448502.18195421493) < 1e-3)
    }

    @Test func unknownCRSErrorNamesIt() {
        do {
            _ = try Transformer(from: "EPSG:4326", to: "EPSG:999999")
            Issue.record("EPSG:999999 was accepted")
        } catch let error as PROJError {
            #expect(error.description.contains("EPSG:999999"))
            #expect(error.description.contains("unknown CRS"))
            // PROJ's own words come through the log function (e.g. "crs not found").
            #expect(!error.details.isEmpty, "no PROJ message captured: \(error)")
        } catch {
            Issue.record("unexpected error type: \(error)")
        }
    }

    @Test func failingPointErrorNamesThePoint() throws {
        let t = try Transformer(from: "EPSG:4326", to: "EPSG:4547")
        let bad = Coordinate(longitude: 116.4, latitude: 95)
        let error = try #require(throws: PROJError.self) { try t.forward(bad) }
        #expect(error.description.contains("(116.4, 95.0)"))
        #expect(error.description.contains("EPSG:4547"))
        #expect(error.code != 0)
        // The batch path names the index of the failing point.
        let batchError = try #require(throws: PROJError.self) {
            try t.transform([Self.tiananmen, bad, Self.tiananmen])
        }
        #expect(batchError.description.contains("point 1 (116.4, 95.0)"))
    }

    @Test func batchAgreesWithSinglePoints() throws {
        let t = try Transformer(from: "wgs84", to: "EPSG:4547")
        let points = (0..<50).map { i in
            Coordinate(longitude: 115.5 + Double(i) * 0.05, latitude: 38.5 + Double(i) * 0.04)
        }
        let batch = try t.transform(points)
        for (p, b) in zip(points, batch) {
            let single = try t.transform(p)
            #expect(abs(single.longitude - b.longitude) < 1e-9 && abs(single.latitude - b.latitude) < 1e-9)
        }
        #expect(try t.transform([Coordinate]()).isEmpty)
    }

    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "needs ../shared/data"))
    func jingjinjiDistrictsRoundTripThroughEPSG4547() throws {
        let url = try #require(SharedData.file("cn/jingjinji/districts.geojson"))
        let vertices = try GeoJSONVertices.read(url)
        #expect(vertices.count > 10_000, "expected the full-resolution district rings")
        let t = try Transformer(from: "EPSG:4326", to: "EPSG:4547")
        let projected = try t.transform(vertices)
        // EPSG:4547 is the CM 114°E zone (false easting 500 km); the vertices span 113.73°E–118.06°E (checked with
        // Python json), at about 86 km per degree of longitude there: eastings between about 470 km and 850 km.
        #expect(projected.allSatisfy { $0.longitude > 450_000 && $0.longitude < 900_000 })
        let back = try t.transform(projected, direction: .inverse)
        var worst = 0.0
        for (a, b) in zip(vertices, back) {
            worst = max(worst, abs(a.longitude - b.longitude), abs(a.latitude - b.latitude))
        }
        #expect(worst < 1e-7, "worst round-trip error \(worst)°")
    }
}

/// Reads every polygon vertex of a GeoJSON FeatureCollection with JSONSerialization (independent of GeoIO).
enum GeoJSONVertices {
    static func read(_ url: URL) throws -> [Coordinate] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let features = try #require(root["features"] as? [[String: Any]])
        var out: [Coordinate] = []
        func collect(_ value: Any) {
            if let pair = value as? [Double], pair.count >= 2 {
                out.append(Coordinate(longitude: pair[0], latitude: pair[1]))
            } else if let list = value as? [Any] {
                list.forEach(collect)
            }
        }
        for f in features {
            if let g = f["geometry"] as? [String: Any], let coords = g["coordinates"] { collect(coords) }
        }
        return out
    }
}
