internal import CGDAL
import Foundation
import GeoCore

/// One vector layer read in full: its features as GeoCore values, coordinates as stored in the file (x first:
/// easting or longitude), and the CRS the file states.
public struct VectorLayer: Sendable, Equatable {
    public var name: String
    /// The layer's CRS: `AUTHORITY:CODE` (e.g. `EPSG:4547`) when the file names one, else its WKT text; nil
    /// when the file states none (a Shapefile without .prj). Any of these can be handed to PROJ.
    public var crs: String?
    /// Features in the file's order; `id` is the feature id, property values are numbers (Integer, Integer64,
    /// Real), strings, or null; other field types (dates, lists) are GDAL's text for them.
    public var features: [Feature]
    /// The GDAL driver that read the file ("GPKG", "ESRI Shapefile", "FlatGeobuf", "GeoJSON").
    public var driver: String
    /// GDAL's warnings while reading (e.g. text that is not valid in the file's declared encoding), in order.
    public var warnings: [String]
    /// The columns in the file's order, with OGR's names for their types.
    public var fields: [VectorLayerField] = []

    public init(name: String, crs: String?, features: [Feature], driver: String, warnings: [String] = []) {
        self.name = name; self.crs = crs; self.features = features; self.driver = driver; self.warnings = warnings
    }
}

/// One column of a layer as the file declares it.
public struct VectorLayerField: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    /// OGR's name of the type: "Integer", "Integer64", "Real", "String", …
    public var type: String
    /// OGR's name of the subtype: "None", "Boolean", …
    public var subtype: String
    /// The alternative name (GeoPackage column alias); empty when none.
    public var alias: String

    public init(name: String, type: String, subtype: String = "None", alias: String = "") {
        self.name = name; self.type = type; self.subtype = subtype; self.alias = alias
    }

    /// `name: Type` or `name: Type(Subtype)`.
    public var description: String { subtype == "None" ? "\(name): \(type)" : "\(name): \(type)(\(subtype))" }
}

extension GDALContext {
    /// Reads layer `layerName` (or the file's only layer) of the vector file at `path`: GeoPackage, Shapefile,
    /// FlatGeobuf, GeoJSON or anything else GDAL reads. A Shapefile must have its .dbf beside it.
    public func readLayer(path: String, layer layerName: String? = nil) throws -> VectorLayer {
        guard FileManager.default.fileExists(atPath: path) else {
            throw GDALError(operation: "open \(path)", message: "no such file")
        }
        if let missing = Self.missingShapefilePart(path, ext: "dbf") {
            throw GDALError(operation: "open \(path)", message: "\(missing) is missing (the Shapefile's attribute table)")
        }
        return try capturing {
            // Owned dataset (closed below); NULL when no driver recognises the file or it cannot be read.
            let flags = UInt32(GDAL_OF_VECTOR) | UInt32(GDAL_OF_READONLY) | UInt32(GDAL_OF_VERBOSE_ERROR)
            let dataset = try check(GDALOpenEx(path, flags, nil, nil, nil), "open \(path)")
            defer { GDALClose(dataset) }
            // Borrowed from the dataset; GDALGetDriverShortName returns a string GDAL owns.
            let driver = GDALGetDatasetDriver(dataset).map { String(cString: GDALGetDriverShortName($0)) } ?? "?"
            let layerCount = GDALDatasetGetLayerCount(dataset)
            let names = (0..<layerCount).map { i in
                // Layers are borrowed from the dataset; OGR_L_GetName returns a string the layer owns.
                String(cString: OGR_L_GetName(GDALDatasetGetLayer(dataset, i)))
            }
            let layer: UnsafeMutableRawPointer
            if let layerName {
                guard let l = GDALDatasetGetLayerByName(dataset, layerName) else {
                    throw GDALError(operation: "open \(path)", message: "no layer \"\(layerName)\" (layers: \(names.joined(separator: ", ")))")
                }
                layer = l
            } else {
                guard layerCount == 1, let l = GDALDatasetGetLayer(dataset, 0) else {
                    throw GDALError(operation: "open \(path)", message: layerCount == 0
                                    ? "no vector layer"
                                    : "\(layerCount) layers (\(names.joined(separator: ", "))): name the one to read")
                }
                layer = l
            }
            let features = try features(of: layer, path: path)
            var read = VectorLayer(name: String(cString: OGR_L_GetName(layer)), crs: crsName(OGR_L_GetSpatialRef(layer)),
                                   features: features, driver: driver, warnings: lastWarnings)
            read.fields = fieldDescriptions(of: layer)
            return read
        }
    }

