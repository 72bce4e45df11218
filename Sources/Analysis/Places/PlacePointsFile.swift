import Foundation
import GeoCore

/// Points read from a file for many-to-many queries: a CSV with a header naming `id`, a longitude column
/// (`lon`, `lng`, `longitude`, `x`) and a latitude column (`lat`, `latitude`, `y`), case-insensitive; or a
/// GeoJSON FeatureCollection of Point features whose id is the `id` property, else the feature id, else the
/// feature's 1-based position. WGS-84. Ids must be unique.
public enum PlacePointsFile {
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var coordinate: Coordinate
        /// "line 3" or "feature 2", for error messages.
        public var location: String
    }

    public static func read(path: String) throws -> [Entry] {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension.lowercased()
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: path, message: "no such points file")
        }
        let entries: [Entry]
        if ext == "csv" {
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw InputError(file: path, message: "cannot read: \(error.localizedDescription)")
            }
            entries = try readCSV(data: data, file: path)
        } else if ext == "geojson" || ext == "json" {
            entries = try readGeoJSON(try GeoJSONReader.read(contentsOf: url), file: path)
        } else {
            throw InputError(file: path, message: "points file must end in .csv, .geojson or .json")
        }
        var seen: [String: String] = [:]
        for e in entries {
            if let other = seen[e.id] {
                throw InputError(file: path, location: e.location, message: "id \"\(e.id)\" repeats the id of \(other)")
            }
            seen[e.id] = e.location
        }
        if entries.isEmpty { throw InputError(file: path, message: "no points") }
        return entries
    }

    static func readCSV(data: Data, file: String) throws -> [Entry] {
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        guard let headerLine = lines.first else { throw InputError(file: file, message: "empty file") }
        let header = try fields(String(headerLine), file: file, line: 1).map { $0.lowercased() }
        func column(_ names: [String]) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }
        guard let idColumn = column(["id"]) else {
            throw InputError(file: file, location: "line 1", message: "no id column (header: \(header.joined(separator: ",")))")
        }
        guard let lonColumn = column(["lon", "lng", "longitude", "x"]),
              let latColumn = column(["lat", "latitude", "y"]) else {
            throw InputError(file: file, location: "line 1", message: "needs lon and lat columns (header: \(header.joined(separator: ",")))")
        }
        var out: [Entry] = []
        for (k, raw) in lines.enumerated().dropFirst() {
            let line = String(raw).trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let location = "line \(k + 1)"
            let row = try fields(line, file: file, line: k + 1)
            guard row.count > max(idColumn, lonColumn, latColumn) else {
                throw InputError(file: file, location: location, message: "expected \(header.count) fields, found \(row.count)")
            }
            let id = row[idColumn].trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else { throw InputError(file: file, location: location, message: "empty id") }
            guard let lon = Double(row[lonColumn].trimmingCharacters(in: .whitespaces)),
                  let lat = Double(row[latColumn].trimmingCharacters(in: .whitespaces)) else {
                throw InputError(file: file, location: location,
                                 message: "longitude/latitude \"\(row[lonColumn])\",\"\(row[latColumn])\" are not numbers")
            }
            out.append(Entry(id: id, coordinate: Coordinate(longitude: lon, latitude: lat), location: location))
        }
        return out
    }

    /// RFC 4180 fields of one line (quoted fields may hold commas and doubled quotes, not line breaks).
    static func fields(_ line: String, file: String, line number: Int) throws -> [String] {
        var out: [String] = [], field = "", quoted = false, wasQuoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "," {
                out.append(field); field = ""; wasQuoted = false
            } else if c == "\"" && field.isEmpty && !wasQuoted {
                quoted = true; wasQuoted = true
            } else {
                field.append(c)
            }
        }
        if quoted { throw InputError(file: file, location: "line \(number)", message: "unterminated quoted field") }
        out.append(field)
        return out
    }

    static func readGeoJSON(_ collection: FeatureCollection, file: String) throws -> [Entry] {
        var out: [Entry] = []
        for (i, feature) in collection.features.enumerated() {
            let location = "feature \(i)"
            guard case .point(let c)? = feature.geometry else {
                throw InputError(file: file, location: location,
                                 message: "geometry must be a Point, not \(feature.geometry?.typeName ?? "null")")
            }
            let id = text(feature.properties["id"]) ?? text(feature.id) ?? "\(i + 1)"
            out.append(Entry(id: id, coordinate: c, location: location))
        }
        return out
    }

    private static func text(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        if let s = value.stringValue, !s.isEmpty { return s }
        if let i = value.intValue { return "\(i)" }
        if let d = value.doubleValue { return "\(d)" }
        return nil
    }
}
