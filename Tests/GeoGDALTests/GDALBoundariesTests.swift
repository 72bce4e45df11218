import Foundation
import GeoCore
import GeoGEOS
import GeoIO
import GeoPROJ
import Network
import NetworkBuild
import Testing
import TestSupport

/// District boundaries and road layers through GDAL in a manifest build: Shapefiles with a missing part fail on one line, and the
/// same districts come out of a GeoPackage, a Shapefile or a FlatGeobuf as out of GeoJSON.
enum GDALBoundaries {
    /// ogr2ogr, or nil (the tests that need it then skip).
    static let ogr2ogr: String? = ["/usr/bin/ogr2ogr", "/usr/local/bin/ogr2ogr"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs ogr2ogr with `arguments`; fails the test with its stderr when it fails.
    static func convert(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(ogr2ogr))
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "ogr2ogr \(arguments.joined(separator: " ")): \(message)")
    }

    /// Builds a manifest holding only `districts` (written into `dir`) and returns the districts.
    static func build(districts: [String: Any], in dir: TemporaryDirectory, name: String = "area.json") throws -> [District] {
        try network(["districts": districts], in: dir, name: name).districts
    }

    /// Builds a manifest holding only `entries` (written into `dir`).
    static func network(_ entries: [String: Any], in dir: TemporaryDirectory, name: String) throws -> BuiltNetwork {
        let manifest = entries.merging(["area": "test", "service_date": "2016-03-10"]) { a, _ in a }
        let url = dir.file(name)
        try JSONSerialization.data(withJSONObject: manifest).write(to: url)
        return try AreaBuilder(manifestPath: url.path).build().network
    }
}

@Suite(.tags(.fast), .enabled(if: GDALBoundaries.ogr2ogr != nil, "ogr2ogr (gdal-bin) is absent: Shapefile boundary tests skipped"))
struct ShapefileBoundariesTests {
    /// TinyArea's two districts as a Shapefile (with .dbf, .prj, .shx) in `dir`.
    static func shapefile(in dir: TemporaryDirectory) throws -> URL {
        let geojson = dir.file("tiny.geojson")
        try Data(TinyArea.districtsGeoJSON.utf8).write(to: geojson)
        let shp = dir.file("districts.shp")
        try GDALBoundaries.convert(["-f", "ESRI Shapefile", shp.path, geojson.path])
        return shp
    }

    static var entry: [String: Any] { ["path": "districts.shp", "name_property": "name", "population_property": "pop"] }

    @Test func completeShapefileBuildsTheSameDistrictsAsGeoJSON() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        _ = try Self.shapefile(in: dir)
        let fromShapefile = try GDALBoundaries.build(districts: Self.entry, in: dir)
        let fromGeoJSON = try GDALBoundaries.build(
            districts: ["path": "tiny.geojson", "name_property": "name", "population_property": "pop"], in: dir, name: "b.json")
        #expect(fromShapefile.map(\.name) == ["West", "East"])
        #expect(fromShapefile == fromGeoJSON)
    }

    @Test(arguments: ["dbf", "prj"])
    func missingPartIsOneErrorNamingFileAndPart(_ part: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let shp = try Self.shapefile(in: dir)
        try FileManager.default.removeItem(at: shp.deletingPathExtension().appendingPathExtension(part))
        #expect { try GDALBoundaries.build(districts: Self.entry, in: dir) } throws: { error in
            guard let e = error as? InputError else { return false }
            let text = e.description
            return text.contains(shp.path) && text.contains("districts.\(part) is missing") && !text.contains("\n")
        }
    }

    @Test func missingPrjIsFineWhenTheManifestGivesTheCRS() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let shp = try Self.shapefile(in: dir)
        try FileManager.default.removeItem(at: shp.deletingPathExtension().appendingPathExtension("prj"))
        var entry = Self.entry
        entry["crs"] = "wgs84"
        #expect(try GDALBoundaries.build(districts: entry, in: dir).count == 2)
    }

    @Test func formatKeyOverridesTheExtension() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let geojson = dir.file("tiny.geojson")
        try Data(TinyArea.districtsGeoJSON.utf8).write(to: geojson)
        try GDALBoundaries.convert(["-f", "GPKG", dir.file("districts.dat").path, geojson.path])
        var entry = Self.entry
        entry["path"] = "districts.dat"
        // An unknown extension is GeoJSON (as before other formats were read): a GeoPackage then fails to parse.
        #expect { try GDALBoundaries.build(districts: entry, in: dir) } throws: { error in
            (error as? InputError)?.file.hasSuffix("districts.dat") == true
        }
        entry["format"] = "gpkg"
        #expect(try GDALBoundaries.build(districts: entry, in: dir).map(\.name) == ["West", "East"])
        entry["format"] = "kml"
        #expect { try GDALBoundaries.build(districts: entry, in: dir) } throws: { "\($0)".contains("districts.format") }
    }
}

