import Foundation
import GeoCore
import GeoIO
import GeoPROJ
import Network

/// One scenario: modifications applied together, in order, to a built network (`ScenarioApplication`).
/// Read from JSON (`ScenarioFile.read`); the schema is `docs/scenario.schema.json`, the README section
/// "Scenarios" describes every modification.
public struct Scenario: Sendable, Equatable {
    public var name: String
    public var description: String
    public var modifications: [ScenarioModification]
    /// The file as given (for messages and provenance); "" for a scenario made in code.
    public var path: String
    /// `InputHash` of the file's bytes; "" for a scenario made in code.
    public var hash: String

    public init(name: String, description: String = "", modifications: [ScenarioModification], path: String = "", hash: String = "") {
        self.name = name; self.description = description; self.modifications = modifications; self.path = path; self.hash = hash
    }
}

/// Which trips a modification applies to.
public enum ScenarioTarget: Sendable, Equatable, CustomStringConvertible {
    /// Routes whose short name, long name or key is this (every city's line of that name: give the key to pick one).
    case line(String)
    /// Trips of this tier.
    case tier(Tier)
    /// Trips with these train numbers (trip short names).
    case trains([String])

    public var description: String {
        switch self {
        case .line(let l): return "line \(l)"
        case .tier(let t): return "tier \(t.rawValue)"
        case .trains(let t): return "trains \(t.joined(separator: ","))"
        }
    }
}

/// A station of an extension: an existing station by name, or a new one at a position.
public struct ScenarioStation: Sendable, Equatable {
    public var name: String
    /// WGS-84 (converted from the modification's `crs` when read); nil: an existing station of that name.
    public var coordinate: Coordinate?
    public init(name: String, coordinate: Coordinate? = nil) { self.name = name; self.coordinate = coordinate }
}

public struct ScenarioModification: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A planning-lines CSV read as the manifest reads `lines` (WGS-84 after conversion), run with `service`.
        case addLines(path: String, crs: String, tier: Tier, service: PlanningLineParameters)
        /// Trips of `line` ending at `from` continue to `stations` (in order); trips starting there come from them.
        case extendLine(line: String, from: String, stations: [ScenarioStation], speedKmh: Double?, dwellSeconds: Int?)
        /// Service of `target` (optionally only the section between two stations) changed.
        case changeService(target: ScenarioTarget, between: [String]?, headwayMinutes: Double?, speedFactor: Double?,
                           dwellSeconds: Int?, hours: ClosedRange<Int32>?)
        /// Trains of `target` passing `station` without stopping call there.
        case addStops(station: String, target: ScenarioTarget, dwellSeconds: Int?)
        /// A suburban (or given tier) service on the track of existing trains between two stations.
        case addService(name: String, from: String, to: String, along: ScenarioTarget?, tier: Tier, headwayMinutes: Double,
                        hours: ClosedRange<Int32>, speedFactor: Double, dwellSeconds: Int?, allStations: Bool)
        /// Stations closed: trains pass without stopping; no transfers there.
        case removeStations([String])
        /// The section between two consecutive calls closed (trains of `line`, or all): trips are cut there.
        case removeSection(line: String?, from: String, to: String)
        /// Trips of `target` removed.
        case removeLines(ScenarioTarget)
        /// A walking transfer (a new passage) between the stops of two stations, both ways, of `seconds` (or
        /// shortened to it).
        case transfer(from: String, to: String, seconds: Int32)
    }

    public var id: String
    public var note: String
    public var kind: Kind
    public init(id: String, note: String = "", kind: Kind) { self.id = id; self.note = note; self.kind = kind }
}

/// Reads scenario JSON. Every problem is one `InputError` naming the file and the modification (`modifications[i]
/// "id"`): unknown keys (with the closest known one), missing or mistyped values, values out of range.
public enum ScenarioFile {
    public static let types = ["add_lines", "extend_line", "change_service", "add_stops", "add_service",
                               "remove_stations", "remove_section", "remove_lines", "transfer"]

