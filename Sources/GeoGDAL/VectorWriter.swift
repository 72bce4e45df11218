internal import CGDAL
import Foundation
import GeoCore

/// The content of one layer to write: a fixed schema and features whose properties follow it.
public struct VectorLayerContent: Sendable, Equatable {
    /// A single-part geometry in a layer of the multi type is written as a one-part multi; `any` takes all.
    public typealias GeometryType = FeatureSchema.GeometryType

    /// A column and its type. Values are taken from each feature's property of the same name: `integer` from a
    /// whole number (32-bit), `real` from a number, `boolean` from true/false, `string` from a string, or from a
    /// list or object written as compact JSON text; null or absent is NULL.
    public typealias Field = FeatureSchema.Field

    public var name: String
    public var geometryType: GeometryType
    public var fields: [Field]
    /// A feature's `id` (a positive whole number, or a string ending in `-<n>` as `FeatureSchema.identified`
    /// writes them) becomes its feature id; without one GDAL numbers from 1.
    public var features: [Feature]
    /// Alternative names of fields, by field name: set on the OGR field definitions (GDAL ≥ 3.7 keeps them in a
    /// GeoPackage's `gpkg_data_columns`; with an older GDAL the writer fills that table itself).
    public var aliases: [String: String]

    public init(name: String, geometryType: GeometryType, fields: [Field], features: [Feature], aliases: [String: String] = [:]) {
        self.name = name; self.geometryType = geometryType; self.fields = fields; self.features = features
        self.aliases = aliases
    }

    /// The table of one schema layer: its table name, geometry type and fields.
    public init(_ layer: FeatureSchema.Layer, features: [Feature], aliases: [String: String] = [:]) {
        self.init(name: layer.table, geometryType: layer.geometryType, fields: layer.fields, features: features, aliases: aliases)
    }
}

/// A QGIS style for one table of a GeoPackage, a row of its `layer_styles` table (the one QGIS reads and writes:
/// the style of a layer loads with it when `useAsDefault` is set).
public struct LayerStyleRecord: Sendable, Equatable {
    public var table: String
    public var name: String
    /// The style as QML text.
    public var qml: String
    public var description: String

    public init(table: String, name: String, qml: String, description: String = "") {
        self.table = table; self.name = name; self.qml = qml; self.description = description
    }
}

/// The vector formats written: a GeoPackage holds many tables; FlatGeobuf and CSV (geometry as WKT, a .csvt
/// beside it with the column types) one each.
public enum VectorFormat: String, Sendable, CaseIterable {
    case geoPackage = "gpkg"
    case flatGeobuf = "fgb"
    case csv
    /// ESRI Shapefile: UTF-8 (.cpg), text columns 254 bytes wide; field names must already fit in 10 bytes.
    case shapefile = "shp"

    var driverName: String {
        switch self {
        case .geoPackage: return "GPKG"
        case .flatGeobuf: return "FlatGeobuf"
        case .csv: return "CSV"
        case .shapefile: return "ESRI Shapefile"
        }
    }

    /// The files the driver writes beside the main one, by extension.
    public var companions: [String] {
        switch self {
        case .geoPackage, .flatGeobuf: return []
        case .csv: return ["csvt", "prj"]
        case .shapefile: return ["shx", "dbf", "prj", "cpg"]
        }
    }

    /// The widest text a Shapefile column holds, in bytes.
    public static let shapefileTextLimit = 254

    /// Whether one file holds several layers.
    public var holdsManyLayers: Bool { self == .geoPackage }

    /// The column that carries the feature id where the format keeps none of its own (FlatGeobuf reorders
    /// features by its spatial index; CSV has no id).
    public static let featureIDColumn = "feature_id"
}

extension GDALContext {
    /// The `OGR_CURRENT_DATE` written by default: GeoPackage timestamps (`gpkg_contents.last_change`) would
    /// otherwise be the time of writing, and two runs would differ.
    public static let fixedGeoPackageDate = "2000-01-01T00:00:00.000Z"

    /// Writes `layers` as one GeoPackage at `path`, WGS-84 (EPSG:4326, longitude first): `write` with those values.
    public func writeGeoPackage(_ layers: [VectorLayerContent], to path: String, date: String = fixedGeoPackageDate) throws {
        try write(layers, format: .geoPackage, crs: nil, to: path, date: date)
    }

