/// A tier and the reason it was chosen, in words for `inspect` and reports.
public struct TierDecision: Sendable, Equatable, CustomStringConvertible {
    public var tier: Tier
    /// E.g. "train number prefix C", "GTFS route_type 1 (subway)", "override in manifest".
    public var reason: String
    public init(tier: Tier, reason: String) { self.tier = tier; self.reason = reason }
    public var description: String { "\(tier.rawValue) (\(reason))" }
}

/// Rules that put a route or a trip into one of the four rail tiers (or `.other`). Pure: no IO.
///
/// Order of the rules, first match wins:
/// 1. `overrides` (from the area manifest), by route key, then by route short name → "override in manifest".
/// 2. Train-number prefix, for rail routes only (GTFS route_type 2 or 100–117, or no route type at all): the
///    trip's own number (trip_short_name) when it has one, else the route short name. The prefix is the leading
///    letter (`G1275/G1278` → G; a bare `C` counts as well); a number of digits only is a conventional train.
///    See `prefixTiers`.
/// 3. GTFS route_type, basic or extended; see `routeTypeTier(_:)` for the table.
/// 4. Otherwise `.other`.
public struct TierRules: Sendable, Equatable {
    /// Route key (e.g. `"rail_gtfs:C001"`) or route short name → tier. Keys are tried before short names.
    public var overrides: [String: Tier]
    /// Train-number letter → tier. Defaults: G, D trunk (high-speed, 动车); C intercity (城际); S suburban
    /// (市郊); K, T, Z, Y, L trunk (conventional national trains: fast, express, direct, tourist, temporary).
    public var prefixTiers: [Character: Tier]
    /// Tier of a train number made of digits only (ordinary conventional trains): trunk.
    public var digitsOnlyTier: Tier

    public static let defaultPrefixTiers: [Character: Tier] = [
        "G": .trunk, "D": .trunk, "C": .intercity, "S": .suburban,
        "K": .trunk, "T": .trunk, "Z": .trunk, "Y": .trunk, "L": .trunk,
    ]

    public init(overrides: [String: Tier] = [:], prefixTiers: [Character: Tier] = TierRules.defaultPrefixTiers,
                digitsOnlyTier: Tier = .trunk) {
        self.overrides = overrides
        self.prefixTiers = prefixTiers
        self.digitsOnlyTier = digitsOnlyTier
    }

    public static let `default` = TierRules()

    /// The tier of a route as a whole (from its short name, never from a trip's number).
    public func classifyRoute(key: String, shortName: String, gtfsRouteType: Int?) -> TierDecision {
        classify(routeKey: key, routeShortName: shortName, tripName: "", gtfsRouteType: gtfsRouteType)
    }

    /// The tier of one trip: its own train number first (a route may carry trains of several prefixes), then the
    /// route's short name, then the route type; a manifest override of the route wins over all of them.
    public func classifyTrip(tripName: String, routeKey: String, routeShortName: String,
                             gtfsRouteType: Int?) -> TierDecision {
        classify(routeKey: routeKey, routeShortName: routeShortName, tripName: tripName, gtfsRouteType: gtfsRouteType)
    }

    private func classify(routeKey: String, routeShortName: String, tripName: String,
                          gtfsRouteType: Int?) -> TierDecision {
        if let tier = overrides[routeKey] ?? (routeShortName.isEmpty ? nil : overrides[routeShortName]) {
            return TierDecision(tier: tier, reason: "override in manifest")
        }
        if Self.isRailRouteType(gtfsRouteType) {
            for (name, what) in [(tripName, "train number"), (routeShortName, "route short name")] {
                guard let prefix = Self.trainNumberPrefix(name) else { continue }
                if prefix == "0" {
                    return TierDecision(tier: digitsOnlyTier, reason: "\(what) \(name) has digits only (conventional train)")
                }
                if let tier = prefixTiers[prefix] {
                    return TierDecision(tier: tier, reason: "\(what) prefix \(prefix)")
                }
            }
        }
        if let type = gtfsRouteType {
            return Self.routeTypeTier(type)
        }
        return TierDecision(tier: .other, reason: "no train number prefix and no route type")
    }