    public static func read(path: String) throws -> Scenario {
        try InputFile.requireRegularFile(path, displayName: path)
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw InputError(file: path, message: "cannot be read")
        }
        var scenario = try parse(data, file: path)
        scenario.hash = try InputHash.of(path: path, shownPath: path)
        scenario.path = path
        return scenario
    }

    public static func parse(_ data: Data, file: String) throws -> Scenario {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw InputError(file: file, message: "not valid JSON: \(JSONErrorText.describe(error))")
        }
        guard let object = root as? [String: Any] else { throw InputError(file: file, message: "expected a JSON object at the top") }
        var top = Fields(object, file: file, place: "scenario")
        try top.known(["name", "description", "modifications", "$schema"])
        let name = try top.string("name") ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let description = try top.string("description") ?? ""
        guard let list = object["modifications"] else { throw InputError(file: file, message: "missing \"modifications\" (a list)") }
        guard let items = list as? [Any] else { throw InputError(file: file, location: "modifications", message: "expected a list") }
        var modifications: [ScenarioModification] = []
        var ids: Set<String> = []
        for (i, item) in items.enumerated() {
            guard let o = item as? [String: Any] else {
                throw InputError(file: file, location: "modifications[\(i)]", message: "expected an object")
            }
            var f = Fields(o, file: file, place: "modifications[\(i)]")
            guard let id = try f.string("id"), !id.isEmpty else { throw f.error("missing \"id\" (a name for this modification)") }
            f.place = "modifications[\(i)] \"\(id)\""
            guard ids.insert(id).inserted else { throw f.error("duplicate id \"\(id)\"") }
            let note = try f.string("note") ?? ""
            guard let type = try f.string("type") else { throw f.error("missing \"type\" (one of \(types.joined(separator: ", ")))") }
            let kind = try parseKind(type, &f)
            modifications.append(ScenarioModification(id: id, note: note, kind: kind))
        }
        return Scenario(name: name, description: description, modifications: modifications)
    }

    private static func parseKind(_ type: String, _ f: inout Fields) throws -> ScenarioModification.Kind {
        let common = ["id", "note", "type"]
        switch type {
        case "add_lines":
            try f.known(common + ["path", "crs", "tier", "headway_min", "speed_kmh", "dwell_s", "service_start", "service_end"])
            guard let path = try f.string("path") else { throw f.error("missing \"path\" (a planning-lines CSV)") }
            let tier = try f.tier("tier") ?? .suburban
            var service = PlanningLineParameters(tier: tier)
            service.headwayMinutes = try f.headway("headway_min")
            service.speedKmh = try f.number("speed_kmh", in: PlanningLineService.speedRangeKmh)
            service.dwellSeconds = try f.dwell("dwell_s")
            service.firstDepartureSeconds = try f.clock("service_start").map(Int.init)
            service.lastDepartureSeconds = try f.clock("service_end").map(Int.init)
            return .addLines(path: path, crs: try f.string("crs") ?? "wgs84", tier: tier, service: service)
        case "extend_line":
            try f.known(common + ["line", "from", "stations", "crs", "speed_kmh", "dwell_s"])
            guard let line = try f.string("line") else { throw f.error("missing \"line\"") }
            guard let from = try f.string("from") else { throw f.error("missing \"from\" (the terminal the line is extended beyond)") }
            let crsName = try f.string("crs") ?? "wgs84"
            guard let raw = f.object["stations"] as? [Any], !raw.isEmpty else {
                throw f.error("\"stations\" must be a list of at least one station ({\"name\", \"lon\", \"lat\"})")
            }
            let converter = try f.converter(crsName)
            var stations: [ScenarioStation] = []
            for (k, item) in raw.enumerated() {
                guard let s = item as? [String: Any] else { throw f.error("stations[\(k)]: expected an object") }
                var sf = Fields(s, file: f.file, place: f.place + " stations[\(k)]")
                try sf.known(["name", "lon", "lat"])
                guard let name = try sf.string("name"), !name.isEmpty else { throw sf.error("missing \"name\"") }
                let lon = try sf.number("lon", in: -1e9...1e9), lat = try sf.number("lat", in: -1e9...1e9)
                if (lon == nil) != (lat == nil) { throw sf.error("give both \"lon\" and \"lat\", or neither for an existing station") }
                var c: Coordinate?
                if let lon, let lat {
                    do { c = try converter.convert(Coordinate(longitude: lon, latitude: lat)) } catch {
                        throw sf.error("(\(lon), \(lat)) cannot be converted from \(crsName): \(error)")
                    }
                    guard c!.isValidGeographic else { throw sf.error("(\(lon), \(lat)) in \(crsName) is not a position on Earth") }
                    guard !c!.isNullIsland else { throw sf.error("station \"\(name)\" is at (0, 0): a missing position written as zeros?") }
                }
                stations.append(ScenarioStation(name: name, coordinate: c))
            }
            return .extendLine(line: line, from: from, stations: stations,
                               speedKmh: try f.number("speed_kmh", in: PlanningLineService.speedRangeKmh), dwellSeconds: try f.dwell("dwell_s"))
        case "change_service":
            try f.known(common + ["line", "tier", "trains", "between", "headway_min", "speed_factor", "dwell_s", "service_start", "service_end"])
            let target = try f.target(required: true)!
            let between = try f.pair("between")
            let headway = try f.headway("headway_min")
            let factor = try f.number("speed_factor", in: 0.1...10)
            let dwell = try f.dwell("dwell_s")
            let hours = try f.hours(required: false)
            if headway == nil && factor == nil && dwell == nil && hours == nil {
                throw f.error("nothing to change: give headway_min, speed_factor, dwell_s or service_start/service_end")
            }
            return .changeService(target: target, between: between, headwayMinutes: headway, speedFactor: factor,
                                  dwellSeconds: dwell, hours: hours)
        case "add_stops":
            try f.known(common + ["station", "line", "tier", "trains", "dwell_s"])
            guard let station = try f.string("station") else { throw f.error("missing \"station\"") }
            return .addStops(station: station, target: try f.target(required: true)!, dwellSeconds: try f.dwell("dwell_s"))
        case "add_service":
            try f.known(common + ["name", "from", "to", "line", "tier", "trains", "service_tier", "headway_min",
                                  "service_start", "service_end", "speed_factor", "dwell_s", "stations"])
            guard let from = try f.string("from"), let to = try f.string("to") else { throw f.error("missing \"from\" or \"to\" (stations)") }
            guard HubGrouping.normalizedName(from) != HubGrouping.normalizedName(to) else {
                throw f.error("\"from\" and \"to\" are the same station \"\(from)\"")
            }
            guard let headway = try f.headway("headway_min") else { throw f.error("missing \"headway_min\"") }
            let hours = try f.hours(required: true)!
            let stations = try f.string("stations") ?? "all"
            guard stations == "all" || stations == "ends" else { throw f.error("\"stations\" must be \"all\" or \"ends\"") }
            return .addService(name: try f.string("name") ?? f.place, from: from, to: to, along: try f.target(required: false),
                               tier: try f.tier("service_tier") ?? .suburban, headwayMinutes: headway, hours: hours,
                               speedFactor: try f.number("speed_factor", in: 0.1...10) ?? 1, dwellSeconds: try f.dwell("dwell_s"),
                               allStations: stations == "all")
        case "remove_stations":
            try f.known(common + ["stations"])
            guard let list = f.object["stations"] as? [String], !list.isEmpty else {
                throw f.error("\"stations\" must be a list of at least one station name")
            }
            return .removeStations(list)
        case "remove_section":
            try f.known(common + ["line", "between"])
            guard let pair = try f.pair("between") else { throw f.error("missing \"between\" (two stations)") }
            return .removeSection(line: try f.string("line"), from: pair[0], to: pair[1])
        case "remove_lines":
            try f.known(common + ["line", "tier", "trains"])
            return .removeLines(try f.target(required: true)!)
        case "transfer":
            try f.known(common + ["from", "to", "seconds"])
            guard let from = try f.string("from"), let to = try f.string("to") else { throw f.error("missing \"from\" or \"to\" (stations)") }
            let seconds = try f.number("seconds", in: 0...3600) ?? 0
            return .transfer(from: from, to: to, seconds: Int32(seconds.rounded()))
        default:
            let hint = ClosestNames.closest(to: type, among: types, limit: 1).first.map { " (did you mean \"\($0)\"?)" } ?? ""
            throw f.error("unknown type \"\(type)\"\(hint); known: \(types.joined(separator: ", "))")
        }
    }
}

