import GeoCore
import GeoPROJ
import TestSupport
import Testing

@Suite(.tags(.fast)) struct LocalCRSTests {
    @Test func utmZones() {
        // Beijing 116.4°E is in zone 50 (114°E–120°E): EPSG:32650.
        #expect(LocalCRS.utm(for: Coordinate(longitude: 116.4, latitude: 39.9)) == "EPSG:32650")
        // Guangzhou 113.3°E: zone 49. Sydney (151.2°E, southern): EPSG:32756. Date-line edges clamp to 1 and 60.
        #expect(LocalCRS.utm(for: Coordinate(longitude: 113.3, latitude: 23.1)) == "EPSG:32649")
        #expect(LocalCRS.utm(for: Coordinate(longitude: 151.2, latitude: -33.9)) == "EPSG:32756")
        #expect(LocalCRS.utm(for: Coordinate(longitude: -180, latitude: 10)) == "EPSG:32601")
        #expect(LocalCRS.utm(for: Coordinate(longitude: 180, latitude: 10)) == "EPSG:32660")
    }

    @Test func utmCodeIsTheZonePROJNames() throws {
        let d = try CRSDescription(of: LocalCRS.utm(for: Coordinate(longitude: 116.4, latitude: 39.9)))
        #expect(d.name == "WGS 84 / UTM zone 50N")
    }

    @Test func gaussKrugerZoneChoice() throws {
        // Beijing (116.4°E) is nearest CM 117°E → EPSG:4548; Tianjin 117.2°E too; Baoding 115.5°E → CM 114°E (4547).
        #expect(try LocalCRS.cgcs2000GaussKruger3Degree(for: Coordinate(longitude: 116.4, latitude: 39.9)) == "EPSG:4548")
        #expect(try LocalCRS.cgcs2000GaussKruger3Degree(for: Coordinate(longitude: 117.2, latitude: 39.1)) == "EPSG:4548")
        #expect(try LocalCRS.cgcs2000GaussKruger3Degree(for: Coordinate(longitude: 115.4, latitude: 38.9)) == "EPSG:4547")
        #expect(try LocalCRS.cgcs2000GaussKruger3Degree(for: Coordinate(longitude: 73.5, latitude: 39)) == "EPSG:4534")
        #expect(try LocalCRS.cgcs2000GaussKruger3Degree(for: Coordinate(longitude: 136.4, latitude: 48)) == "EPSG:4554")
        #expect(throws: PROJError.self) {
            try LocalCRS.cgcs2000GaussKruger3Degree(for: Coordinate(longitude: 2.35, latitude: 48.85))
        }
        #expect(throws: PROJError.self) {
            try LocalCRS.cgcs2000GaussKruger3Degree(for: Coordinate(longitude: 136.6, latitude: 48))
        }
    }

    /// Checks our code ↔ central-meridian table against PROJ's own database: every zone's name and +lon_0.
    @Test(arguments: Array(LocalCRS.gaussKrugerCentralMeridians))
    func gaussKrugerCodeMatchesPROJDatabase(centralMeridian: Int) throws {
        for offset in [-1.4, 0, 1.4] {
            let c = Coordinate(longitude: Double(centralMeridian) + offset, latitude: 35)
            let code = try LocalCRS.cgcs2000GaussKruger3Degree(for: c)
            let d = try CRSDescription(of: code)
            #expect(d.name == "CGCS2000 / 3-degree Gauss-Kruger CM \(centralMeridian)E", "\(code): \(d.name)")
            let projString = try #require(d.projString)
            #expect(projString.contains("+proj=tmerc"))
            #expect(projString.contains("+lon_0=\(centralMeridian) "), "\(code): \(projString)")
            #expect(projString.contains("+x_0=500000 "), "\(code): \(projString)")
        }
    }
}
