import Foundation
import GeoCore
import Network

/// What a surface sums instead of the population (`surface --opportunities file.csv --column jobs`): one value
/// per cell, from a table keyed by cell index or by district.
///
/// Per district (adcode, name, or city + name, as the OD tables take them), a district's value is spread over
/// its cells in proportion to their population (evenly where they hold nobody); districts the table leaves out
/// count none (a note). An unknown district is an error naming the closest district names; a district given
/// twice, a cell out of range, or a value that is negative or not a number, is an error naming the line.
public struct SurfaceOpportunities: Sendable, Equatable {
    /// The column summed, used in the measures' names (`jobs_within_30`).
    public var name: String
    /// One value per cell of the surface.
    public var values: [Double]
    /// Remarks for the user (districts the table leaves out).
    public var notes: [String]

    /// One row of the user's table: its key as written, the value, the line (for errors).
    public struct Entry: Sendable, Equatable {
        public var key: String
        /// A city name from a separate column, joined to a district name.
        public var city: String?
        public var value: Double
        public var line: Int
        public init(key: String, city: String? = nil, value: Double, line: Int) {
            self.key = key; self.city = city; self.value = value; self.line = line
        }
    }

    static func check(_ e: Entry, file: String) throws {
        guard e.value.isFinite, e.value >= 0, e.value <= 1e12 else {
            throw InputError(file: file, location: "line \(e.line)", message: "\(e.value) is not a count of opportunities (0…1e12)")
        }
    }

    /// Values by cell index (`key` is the `cell` of the surface's outputs).
    public static func perCell(name: String, entries: [Entry], cellCount: Int, file: String) throws -> SurfaceOpportunities {
        var values = [Double](repeating: 0, count: cellCount)
        var seen = [Int?](repeating: nil, count: cellCount)
        for e in entries {
            try check(e, file: file)
            guard let cell = Int(e.key), (0..<cellCount).contains(cell) else {
                throw InputError(file: file, location: "line \(e.line)", message: "cell \"\(e.key)\" is not a cell of this surface (0…\(cellCount - 1))")
            }
            if let earlier = seen[cell] {
                throw InputError(file: file, location: "line \(e.line)", message: "cell \(cell) is also given on line \(earlier)")
            }
            seen[cell] = e.line
            values[cell] = e.value
        }
        return SurfaceOpportunities(name: name, values: values, notes: [])
    }

    /// Values by district, spread over `cells` (`PopulationCell.district` indexes `districts`).
    public static func perDistrict(name: String, entries: [Entry], districts: [District], cells: [PopulationCell],
                                   file: String) throws -> SurfaceOpportunities {
        let lookup = DistrictKeyLookup(districts: districts.map { ($0.name, $0.cityName, $0.code) })
        var total = [Double](repeating: 0, count: districts.count)
        var seen = [Int?](repeating: nil, count: districts.count)
        for e in entries {
            try check(e, file: file)
            let key = (e.city ?? "") + e.key.trimmingCharacters(in: .whitespaces)
            let i: Int
            switch lookup.match(key) {
            case .district(let found):
                i = found
            case .ambiguous(let found):
                let list = found.map { (districts[$0].cityName ?? "") + districts[$0].name + (districts[$0].code.map { " (\($0))" } ?? "") }
                throw InputError(file: file, location: "line \(e.line)",
                                 message: "\"\(key)\" matches \(found.count) districts: \(list.joined(separator: "; ")); give the city name or the adcode")
            case .unknown:
                let close = PlaceNameSuggestions.closest(to: key, among: lookup.names, limit: 3)
                throw InputError(file: file, location: "line \(e.line)",
                                 message: "unknown district \"\(key)\"" + (close.isEmpty ? "" : " (closest: \(close.joined(separator: ", ")))")
                                     + "; give a district name, city + name, or adcode")
            }
            if let earlier = seen[i] {
                throw InputError(file: file, location: "line \(e.line)", message: "district \(districts[i].name) is also given on line \(earlier)")
            }
            seen[i] = e.line
            total[i] = e.value
        }
        let byDistrict = PopulationSurface(label: "", cells: cells).cellIndicesByDistrict(count: districts.count)
        var values = [Double](repeating: 0, count: cells.count)
        for (i, members) in byDistrict.enumerated() where total[i] > 0 && !members.isEmpty {
            let people = members.reduce(0) { $0 + cells[$1].population }
            for k in members { values[k] = people > 0 ? total[i] * cells[k].population / people : total[i] / Double(members.count) }
        }
        var notes: [String] = []
        let missing = districts.indices.filter { seen[$0] == nil }
        if !missing.isEmpty {
            notes.append("\(missing.count) of \(districts.count) districts are not in the table and count no \(name) "
                         + "(\(missing.prefix(5).map { districts[$0].name }.joined(separator: ", "))\(missing.count > 5 ? ", …" : ""))")
        }
        let lost = districts.indices.filter { total[$0] > 0 && byDistrict[$0].isEmpty }
        if !lost.isEmpty { notes.append("\(lost.count) districts have no cell to hold their \(name)") }
        return SurfaceOpportunities(name: name, values: values, notes: notes)
    }
}