/// The members of one JSON object, read with checks; errors name the file and `place`.
struct Fields {
    let object: [String: Any]
    let file: String
    var place: String

    init(_ object: [String: Any], file: String, place: String) { self.object = object; self.file = file; self.place = place }

    func error(_ message: String) -> InputError { InputError(file: file, location: place, message: message) }

    func known(_ keys: [String]) throws {
        for key in object.keys.sorted() where !keys.contains(key) {
            let hint = ClosestNames.closest(to: key, among: keys, limit: 1).first.map { " (did you mean \"\($0)\"?)" } ?? ""
            throw error("unknown key \"\(key)\"\(hint)")
        }
    }

    func string(_ key: String) throws -> String? {
        guard let v = object[key] else { return nil }
        guard let s = v as? String else { throw error("\"\(key)\" must be a string") }
        return s
    }

    func number(_ key: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let v = object[key] else { return nil }
        guard let d = Fields.numeric(v) else { throw error("\"\(key)\" must be a number") }
        guard d.isFinite, range.contains(d) else { throw error("\(key) \(d) is not within \(range.lowerBound)…\(range.upperBound)") }
        return d
    }

    /// A JSON number (not a boolean, which Foundation also hands out as a number).
    static func numeric(_ v: Any) -> Double? {
        guard let n = v as? NSNumber else { return nil }
        // Foundation hands a JSON true/false out as a number whose type code is a char ("c").
        if String(cString: n.objCType) == "c" || String(describing: type(of: v)).contains("Boolean") { return nil }
        return n.doubleValue
    }

