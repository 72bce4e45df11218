import Foundation
import GeoCore
import GeoPROJ

/// Rewrites the longitude/latitude columns of a CSV table from one coordinate system to another, keeping every
/// other column and the row order as they are.
public struct CsvCoordinateConversion {
    /// Column names tried (case-insensitively) when the caller names none.
    public static let longitudeCandidates = ["lon", "lng", "long", "longitude", "stop_lon", "x"]
    public static let latitudeCandidates = ["lat", "latitude", "stop_lat", "y"]

    public var longitudeColumn: String?
    public var latitudeColumn: String?
    /// Decimals written for converted values.
    public var precision: Int
    /// Whether text cells that a spreadsheet would run as formulas get a leading `'` (`CSVField`), as in every CSV
    /// the commands write.
    public var neutralisesFormulas = true

    public init(longitudeColumn: String? = nil, latitudeColumn: String? = nil, precision: Int = 6) {
        self.longitudeColumn = longitudeColumn
        self.latitudeColumn = latitudeColumn
        self.precision = precision
    }

    /// Converts the table at `url`; every bad row throws an `InputError` naming its line.
    public func convert(url: URL, fileName: String, converter: CoordinateConverter) throws -> Data {
        var reader = try CsvReader(url: url, fileName: fileName)
        guard !reader.header.isEmpty else { throw InputError(file: fileName, message: "empty file, expected a CSV table with a header row") }
        let lonIndex = try resolve(longitudeColumn, candidates: Self.longitudeCandidates, in: reader, what: "longitude")
        let latIndex = try resolve(latitudeColumn, candidates: Self.latitudeCandidates, in: reader, what: "latitude")
        let geographicSource = !isProjected(converter.source)
        let formatter = GeoJSONNumberFormatter(maximumFractionDigits: precision)
        var writer = CsvWriter(neutralisesFormulas: neutralisesFormulas)
        writer.writeRow(reader.header)
        while let row = try reader.next() {
            guard let lon = row.double(lonIndex) else {
                throw reader.error("\"\(row[lonIndex])\" is not a number", row: row, column: lonIndex)
            }
            guard let lat = row.double(latIndex) else {
                throw reader.error("\"\(row[latIndex])\" is not a number", row: row, column: latIndex)
            }
            let input = Coordinate(longitude: lon, latitude: lat)
            if geographicSource && !input.isValidGeographic {
                throw reader.error("position (\(lon), \(lat)) is outside [-180, 180] × [-90, 90]", row: row)
            }
            let output: Coordinate
            do {
                output = try converter.convert(input)
            } catch {
                throw reader.error("cannot convert (\(lon), \(lat)) from \(converter.source) to \(converter.target): \(error)", row: row)
            }
            var fields = (0..<max(row.count, reader.header.count)).map { $0 < row.count ? row[$0] : "" }
            fields[lonIndex] = formatter.string(output.longitude)
            fields[latIndex] = formatter.string(output.latitude)
            writer.writeRow(fields)
        }
        return Data(writer.bytes)
    }

    private func isProjected(_ system: CoordinateSystem) -> Bool {
        if case .proj = system { return true }
        return false
    }

    private func resolve(_ name: String?, candidates: [String], in reader: CsvReader, what: String) throws -> Int {
        if let name {
            guard let index = reader.column(name) else {
                throw InputError(file: reader.fileName, location: "line 1",
                                 message: "no \(what) column named \"\(name)\" (header: \(reader.header.joined(separator: ",")))")
            }
            return index
        }
        let lowered = reader.header.map { $0.lowercased() }
        for candidate in candidates {
            if let index = lowered.firstIndex(of: candidate) { return index }
        }
        throw InputError(file: reader.fileName, location: "line 1",
                         message: "no \(what) column: looked for \(candidates.joined(separator: ", ")) (header: \(reader.header.joined(separator: ","))); name it with --\(what == "longitude" ? "lon" : "lat")-column")
    }
}
