import GeoCore
import Network

/// How a planning line (a station list without a timetable) is run when it is expanded into trips.
///
/// Defaults by tier (`defaults(for:)`), chosen as typical values of Chinese networks; the manifest or the CLI
/// may replace them per tier or per line:
///
/// | tier | headway | speed | dwell | first – last departure |
/// |---|---|---|---|---|
/// | metro | 4 min | 35 km/h | 30 s | 05:30 – 23:00 |
/// | suburban | 15 min | 60 km/h | 60 s | 06:00 – 22:30 |
/// | intercity | 20 min | 120 km/h | 120 s | 06:30 – 22:00 |
/// | trunk | 30 min | 200 km/h | 120 s | 06:30 – 22:00 |
/// | other | 10 min | 20 km/h | 30 s | 06:00 – 22:00 |
///
/// The speed is the running speed between stations (without dwell), applied to the crow-fly distance times the
/// detour factor of `PlanningLinesOptions`.
public struct PlanningLineService: Sendable, Equatable {
    public var headwayMinutes: Double
    public var speedKmh: Double
    public var dwellSeconds: Int
    /// First departure from the line's first station, seconds after midnight.
    public var firstDepartureSeconds: Int
    /// Last departure from the first station (inclusive), seconds after midnight.
    public var lastDepartureSeconds: Int

    public init(headwayMinutes: Double, speedKmh: Double, dwellSeconds: Int, firstDepartureSeconds: Int,
                lastDepartureSeconds: Int) {
        self.headwayMinutes = headwayMinutes
        self.speedKmh = speedKmh
        self.dwellSeconds = dwellSeconds
        self.firstDepartureSeconds = firstDepartureSeconds
        self.lastDepartureSeconds = lastDepartureSeconds
    }

    public static func defaults(for tier: Tier) -> PlanningLineService {
        func hm(_ h: Int, _ m: Int) -> Int { h * 3600 + m * 60 }
        switch tier {
        case .metro: return .init(headwayMinutes: 4, speedKmh: 35, dwellSeconds: 30,
                                  firstDepartureSeconds: hm(5, 30), lastDepartureSeconds: hm(23, 0))
        case .suburban: return .init(headwayMinutes: 15, speedKmh: 60, dwellSeconds: 60,
                                     firstDepartureSeconds: hm(6, 0), lastDepartureSeconds: hm(22, 30))
        case .intercity: return .init(headwayMinutes: 20, speedKmh: 120, dwellSeconds: 120,
                                      firstDepartureSeconds: hm(6, 30), lastDepartureSeconds: hm(22, 0))
        case .trunk: return .init(headwayMinutes: 30, speedKmh: 200, dwellSeconds: 120,
                                  firstDepartureSeconds: hm(6, 30), lastDepartureSeconds: hm(22, 0))
        case .other: return .init(headwayMinutes: 10, speedKmh: 20, dwellSeconds: 30,
                                  firstDepartureSeconds: hm(6, 0), lastDepartureSeconds: hm(22, 0))
        }
    }

    /// Accepted ranges: a train at least every day and at most every 30 s; 1 to 1000 km/h; a dwell of at
    /// most an hour; departures within the 48 hours of a GTFS service day.
    public static let headwayRangeMinutes = 0.5...1440.0
    public static let speedRangeKmh = 1.0...1000.0
    public static let dwellRangeSeconds = 0...3600
    public static let departureRangeSeconds = 0...(48 * 3600)

    /// The first value outside its accepted range, as the manifest key (`headway_min`, `speed_kmh`, `dwell_s`,
    /// `service_start`, `service_end`) and the problem in words; nil when the service can be run.
    public var problem: (key: String, message: String)? {
        if !Self.headwayRangeMinutes.contains(headwayMinutes) {
            return ("headway_min", "headway \(headwayMinutes) min is not within 0.5…1440 min")
        }
        if !Self.speedRangeKmh.contains(speedKmh) { return ("speed_kmh", "speed \(speedKmh) km/h is not within 1…1000 km/h") }
        if !Self.dwellRangeSeconds.contains(dwellSeconds) { return ("dwell_s", "dwell \(dwellSeconds) s is not within 0…3600 s") }
        if !Self.departureRangeSeconds.contains(firstDepartureSeconds) {
            return ("service_start", "first departure \(GTFSTime.format(firstDepartureSeconds)) is not within 00:00…48:00")
        }
        if !(firstDepartureSeconds...Self.departureRangeSeconds.upperBound).contains(lastDepartureSeconds) {
            return ("service_end", "last departure \(GTFSTime.format(lastDepartureSeconds)) is not between the first departure "
                        + "\(GTFSTime.format(firstDepartureSeconds)) and 48:00")
        }
        return nil
    }

