import GeoCore
import Network

/// The optional per-line service columns of a planning-lines CSV (`tier`, `headway_min`, `speed_kmh`,
/// `trip_time_min`, `dwell_s`, `service_start`, `service_end`). A line gives each value on one or more of its
/// rows and leaves it blank on the others; two rows of a line that give different values are an error.
struct PlanningLineColumns {
    enum Key: String, CaseIterable {
        case tier, headwayMinutes = "headway_min", speedKmh = "speed_kmh", tripTimeMinutes = "trip_time_min"
        case dwellSeconds = "dwell_s", serviceStart = "service_start", serviceEnd = "service_end"
    }

    /// What one line's rows gave so far, with the file line of each value's first row.
    struct Given {
        var parameters = PlanningLineParameters()
        var firstLine: [Key: Int] = [:]
    }

    private let columns: [(key: Key, index: Int)]

    init(_ csv: CsvReader) {
        columns = Key.allCases.compactMap { key in csv.column(key.rawValue).map { (key, $0) } }
    }

    /// Reads the row's service values into `given`; throws on a value that does not parse, is out of range or
    /// differs from the value an earlier row of the line gave.
    func read(_ row: CsvRow, lineID: String, into given: inout Given, csv: CsvReader) throws {
        for (key, index) in columns where !row.isBlank(index) {
            let value = try Self.parse(key, row: row, index: index, csv: csv)
            if let (_, message) = value.problem {
                throw csv.error(message, row: row, column: index)
            }
            let new = Self.text(key, value)!
            if let old = Self.text(key, given.parameters) {
                guard old == new else {
                    throw csv.error("\(key.rawValue) \(new) differs from \(key.rawValue) \(old) given on line "
                                        + "\(given.firstLine[key]!) for line \(lineID)", row: row, column: index)
                }
            } else {
                let other: Key? = key == .speedKmh ? .tripTimeMinutes : key == .tripTimeMinutes ? .speedKmh : nil
                if let other, let line = given.firstLine[other] {
                    throw csv.error("line \(lineID) gives both speed_kmh and trip_time_min (also line \(line)); give one",
                                    row: row, column: index)
                }
                given.parameters = value.over(given.parameters)
                given.firstLine[key] = row.lineNumber
            }
        }
    }

    /// Parameters holding only the value of `key` in the row.
    private static func parse(_ key: Key, row: CsvRow, index: Int, csv: CsvReader) throws -> PlanningLineParameters {
        let field = row.trimmed(index)
        func number() throws -> Double {
            guard let v = row.double(index) else { throw csv.error("\(key.rawValue) \"\(field)\" is not a number", row: row, column: index) }
            return v
        }
        func time() throws -> Int {
            guard let t = GTFSTime.parseSeconds(field + (field.count == 5 ? ":00" : "")) else {
                throw csv.error("\(key.rawValue) \"\(field)\" is not HH:MM", row: row, column: index)
            }
            return t
        }
        var p = PlanningLineParameters()
        switch key {
        case .tier:
            guard let t = Tier(rawValue: field.lowercased()), t.isRail else {
                throw csv.error("tier \"\(field)\" is not one of metro, suburban, intercity, trunk", row: row, column: index)
            }
            p.tier = t
        case .headwayMinutes: p.headwayMinutes = try number()
        case .speedKmh: p.speedKmh = try number()
        case .tripTimeMinutes: p.tripTimeMinutes = try number()
        case .dwellSeconds:
            let v = try number()
            guard v.magnitude < 1e9 else { throw csv.error("dwell \(field) s is not within 0…3600 s", row: row, column: index) }
            p.dwellSeconds = Int(v.rounded())
        case .serviceStart: p.firstDepartureSeconds = try time()
        case .serviceEnd: p.lastDepartureSeconds = try time()
        }
        return p
    }

    /// The value of `key` in `p` as text (for comparing rows and for messages), nil when not given.
    private static func text(_ key: Key, _ p: PlanningLineParameters) -> String? {
        switch key {
        case .tier: return p.tier?.rawValue
        case .headwayMinutes: return p.headwayMinutes.map { "\($0)" }
        case .speedKmh: return p.speedKmh.map { "\($0)" }
        case .tripTimeMinutes: return p.tripTimeMinutes.map { "\($0)" }
        case .dwellSeconds: return p.dwellSeconds.map { "\($0)" }
        case .serviceStart: return p.firstDepartureSeconds.map { GTFSTime.format($0) }
        case .serviceEnd: return p.lastDepartureSeconds.map { GTFSTime.format($0) }
        }
    }
}
