import Foundation
import GeoCore
import GeoGDAL
import Testing
import TestSupport

/// GeoGDAL's GeoPackage writer read back by its reader: schema types, feature ids, geometries, nulls, lists as
/// JSON text, byte-identical reruns, and errors that name the problem and leave no file.
@Suite(.tags(.fast)) struct GeoPackageRoundTripTests {
    static let square = Polygon(shell: LinearRing([
        Coordinate(longitude: 116.0, latitude: 39.0), Coordinate(longitude: 116.5, latitude: 39.0),
        Coordinate(longitude: 116.5, latitude: 39.5), Coordinate(longitude: 116.0, latitude: 39.5),
        Coordinate(longitude: 116.0, latitude: 39.0),
    ]))

    static let layers = [
        VectorLayerContent(name: "stations", geometryType: .point, fields: [
            .init("name", .string), .init("tiers", .string), .init("hub", .integer), .init("share", .real),
        ], features: [
            Feature(id: 3, geometry: .point(Coordinate(longitude: 116.378, latitude: 39.865)),
                    properties: ["name": "北京南", "tiers": .array(["trunk", "intercity"]), "hub": 7, "share": 0.25]),
            Feature(id: 9, geometry: .point(Coordinate(longitude: 117.21, latitude: 39.13)),
                    properties: ["name": "Tianjin \"West\"", "tiers": .array([]), "hub": nil, "share": 1.5]),
        ]),
        VectorLayerContent(name: "areas", geometryType: .multiPolygon, fields: [.init("code", .integer)], features: [
            Feature(id: 1, geometry: .multiPolygon(MultiPolygon([square])), properties: ["code": 110101]),
        ]),
    ]

    @Test func writtenLayersReadBackWithTypesIdsAndGeometry() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let path = dir.file("out.gpkg").path
        let gdal = GDALContext()
        try gdal.writeGeoPackage(Self.layers, to: path)

        let stations = try gdal.readLayer(path: path, layer: "stations")
        #expect(stations.driver == "GPKG")
        #expect(stations.crs == "EPSG:4326")
        #expect(stations.features.map(\.id) == [3, 9])
        let first = try #require(stations.features.first)
        #expect(first.geometry == .point(Coordinate(longitude: 116.378, latitude: 39.865)))
        #expect(first.properties["name"] == "北京南")
        #expect(first.properties["tiers"] == #"["trunk","intercity"]"#)
        #expect(first.properties["hub"] == 7)
        #expect(first.properties["share"] == 0.25)
        let second = try #require(stations.features.last)
        #expect(second.properties["name"] == "Tianjin \"West\"")
        #expect(second.properties["tiers"] == "[]")
        #expect(second.properties["hub"] == .null)

        let areas = try gdal.readLayer(path: path, layer: "areas")
        #expect(areas.features.count == 1)
        #expect(areas.features.first?.geometry == .multiPolygon(MultiPolygon([Self.square])))
        #expect(areas.features.first?.properties["code"] == 110101)

        // Two layers: naming none is an error that lists them.
        #expect { try gdal.readLayer(path: path) } throws: { error in
            "\(error)".contains("2 layers (stations, areas)")
        }
    }

    @Test func rerunsAreByteIdentical() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let a = dir.file("a.gpkg").path, b = dir.file("b.gpkg").path
        try GDALContext().writeGeoPackage(Self.layers, to: a)
        Thread.sleep(forTimeInterval: 1.1)  // a timestamp that leaked into the file would now differ
        try GDALContext().writeGeoPackage(Self.layers, to: b)
        let bytesA = try Data(contentsOf: URL(fileURLWithPath: a)), bytesB = try Data(contentsOf: URL(fileURLWithPath: b))
        #expect(bytesA.count > 0)
        #expect(bytesA == bytesB)
        // The date is the one given: another date changes the bytes.
        let c = dir.file("c.gpkg").path
        try GDALContext().writeGeoPackage(Self.layers, to: c, date: "2020-05-01T00:00:00.000Z")
        #expect(try Data(contentsOf: URL(fileURLWithPath: c)) != bytesA)
    }

    @Test func unwritablePathIsOneErrorAndNoFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let path = dir.file("missing-folder/out.gpkg").path
        #expect(throws: GDALError.self) { try GDALContext().writeGeoPackage(Self.layers, to: path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == [])
    }

    @Test func unreadableFilesNameTheProblem() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let gdal = GDALContext()
        #expect { try gdal.readLayer(path: dir.file("absent.gpkg").path) } throws: { "\($0)".contains("no such file") }
        let junk = dir.file("junk.gpkg")
        try Data("not a geopackage".utf8).write(to: junk)
        #expect { try gdal.readLayer(path: junk.path) } throws: { error in
            guard let e = error as? GDALError else { return false }
            return !e.message.isEmpty && !e.message.contains("\n")
        }
    }
}
