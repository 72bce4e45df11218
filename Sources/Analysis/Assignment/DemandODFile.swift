import Foundation
import GeoCore

/// A user's origin–destination table: CSV (UTF-8, optional BOM, header row) with columns
/// `origin`, `destination`, `trips` (also accepted: `from`/`o`, `to`/`d`, `count`/`demand`), case-insensitive.
/// Origins and destinations name districts: the name ("朝阳区"), city + name ("北京市朝阳区") or the
/// administrative code ("110105"). Trips are non-negative numbers for the whole window; repeated pairs add up;
/// intrazonal rows (origin = destination) are allowed and ignored. Errors name the file and line: unknown or
/// ambiguous district, negative or non-numeric trips, missing columns.
public enum DemandODFile {
    public static func read(path: String, zones: [DemandZone]) throws -> DemandMatrix {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, message: "cannot read the OD file")
        }
        return try parse(data: data, file: path, zones: zones)
    }

    public static func parse(data: Data, file: String, zones: [DemandZone]) throws -> DemandMatrix {
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        guard let headerLine = lines.first, !headerLine.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw InputError(file: file, location: "line 1", message: "empty file: expected a header origin,destination,trips")
        }
        let header = try fields(String(headerLine), file: file, line: 1).map { $0.lowercased() }
        func column(_ names: [String]) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }
        guard let o = column(["origin", "from", "o"]), let d = column(["destination", "to", "d"]),
              let tr = column(["trips", "count", "demand"]) else {
            throw InputError(file: file, location: "line 1",
                             message: "needs columns origin, destination, trips (header: \(header.joined(separator: ",")))")
        }
        let lookup = ZoneLookup(zones: zones)
        var matrix = DemandMatrix(zoneCount: zones.count)
        for (k, raw) in lines.enumerated().dropFirst() {
            let line = k + 1
            if raw.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let f = try fields(String(raw), file: file, line: line)
            guard f.count > max(o, d, tr) else {
                throw InputError(file: file, location: "line \(line)", message: "expected \(header.count) fields, found \(f.count)")
            }
            let i = try lookup.zone(f[o], file: file, line: line, column: header[o])
            let j = try lookup.zone(f[d], file: file, line: line, column: header[d])
            let tripText = f[tr].trimmingCharacters(in: .whitespaces)
            guard let trips = Double(tripText), trips.isFinite else {
                throw InputError(file: file, location: "line \(line)", message: "trips \"\(tripText)\" is not a number")
            }
            guard trips >= 0 else {
                throw InputError(file: file, location: "line \(line)", message: "negative trips \(tripText)")
            }
            guard trips <= GravityParameters.totalTripsRange.upperBound else {
                throw InputError(file: file, location: "line \(line)", message: "trips \(tripText) is more than 1e12")
            }
            if i != j { matrix[i, j] += trips }
        }
        return matrix
    }

    /// Splits a CSV line: commas, double-quoted fields with "" escapes.
    static func fields(_ line: String, file: String, line number: Int) throws -> [String] {
        var out: [String] = [], current = "", quoted = false, wasQuoted = false
        var chars = Array(line)
        if chars.last == "\r" { chars.removeLast() }
        var k = 0
        while k < chars.count {
            let c = chars[k]
            if quoted {
                if c == "\"" {
                    if k + 1 < chars.count && chars[k + 1] == "\"" { current.append("\""); k += 1 } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" && current.isEmpty && !wasQuoted {
                quoted = true; wasQuoted = true
            } else if c == "," {
                out.append(wasQuoted ? current : current.trimmingCharacters(in: .whitespaces)); current = ""; wasQuoted = false
            } else { current.append(c) }
            k += 1
        }
        if quoted { throw InputError(file: file, location: "line \(number)", message: "unterminated quoted field") }
        out.append(wasQuoted ? current : current.trimmingCharacters(in: .whitespaces))
        return out
    }

    /// District names, city + name and codes → zone index.
    /// The zones by the keys an OD table may use (`DistrictKeyLookup`), with this file's wording of the errors.
    struct ZoneLookup {
        let keys: DistrictKeyLookup
        let zones: [DemandZone]

        init(zones: [DemandZone]) {
            self.zones = zones
            keys = DistrictKeyLookup(districts: zones.map { ($0.name, $0.cityName, $0.code) })
        }

        func zone(_ text: String, file: String, line: Int, column: String) throws -> Int {
            let key = text.trimmingCharacters(in: .whitespaces)
            switch keys.match(key) {
            case .district(let i):
                return i
            case .ambiguous(let set):
                let list = set.map { zones[$0].fullName + (zones[$0].code.map { " (\($0))" } ?? "") }
                throw InputError(file: file, location: "line \(line)",
                                 message: "\(column) \"\(key)\" matches \(set.count) districts: \(list.joined(separator: "; ")); use the city name or code")
            case .unknown:
                let closest = ClosestNames.closest(to: key, among: keys.names)
                let hint = closest.isEmpty ? "" : "; closest: " + closest.joined(separator: ", ")
                throw InputError(file: file, location: "line \(line)",
                                 message: "unknown district \"\(key)\" in column \(column) (give a district name, city + name, or code\(hint))")
            }
        }
    }
}