    /// Seconds from one station to the next: `distanceMeters × detourFactor` at `speedKmh`, rounded.
    public func runSeconds(distanceMeters: Double, detourFactor: Double) -> Int {
        Int((distanceMeters * detourFactor / (speedKmh / 3.6)).rounded())
    }
}

/// Service parameters of one planning line from one source (a manifest line override, the CSV's per-line
/// columns, a name rule, the file-level manifest service); nil = this source says nothing, the next one decides.
/// `speedKmh` and `tripTimeMinutes` are one choice: a source that gives either decides the speed.
public struct PlanningLineParameters: Sendable, Equatable {
    public var tier: Tier?
    public var headwayMinutes: Double?
    public var speedKmh: Double?
    /// End-to-end minutes from the first to the last station as listed (dwells included): the speed is set so
    /// that the line's generated trips take this long.
    public var tripTimeMinutes: Double?
    public var dwellSeconds: Int?
    public var firstDepartureSeconds: Int?
    public var lastDepartureSeconds: Int?

    public init(tier: Tier? = nil, headwayMinutes: Double? = nil, speedKmh: Double? = nil, tripTimeMinutes: Double? = nil,
                dwellSeconds: Int? = nil, firstDepartureSeconds: Int? = nil, lastDepartureSeconds: Int? = nil) {
        self.tier = tier; self.headwayMinutes = headwayMinutes; self.speedKmh = speedKmh
        self.tripTimeMinutes = tripTimeMinutes; self.dwellSeconds = dwellSeconds
        self.firstDepartureSeconds = firstDepartureSeconds; self.lastDepartureSeconds = lastDepartureSeconds
    }

    /// Every value of `service` given.
    public init(_ service: PlanningLineService, tier: Tier? = nil) {
        self.init(tier: tier, headwayMinutes: service.headwayMinutes, speedKmh: service.speedKmh,
                  dwellSeconds: service.dwellSeconds, firstDepartureSeconds: service.firstDepartureSeconds,
                  lastDepartureSeconds: service.lastDepartureSeconds)
    }

    public var isEmpty: Bool { self == PlanningLineParameters() }

    /// These parameters with the gaps filled from `lower` (a source of lower precedence).
    public func over(_ lower: PlanningLineParameters) -> PlanningLineParameters {
        let speedGiven = speedKmh != nil || tripTimeMinutes != nil
        return PlanningLineParameters(
            tier: tier ?? lower.tier, headwayMinutes: headwayMinutes ?? lower.headwayMinutes,
            speedKmh: speedGiven ? speedKmh : lower.speedKmh,
            tripTimeMinutes: speedGiven ? tripTimeMinutes : lower.tripTimeMinutes,
            dwellSeconds: dwellSeconds ?? lower.dwellSeconds,
            firstDepartureSeconds: firstDepartureSeconds ?? lower.firstDepartureSeconds,
            lastDepartureSeconds: lastDepartureSeconds ?? lower.lastDepartureSeconds)
    }

    /// `service` with the given values replacing its own (the trip time is applied by the reader, which knows
    /// the line's length).
    public func applied(to service: PlanningLineService) -> PlanningLineService {
        var s = service
        if let v = headwayMinutes { s.headwayMinutes = v }
        if let v = speedKmh { s.speedKmh = v }
        if let v = dwellSeconds { s.dwellSeconds = v }
        if let v = firstDepartureSeconds { s.firstDepartureSeconds = v }
        if let v = lastDepartureSeconds { s.lastDepartureSeconds = v }
        return s
    }

    /// Accepted end-to-end trip times: 1 minute to a day.
    public static let tripTimeRangeMinutes = 1.0...1440.0

