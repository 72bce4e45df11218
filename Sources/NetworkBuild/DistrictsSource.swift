import Foundation
import GeoCore
import GeoGDAL
import GeoIO
import GeoPROJ
import Network

/// The manifest's `districts` entry read into `District` values: GeoJSON with GeoIO's reader, GeoPackage,
/// Shapefile and FlatGeobuf through GeoGDAL; coordinates reprojected to WGS-84 with GeoPROJ (the same
/// conversion as planning lines, so `gcj02` and `bd09` work too); then the one check-and-repair of
/// `BoundariesReader.districts(from:fileName:)` whatever the format.
enum DistrictsSource {
    enum Format: String, CaseIterable {
        case geojson, gpkg, shapefile, flatgeobuf
    }

    struct Result {
        var districts: [District]
        var warnings: [InputWarning]
        var report: String
    }

    static func read(_ d: AreaManifest.DistrictsInput, folder: URL, manifestPath: String) throws -> Result {
        let path = AreaManifest.resolve(d.path, in: folder)
        let format = try self.format(d, path: path, manifestPath: manifestPath)
        let reader = BoundariesReader(nameProperty: d.nameProperty, populationProperty: d.populationProperty,
                                      cityProperty: d.cityProperty, codeProperty: d.codeProperty)
        let features: [Feature]
        let crsName: String
        switch format {
        case .geojson:
            features = try GeoJSONReader.read(contentsOf: URL(fileURLWithPath: path)).features
            crsName = d.crs ?? "wgs84"
        case .gpkg, .shapefile, .flatgeobuf:
            let layer: VectorLayer
            do {
                layer = try GDALContext().readLayer(path: path, layer: d.layer)
            } catch let error as GDALError {
                throw InputError(file: path, message: error.message)
            }
            guard let crs = d.crs ?? layer.crs else {
                if let prj = GDALContext.missingShapefilePart(path, ext: "prj") {
                    throw InputError(file: path, message: "\(prj) is missing (the Shapefile's CRS): add it, or give \"crs\" in the manifest's districts entry")
                }
                throw InputError(file: path, message: "the file states no CRS: give \"crs\" in the manifest's districts entry")
            }
            features = layer.features
            crsName = crs
        }
        let converted = try toWGS84(features, crs: crsName, path: path, manifestPath: manifestPath)
        let (districts, warnings) = try reader.districts(from: converted, fileName: path)
        let population = districts.reduce(0) { $0 + $1.population }
        let crsNote = crsName.count > 40 ? "WKT" : crsName
        let counts = "\(districts.count) districts, population \(Int(population.rounded()))"
        let report = format == .geojson && d.crs == nil ? "\(path): \(counts)" : "\(path) (\(format.rawValue), \(crsNote) → wgs84): \(counts)"
        return Result(districts: districts, warnings: warnings, report: report)
    }

    /// The entry's format: `format` if given, else by the file's extension.
    static func format(_ d: AreaManifest.DistrictsInput, path: String, manifestPath: String) throws -> Format {
        let names = Format.allCases.map(\.rawValue).joined(separator: ", ")
        if let f = d.format {
            guard let format = Format(rawValue: f.lowercased()) else {
                throw InputError(file: manifestPath, location: "districts.format", message: "\"\(f)\" is not one of \(names)")
            }
            return format
        }
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "geojson", "json": return .geojson
        case "gpkg": return .gpkg
        case "shp": return .shapefile
        case "fgb": return .flatgeobuf
        case let other:
            throw InputError(file: manifestPath, location: "districts.path",
                             message: "cannot tell the format of a .\(other) file: give \"format\" (\(names))")
        }
    }

    private static func toWGS84(_ features: [Feature], crs name: String, path: String, manifestPath: String) throws -> [Feature] {
        guard let crs = CoordinateSystem(parsing: name) else {
            throw InputError(file: manifestPath, location: "districts.crs", message: "empty CRS")
        }
        guard crs != .wgs84 else { return features }
        let converter: CoordinateConverter
        do {
            converter = try CoordinateConverter(from: crs, to: .wgs84)
        } catch {
            throw InputError(file: path, location: "crs", message: "\(error)")
        }
        return try features.enumerated().map { index, feature in
            var f = feature
            do {
                f.geometry = try feature.geometry.map { try converter.convert($0) }
            } catch {
                throw InputError(file: path, location: "feature \(index)", message: "cannot convert from \(crs) to wgs84: \(error)")
            }
            return f
        }
    }
}
