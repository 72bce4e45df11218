import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import GeoPROJ

public struct Convert: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(
        abstract: "Reproject a GeoJSON file, or a CSV table with longitude/latitude columns, between coordinate systems.",
        discussion: """
            Coordinate systems: wgs84, gcj02 (Chinese web maps: Amap, Tencent), bd09 (Baidu), EPSG:nnnn, or a PROJ \
            string. GCJ-02 and BD-09 are converted with the public formulas (inverse iterated, round trip < 1 cm).

            Examples:
              metrocommute convert --from gcj02 --to wgs84 metro_lines_gcj02.csv -o metro_lines_wgs84.csv
              metrocommute convert --from wgs84 --to EPSG:4547 districts.geojson -o districts_4547.geojson
              metrocommute convert --from bd09 --to wgs84 --lon-column x --lat-column y pois.csv -o -

            GeoJSON written in a projected CRS is not RFC 7946 (which is WGS-84 only); QGIS reads it when told \
            the CRS.
            """
    )

    @Argument(help: "Input file: .geojson/.json or .csv (see --format).")
    var input: String

    @Option(help: "Coordinate system of the input.")
    var from: String

    @Option(help: "Coordinate system of the output.")
    var to: String

    @Option(name: .shortAndLong, help: "Output file, or - for standard output.")
    var output: String

    @Option(help: "Input format: geojson or csv (default: from the file extension).")
    var format: String?

    @Option(help: "CSV longitude column (default: first of lon, lng, long, longitude, stop_lon, x).")
    var lonColumn: String?

    @Option(help: "CSV latitude column (default: first of lat, latitude, stop_lat, y).")
    var latColumn: String?

    @Option(help: "Decimals written (default 6 for degrees, 3 for projected metres).")
    var precision: Int?

    public func validate() throws {
        guard CoordinateSystem(parsing: from) != nil else { throw ValidationError("--from is empty") }
        guard CoordinateSystem(parsing: to) != nil else { throw ValidationError("--to is empty") }
        if let precision, !(0...15).contains(precision) { throw ValidationError("--precision must be 0…15") }
        if let format, !["geojson", "csv"].contains(format.lowercased()) {
            throw ValidationError("--format must be geojson or csv, not \(format)")
        }
    }

    public func run() throws {
        let source = CoordinateSystem(parsing: from)!
        let target = CoordinateSystem(parsing: to)!
        let converter: CoordinateConverter
        do {
            converter = try CoordinateConverter(from: source, to: target)
        } catch {
            throw InputError(file: input, message: "cannot convert from \(source) to \(target): \(error)")
        }
        let projectedTarget: Bool = { if case .proj = target { return true } else { return false } }()
        let digits = precision ?? (projectedTarget ? 3 : 6)
        let url = URL(fileURLWithPath: input)
        let kind = format?.lowercased() ?? (url.pathExtension.lowercased() == "csv" ? "csv" : "geojson")
        let data: Data
        if kind == "csv" {
            data = try CsvCoordinateConversion(longitudeColumn: lonColumn, latitudeColumn: latColumn, precision: digits)
                .convert(url: url, fileName: input, converter: converter)
        } else {
            let projectedSource: Bool = { if case .proj = source { return true } else { return false } }()
            let collection = try GeoJSONReader.read(contentsOf: url, geographic: !projectedSource)
            var converted = collection
            for i in converted.features.indices {
                guard let geometry = converted.features[i].geometry else { continue }
                do {
                    converted.features[i].geometry = try converter.convert(geometry)
                } catch {
                    throw InputError(file: input, location: "feature \(i)", message: "\(error)")
                }
            }
            data = GeoJSONWriter(precision: digits).data(for: converted)
            if projectedTarget {
                ProgressReporter().warning("\(output): coordinates are in \(target), not WGS-84: not RFC 7946 GeoJSON")
            }
        }
        try AtomicFile.write(data, to: output)
    }
}