    /// The sibling `name.<ext>` a Shapefile needs when `path` is a .shp without it (either case of the
    /// extension is accepted); nil when present or when `path` is not a Shapefile.
    public static func missingShapefilePart(_ path: String, ext: String) -> String? {
        let url = URL(fileURLWithPath: path)
        guard url.pathExtension.lowercased() == "shp" else { return nil }
        let base = url.deletingPathExtension()
        let candidates = [ext.lowercased(), ext.uppercased()].map { base.appendingPathExtension($0).path }
        if candidates.contains(where: FileManager.default.fileExists(atPath:)) { return nil }
        return base.appendingPathExtension(ext.lowercased()).lastPathComponent
    }

    private func fieldDescriptions(of layer: UnsafeMutableRawPointer) -> [VectorLayerField] {
        // The definition and its fields are borrowed from the layer; the type and subtype names are static strings.
        let definition = OGR_L_GetLayerDefn(layer)
        return (0..<OGR_FD_GetFieldCount(definition)).map { i in
            let f = OGR_FD_GetFieldDefn(definition, i)
            return VectorLayerField(name: String(cString: OGR_Fld_GetNameRef(f)),
                                    type: String(cString: OGR_GetFieldTypeName(OGR_Fld_GetType(f))),
                                    subtype: String(cString: OGR_GetFieldSubTypeName(OGR_Fld_GetSubType(f))),
                                    alias: OGR_Fld_GetAlternativeNameRef(f).map { String(cString: $0) } ?? "")
        }
    }

    /// `AUTHORITY:CODE` or WKT of a borrowed spatial reference; nil for none.
    private func crsName(_ srs: UnsafeMutableRawPointer?) -> String? {
        guard let srs else { return nil }
        // Strings owned by the SRS; NULL when the CRS has no authority code.
        if let authority = OSRGetAuthorityName(srs, nil), let code = OSRGetAuthorityCode(srs, nil) {
            return "\(String(cString: authority)):\(String(cString: code))"
        }
        var text: UnsafeMutablePointer<CChar>?
        let err = OSRExportToWkt(srs, &text)
        // The text is ours to free with CPLFree (VSIFree), also when the export failed half-way.
        defer { VSIFree(text) }
        guard err == OGRERR_NONE, let text else { return nil }
        return String(cString: text)
    }

    private func features(of layer: UnsafeMutableRawPointer, path: String) throws -> [Feature] {
        // The definition is borrowed from the layer.
        let definition = OGR_L_GetLayerDefn(layer)
        let fieldCount = OGR_FD_GetFieldCount(definition)
        var fields: [(name: String, type: OGRFieldType)] = []
        for i in 0..<fieldCount {
            // Borrowed from the definition; the name is owned by the field definition.
            let f = OGR_FD_GetFieldDefn(definition, i)
            fields.append((String(cString: OGR_Fld_GetNameRef(f)), OGR_Fld_GetType(f)))
        }
        var out: [Feature] = []
        OGR_L_ResetReading(layer)
        // Owned feature (destroyed each turn); NULL at the end of the layer.
        while let feature = OGR_L_GetNextFeature(layer) {
            defer { OGR_F_Destroy(feature) }
            var properties: [String: JSONValue] = [:]
            for (i, field) in fields.enumerated() {
                let index = Int32(i)
                guard OGR_F_IsFieldSetAndNotNull(feature, index) != 0 else { properties[field.name] = .null; continue }
                switch field.type {
                case OFTInteger, OFTInteger64: properties[field.name] = .number(Double(OGR_F_GetFieldAsInteger64(feature, index)))
                case OFTReal: properties[field.name] = .number(OGR_F_GetFieldAsDouble(feature, index))
                // A string the feature owns, valid until the next call on it.
                default: properties[field.name] = .string(String(cString: OGR_F_GetFieldAsString(feature, index)))
                }
            }
            let fid = OGR_F_GetFID(feature)
            // Borrowed from the feature; NULL for a feature without geometry.
            let geometry = try OGR_F_GetGeometryRef(feature).map { g in
                do { return try makeGeometry(g) } catch let e as GDALError {
                    throw GDALError(operation: "read \(path) feature \(fid)", message: e.message)
                }
            }
            out.append(Feature(id: fid == OGRNullFID ? nil : .number(Double(fid)), geometry: geometry, properties: properties))
        }
        return out
    }
}

/// Runs `body` with a NULL-terminated C array of C strings (GDAL's `char **` option lists), valid during the call.
func withCStringArray<T>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) throws -> T) rethrows -> T {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { pointers.forEach { free($0) } }
    return try pointers.withUnsafeMutableBufferPointer { try body($0.baseAddress!) }
}