    /// Writes `layers` in `format` at `path`, one table per layer in the order given (FlatGeobuf and CSV: exactly
    /// one layer). Coordinates are written as given, labelled with `crs` (anything OGR's SetFromUserInput takes,
    /// e.g. "EPSG:4490"; nil: EPSG:4326), longitude/easting first. The file is written beside `path` and renamed
    /// into place (a CSV's .csvt too): on failure nothing is left. Equal inputs give equal bytes (fixed timestamp,
    /// features in the order given).
    /// `styles` (GeoPackage only) go to its `layer_styles` table, each the default style of its table.
    public func write(_ layers: [VectorLayerContent], format: VectorFormat, crs: String?, to path: String,
                      styles: [LayerStyleRecord] = [], date: String = fixedGeoPackageDate) throws {
        precondition(format.holdsManyLayers || layers.count == 1, "\(format.rawValue) holds one layer")
        precondition(styles.isEmpty || format == .geoPackage, "styles go into a GeoPackage")
        // The drivers go by the extension (CSV and FlatGeobuf make a folder of a name without theirs): the
        // temporary file has the format's, the renamed one keeps the name given. The CSV driver writes its types to
        // <name>.csvt and its CRS to <name>.prj beside the file; a Shapefile is .shp, .shx, .dbf, .prj and .cpg.
        let partial = PartialFiles(for: path, ext: format.rawValue, companionExtensions: format.companions,
                                   sqlite: format == .geoPackage, registry: cleanupRegistry)
        defer { partial.release() }
        let temporary = partial.dataset
        let companions: [(String, String)] = format.companions.map {
            (PartialFiles.replacingExtension(temporary, $0), PartialFiles.replacingExtension(path, $0))
        }
        partial.removeAll()
        do {
            try capturing {
                // Thread-local, restored below: other threads' GDAL calls keep the real date.
                CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", date)
                defer { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nil) }
                try writeDataset(layers, format: format, crs: crs, styles: styles, to: temporary)
            }
            holdBeforeRename()
            // rename(2) replaces the target atomically on the same file system; -1 on failure.
            for (t, target) in companions where FileManager.default.fileExists(atPath: t) && rename(t, target) != 0 {
                throw GDALError(operation: "write \(target)", message: String(cString: strerror(errno)))
            }
            guard rename(temporary, path) == 0 else {
                throw GDALError(operation: "write \(path)", message: String(cString: strerror(errno)))
            }
        } catch {
            partial.removeAll()
            throw error
        }
    }

    private func writeDataset(_ layers: [VectorLayerContent], format: VectorFormat, crs: String?, styles: [LayerStyleRecord],
                              to path: String) throws {
        // Borrowed driver (registered by the context); NULL when this GDAL lacks it.
        let driver = try check(GDALGetDriverByName(format.driverName), "find the \(format.driverName) driver")
        // Owned dataset, closed (and flushed) below; NULL when the file cannot be created.
        let dataset = try check(GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil), "create \(path)")
        var closed = false
        defer { if !closed { GDALClose(dataset) } }
        // Owned reference; each layer takes its own reference, ours is released at the end.
        let srs = try check(OSRNewSpatialReference(nil), "make a spatial reference")
        defer { OSRRelease(srs) }
        if let crs {
            try check(OSRSetFromUserInput(srs, crs), "read the CRS \"\(crs)\"")
        } else {
            try check(OSRImportFromEPSG(srs, 4326), "import EPSG:4326")
        }
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
        for content in layers {
            try writeLayer(content, format: format, dataset: dataset, srs: srs)
        }
        if format == .geoPackage && Self.storesAliasesItself == false {
            try writeDataColumns(layers.filter { !$0.aliases.isEmpty }, dataset: dataset)
        }
        if !styles.isEmpty { try writeStyles(styles, dataset: dataset) }
        GDALClose(dataset)
        closed = true
        // GDALClose returns nothing in GDAL 3.6: a failure while flushing shows as an error message.
        if lastError != nil { throw error("close \(path)") }
    }

    private func layerOptions(_ format: VectorFormat) -> [String] {
        switch format {
        case .geoPackage: return ["FID=fid", "GEOMETRY_NAME=geom", "SPATIAL_INDEX=YES"]
        case .flatGeobuf: return ["SPATIAL_INDEX=YES"]
        case .csv: return ["GEOMETRY=AS_WKT", "CREATE_CSVT=YES", "LINEFORMAT=LF"]
        // The .dbf header holds a date of last update: fixed, as the GeoPackage's.
        case .shapefile: return ["ENCODING=UTF-8", "SPATIAL_INDEX=NO", "DBF_DATE_LAST_UPDATE=2000-01-01"]
        }
    }

    private func writeLayer(_ content: VectorLayerContent, format: VectorFormat, dataset: UnsafeMutableRawPointer,
                            srs: UnsafeMutableRawPointer) throws {
        let operation = "create layer \(content.name)"
        let type: OGRwkbGeometryType
        switch content.geometryType {
        case .point: type = wkbPoint
        case .multiPoint: type = wkbMultiPoint
        case .lineString: type = wkbLineString
        case .multiLineString: type = wkbMultiLineString
        case .polygon: type = wkbPolygon
        case .multiPolygon: type = wkbMultiPolygon
        case .any: type = wkbUnknown
        }
        // Borrowed from the dataset; NULL on failure (e.g. a duplicate name).
        let layer = try withCStringArray(layerOptions(format)) {
            try check(GDALDatasetCreateLayer(dataset, content.name, srs, type, $0), operation)
        }
        let idColumn = format == .geoPackage ? [] : [VectorLayerContent.Field(VectorFormat.featureIDColumn, .integer)]
        let fields = idColumn + content.fields
        for field in fields {
            // Owned field definition, copied by the layer and destroyed here.
            let definition = try check(OGR_Fld_Create(field.name, field.type.ogrType), "\(operation): field \(field.name)")
            defer { OGR_Fld_Destroy(definition) }
            if field.type == .boolean { OGR_Fld_SetSubType(definition, OFSTBoolean) }
            if format == .shapefile {
                precondition(field.name.utf8.count <= 10, "\(field.name): a Shapefile name has at most 10 bytes")
                if field.type == .string { OGR_Fld_SetWidth(definition, Int32(VectorFormat.shapefileTextLimit)) }
            }
            if let alias = content.aliases[field.name] { OGR_Fld_SetAlternativeName(definition, alias) }
            try check(OGR_L_CreateField(layer, definition, 0), "\(operation): field \(field.name)")
        }
        try check(OGR_L_StartTransaction(layer), "\(operation): start transaction")
        // Borrowed from the layer.
        let definition = OGR_L_GetLayerDefn(layer)
        for (index, feature) in content.features.enumerated() {
            let place = "\(content.name) feature \(index)"
            // Owned; destroyed after the layer has copied it.
            let f = try check(OGR_F_Create(definition), "write \(place)")
            defer { OGR_F_Destroy(f) }
            var properties = feature.properties
            if let id = FeatureSchema.featureNumber(feature.id) {
                if format == .geoPackage { OGR_F_SetFID(f, GIntBig(id)) }
                properties[VectorFormat.featureIDColumn] = .number(Double(id))
            }
            for (i, field) in fields.enumerated() {
                let value = properties[field.name] ?? .null
                let at = Int32(i)
                switch (field.type, value) {
                case (_, .null): OGR_F_SetFieldNull(f, at)
                case (.integer, .number):
                    guard let n = value.intValue, let n32 = Int32(exactly: n) else {
                        preconditionFailure("\(place): \(field.name) is not a 32-bit whole number")
                    }
                    OGR_F_SetFieldInteger(f, at, n32)
                case (.real, .number(let d)): OGR_F_SetFieldDouble(f, at, d)
                case (.boolean, .bool(let b)): OGR_F_SetFieldInteger(f, at, b ? 1 : 0)
                case (.string, .string(let s)): OGR_F_SetFieldString(f, at, s)
                case (.string, .array), (.string, .object): OGR_F_SetFieldString(f, at, GeoJSONWriter().text(for: value))
                default: preconditionFailure("\(place): \(field.name) does not hold a \(field.type) value")
                }
            }
            if let geometry = feature.geometry {
                let g = try makeOGR(FeatureSchema.promoted(geometry, to: content.geometryType))
                // Takes ownership of g, also on failure.
                try check(OGR_F_SetGeometryDirectly(f, g), "write \(place): geometry")
            }
            try check(OGR_L_CreateFeature(layer, f), "write \(place)")
        }
        try check(OGR_L_CommitTransaction(layer), "\(operation): commit")
    }

    /// Whether this GDAL writes field alternative names into a GeoPackage (3.7 and later).
    static let storesAliasesItself: Bool = (Int(String(cString: GDALVersionInfo("VERSION_NUM"))) ?? 0) >= 3_070_000

    /// The GeoPackage schema extension's `gpkg_data_columns` (`name`: the column's alias), registered in
    /// `gpkg_extensions`, for a GDAL that does not write it.
    private func writeDataColumns(_ layers: [VectorLayerContent], dataset: UnsafeMutableRawPointer) throws {
        guard !layers.isEmpty else { return }
        func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
        var statements = [
            """
            CREATE TABLE gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT, title TEXT,
            description TEXT, mime_type TEXT, constraint_name TEXT, CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name),
            CONSTRAINT gdc_tn UNIQUE (table_name, name))
            """,
            """
            CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
            definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))
            """,
            """
            INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES
            ('gpkg_data_columns', NULL, 'gpkg_schema', 'http://www.geopackage.org/spec121/#extension_schema', 'read-write')
            """,
        ]
        for layer in layers {
            for field in layer.fields {
                guard let alias = layer.aliases[field.name] else { continue }
                statements.append("INSERT INTO gpkg_data_columns (table_name, column_name, name) VALUES (\(quoted(layer.name)), \(quoted(field.name)), \(quoted(alias)))")
            }
        }
        for statement in statements {
            // A DDL/DML statement returns no result layer (NULL); a failure shows as an error message.
            if let result = GDALDatasetExecuteSQL(dataset, statement, nil, nil) { GDALDatasetReleaseResultSet(dataset, result) }
            if lastError != nil { throw error("write the column aliases (gpkg_data_columns)") }
        }
    }

    /// The `layer_styles` table as QGIS creates it (an attributes table registered in gpkg_contents), one row per
    /// style; `update_time` fixed so that reruns stay byte-identical.
    private func writeStyles(_ styles: [LayerStyleRecord], dataset: UnsafeMutableRawPointer) throws {
        let operation = "create layer layer_styles"
        // Borrowed from the dataset.
        let layer = try withCStringArray(["FID=id"]) {
            try check(GDALDatasetCreateLayer(dataset, "layer_styles", nil, wkbNone, $0), operation)
        }
        let columns: [(String, OGRFieldType)] = [
            ("f_table_catalog", OFTString), ("f_table_schema", OFTString), ("f_table_name", OFTString),
            ("f_geometry_column", OFTString), ("styleName", OFTString), ("styleQML", OFTString), ("styleSLD", OFTString),
            ("useAsDefault", OFTInteger), ("description", OFTString), ("owner", OFTString), ("ui", OFTString),
            ("update_time", OFTDateTime),
        ]
        for (name, type) in columns {
            // Owned definition, copied by the layer.
            let definition = try check(OGR_Fld_Create(name, type), "\(operation): field \(name)")
            defer { OGR_Fld_Destroy(definition) }
            if name == "useAsDefault" { OGR_Fld_SetSubType(definition, OFSTBoolean) }
            try check(OGR_L_CreateField(layer, definition, 0), "\(operation): field \(name)")
        }
        try check(OGR_L_StartTransaction(layer), "\(operation): start transaction")
        let definition = OGR_L_GetLayerDefn(layer)
        for style in styles {
            // Owned; destroyed after the layer has copied it.
            let f = try check(OGR_F_Create(definition), "write the style of \(style.table)")
            defer { OGR_F_Destroy(f) }
            let values = ["", "", style.table, "geom", style.name, style.qml, "", nil, style.description, "", ""]
            for (i, value) in values.enumerated() {
                if let value { OGR_F_SetFieldString(f, Int32(i), value) } else { OGR_F_SetFieldInteger(f, Int32(i), 1) }
            }
            OGR_F_SetFieldDateTimeEx(f, 11, 2000, 1, 1, 0, 0, 0, 100)
            try check(OGR_L_CreateFeature(layer, f), "write the style of \(style.table)")
        }
        try check(OGR_L_CommitTransaction(layer), "\(operation): commit")
    }
}

extension FeatureSchema.FieldType {
    var ogrType: OGRFieldType {
        switch self {
        case .integer, .boolean: return OFTInteger
        case .real: return OFTReal
        case .string: return OFTString
        }
    }
}
