import Analysis
import Foundation
import GeoCore
import GeoGDAL
@testable import MetroCommuteCommands
import Testing
import TestSupport

/// `-f`, `--output-crs`, `--split-kinds` and `--styles` through the binary on the small west area: the GeoPackage
/// of rings (one table per kind, the declared column types, feature ids, QGIS styles in layer_styles, byte-identical
/// reruns), FlatGeobuf and CSV per kind in CGCS2000, GeoJSON split by kind with .qml beside, and the refusals.
@Suite("output formats, the binary", .tags(.cli), .enabled(if: CLIRunner.isAvailable, "metrocommute binary not built (run swift build --build-tests)"))
struct FeatureFormatCLITests {
    static func rings(_ network: String, _ extra: [String]) throws -> CLIRunner.Result {
        try CLIRunner.run(["rings", network, "--core", "Alpha", "--budget", "30", "-q"] + extra)
    }

    @Test func geoPackageHasOneTablePerKindTypedColumnsIdsAndStyles() throws {
        let (dir, network) = try CLIVocabularyBinaryTests.westArea()
        defer { dir.cleanUp() }
        let a = dir.file("a.gpkg").path, b = dir.file("b.gpkg").path
        for path in [a, b] {
            let run = try Self.rings(network, ["-o", path])
            try #require(run.status == 0, "\(run.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)), "reruns differ")
        let gdal = GDALContext()
        let districts = try gdal.readLayer(path: a, layer: "district")
        #expect(districts.features.map(\.id) == [1, 2])
        let types = Dictionary(uniqueKeysWithValues: districts.fields.map { ($0.name, $0.description) })
        #expect(types["adcode"] == "adcode: Integer")
        #expect(types["population"] == "population: Real")
        #expect(types["in_circle"] == "in_circle: Integer(Boolean)")
        #expect(types["class"] == "class: String")
        #expect(districts.fields.count == 20)
        let circle = try gdal.readLayer(path: a, layer: "commute_circle")
        #expect(circle.features.count == 1)
        // One default style per table, the district one by class with district labels.
        let styles = try gdal.readLayer(path: a, layer: "layer_styles")
        #expect(styles.features.compactMap { $0.properties["f_table_name"]?.stringValue } == ["district", "commute_circle"])
        #expect(styles.features.allSatisfy { $0.properties["useAsDefault"] == 1 })
        let qml = try #require(styles.features.first?.properties["styleQML"]?.stringValue)
        #expect(qml.contains(#"type="categorizedSymbol" attr="class""#) && qml.contains(#"fieldName="district""#))
    }

    @Test func flatGeobufAndCSVGoOneFilePerKindInTheOutputCRS() throws {
        let (dir, network) = try CLIVocabularyBinaryTests.westArea()
        defer { dir.cleanUp() }
        let run = try Self.rings(network, ["-o", dir.file("r.fgb").path, "--output-crs", "EPSG:4490"])
        try #require(run.status == 0, "\(run.stderr)")
        let gdal = GDALContext()
        let districts = try gdal.readLayer(path: dir.file("r-district.fgb").path)
        #expect(districts.crs == "EPSG:4490")
        #expect(districts.features.compactMap { $0.properties["feature_id"]?.intValue }.sorted() == [1, 2])
        #expect(try gdal.readLayer(path: dir.file("r-commute_circle.fgb").path).features.count == 1)
        // GCJ-02 moves points by some hundred metres in China; here (west of Greenwich, outside China) not at all.
        let csv = try Self.rings(network, ["-f", "csv", "-o", dir.file("r.txt").path])
        try #require(csv.status == 0, "\(csv.stderr)")
        let text = try String(contentsOf: dir.file("r-district.txt"), encoding: .utf8)
        #expect(text.hasPrefix("WKT,feature_id,district,"))
        #expect(FileManager.default.fileExists(atPath: dir.file("r-district.csvt").path))
    }

    @Test func geoJSONSplitsByKindWithStylesBeside() throws {
        let (dir, network) = try CLIVocabularyBinaryTests.westArea()
        defer { dir.cleanUp() }
        let run = try Self.rings(network, ["-o", dir.file("r.geojson").path, "--split-kinds", "--styles"])
        try #require(run.status == 0, "\(run.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasPrefix("r") }.sorted()
        #expect(names == ["r-commute_circle.geojson", "r-commute_circle.qml", "r-district.geojson", "r-district.qml"])
        let districts = try GeoJSONReader.read(contentsOf: dir.file("r-district.geojson"))
        #expect(districts.features.map(\.id) == ["district-1", "district-2"])
        let text = try String(contentsOf: dir.file("r-district.geojson"), encoding: .utf8)
        // Population is a real, written with its decimal even when whole.
        #expect(text.contains(#""population":100000.0"#))
        #expect(try String(contentsOf: dir.file("r-district.qml"), encoding: .utf8).contains("categorizedSymbol"))
    }

    @Test func isochroneRasterAsCOGHoldsTheASCIIGridsValues() throws {
        let (dir, network) = try CLIVocabularyBinaryTests.westArea()
        defer { dir.cleanUp() }
        for raster in ["g.asc", "g.tif"] {
            let run = try CLIRunner.run(["isochrone", network, "--from", "Alpha", "--cutoffs", "10,20", "-q", "--raster",
                                         dir.file(raster).path, "-o", dir.file("i.gpkg").path])
            try #require(run.status == 0, "\(run.stderr)")
        }
        let ascii = try String(contentsOf: dir.file("g.asc"), encoding: .utf8).split(separator: "\n")
        let header = Dictionary(uniqueKeysWithValues: ascii.prefix(6).map { line -> (String, String) in
            let parts = line.split(separator: " ")
            return (String(parts[0]), String(parts[1]))
        })
        let values = ascii.dropFirst(6).flatMap { $0.split(separator: " ").map { Double($0)! } }.filter { $0 != -9999 }
        let tif = try Data(contentsOf: dir.file("g.tif"))
        #expect(tif.prefix(4) == Data([0x49, 0x49, 0x2A, 0x00]))
        guard let gdalinfo = CloudOptimizedGeoTIFFProbe.gdalinfo else { return }
        let info = try CloudOptimizedGeoTIFFProbe.info(gdalinfo, dir.file("g.tif").path)
        #expect(info.size == [Int(header["ncols"]!)!, Int(header["nrows"]!)!])
        #expect(info.minimum == values.min() && info.maximum == values.max())
    }

    static let ogr2ogr = ["/usr/bin/ogr2ogr", "/usr/local/bin/ogr2ogr"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// GDAL's own reading of our GeoJSON, as `ogr2ogr` to GeoPackage and FlatGeobuf: every field keeps its name
    /// and every field holding values the declared type (reals written 3.0 are typed Real, not Integer).
    @Test(.enabled(if: ogr2ogr != nil, "ogr2ogr (gdal-bin) is absent"))
    func ogr2ogrOfTheGeoJSONKeepsNamesAndTypes() throws {
        let (dir, network) = try CLIVocabularyBinaryTests.westArea()
        defer { dir.cleanUp() }
        let outputs: [(String, [String], FeatureSchema)] = [
            ("rings", ["rings", network, "--core", "Alpha", "--budget", "30"], RingAnalysis.featureSchema),
            ("iso", ["isochrone", network, "--from", "Alpha", "--cutoffs", "10,20"], IsochroneResult.featureSchema),
        ]
        let gdalName: [FeatureSchema.FieldType: String] = [.integer: "Integer", .real: "Real", .string: "String", .boolean: "Integer(Boolean)"]
        for (name, arguments, schema) in outputs {
            let run = try CLIRunner.run(arguments + ["-q", "--split-kinds", "-o", dir.file("\(name).geojson").path])
            try #require(run.status == 0, "\(run.stderr)")
            for layer in schema.layers {
                let geojson = schema.layers.count == 1 ? dir.file("\(name).geojson") : dir.file("\(name)-\(layer.table).geojson")
                let collection = try GeoJSONReader.read(contentsOf: geojson)
                for (driver, ext) in [("GPKG", "gpkg"), ("FlatGeobuf", "fgb")] {
                    let target = dir.file("\(name)-\(layer.table)-ogr.\(ext)").path
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: Self.ogr2ogr!)
                    // GDAL's GeoJSON reader would guess HH:MM text to be times: keep text as text. FlatGeobuf has
                    // no list types: lists go as text, as our own tables hold them.
                    process.arguments = ["-f", driver, "-oo", "DATE_AS_STRING=YES", target, geojson.path]
                        + (driver == "FlatGeobuf" ? ["-mapFieldType", "StringList=String,IntegerList=String,RealList=String"] : [])
                    try process.run()
                    process.waitUntilExit()
                    try #require(process.terminationStatus == 0, "ogr2ogr -f \(driver) \(geojson.lastPathComponent)")
                    let read = try GDALContext().readLayer(path: target)
                    let types = Dictionary(uniqueKeysWithValues: read.fields.map { ($0.name, $0.description) })
                    for field in layer.fields where collection.features.contains(where: { !($0.properties[field.name] ?? .null).isNull }) {
                        // Lists arrive as GDAL's list types or JSON text; both keep the name.
                        let listField = collection.features.contains { if case .array = $0.properties[field.name] { return true }; return false }
                        if listField { #expect(types[field.name] != nil, "\(driver) \(layer.name): \(field.name) lost"); continue }
                        #expect(types[field.name] == "\(field.name): \(gdalName[field.type]!)", "\(driver) \(layer.name)")
                    }
                }
            }
        }
    }

    @Test func refusalsAreOneLineAndLeaveNothing() throws {
        let (dir, network) = try CLIVocabularyBinaryTests.westArea()
        defer { dir.cleanUp() }
        let cases: [([String], String)] = [
            (["-o", dir.file("x.geojson").path, "--output-crs", "EPSG:4490"], "GeoJSON is WGS-84"),
            (["-o", "-", "-f", "gpkg"], "cannot go to standard output"),
            (["-o", dir.file("x.gpkg").path, "--split-kinds"], "only for GeoJSON"),
            (["-o", dir.file("x.gpkg").path, "--styles"], "layer_styles"),
            (["-o", dir.file("x.gpkg").path, "--output-crs", "EPSG:999999"], "not a CRS"),
            (["-o", "-", "--split-kinds"], "not -"),
        ]
        for (arguments, message) in cases {
            let run = try Self.rings(network, arguments)
            #expect(run.status != 0 && run.stderr.contains(message), "\(arguments): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasPrefix("x") } == [])
    }
}

/// The Shapefile output in process: names from the documented map, the map and the long texts beside, and a
/// Shapefile read back with every value (text over 254 bytes found again in the side table by feature id).
@Suite(.tags(.cli)) struct ShapefileOutputTests {
    static let schema = FeatureSchema([
        .init("isochrone", .multiPolygon, [.init("cutoff_min", .integer), .init("population_within_budget", .real),
                                           .init("districts", .string), .init("in_circle", .boolean)]),
    ])

    @Test func shapefileKeepsEveryFieldUnderItsAliasAndMovesLongText() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let square = Polygon(shell: LinearRing([
            Coordinate(longitude: 116, latitude: 39), Coordinate(longitude: 117, latitude: 39),
            Coordinate(longitude: 117, latitude: 40), Coordinate(longitude: 116, latitude: 39),
        ]))
        let long = JSONValue.array((0..<40).map { .string("区\($0)号") })
        let collection = FeatureCollection([
            Feature(geometry: .polygon(square), properties: ["cutoff_min": 30, "population_within_budget": 1.5, "districts": .array(["东城区"]), "in_circle": true]),
            Feature(geometry: .polygon(square), properties: ["cutoff_min": 60, "population_within_budget": 2, "districts": long, "in_circle": false]),
        ])
        let path = dir.file("iso.shp").path
        let written = try FeatureOutputWriter.write(collection, schema: Self.schema, provenance: nil, format: .shp, to: path)
        #expect(written.map { URL(fileURLWithPath: $0).lastPathComponent } == ["iso.shp", "iso.aliases.csv", "iso.long_text.csv"])
        let aliases = try String(contentsOf: dir.file("iso.aliases.csv"), encoding: .utf8)
        #expect(aliases == """
            field,shapefile_field,type
            feature_id,feature_id,integer
            cutoff_min,cutoff_min,integer
            population_within_budget,ppltwthbdg,real
            districts,districts,string
            in_circle,in_circle,boolean

            """)
        let read = try GDALContext().readLayer(path: path)
        #expect(read.fields.map(\.name) == ["feature_id", "cutoff_min", "ppltwthbdg", "districts", "in_circle"])
        #expect(read.features.map { $0.properties["districts"] } == [#"["东城区"]"#, .null])
        #expect(read.features.map { $0.properties["ppltwthbdg"] } == [1.5, 2])
        let side = try String(contentsOf: dir.file("iso.long_text.csv"), encoding: .utf8)
        #expect(side.hasPrefix("feature_id,field,value\n2,districts,"))
        #expect(side.contains(GeoJSONWriter().text(for: long).replacingOccurrences(of: "\"", with: "\"\"")))
        // Reruns give the same bytes (the .dbf's date of last update is fixed).
        let again = dir.file("again.shp").path
        try FeatureOutputWriter.write(collection, schema: Self.schema, provenance: nil, format: .shp, to: again)
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
            #expect(try Data(contentsOf: dir.file("iso.\(ext)")) == Data(contentsOf: dir.file("again.\(ext)")), "\(ext)")
        }
    }
}

/// `gdalinfo -json -stats` of a raster: its size and the band's minimum and maximum.
enum CloudOptimizedGeoTIFFProbe {
    static let gdalinfo = ["/usr/bin/gdalinfo", "/usr/local/bin/gdalinfo"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func info(_ gdalinfo: String, _ path: String) throws -> (size: [Int], minimum: Double?, maximum: Double?) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gdalinfo)
        process.arguments = ["-json", "-stats", "-nomd", path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let band = (json["bands"] as? [[String: Any]])?.first
        return (json["size"] as? [Int] ?? [], band?["minimum"] as? Double, band?["maximum"] as? Double)
    }
}
