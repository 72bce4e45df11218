/// Minimum transfer times between tiers, seconds (symmetric, indexed by `Tier.rank`).
///
/// Project defaults (not from any standard; chosen as conservative, documented values):
/// - metro ↔ metro 120 s: platform change through a concourse;
/// - rail (trunk/intercity/suburban) ↔ rail 300 s: ticket gates and waiting-hall entry inside one station;
/// - rail ↔ metro 300 s: exit the railway gates, pass the metro security check;
/// - anything ↔ other (bus, ferry) 60 s.
/// NDRC's 2016 hub guidance targets ≤3 min for "zero-distance" transfers: that is a rating threshold for
/// analyses, not a routing default. Override per pair with `setting(_:_:seconds:)`.
public struct MinTransferTable: Sendable, Equatable {
    /// 5 × 5 row-major by `Tier.rank`.
    public private(set) var seconds: [Int32]

    public init(seconds: [Int32]) {
        precondition(seconds.count == Tier.allCases.count * Tier.allCases.count, "one value per tier pair")
        self.seconds = seconds
    }

    public static let defaults: MinTransferTable = {
        var t = MinTransferTable(seconds: [Int32](repeating: 60, count: 25))
        let railTiers: [Tier] = [.trunk, .intercity, .suburban]
        for a in railTiers { for b in railTiers { t = t.setting(a, b, seconds: 300) } }
        for a in railTiers { t = t.setting(a, .metro, seconds: 300) }
        t = t.setting(.metro, .metro, seconds: 120)
        return t
    }()

    public func seconds(_ a: Tier, _ b: Tier) -> Int32 { seconds[a.rank * 5 + b.rank] }

    /// A copy with the pair (a, b) and (b, a) set.
    public func setting(_ a: Tier, _ b: Tier, seconds value: Int32) -> MinTransferTable {
        var copy = self
        copy.seconds[a.rank * 5 + b.rank] = value
        copy.seconds[b.rank * 5 + a.rank] = value
        return copy
    }

    /// The largest minimum over every tier pair of two tier masks (bit = `Tier.rank`); 0 if either is empty.
    public func seconds(fromTierMask a: UInt8, toTierMask b: UInt8) -> Int32 {
        var best: Int32 = 0
        for i in 0..<5 where a & (1 << i) != 0 {
            for j in 0..<5 where b & (1 << j) != 0 { best = max(best, seconds[i * 5 + j]) }
        }
        return best
    }
}

/// Minimum change times at one hub (station complex) that replace entries of the network's tier-pair table:
/// for same-stop changes at the hub's stops (`RaptorParameters.sameStopChangeSeconds(in:)`) and for the walking
/// transfers generated between two of its stops. The hub is named as `TransitLayer.hubs.names` has it; an
/// override applies to every hub of that name. Entries are symmetric, 5 × 5 row-major by `Tier.rank`,
/// `inherit` (-1) where the network's table applies.
public struct HubTransferOverride: Sendable, Equatable {
    public static let inherit: Int32 = -1
    public var hub: String
    public private(set) var seconds: [Int32]

    public init(hub: String, seconds: [Int32] = [Int32](repeating: HubTransferOverride.inherit, count: 25)) {
        precondition(seconds.count == Tier.allCases.count * Tier.allCases.count, "one value per tier pair")
        self.hub = hub; self.seconds = seconds
    }

    /// A copy with the pair (a, b) and (b, a) set.
    public func setting(_ a: Tier, _ b: Tier, seconds value: Int32) -> HubTransferOverride {
        var copy = self
        copy.seconds[a.rank * 5 + b.rank] = value
        copy.seconds[b.rank * 5 + a.rank] = value
        return copy
    }

    /// `table` with this hub's entries in place of its own.
    public func applied(to table: MinTransferTable) -> MinTransferTable {
        MinTransferTable(seconds: zip(seconds, table.seconds).map { $0 == Self.inherit ? $1 : $0 })
    }

    /// Per hub of `hubNames`, `base` with the override of that name applied; nil for hubs without one.
    public static func tables(_ overrides: [HubTransferOverride], base: MinTransferTable,
                              hubNames: some Collection<String>) -> [MinTransferTable?] {
        guard !overrides.isEmpty else { return [MinTransferTable?](repeating: nil, count: hubNames.count) }
        var byName: [String: MinTransferTable] = [:]
        for o in overrides { byName[o.hub] = o.applied(to: base) }
        return hubNames.map { byName[$0] }
    }
}

