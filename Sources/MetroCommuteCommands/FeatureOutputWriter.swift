import Analysis
import Foundation
import GeoCore
import GeoGDAL
import GeoIO
import GeoPROJ
import MapPreview

/// Writes an analysis command's features in the format asked for, the one place where formats are chosen:
/// GeoJSON (our byte-stable writer, WGS-84, ids `<kind>-<n>`, reals as reals, provenance as `metadata`; one file,
/// or one per kind with `splitKinds`), GeoPackage (one table per kind, fid n), FlatGeobuf or CSV (one file per
/// kind where the schema has several, `<name>-<table>.<ext>`; a `feature_id` column n), Shapefile (as FlatGeobuf,
/// fields under their ≤ 10-byte names with `aliases.csv` beside, text over 254 bytes in `long_text.csv`). Tables follow the
/// schema exactly, in `crs` where given (GeoJSON never). Every file is written whole or not at all.
/// Styles (QGIS, from the shipped palette): every GeoPackage carries one per table in `layer_styles`; with
/// `styles`, each GeoJSON file gets `<name>.qml` beside it (QGIS loads it with the file), a mixed one
/// `<name>-<table>.qml` per kind.
enum FeatureOutputWriter {
    /// Writes `collection` to `path` (or the per-kind files beside it) and returns the paths written.
    @discardableResult
    static func write(_ collection: FeatureCollection, schema: FeatureSchema, provenance: Provenance?,
                      format: FeatureOutputFormat, crs: String? = nil, splitKinds: Bool = false, styles: Bool = false,
                      to path: String) throws -> [String] {
        assert(schema.mismatch(in: collection) == nil, "output schema drift: \(schema.mismatch(in: collection) ?? "")")
        let identified = schema.identified(schema.promoted(collection))
        var written: [String] = []
        do {
            switch format.vectorFormat {
            case nil:
                let writer = GeoJSONWriter(schema: schema)
                if splitKinds && schema.layers.count > 1 {
                    for (layer, features) in schema.split(identified) {
                        var part = FeatureCollection(features)
                        if let provenance { part = provenance.annotating(part) }
                        let target = kindPath(path, layer: layer, format: format)
                        try AtomicFile.write(writer.data(for: part), to: target)
                        written.append(target)
                        if styles { written.append(try writeQML(style(layer, features, schema), beside: target)) }
                    }
                } else {
                    try AtomicFile.write(writer.data(for: provenance?.annotating(identified) ?? identified), to: path)
                    written.append(path)
                    if styles && path != "-" {
                        let groups = schema.split(identified)
                        for (layer, features) in groups {
                            let target = groups.count == 1 ? path : kindPath(path, layer: layer, format: format)
                            written.append(try writeQML(style(layer, features, schema), beside: target))
                        }
                    }
                }
            case let vector?:
                let system = try crs.map { try FormatOptions.system($0) } ?? .wgs84
                let converter = try CoordinateConverter(from: .wgs84, to: system)
                var layers: [VectorLayerContent] = []
                var sideTables: [[(name: String, data: Data)]] = []
                for (layer, features) in schema.split(identified) {
                    let converted = try features.map { f -> Feature in
                        var g = f
                        g.geometry = try f.geometry.map { try converter.convert($0) }
                        return g
                    }
                    if vector == .shapefile {
                        let (content, tables) = try shapefileContent(layer, features: converted)
                        layers.append(content)
                        sideTables.append(tables)
                    } else {
                        // The Shapefile names as column aliases (kept by GDAL ≥ 3.7 in a GeoPackage).
                        layers.append(VectorLayerContent(layer, features: converted, aliases: layer.shapefileNames))
                        sideTables.append([])
                    }
                }
                let label: String?
                if case .proj(let definition) = system { label = definition } else { label = nil }
                let gdal = GDALContext.forCommand()
                if vector.holdsManyLayers || layers.count == 1 {
                    let records = vector != .geoPackage ? [] : schema.split(identified).map { layer, features in
                        LayerStyleRecord(table: layer.table, name: layer.table, qml: style(layer, features, schema).qml,
                                         description: "metrocommute \(MetroCommuteVersion.string), palette Resources/palette.json")
                    }
                    try write(gdal, layers, format: vector, crs: label, styles: records, to: path)
                    written.append(path)
                    written += try writeSideTables(sideTables[0], beside: path)
                } else {
                    for (k, (content, layer)) in zip(layers, schema.layers).enumerated() {
                        let target = kindPath(path, layer: layer, format: format)
                        try write(gdal, [content], format: vector, crs: label, to: target)
                        written.append(target)
                        written += try writeSideTables(sideTables[k], beside: target)
                    }
                }
            }
        } catch {
            // The files of this output written before the failure go too: all of them or none.
            for done in written where done != "-" {
                try? FileManager.default.removeItem(atPath: done)
                for ext in format.vectorFormat?.companions ?? [] {
                    try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: done).deletingPathExtension().appendingPathExtension(ext).path)
                }
            }
            throw error
        }
        return written
    }

    /// A layer for a Shapefile: fields under their ≤ 10-byte `shapefileNames`, text longer than the 254 bytes a
    /// column holds moved out (the column NULL), and the side tables that make it lossless: `aliases.csv`
    /// (field, shapefile_field, type; every field, `feature_id` first) and, when some text was moved,
    /// `long_text.csv` (feature_id, field, value).
    static func shapefileContent(_ layer: FeatureSchema.Layer, features: [Feature]) throws
        -> (VectorLayerContent, [(name: String, data: Data)]) {
        if layer.geometryType == .any {
            throw InputError(file: "-f shp", message: "\(layer.name) mixes points and lines, which a Shapefile cannot hold: use -f gpkg or fgb")
        }
        let names = layer.shapefileNames
        var aliases = CsvWriter()
        aliases.writeRow(["field", "shapefile_field", "type"])
        aliases.writeRow([VectorFormat.featureIDColumn, VectorFormat.featureIDColumn, "integer"])
        for field in layer.fields { aliases.writeRow([field.name, names[field.name]!, field.type.rawValue]) }
        var long = CsvWriter()
        long.writeRow(["feature_id", "field", "value"])
        var moved = 0
        let text = GeoJSONWriter()
        let renamed = features.map { f -> Feature in
            var g = f
            g.properties = [:]
            for field in layer.fields {
                var value = f.properties[field.name] ?? .null
                if field.type == .string {
                    let string: String? = value.stringValue ?? (value.isNull ? nil : text.text(for: value))
                    if let string, string.utf8.count > VectorFormat.shapefileTextLimit {
                        long.writeRow([String(FeatureSchema.featureNumber(f.id) ?? 0), field.name, string])
                        moved += 1
                        value = .null
                    }
                }
                g.properties[names[field.name]!] = value
            }
            return g
        }
        let content = VectorLayerContent(name: layer.table, geometryType: layer.geometryType,
                                         fields: layer.fields.map { .init(names[$0.name]!, $0.type) }, features: renamed)
        var tables = [(name: "aliases.csv", data: Data(aliases.bytes))]
        if moved > 0 { tables.append((name: "long_text.csv", data: Data(long.bytes))) }
        return (content, tables)
    }

    /// `<name>.<table name>` beside `path` for each side table; returns their paths.
    private static func writeSideTables(_ tables: [(name: String, data: Data)], beside path: String) throws -> [String] {
        try tables.map { table in
            let target = URL(fileURLWithPath: path).deletingPathExtension().path + "." + table.name
            let shown = path.contains("/") ? target : URL(fileURLWithPath: target).lastPathComponent
            try AtomicFile.write(table.data, to: shown)
            return shown
        }
    }

    /// The QGIS style of one layer of `schema`.
    static func style(_ layer: FeatureSchema.Layer, _ features: [Feature], _ schema: FeatureSchema) -> QGISStyle {
        QGISStyle.forLayer(layer, features: features, index: schema.layers.firstIndex(of: layer) ?? 0)
    }

    /// Writes `style` as `<name>.qml` beside `path`; returns its path.
    private static func writeQML(_ style: QGISStyle, beside path: String) throws -> String {
        let target = URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension("qml").path
        let qmlPath = path.contains("/") ? target : URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + ".qml"
        try AtomicFile.write(Data(style.qml.utf8), to: qmlPath)
        return qmlPath
    }

    private static func write(_ gdal: GDALContext, _ layers: [VectorLayerContent], format: VectorFormat, crs: String?,
                              styles: [LayerStyleRecord] = [], to path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw InputError(file: path, message: "output folder \(folder) does not exist")
        }
        do {
            try gdal.write(layers, format: format, crs: crs, to: path, styles: styles)
        } catch let error as GDALError {
            throw InputError(file: path, message: error.message)
        }
    }

    /// `<name>-<table>.<ext>` beside `path` (the extension of `path`, else the format's).
    static func kindPath(_ path: String, layer: FeatureSchema.Layer, format: FeatureOutputFormat) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension.isEmpty ? format.rawValue : url.pathExtension
        let stem = url.deletingPathExtension().lastPathComponent
        let name = "\(stem)-\(layer.table).\(ext)"
        return path.contains("/") ? url.deletingLastPathComponent().appendingPathComponent(name).path : name
    }
}

extension FormatOptions {
    /// `FeatureOutputWriter.write` with these options.
    @discardableResult
    func write(_ collection: FeatureCollection, schema: FeatureSchema, provenance: Provenance?, to path: String) throws -> [String] {
        try FeatureOutputWriter.write(collection, schema: schema, provenance: provenance, format: resolved(for: path),
                                      crs: outputCRS, splitKinds: splitKinds, styles: styles, to: path)
    }
}