    func headway(_ key: String) throws -> Double? {
        guard object[key] != nil else { return nil }
        guard let n = Fields.numeric(object[key]!) else { throw error("\"\(key)\" must be a number") }
        guard n > 0 else { throw error("headway \(n) min must be positive") }
        return try number(key, in: PlanningLineService.headwayRangeMinutes)
    }

    func dwell(_ key: String) throws -> Int? {
        try number(key, in: Double(PlanningLineService.dwellRangeSeconds.lowerBound)...Double(PlanningLineService.dwellRangeSeconds.upperBound))
            .map { Int($0.rounded()) }
    }

    func clock(_ key: String) throws -> Int32? {
        guard let s = try string(key) else { return nil }
        guard let seconds = GTFSTime.parseSeconds(s.count == 5 ? s + ":00" : s), seconds <= 48 * 3600 else {
            throw error("\(key) \"\(s)\" is not a time of day (HH:MM, up to 48:00)")
        }
        return Int32(seconds)
    }

    func hours(required: Bool) throws -> ClosedRange<Int32>? {
        let start = try clock("service_start"), end = try clock("service_end")
        if start == nil && end == nil {
            if required { throw error("missing \"service_start\" and \"service_end\" (HH:MM)") }
            return nil
        }
        let a = start ?? 0, b = end ?? 48 * 3600
        guard a <= b else { throw error("service_start is after service_end") }
        return a...b
    }

    func tier(_ key: String) throws -> Tier? {
        guard let s = try string(key) else { return nil }
        guard let t = Tier(rawValue: s) else {
            throw error("unknown tier \"\(s)\"; known: \(Tier.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return t
    }

    func pair(_ key: String) throws -> [String]? {
        guard let v = object[key] else { return nil }
        guard let list = v as? [String], list.count == 2 else { throw error("\"\(key)\" must be a list of two station names") }
        guard HubGrouping.normalizedName(list[0]) != HubGrouping.normalizedName(list[1]) else {
            throw error("\"\(key)\" names the same station twice (\"\(list[0])\")")
        }
        return list
    }

    func target(required: Bool) throws -> ScenarioTarget? {
        var found: [ScenarioTarget] = []
        if let l = try string("line") { found.append(.line(l)) }
        if let t = try tier("tier") { found.append(.tier(t)) }
        if let v = object["trains"] {
            guard let list = v as? [String], !list.isEmpty else { throw error("\"trains\" must be a list of train numbers") }
            found.append(.trains(list))
        }
        if found.count > 1 { throw error("give one of \"line\", \"tier\" or \"trains\", not several") }
        if found.isEmpty && required { throw error("missing the trains to change: give \"line\", \"tier\" or \"trains\"") }
        return found.first
    }

    func converter(_ crsName: String) throws -> CoordinateConverter {
        guard let crs = CoordinateSystem(parsing: crsName) else { throw error("empty CRS") }
        do { return try CoordinateConverter(from: crs, to: .wgs84) } catch { throw self.error("crs \"\(crsName)\": \(error)") }
    }
}

/// Foundation's JSON error in one line.
enum JSONErrorText {
    static func describe(_ error: Error) -> String {
        let ns = error as NSError
        if let detail = ns.userInfo["NSDebugDescription"] as? String { return detail }
        return ns.localizedDescription
    }
}
