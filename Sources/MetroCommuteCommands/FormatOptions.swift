import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoGDAL
import GeoIO
import GeoPROJ

/// The formats of an analysis command's main output (`-f`).
enum FeatureOutputFormat: String, CaseIterable, ExpressibleByArgument {
    case geojson, gpkg, fgb, csv, shp

    /// The format an output path asks for by its extension: .gpkg, .fgb, .csv, .shp; anything else (and `-`) GeoJSON.
    static func byExtension(of path: String) -> FeatureOutputFormat {
        if path == "-" { return .geojson }
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "gpkg": return .gpkg
        case "fgb": return .fgb
        case "csv": return .csv
        case "shp": return .shp
        default: return .geojson
        }
    }

    var vectorFormat: VectorFormat? {
        switch self {
        case .geojson: return nil
        case .gpkg: return .geoPackage
        case .fgb: return .flatGeobuf
        case .csv: return .csv
        case .shp: return .shapefile
        }
    }
}

/// `-f/--format`, `--output-crs` and `--split-kinds`: how an analysis command writes its main output (`-o`).
struct FormatOptions: ParsableArguments {
    @Option(name: [.customShort("f"), .customLong("output-format")],
            help: "Format of -o: geojson, gpkg (one table per kind), fgb, csv or shp (one file per kind; shp with a field-name map and long texts beside); default from the extension of -o (.gpkg, .fgb, .csv, .shp, else GeoJSON).")
    var format: FeatureOutputFormat?

    @Option(name: .customLong("output-crs"),
            help: ArgumentHelp("CRS of a gpkg, fgb, csv or shp output: an EPSG code (EPSG:4490), a PROJ string or WKT, or gcj02/bd09 (Chinese web maps; labelled WGS-84). GeoJSON is always WGS-84.",
                               valueName: "crs"))
    var outputCRS: String?

    @Flag(name: .customLong("split-kinds"), help: "GeoJSON: one file per feature kind, <name>-<kind>.geojson, instead of one collection.")
    var splitKinds = false

    @Flag(name: .customLong("styles"), help: "GeoJSON: write QGIS styles (.qml) beside the output, from the shipped palette (a GeoPackage always carries them).")
    var styles = false

    /// The format for output `path`.
    func resolved(for path: String) -> FeatureOutputFormat { format ?? .byExtension(of: path) }

    /// Checks the options against the output path (call from the command's validate()).
    func check(path: String) throws {
        let chosen = resolved(for: path)
        if chosen != .geojson && path == "-" {
            throw InputError(file: "--output", message: "-f \(chosen.rawValue) cannot go to standard output: give a file")
        }
        if let outputCRS {
            guard chosen != .geojson else {
                throw InputError(file: "--output-crs", message: "GeoJSON is WGS-84 (RFC 7946): use -f gpkg, fgb, csv or shp for \(outputCRS)")
            }
            _ = try Self.system(outputCRS)
        }
        if styles && (chosen != .geojson || path == "-") {
            throw InputError(file: "--styles", message: "only for a GeoJSON file: a GeoPackage carries its styles in layer_styles")
        }
        if splitKinds && path == "-" {
            throw InputError(file: "--split-kinds", message: "writes one file per kind: give -o a file name, not -")
        }
        if splitKinds && chosen != .geojson {
            throw InputError(file: "--split-kinds", message: "only for GeoJSON: \(chosen.rawValue) already writes one table or file per kind")
        }
    }

    /// The coordinate system named by `text`, checked with PROJ.
    static func system(_ text: String) throws -> CoordinateSystem {
        guard let system = CoordinateSystem(parsing: text) else {
            throw InputError(file: "--output-crs", message: "empty: give e.g. EPSG:4490 or gcj02")
        }
        do {
            _ = try CoordinateConverter(from: .wgs84, to: system)
        } catch {
            throw InputError(file: "--output-crs", message: "\"\(text)\" is not a CRS PROJ knows: \(error)")
        }
        return system
    }
}

extension FormatOptions {
    /// The main output written with the command's other outputs (`OutputSet`, all or nothing): a single GeoJSON
    /// file (or `-`) goes into the set and is committed with the rest; the other formats, split kinds and styles
    /// write their files through `FeatureOutputWriter` (each whole or not at all) — call this after every other
    /// output is in the set, just before `outputs.commit()`, so that nothing of them is left when it fails.
    func write(_ collection: FeatureCollection, schema: FeatureSchema, provenance: Provenance?, to path: String,
               into outputs: OutputSet) throws {
        if resolved(for: path) == .geojson && !splitKinds && !styles {
            let identified = schema.identified(schema.promoted(collection))
            try outputs.write(GeoJSONWriter(schema: schema).data(for: provenance?.annotating(identified) ?? identified), to: path)
        } else {
            try write(collection, schema: schema, provenance: provenance, to: path)
        }
    }
}
