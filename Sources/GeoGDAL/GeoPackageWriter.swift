internal import CGDAL
import Foundation
import GeoCore

/// The content of one layer to write: a fixed schema and features whose properties follow it.
public struct VectorLayerContent: Sendable, Equatable {
    public enum GeometryType: Sendable, Equatable {
        case point, lineString, multiLineString, polygon, multiPolygon
    }

    /// A column and its type. Values are taken from each feature's property of the same name: `integer` from a
    /// whole number (32-bit), `real` from a number, `string` from a string, or from a list or object written as
    /// compact JSON text; null or absent is NULL.
    public struct Field: Sendable, Equatable {
        public enum FieldType: Sendable, Equatable { case integer, real, string }
        public var name: String
        public var type: FieldType
        public init(_ name: String, _ type: FieldType) { self.name = name; self.type = type }
    }

    public var name: String
    public var geometryType: GeometryType
    public var fields: [Field]
    /// A feature's `id` (a positive whole number) becomes its feature id; without one GDAL numbers from 1.
    public var features: [Feature]

    public init(name: String, geometryType: GeometryType, fields: [Field], features: [Feature]) {
        self.name = name; self.geometryType = geometryType; self.fields = fields; self.features = features
    }
}

extension GDALContext {
    /// The `OGR_CURRENT_DATE` written by default: GeoPackage timestamps (`gpkg_contents.last_change`) would
    /// otherwise be the time of writing, and two runs would differ.
    public static let fixedGeoPackageDate = "2000-01-01T00:00:00.000Z"

    /// Writes `layers` as one GeoPackage at `path`, WGS-84 (EPSG:4326, longitude first), one table per layer in
    /// the order given. The file is written beside `path` and renamed into place: on failure nothing is left.
    /// Equal inputs give equal bytes (fixed timestamp, features in the order given).
    public func writeGeoPackage(_ layers: [VectorLayerContent], to path: String, date: String = fixedGeoPackageDate) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier).gpkg").path
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            try capturing {
                // Thread-local, restored below: other threads' GDAL calls keep the real date.
                CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", date)
                defer { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nil) }
                try write(layers, to: temporary)
            }
            // rename(2) replaces the target atomically on the same file system; -1 on failure.
            guard rename(temporary, path) == 0 else {
                throw GDALError(operation: "write \(path)", message: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    private func write(_ layers: [VectorLayerContent], to path: String) throws {
        // Borrowed driver (registered by the context); NULL when this GDAL has no GPKG driver.
        let driver = try check(GDALGetDriverByName("GPKG"), "find the GPKG driver")
        // Owned dataset, closed (and flushed) below; NULL when the file cannot be created.
        let dataset = try check(GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil), "create \(path)")
        var closed = false
        defer { if !closed { GDALClose(dataset) } }
        // Owned reference; each layer takes its own reference, ours is released at the end.
        let srs = try check(OSRNewSpatialReference(nil), "make a spatial reference")
        defer { OSRRelease(srs) }
        try check(OSRImportFromEPSG(srs, 4326), "import EPSG:4326")
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
        for content in layers {
            try writeLayer(content, dataset: dataset, srs: srs)
        }
        GDALClose(dataset)
        closed = true
        // GDALClose returns nothing in GDAL 3.6: a failure while flushing shows as an error message.
        if lastError != nil { throw error("close \(path)") }
    }

    private func writeLayer(_ content: VectorLayerContent, dataset: UnsafeMutableRawPointer, srs: UnsafeMutableRawPointer) throws {
        let operation = "create layer \(content.name)"
        let type: OGRwkbGeometryType
        switch content.geometryType {
        case .point: type = wkbPoint
        case .lineString: type = wkbLineString
        case .multiLineString: type = wkbMultiLineString
        case .polygon: type = wkbPolygon
        case .multiPolygon: type = wkbMultiPolygon
        }
        // Borrowed from the dataset; NULL on failure (e.g. a duplicate name).
        let layer = try withCStringArray(["FID=fid", "GEOMETRY_NAME=geom", "SPATIAL_INDEX=YES"]) {
            try check(GDALDatasetCreateLayer(dataset, content.name, srs, type, $0), operation)
        }
        for field in content.fields {
            // Owned field definition, copied by the layer and destroyed here.
            let definition = try check(OGR_Fld_Create(field.name, field.type.ogrType), "\(operation): field \(field.name)")
            defer { OGR_Fld_Destroy(definition) }
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
            if let id = feature.id?.intValue {
                precondition(id > 0, "GeoPackage feature ids are positive")
                OGR_F_SetFID(f, GIntBig(id))
            }
            for (i, field) in content.fields.enumerated() {
                let value = feature.properties[field.name] ?? .null
                let at = Int32(i)
                switch (field.type, value) {
                case (_, .null): OGR_F_SetFieldNull(f, at)
                case (.integer, .number):
                    guard let n = value.intValue, let n32 = Int32(exactly: n) else {
                        preconditionFailure("\(place): \(field.name) is not a 32-bit whole number")
                    }
                    OGR_F_SetFieldInteger(f, at, n32)
                case (.real, .number(let d)): OGR_F_SetFieldDouble(f, at, d)
                case (.string, .string(let s)): OGR_F_SetFieldString(f, at, s)
                case (.string, .array), (.string, .object): OGR_F_SetFieldString(f, at, GeoJSONWriter().text(for: value))
                default: preconditionFailure("\(place): \(field.name) does not hold a \(field.type) value")
                }
            }
            if let geometry = feature.geometry {
                let g = try makeOGR(geometry)
                // Takes ownership of g, also on failure.
                try check(OGR_F_SetGeometryDirectly(f, g), "write \(place): geometry")
            }
            try check(OGR_L_CreateFeature(layer, f), "write \(place)")
        }
        try check(OGR_L_CommitTransaction(layer), "\(operation): commit")
    }
}

extension VectorLayerContent.Field.FieldType {
    var ogrType: OGRFieldType {
        switch self {
        case .integer: return OFTInteger
        case .real: return OFTReal
        case .string: return OFTString
        }
    }
}