    /// True for GTFS route types that carry trains with numbers (2 rail, 100–117 railway service), and when the
    /// source gives no route type.
    public static func isRailRouteType(_ type: Int?) -> Bool {
        guard let type else { return true }
        return type == 2 || (100...117).contains(type)
    }

    /// The leading letter of a train number, uppercased ("G1275/G1278" → "G", "c" → "C"), or "0" for a number of
    /// digits only; nil for an empty name or one that is neither (e.g. "Airport Express").
    public static func trainNumberPrefix(_ name: String) -> Character? {
        let first = name.split(separator: "/", maxSplits: 1).first.map { $0.trimmingSpaces } ?? ""
        guard let head = first.first else { return nil }
        let rest = first.dropFirst()
        if head.isASCII, head.isNumber { return first.allSatisfy { $0.isASCII && $0.isNumber } ? "0" : nil }
        guard head.isASCII, head.isLetter, rest.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Character(head.uppercased())
    }

    /// The GTFS route type table. Basic types: 0 tram, 1 subway, 5 cable tram, 12 monorail → metro; 2 rail →
    /// trunk; 3 bus, 4 ferry, 6 aerial lift, 7 funicular, 11 trolleybus → other. Extended types:
    ///
    /// | code | meaning | tier |
    /// |---|---|---|
    /// | 100 | railway service | trunk |
    /// | 101 | high speed rail | trunk |
    /// | 102 | long distance trains | trunk |
    /// | 103 | inter regional rail | intercity |
    /// | 104 | car transport rail | other |
    /// | 105 | sleeper rail | trunk |
    /// | 106 | regional rail | intercity |
    /// | 107 | tourist railway | other |
    /// | 108 | rail shuttle (within complex) | metro |
    /// | 109 | suburban railway | suburban |
    /// | 110 | replacement rail service | other |
    /// | 111 | special rail service | trunk |
    /// | 112 | lorry transport rail | other |
    /// | 113 | all rail services | trunk |
    /// | 114 | cross-country rail | trunk |
    /// | 115 | vehicle transport rail | other |
    /// | 116 | rack and cog railway | other |
    /// | 117 | additional rail service | trunk |
    /// | 400–405 | urban railway, metro, underground, monorail | metro |
    /// | 900–906 | tram | metro |
    /// | 700–799 | bus | other |
    /// | anything else | | other |
    public static func routeTypeTier(_ type: Int) -> TierDecision {
        let named: (Tier, String)
        switch type {
        case 0: named = (.metro, "tram")
        case 1: named = (.metro, "subway")
        case 2: named = (.trunk, "rail")
        case 3: named = (.other, "bus")
        case 4: named = (.other, "ferry")
        case 5: named = (.metro, "cable tram")
        case 6: named = (.other, "aerial lift")
        case 7: named = (.other, "funicular")
        case 11: named = (.other, "trolleybus")
        case 12: named = (.metro, "monorail")
        case 100: named = (.trunk, "railway service")
        case 101: named = (.trunk, "high speed rail")
        case 102: named = (.trunk, "long distance trains")
        case 103: named = (.intercity, "inter regional rail")
        case 104: named = (.other, "car transport rail")
        case 105: named = (.trunk, "sleeper rail")
        case 106: named = (.intercity, "regional rail")
        case 107: named = (.other, "tourist railway")
        case 108: named = (.metro, "rail shuttle")
        case 109: named = (.suburban, "suburban railway")
        case 110: named = (.other, "replacement rail service")
        case 111: named = (.trunk, "special rail service")
        case 112: named = (.other, "lorry transport rail")
        case 113: named = (.trunk, "all rail services")
        case 114: named = (.trunk, "cross-country rail")
        case 115: named = (.other, "vehicle transport rail")
        case 116: named = (.other, "rack and cog railway")
        case 117: named = (.trunk, "additional rail service")
        case 400...405: named = (.metro, "urban railway")
        case 900...906: named = (.metro, "tram")
        case 700...799: named = (.other, "bus")
        default: named = (.other, "not rail")
        }
        return TierDecision(tier: named.0, reason: "GTFS route_type \(type) (\(named.1))")
    }
}

private extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