    /// The first given value outside its accepted range (the ranges of `PlanningLineService`), as its key and
    /// the problem in words; also a speed given together with a trip time. Nil when every given value is valid.
    public var problem: (key: String, message: String)? {
        if let v = headwayMinutes, !PlanningLineService.headwayRangeMinutes.contains(v) {
            return ("headway_min", "headway \(v) min is not within 0.5…1440 min")
        }
        if speedKmh != nil, tripTimeMinutes != nil {
            return ("trip_time_min", "give speed_kmh or trip_time_min, not both")
        }
        if let v = speedKmh, !PlanningLineService.speedRangeKmh.contains(v) {
            return ("speed_kmh", "speed \(v) km/h is not within 1…1000 km/h")
        }
        if let v = tripTimeMinutes, !Self.tripTimeRangeMinutes.contains(v) {
            return ("trip_time_min", "trip time \(v) min is not within 1…1440 min")
        }
        if let v = dwellSeconds, !PlanningLineService.dwellRangeSeconds.contains(v) {
            return ("dwell_s", "dwell \(v) s is not within 0…3600 s")
        }
        for (key, value) in [("service_start", firstDepartureSeconds), ("service_end", lastDepartureSeconds)] {
            if let v = value, !PlanningLineService.departureRangeSeconds.contains(v) {
                return (key, "\(GTFSTime.format(v)) is not within 00:00…48:00")
            }
        }
        if let start = firstDepartureSeconds, let end = lastDepartureSeconds, end < start {
            return ("service_end", "last departure \(GTFSTime.format(end)) is before the first \(GTFSTime.format(start))")
        }
        return nil
    }
}

/// Options of `PlanningLinesReader`.
///
/// A line's service, value by value, from the first source that gives it:
/// 1. `lineOverrides` (the manifest's `line_overrides`), by line_id or, when no id matches, by line_name;
/// 2. the CSV's per-line columns (`tier`, `headway_min`, `speed_kmh`, `trip_time_min`, `dwell_s`,
///    `service_start`, `service_end`);
/// 3. the first `nameRules` rule whose pattern is in the line name (`PlanningLineNameRule.defaults`);
/// 4. `serviceByTier` (the manifest's file-level service) for the line's tier;
/// 5. `PlanningLineService.defaults(for:)` of the line's tier.
/// The tier is decided the same way, ending with `defaultTier`.
public struct PlanningLinesOptions: Sendable, Equatable {
    /// Service per tier; tiers missing here use `PlanningLineService.defaults(for:)`.
    public var serviceByTier: [Tier: PlanningLineService]
    /// Parameters per line_id or line_name, of the highest precedence. A key that matches no line, or a name
    /// that matches several lines, is an error naming the key (at `overridesFile`/`overridesLocation`).
    public var lineOverrides: [String: PlanningLineParameters]
    /// Where `lineOverrides` were written, for errors: the file (nil = the CSV) and the key path before the key.
    public var overridesFile: String?
    public var overridesLocation: String
    /// Service by line name, tried in order; empty turns them off.
    public var nameRules: [PlanningLineNameRule]
    /// Track length ÷ crow-fly distance between consecutive stations (default 1.2).
    public var detourFactor: Double
    /// Tier of lines whose tier no other source gives (default metro).
    public var defaultTier: Tier
    /// The CSV's character encoding (manifest `encoding`); converted to UTF-8 as it is read.
    public var encoding: TextEncoding = .utf8
    /// Checked before large allocations (one CSV record).
    public var memoryLimit: MemoryLimit = .default

    public init(serviceByTier: [Tier: PlanningLineService] = [:], lineOverrides: [String: PlanningLineParameters] = [:],
                nameRules: [PlanningLineNameRule] = PlanningLineNameRule.defaults, detourFactor: Double = 1.2,
                defaultTier: Tier = .metro, overridesFile: String? = nil, overridesLocation: String = "line_overrides") {
        precondition(detourFactor >= 1, "detour factor must be at least 1")
        self.serviceByTier = serviceByTier
        self.lineOverrides = lineOverrides
        self.nameRules = nameRules
        self.detourFactor = detourFactor
        self.defaultTier = defaultTier
        self.overridesFile = overridesFile
        self.overridesLocation = overridesLocation
    }

    /// The first name rule whose pattern is in `lineName` (case-insensitive), or nil.
    public func nameRule(for lineName: String) -> PlanningLineNameRule? {
        let lower = lineName.lowercased()
        return nameRules.first { rule in rule.patterns.contains { lower.contains($0.lowercased()) } }
    }
}
