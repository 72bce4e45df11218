import GeoCore
import Network

/// The transfer between two tiers inside one hub: the member stops of the two tiers with the shortest walk.
public struct HubTierTransfer: Sendable, Equatable {
    public var fromTier: Tier
    public var toTier: Tier
    public var fromStop: StopID
    public var toStop: StopID
    public var fromStopName: String
    public var toStopName: String
    public var crowFlyMeters: Double
    /// nil when no walk within the hub radius (rating disconnected).
    public var walk: WalkLeg?
    /// The minimum transfer time for the tier pair (the hub's own where `BuildParameters.hubTransfers` has it), seconds.
    public var minTransferSeconds: Double
    public var rating: TransferRating

    public var walkMinutes: Double? { walk.map { $0.walkSeconds / 60 } }
    /// Walk plus minimum transfer time, minutes (not used for the rating).
    public var totalMinutes: Double? { walk.map { ($0.walkSeconds + minTransferSeconds) / 60 } }
    /// "trunk_metro": the property-name prefix of this pair.
    public var key: String { "\(fromTier.rawValue)_\(toTier.rawValue)" }
}

/// A hub (station complex) served by two or more rail tiers.
public struct HubFinding: Sendable, Equatable {
    public var hub: HubID
    public var name: String
    /// Rail tiers present, in rank order.
    public var tiers: [Tier]
    /// Centroid (mean longitude/latitude) of the member stops.
    public var position: Coordinate
    public var memberCount: Int
    /// One per tier pair, in rank order of (from, to).
    public var transfers: [HubTierTransfer]

    public var worstRating: TransferRating { transfers.map(\.rating).max() ?? .zeroDistance }
    /// Longest walk among the pairs that have one, metres (0 when none).
    public var longestWalkMeters: Double { transfers.compactMap { $0.walk?.walkMeters }.max() ?? 0 }
}

/// A trunk, intercity or suburban station in a city that has metro, with no metro station within reach.
public struct LastMileGap: Sendable, Equatable {
    public var stop: StopID
    public var name: String
    /// Rail tiers of the station (never metro).
    public var tiers: [Tier]
    public var city: String
    public var district: String
    public var position: Coordinate
    public var nearestMetroStop: StopID
    public var nearestMetroName: String
    public var nearestMetroPosition: Coordinate
    /// Crow-fly distance to the nearest metro station, metres.
    public var gapMeters: Double
}

/// Stations of two tiers close to each other that do not share a hub.
public struct MissingLink: Sendable, Equatable {
    public struct TierPair: Sendable, Equatable, Hashable {
        public var from: Tier
        public var to: Tier
        public var text: String { "\(from.rawValue)-\(to.rawValue)" }
    }

    /// The station of the higher tier (lower `Tier.rank`), which lacks `to` tiers in its hub.
    public var fromStop: StopID
    public var toStop: StopID
    public var fromName: String
    public var toName: String
    public var fromHubName: String
    public var toHubName: String
    public var fromTiers: [Tier]
    public var toTiers: [Tier]
    /// The tier pairs this link would join, in rank order.
    public var tierPairs: [TierPair]
    public var fromPosition: Coordinate
    public var toPosition: Coordinate
    /// Crow-fly distance, metres.
    public var gapMeters: Double
    /// Estimated walk: crow-fly × detour factor / walking speed, minutes.
    public var estimatedWalkMinutes: Double
}

/// One district's rail coverage.
public struct DistrictCoverage: Sendable, Equatable {
    /// Index into `BuiltNetwork.districts`.
    public var district: Int
    public var name: String
    public var city: String
    public var code: Int?
    public var population: Double
    /// Rail stations (any tier) inside the district.
    public var stationCount: Int
    public var areaSquareKilometers: Double
    /// Share of the district's area within the coverage radius of a rail station (0…1).
    public var coveredAreaShare: Double
    /// Share of the district's people within the coverage radius (0…1): of its population cells when the analysis
    /// has a population surface, else `coveredAreaShare`.
    public var coveredPopulationShare: Double
    /// People within the coverage radius: the population cells' sum, else `coveredAreaShare × population`.
    public var coveredPopulation: Double
    public var boundary: MultiPolygon

    public var hasNoStation: Bool { stationCount == 0 }
}

/// Whether a tier is in the data, with its line (route) and station counts.
public struct TierPresence: Sendable, Equatable {
    public var tier: Tier
    /// Routes with at least one trip of this tier.
    public var routes: Int
    /// Stops served by at least one trip of this tier.
    public var stations: Int
    public var isPresent: Bool { stations > 0 }

    /// A plain sentence, e.g. "No suburban railway (S lines, 市域/市郊铁路) in the data."
    public var sentence: String {
        if isPresent {
            return "\(TierPresence.title(tier)): \(routes) line\(routes == 1 ? "" : "s"), \(stations) station\(stations == 1 ? "" : "s")."
        }
        return "No \(TierPresence.description(tier)) in the data."
    }

    static func title(_ tier: Tier) -> String {
        switch tier {
        case .trunk: return "Trunk railway"
        case .intercity: return "Intercity railway"
        case .suburban: return "Suburban railway"
        case .metro: return "Metro"
        case .other: return "Other transit"
        }
    }

    static func description(_ tier: Tier) -> String {
        switch tier {
        case .trunk: return "trunk railway (G/D high-speed and conventional trains, 干线铁路)"
        case .intercity: return "intercity railway (C trains, 城际铁路)"
        case .suburban: return "suburban railway (S lines, 市域/市郊铁路)"
        case .metro: return "metro (subway, light rail, tram, 城市轨道交通)"
        case .other: return "other transit"
        }
    }
}

/// Everything `IntegrationGapAnalysis` finds, in report order (most severe first within each kind).
public struct IntegrationGapReport: Sendable, Equatable {
    public var areaName: String
    /// Thresholds used, with the hub radius resolved.
    public var thresholds: GapThresholds
    public var hubRadiusMeters: Double
    /// Walking speed and detour factor of the network, for the report's method notes.
    public var walkingSpeedMetersPerSecond: Double
    public var detourFactor: Double
    /// True when transfer walks used the street graph.
    public var usesStreetGraph: Bool
    /// The metric CRS the coverage areas were computed in, e.g. "EPSG:4548".
    public var localCRS: String
    public var tiers: [TierPresence]
    /// Sorted: worst rating first, then longest walk, then name.
    public var hubs: [HubFinding]
    /// Cities (district city names) with at least one metro station, sorted.
    public var metroCities: [String]
    /// Sorted: longest gap first.
    public var lastMileGaps: [LastMileGap]
    /// Sorted: shortest gap first (the nearest misses are the plainest gaps).
    public var missingLinks: [MissingLink]
    /// Every district, sorted by uncovered population (largest first).
    public var districts: [DistrictCoverage]
    /// The population surface coverage was counted on ("district-uniform", "grid pop.asc"); nil = area-weighted.
    public var populationSource: String? = nil

    public var totalPopulation: Double { districts.reduce(0) { $0 + $1.population } }
    public var coveredPopulation: Double { districts.reduce(0) { $0 + $1.coveredPopulation } }
    /// Share of the population living within the coverage radius of a rail station, 0…1.
    public var coveredPopulationShare: Double { totalPopulation > 0 ? coveredPopulation / totalPopulation : 0 }
    public var uncoveredDistricts: [DistrictCoverage] {
        districts.filter(\.hasNoStation).sorted { $0.population != $1.population ? $0.population > $1.population : $0.district < $1.district }
    }
}
