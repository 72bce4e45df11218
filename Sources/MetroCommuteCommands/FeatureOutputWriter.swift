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
/// kind where the schema has several, `<name>-<table>.<ext>`; a `feature_id` column n). Tables follow the
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
        let identified = schema.identified(collection)
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
                for (layer, features) in schema.split(identified) {
                    let converted = try features.map { f -> Feature in
                        var g = f
                        g.geometry = try f.geometry.map { try converter.convert($0) }
                        return g
                    }
                    layers.append(VectorLayerContent(layer, features: converted))
                }
                let label: String?
                if case .proj(let definition) = system { label = definition } else { label = nil }
                let gdal = GDALContext()
                if vector.holdsManyLayers || layers.count == 1 {
                    let records = vector != .geoPackage ? [] : schema.split(identified).map { layer, features in
                        LayerStyleRecord(table: layer.table, name: layer.table, qml: style(layer, features, schema).qml,
                                         description: "metrocommute \(MetroCommuteVersion.string), palette Resources/palette.json")
                    }
                    try write(gdal, layers, format: vector, crs: label, styles: records, to: path)
                    written.append(path)
                } else {
                    for (content, layer) in zip(layers, schema.layers) {
                        let target = kindPath(path, layer: layer, format: format)
                        try write(gdal, [content], format: vector, crs: label, to: target)
                        written.append(target)
                    }
                }
            }
        } catch {
            // The files of this output written before the failure go too: all of them or none.
            for done in written where done != "-" { try? FileManager.default.removeItem(atPath: done) }
            throw error
        }
        return written
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