/// A road layer reprojected to EPSG:4547 in a GeoPackage builds the road graph of the GeoJSON layer.
@Suite(.tags(.fast), .enabled(if: GDALBoundaries.ogr2ogr != nil, "ogr2ogr (gdal-bin) is absent: GeoPackage road tests skipped"))
struct GeoPackageRoadLayerTests {
    @Test func projectedGeoPackageRoadsBuildTheGeoJSONGraph() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let geojson = dir.file("roads.geojson"), gpkg = dir.file("roads.gpkg")
        try Data(TinyArea.roadsGeoJSON.utf8).write(to: geojson)
        try GDALBoundaries.convert(["-f", "GPKG", "-t_srs", "EPSG:4547", "-nln", "links", gpkg.path, geojson.path])

        let reference = try GDALBoundaries.network(["roads": [["name": "r", "path": "roads.geojson"]]], in: dir, name: "a.json").roads
        let fromGPKG = try GDALBoundaries.network(["roads": [["name": "r", "path": "roads.gpkg"]]], in: dir, name: "b.json").roads
        #expect(reference.linkCount == 4)
        #expect(fromGPKG.linkCount == reference.linkCount)
        #expect(fromGPKG.nodeCount == reference.nodeCount)
        #expect(fromGPKG.links.keys == reference.links.keys)
        #expect(fromGPKG.links.classes == reference.links.classes)
        #expect(fromGPKG.links.fromNode == reference.links.fromNode && fromGPKG.links.toNode == reference.links.toNode)
        #expect(fromGPKG.roadClass == reference.roadClass && fromGPKG.lanes == reference.lanes)
        for (a, b) in zip(reference.lengthMillimeters, fromGPKG.lengthMillimeters) {
            #expect(abs(Double(a) - Double(b)) <= max(2, Double(a) * 1e-5), "arc length \(b) mm vs \(a) mm")
        }
        // Back through PROJ: every shape position within 2e-7 degree (the fixed-point step is 1e-7).
        for (a, b) in zip(reference.links.shapeLongitudeE7 + reference.links.shapeLatitudeE7,
                          fromGPKG.links.shapeLongitudeE7 + fromGPKG.links.shapeLatitudeE7) {
            #expect(abs(Int(a) - Int(b)) <= 2)
        }

        // The layer's CRS can be overridden, and an OSM road source takes no crs.
        let wrong = ["roads": [["name": "r", "path": "roads.gpkg", "crs": "EPSG:4548"]]]
        let shifted = try GDALBoundaries.network(wrong, in: dir, name: "c.json").roads
        #expect(shifted.links.shapeLongitudeE7 != reference.links.shapeLongitudeE7)
        #expect { try GDALBoundaries.network(["roads": [["name": "r", "path": "x.osm.pbf", "crs": "wgs84"]]], in: dir, name: "d.json") }
            throws: { "\($0)".contains("roads r.crs") }
    }
}

/// The acceptance check of issue 17: jingjinji's districts reprojected to EPSG:4547 (CGCS2000 3-degree GK CM
/// 114E) in a GeoPackage build the same districts as the GeoJSON, areas within 0.1 %.
@Suite(.tags(.realData), .enabled(if: SharedData.isPresent && GDALBoundaries.ogr2ogr != nil,
                                  "needs ../shared/data and ogr2ogr (gdal-bin)"))
struct JingjinjiGeoPackageBoundariesTests {
    static var properties: [String: Any] {
        ["name_property": "district_name", "population_property": "pop2020", "city_property": "city_name",
         "code_property": "district_adcode"]
    }

    @Test(arguments: [("GPKG", "gpkg"), ("FlatGeobuf", "fgb")])
    func projectedFileBuildsTheGeoJSONDistricts(_ driver: String, _ ext: String) throws {
        let source = try #require(SharedData.file("cn/jingjinji/districts.geojson"))
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let projected = dir.file("districts.\(ext)")
        try GDALBoundaries.convert(["-f", driver, "-t_srs", "EPSG:4547", projected.path, source.path])

        var geojsonEntry = Self.properties, projectedEntry = Self.properties
        geojsonEntry["path"] = source.path
        projectedEntry["path"] = projected.path
        let reference = try GDALBoundaries.build(districts: geojsonEntry, in: dir, name: "a.json")
            .sorted { ($0.code ?? 0) < ($1.code ?? 0) }
        // A FlatGeobuf with a spatial index stores features in index order: compare district by district.
        let fromFile = try GDALBoundaries.build(districts: projectedEntry, in: dir, name: "b.json")
            .sorted { ($0.code ?? 0) < ($1.code ?? 0) }
        #expect(reference.count == 66)
        #expect(fromFile.map(\.code) == reference.map(\.code))
        #expect(fromFile.map(\.name) == reference.map(\.name))
        #expect(fromFile.map(\.cityName) == reference.map(\.cityName))
        #expect(fromFile.map(\.population) == reference.map(\.population))

        let transformer = try Transformer(from: "EPSG:4326", to: "EPSG:4548")
        let geos = GEOSContext()
        for (a, b) in zip(reference, fromFile) {
            let areaA = try geos.areaSquareMeters(of: .multiPolygon(a.boundary)) { try transformer.transform($0) }
            let areaB = try geos.areaSquareMeters(of: .multiPolygon(b.boundary)) { try transformer.transform($0) }
            #expect(areaA > 1e6)
            #expect(abs(areaB - areaA) / areaA < 0.001, "\(a.name): \(areaB) m² from \(ext) vs \(areaA) m² from GeoJSON")
        }
    }
}
