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

/// Options of `PlanningLinesReader`.
public struct PlanningLinesOptions: Sendable, Equatable {
    /// Service per tier; tiers missing here use `PlanningLineService.defaults(for:)`.
    public var serviceByTier: [Tier: PlanningLineService]
    /// Service per line_id, replacing the tier's.
    public var lineOverrides: [String: PlanningLineService]
    /// Track length ÷ crow-fly distance between consecutive stations (default 1.2).
    public var detourFactor: Double
    /// Tier of lines whose `tier` column is absent or empty (default metro).
    public var defaultTier: Tier

    public init(serviceByTier: [Tier: PlanningLineService] = [:], lineOverrides: [String: PlanningLineService] = [:],
                detourFactor: Double = 1.2, defaultTier: Tier = .metro) {
        precondition(detourFactor >= 1, "detour factor must be at least 1")
        self.serviceByTier = serviceByTier
        self.lineOverrides = lineOverrides
        self.detourFactor = detourFactor
        self.defaultTier = defaultTier
    }

    public func service(lineID: String, tier: Tier) -> PlanningLineService {
        lineOverrides[lineID] ?? serviceByTier[tier] ?? .defaults(for: tier)
    }
}
