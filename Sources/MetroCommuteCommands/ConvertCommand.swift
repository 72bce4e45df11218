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
              metrocommute convert --src-crs gcj02 --dst-crs wgs84 metro_lines_gcj02.csv -o metro_lines_wgs84.csv
              metrocommute convert --src-crs wgs84 --dst-crs EPSG:4547 districts.geojson -o districts_4547.geojson
              metrocommute convert --src-crs bd09 --dst-crs wgs84 --lon-column x --lat-column y pois.csv -o -

            A CSV keeps its other cells as they are, except text that a spreadsheet would run as a formula: a cell \
            starting with =, +, - or @ that is not a number gets a leading ' (--no-neutralise keeps it as it is). \
            --excel adds a UTF-8 byte-order mark.

            Until 0.3 the options' former names --from, --to and --format still work, with a warning.

            GeoJSON written in a projected CRS is not RFC 7946 (which is WGS-84 only); QGIS reads it when told \
            the CRS.
            """
    )

    @Argument(help: "Input file: .geojson/.json or .csv (see --input-format).")
    var input: String

    @Option(help: "Coordinate system of the input.")
    var srcCrs: String?

    @Option(help: "Coordinate system of the output.")
    var dstCrs: String?

    @Option(help: "Input format (default: from the file extension: .csv is csv, anything else geojson).")
    var inputFormat: InputFormat?

    @Option(help: "CSV longitude column (default: first of lon, lng, long, longitude, stop_lon, x).")
    var lonColumn: String?

    @Option(help: "CSV latitude column (default: first of lat, latitude, stop_lat, y).")
    var latColumn: String?

    @Option(help: "Decimals written (default 6 for degrees, 3 for projected metres).")
    var precision: Int?

    @OptionGroup(title: "Output") var out: OutputOptions
    @OptionGroup(title: "CSV") var csv: CSVOutputOptions

    @Flag(inversion: .prefixedNo, help: "CSV: give text cells that a spreadsheet would run as formulas a leading '.")
    var neutralise = true

    @Option(name: .customLong("from"), help: .private)
    var renamedFrom: String?

    @Option(name: .customLong("to"), help: .private)
    var renamedTo: String?

    @Option(name: .customLong("format"), help: .private)
    var renamedFormat: InputFormat?

    enum InputFormat: String, CaseIterable, ExpressibleByArgument {
        case geojson, csv
        init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    }

    public mutating func validate() throws {
        try out.requireOutput()
        srcCrs = try RenamedOption.value(new: srcCrs, newName: "--src-crs", old: renamedFrom, oldName: "--from", quiet: out.quiet)
        dstCrs = try RenamedOption.value(new: dstCrs, newName: "--dst-crs", old: renamedTo, oldName: "--to", quiet: out.quiet)
        inputFormat = try RenamedOption.value(new: inputFormat, newName: "--input-format", old: renamedFormat,
                                              oldName: "--format", quiet: out.quiet)
        (renamedFrom, renamedTo, renamedFormat) = (nil, nil, nil)
        guard let srcCrs else { throw ValidationError("missing --src-crs: the coordinate system of the input") }
        guard let dstCrs else { throw ValidationError("missing --dst-crs: the coordinate system of the output") }
        guard CoordinateSystem(parsing: srcCrs) != nil else { throw ValidationError("--src-crs is empty") }
        guard CoordinateSystem(parsing: dstCrs) != nil else { throw ValidationError("--dst-crs is empty") }
        if let precision, !(0...15).contains(precision) { throw ValidationError("--precision must be 0…15") }
    }

    public func run() throws {
        guard let srcCrs, let dstCrs, let source = CoordinateSystem(parsing: srcCrs), let target = CoordinateSystem(parsing: dstCrs) else {
            throw ValidationError("give --src-crs and --dst-crs")
        }
        let converter: CoordinateConverter
        do {
            converter = try CoordinateConverter(from: source, to: target)
        } catch {
            throw InputError(file: input, message: "cannot convert from \(source) to \(target): \(error)")
        }
        let outputs = try out.outputSet(inputs: [input])
        let projectedTarget: Bool = { if case .proj = target { return true } else { return false } }()
        let digits = precision ?? (projectedTarget ? 3 : 6)
        let url = URL(fileURLWithPath: input)
        let kind = inputFormat ?? (url.pathExtension.lowercased() == "csv" ? .csv : .geojson)
        let data: Data
        if kind == .csv {
            var conversion = CsvCoordinateConversion(longitudeColumn: lonColumn, latitudeColumn: latColumn, precision: digits)
            conversion.neutralisesFormulas = neutralise
            data = csv.bytes(try conversion.convert(url: url, fileName: input, converter: converter))
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
            if projectedTarget && !out.quiet {
                out.reporter.warning("\(out.path): coordinates are in \(target), not WGS-84: not RFC 7946 GeoJSON")
            }
        }
        try outputs.write(data, to: out.path)
        try outputs.commit()
    }
}
