/// Thresholds of the four-network integration gap analysis (`IntegrationGapAnalysis`).
///
/// Defaults and where they come from:
/// - `zeroDistanceMinutes` 3: the in-hub transfer figure of NDRC's 2016 guidance on integrated passenger hubs
///   (国家发展改革委, May 2016,《关于打造现代综合客运枢纽提高旅客出行质量效率的实施意见》: inside a hub, transfers
///   between modes by same-platform or vertical interchange "generally within 3 minutes" (一般不超过3分钟); the plans'
///   "zero-distance transfer" (零距离换乘) goal made a number). Rated against the walking time alone (see
///   `TransferRating`).
/// - `acceptableMinutes` 5: project choice, a walk of at most five minutes (≈ 360 m at 1.2 m/s) between
///   platforms of one complex; longer walks are rated poor.
/// - `hubRadiusMeters` nil: the network's own hub radius (`BuildParameters.hubRadiusMeters`, default 800 m).
///   A tier pair inside a hub whose walk is longer than this radius × the detour factor (or has no street path
///   that short) is rated disconnected.
/// - `lastMileRadiusMeters` 800: a rail station with no metro station within this crow-fly distance is a
///   last-mile gap (800 m ≈ a 10-minute walk, the usual station catchment).
/// - `metroCityMinimumStations` 3: a city counts as having metro (so its rail stations can have last-mile gaps)
///   when at least this many metro stations lie in its districts. One station is not enough: Beijing Daxing
///   airport's metro terminal lies inside 廊坊市 (Langfang), which has no metro of its own.
/// - `missingLinkRadiusMeters` 3000: stations of two tiers this close without sharing a hub are a missing link.
/// - `coverageRadiusMeters` 800: population within this distance of a rail station counts as covered, the
///   station catchment of the "share of population within 800 m of rail" indicator of China's annual city
///   commuting monitoring report (《中国主要城市通勤监测报告》).
public struct GapThresholds: Sendable, Equatable {
    /// Hub radius; nil = the network's `BuildParameters.hubRadiusMeters`.
    public var hubRadiusMeters: Double?
    public var zeroDistanceMinutes: Double
    public var acceptableMinutes: Double
    public var lastMileRadiusMeters: Double
    public var metroCityMinimumStations: Int
    public var missingLinkRadiusMeters: Double
    public var coverageRadiusMeters: Double

    public init(hubRadiusMeters: Double? = nil, zeroDistanceMinutes: Double = 3, acceptableMinutes: Double = 5,
                lastMileRadiusMeters: Double = 800, metroCityMinimumStations: Int = 3,
                missingLinkRadiusMeters: Double = 3000, coverageRadiusMeters: Double = 800) {
        self.hubRadiusMeters = hubRadiusMeters
        self.zeroDistanceMinutes = zeroDistanceMinutes
        self.acceptableMinutes = acceptableMinutes
        self.lastMileRadiusMeters = lastMileRadiusMeters
        self.metroCityMinimumStations = metroCityMinimumStations
        self.missingLinkRadiusMeters = missingLinkRadiusMeters
        self.coverageRadiusMeters = coverageRadiusMeters
    }

    /// The first inconsistent value in words, or nil. Callers turn it into a validation error.
    public var problem: String? {
        if let r = hubRadiusMeters, !Self.radiusRangeMeters.contains(r) { return "hub radius must be 1…100000 m, got \(r) m" }
        if !Self.minutesRange.contains(zeroDistanceMinutes) {
            return "zero-distance threshold must be 0…1440 min, got \(zeroDistanceMinutes) min"
        }
        if !Self.minutesRange.contains(acceptableMinutes) { return "acceptable threshold must be 0…1440 min, got \(acceptableMinutes) min" }
        if !(acceptableMinutes >= zeroDistanceMinutes) {
            return "acceptable threshold (\(acceptableMinutes) min) must be ≥ the zero-distance one (\(zeroDistanceMinutes) min)"
        }
        if metroCityMinimumStations < 1 { return "metro-city minimum must be at least 1 station, got \(metroCityMinimumStations)" }
        for (name, v) in [("last-mile radius", lastMileRadiusMeters), ("missing-link radius", missingLinkRadiusMeters),
                          ("coverage radius", coverageRadiusMeters)] where !Self.radiusRangeMeters.contains(v) {
            return "\(name) must be 1…100000 m, got \(v) m"
        }
        return nil
    }

    /// Accepted radii (a metre to 100 km: beyond that nothing is a walk or a catchment) and minutes (a day).
    public static let radiusRangeMeters = 1.0...100_000.0
    public static let minutesRange = 0.0...1440.0
}

/// Rating of a transfer between two tiers inside one hub, by walking time (minimum transfer time excluded:
/// the NDRC figure is a walking-transfer time; the total with the minimum transfer time is reported apart).
public enum TransferRating: String, Sendable, CaseIterable, Comparable {
    /// Walk ≤ `zeroDistanceMinutes` (NDRC 2016 guidance: 3 min).
    case zeroDistance = "zero_distance"
    /// Walk ≤ `acceptableMinutes` (5 min).
    case acceptable
    /// Walk > `acceptableMinutes`.
    case poor
    /// No walk within the hub radius (crow-fly beyond the radius, or no street path of radius × detour).
    case disconnected

    /// 0 (zero-distance) … 3 (disconnected): larger is worse.
    public var severity: Int {
        switch self {
        case .zeroDistance: return 0
        case .acceptable: return 1
        case .poor: return 2
        case .disconnected: return 3
        }
    }

    public static func < (a: TransferRating, b: TransferRating) -> Bool { a.severity < b.severity }

    /// Words for reports: "zero-distance", "acceptable", "poor", "disconnected".
    public var label: String { self == .zeroDistance ? "zero-distance" : rawValue }

    /// The rating of a walk of `walkMinutes` (nil = no walkable link).
    public static func rating(walkMinutes: Double?, thresholds: GapThresholds) -> TransferRating {
        guard let m = walkMinutes else { return .disconnected }
        if m <= thresholds.zeroDistanceMinutes + 1e-9 { return .zeroDistance }
        if m <= thresholds.acceptableMinutes + 1e-9 { return .acceptable }
        return .poor
    }
}
