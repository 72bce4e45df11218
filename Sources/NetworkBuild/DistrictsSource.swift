import Foundation
import GeoCore
import GeoIO
import Network

/// The manifest's `districts` entry read into `District` values: any `VectorInput` format in any CRS, then the
/// one check-and-repair of `BoundariesReader.districts(from:fileName:)` whatever the format.
enum DistrictsSource {
    struct Result {
        var districts: [District]
        var warnings: [InputWarning]
        var report: String
    }

    static func read(_ d: AreaManifest.DistrictsInput, folder: URL, manifestPath: String,
                     memoryLimit: MemoryLimit = .default) throws -> Result {
        let path = AreaManifest.resolve(d.path, in: folder)
        let format = try self.format(d, path: path, manifestPath: manifestPath)
        let input = try VectorInput.read(path: path, format: format, crs: d.crs, layer: d.layer, entry: "districts",
                                         manifestPath: manifestPath, memoryLimit: memoryLimit)
        let reader = BoundariesReader(nameProperty: d.nameProperty, populationProperty: d.populationProperty,
                                      cityProperty: d.cityProperty, codeProperty: d.codeProperty)
        let (districts, warnings) = try reader.districts(from: input.features, fileName: path)
        let population = districts.reduce(0) { $0 + $1.population }
        let counts = "\(districts.count) districts, population \(Int(population.rounded()))"
        // The path as the manifest writes it: the network's bytes must not depend on the inputs' folder.
        let report = input.note.map { "\(d.path) \($0): \(counts)" } ?? "\(d.path): \(counts)"
        return Result(districts: districts, warnings: input.warnings + warnings, report: report)
    }

    /// The entry's format: `format` if given, else by the file's extension (GeoJSON for an unknown one).
    static func format(_ d: AreaManifest.DistrictsInput, path: String, manifestPath: String) throws -> VectorInput.Format {
        let names = VectorInput.Format.allCases.map(\.rawValue).joined(separator: ", ")
        if let f = d.format {
            guard let format = VectorInput.Format(rawValue: f.lowercased()) else {
                throw InputError(file: manifestPath, location: "districts.format", message: "\"\(f)\" is not one of \(names)")
            }
            return format
        }
        // Any other extension is GeoJSON, as before there were other formats.
        return VectorInput.Format(extensionOf: path) ?? .geojson
    }
}
