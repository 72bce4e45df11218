import Foundation
import GeoCore
import GeoGDAL
import Testing
import TestSupport

/// The vector writer's other formats and options, read back by the reader: FlatGeobuf and CSV with the same
/// columns and types as the GeoPackage (plus `feature_id`), a declared CRS, single parts promoted to the layer's
/// multi type, booleans and GeoPackage column aliases, byte-identical reruns.
@Suite(.tags(.fast)) struct VectorFormatTests {
    static let layer = FeatureSchema.Layer("district", table: "districts", .multiPolygon, [
        .init("name", .string), .init("adcode", .integer), .init("share", .real), .init("in_circle", .boolean),
        .init("districts", .string),
    ])

    static let square = Polygon(shell: LinearRing([
        Coordinate(longitude: 116.0, latitude: 39.0), Coordinate(longitude: 116.5, latitude: 39.0),
        Coordinate(longitude: 116.5, latitude: 39.5), Coordinate(longitude: 116.0, latitude: 39.5),
        Coordinate(longitude: 116.0, latitude: 39.0),
    ]))

    static let features = [
        Feature(id: "district-1", geometry: .polygon(square),
                properties: ["name": "东城区", "adcode": 110101, "share": 1.0, "in_circle": true, "districts": .array(["a", "b"])]),
        Feature(id: "district-2", geometry: .multiPolygon(MultiPolygon([square])),
                properties: ["name": "West", "adcode": nil, "share": 0.5, "in_circle": false, "districts": .array([])]),
    ]

    static func content(aliases: [String: String] = [:]) -> VectorLayerContent {
        VectorLayerContent(layer, features: features, aliases: aliases)
    }

    @Test(arguments: [VectorFormat.geoPackage, .flatGeobuf, .csv])
    func formatsKeepColumnsTypesAndIds(format: VectorFormat) throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let path = dir.file("out.\(format.rawValue)").path
        try GDALContext().write([Self.content()], format: format, crs: nil, to: path)
        let read = try GDALContext().readLayer(path: path)
        // The CSV reader shows the geometry's WKT column too.
        let idColumn = format == .geoPackage ? [] : (format == .csv ? ["WKT: String"] : []) + ["feature_id: Integer"]
        // The CSV driver reads types from the .csvt written beside the file.
        #expect(read.fields.map(\.description)
                == idColumn + ["name: String", "adcode: Integer", "share: Real", "in_circle: Integer(Boolean)", "districts: String"])
        let byID = Dictionary(uniqueKeysWithValues: read.features.map {
            (format == .geoPackage ? $0.id?.intValue ?? 0 : $0.properties["feature_id"]?.intValue ?? 0, $0)
        })
        #expect(byID.keys.sorted() == [1, 2])
        #expect(byID[1]?.properties["name"] == "东城区")
        #expect(byID[1]?.properties["adcode"] == 110101)
        #expect(byID[2]?.properties["adcode"] == .null)
        #expect(byID[2]?.properties["share"] == 0.5)
        #expect(byID[1]?.properties["districts"] == #"["a","b"]"#)
        // The single polygon went in as a one-part MultiPolygon.
        #expect(byID[1]?.geometry == .multiPolygon(MultiPolygon([Self.square])))
        if format != .csv { #expect(read.crs == "EPSG:4326") }
        // Reruns give the same bytes.
        let again = dir.file("again.\(format.rawValue)").path
        try GDALContext().write([Self.content()], format: format, crs: nil, to: again)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(contentsOf: URL(fileURLWithPath: again)))
        // Only the outputs (and the CSV's .csvt and .prj) are left: no temporary files.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted()
        #expect(left == (format == .csv ? ["again.csv", "again.csvt", "again.prj", "out.csv", "out.csvt", "out.prj"]
                                        : ["again.\(format.rawValue)", "out.\(format.rawValue)"]))
    }

    @Test func columnAliasesGoToGpkgDataColumns() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let path = dir.file("aliases.gpkg").path
        try GDALContext().write([Self.content(aliases: ["in_circle": "in_circ", "share": "shr"])], format: .geoPackage, crs: nil, to: path)
        // Read with Python's sqlite3, not GDAL: the table as the GeoPackage schema extension defines it.
        let rows = try PythonCheck.run("""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            for row in db.execute("SELECT table_name, column_name, name FROM gpkg_data_columns ORDER BY column_name"):
                print(",".join(row))
            print(db.execute("SELECT count(*) FROM gpkg_extensions WHERE extension_name = 'gpkg_schema'").fetchone()[0])
            """, arguments: [path])
        try #require(rows != nil, "python3 is absent")
        #expect(rows == "districts,in_circle,in_circ\ndistricts,share,shr\n1\n")
        #expect(try GDALContext().readLayer(path: path).features.count == 2)
    }

    @Test func declaredCRSIsWritten() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let path = dir.file("cgcs.gpkg").path
        try GDALContext().write([Self.content()], format: .geoPackage, crs: "EPSG:4490", to: path)
        #expect(try GDALContext().readLayer(path: path).crs == "EPSG:4490")
    }

    @Test func unknownCRSIsOneErrorAndNoFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        #expect(throws: GDALError.self) {
            try GDALContext().write([Self.content()], format: .flatGeobuf, crs: "EPSG:999999", to: dir.file("x.fgb").path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == [])
    }
}