/// Parameters of `TransitLayerBuilder` and `BuiltNetwork`; stored in the network file so a build is reproducible.
public struct BuildParameters: Sendable, Equatable {
    /// Walking speed, m/s (default 1.2, as R5 and most accessibility studies use).
    public var walkingSpeedMetersPerSecond: Double
    /// Crow-fly distance × this factor approximates the street distance (default 1.3).
    public var detourFactor: Double
    /// Walking transfers are generated between stops at most this far apart, crow-fly metres (default 800).
    public var transferRadiusMeters: Double
    /// Stops of different tiers at most this far apart join one hub (default 800 m).
    public var hubRadiusMeters: Double
    /// Stops with the same normalised name join one hub only when at most this far apart (default 3000 m),
    /// so that two cities' "火车站" stay apart.
    public var sameNameHubMaxMeters: Double
    /// Added to every generated walking transfer, by tier pair of the two stops.
    public var minTransfer: MinTransferTable
    /// A stop links to the nearest street node at most this far away (default 1000 m).
    public var stopLinkMaxMeters: Double
    /// Per-hub minimum change times (the manifest's `parameters.hub_transfers`), sorted by hub name, one per name.
    public var hubTransfers: [HubTransferOverride]

    public init(walkingSpeedMetersPerSecond: Double = 1.2, detourFactor: Double = 1.3,
                transferRadiusMeters: Double = 800, hubRadiusMeters: Double = 800,
                sameNameHubMaxMeters: Double = 3000, minTransfer: MinTransferTable = .defaults,
                stopLinkMaxMeters: Double = 1000, hubTransfers: [HubTransferOverride] = []) {
        self.walkingSpeedMetersPerSecond = walkingSpeedMetersPerSecond
        self.detourFactor = detourFactor
        self.transferRadiusMeters = transferRadiusMeters
        self.hubRadiusMeters = hubRadiusMeters
        self.sameNameHubMaxMeters = sameNameHubMaxMeters
        self.minTransfer = minTransfer
        self.stopLinkMaxMeters = stopLinkMaxMeters
        self.hubTransfers = hubTransfers
    }

    /// Accepted ranges (they keep every walking time of a metropolitan area well inside `Int32` seconds).
    public static let walkingSpeedRange = 0.1...10.0
    public static let detourFactorRange = 1.0...10.0
    public static let radiusRangeMeters = 0.0...100_000.0

    /// The first value outside its accepted range, as the area-manifest key under `parameters` (or the field
    /// name when the manifest has no key for it) and the problem in words; nil when all are usable.
    public var problem: (key: String, message: String)? {
        if !Self.walkingSpeedRange.contains(walkingSpeedMetersPerSecond) {
            return ("walk_speed_mps", "walking speed \(walkingSpeedMetersPerSecond) m/s is not within 0.1…10 m/s")
        }
        if !Self.detourFactorRange.contains(detourFactor) {
            return ("detour_factor", "detour factor \(detourFactor) is not within 1…10")
        }
        for (key, value) in [("max_transfer_walk_m", transferRadiusMeters), ("hub_radius_m", hubRadiusMeters),
                             ("same_name_hub_max_m", sameNameHubMaxMeters), ("stop_link_max_m", stopLinkMaxMeters)]
        where !Self.radiusRangeMeters.contains(value) {
            return (key, "\(value) m is not a distance within 0…100000 m")
        }
        if let bad = minTransfer.seconds.first(where: { !(0...86_400).contains($0) }) {
            return ("min_transfer", "minimum transfer time \(bad) s is not within 0…86400 s")
        }
        for o in hubTransfers {
            if let bad = o.seconds.first(where: { $0 != HubTransferOverride.inherit && !(0...86_400).contains($0) }) {
                return ("hub_transfers.\(o.hub)", "minimum change time \(bad) s is not within 0…86400 s")
            }
        }
        if zip(hubTransfers, hubTransfers.dropFirst()).contains(where: { $0.hub >= $1.hub }) {
            return ("hub_transfers", "hubs must be sorted by name, each once")
        }
        return nil
    }

    /// The walking speed and detour factor as one model (transfers, and access walks by default).
    @inlinable
    public var walk: WalkModel { WalkModel(speedMetersPerSecond: walkingSpeedMetersPerSecond, detourFactor: detourFactor) }
}

extension Tier {
    /// This tier's bit in a tier mask (bit = rank).
    public var maskBit: UInt8 { 1 << UInt8(rank) }

    /// The tiers in a mask, in rank order.
    public static func tiers(inMask mask: UInt8) -> [Tier] {
        Tier.allCases.sorted().filter { mask & $0.maskBit != 0 }
    }

    /// Inverse of `rank`; nil when out of range.
    public init?(rank: Int) {
        guard let t = Tier.allCases.first(where: { $0.rank == rank }) else { return nil }
        self = t
    }
}
