import Foundation
import GeoCore
import GeoGDAL
import GeoIO
import GeoPROJ

/// A vector file named by a manifest entry (district boundaries, a road layer), read into WGS-84 features:
/// GeoJSON with GeoCore's reader, GeoPackage, Shapefile and FlatGeobuf through GeoGDAL. Coordinates are
/// reprojected with GeoPROJ's `CoordinateConverter` rather than OGR's transformation, so that the entry's `crs`
/// takes the names lines take (`gcj02` and `bd09` included) and every input goes through one PROJ path.
/// Public for the commands' vector inputs (`surface --mask`).
public enum VectorInput {
    public enum Format: String, CaseIterable, Sendable {
        case geojson, gpkg, shapefile, flatgeobuf

        /// The format a file's extension implies, nil for another extension.
        public init?(extensionOf path: String) {
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "geojson", "json": self = .geojson
            case "gpkg": self = .gpkg
            case "shp": self = .shapefile
            case "fgb": self = .flatgeobuf
            default: return nil
            }
        }
    }

    public struct Features {
        public var features: [Feature]
        /// GDAL's warnings while reading, naming the file.
        public var warnings: [InputWarning]
        public var format: Format
        /// The CRS the coordinates were converted from (the entry's `crs`, else the file's).
        public var crs: String

        /// "(gpkg, EPSG:4547 → wgs84)" for reports; nil for GeoJSON in WGS-84 (reports as before).
        public var note: String? {
            if format == .geojson && crs == "wgs84" { return nil }
            return "(\(format.rawValue), \(crs.count > 40 ? "WKT" : crs) → wgs84)"
        }
    }

    /// Reads `path` in `format`; `crs` is the entry's key (nil: the file's own, WGS-84 for GeoJSON); `entry`
    /// names the manifest entry in messages ("districts", "roads main").
    public static func read(path: String, format: Format, crs: String?, layer: String?, entry: String, manifestPath: String,
                     memoryLimit: MemoryLimit = .default) throws -> Features {
        var features: [Feature]
        var warnings: [InputWarning] = []
        let crsName: String
        switch format {
        case .geojson:
            features = try GeoJSONReader.read(contentsOf: URL(fileURLWithPath: path), memoryLimit: memoryLimit).features
            crsName = crs ?? "wgs84"
        case .gpkg, .shapefile, .flatgeobuf:
            let read: VectorLayer
            do {
                read = try GDALContext().readLayer(path: path, layer: layer)
            } catch let error as GDALError {
                throw InputError(file: path, message: error.message)
            }
            guard let name = crs ?? read.crs else {
                if let prj = GDALContext.missingShapefilePart(path, ext: "prj") {
                    throw InputError(file: path, message: "\(prj) is missing (the Shapefile's CRS): add it, or give \"crs\" in the manifest's \(entry) entry")
                }
                throw InputError(file: path, message: "the file states no CRS: give \"crs\" in the manifest's \(entry) entry")
            }
            features = read.features
            warnings = read.warnings.map { InputWarning(file: path, message: "GDAL: \($0)") }
            crsName = name
        }
        guard let system = CoordinateSystem(parsing: crsName) else {
            throw InputError(file: manifestPath, location: "\(entry).crs", message: "empty CRS")
        }
        if system != .wgs84 {
            let converter: CoordinateConverter
            do {
                converter = try CoordinateConverter(from: system, to: .wgs84)
            } catch {
                throw InputError(file: crs == nil ? path : manifestPath, location: crs == nil ? "crs" : "\(entry).crs", message: "\(error)")
            }
            for index in features.indices {
                do {
                    features[index].geometry = try features[index].geometry.map { try converter.convert($0) }
                } catch {
                    throw InputError(file: path, location: "feature \(index)", message: "cannot convert from \(system) to wgs84: \(error)")
                }
            }
        }
        return Features(features: features, warnings: warnings, format: format, crs: system == .wgs84 ? "wgs84" : crsName)
    }
}
