import GeoCore
import Network

/// Passengers one train carries, by tier (seated + standing at the usual planning density), configurable.
///
/// Defaults:
/// - metro 1,460: a 6-car type-B train at 6 standing passengers/m² (≈ 245 per car), the common Beijing/Tianjin
///   formation;
/// - intercity (C) 600: an 8-car CRH EMU, seats (≈ 556–613 depending on the type);
/// - trunk (G/D) 1,200: a 16-car long EMU (CRH380BL ≈ 1,004 seats, CR400AF-A ≈ 1,193), the formation of
///   most long-distance G trains through this area; use 600 for 8-car units;
/// - suburban (S) 1,000: a 4–6-car suburban EMU with standing room;
/// - other (bus, ferry) 80.
public struct SectionCapacityParameters: Sendable, Equatable {
    public var passengersPerTrain: [Tier: Double]

    public static let defaults: [Tier: Double] = [.metro: 1_460, .intercity: 600, .trunk: 1_200, .suburban: 1_000, .other: 80]

    public init(passengersPerTrain: [Tier: Double] = SectionCapacityParameters.defaults) {
        var all = SectionCapacityParameters.defaults
        for (k, v) in passengersPerTrain { all[k] = v }
        self.passengersPerTrain = all
    }

    public func perTrain(_ tier: Tier) -> Double { passengersPerTrain[tier] ?? 0 }

    public var problem: String? {
        // The longest trains carry a few thousand people; a million is surely a mistake (and keeps reports exact).
        for t in Tier.allCases where !(perTrain(t) >= 0 && perTrain(t) <= 1_000_000) {
            return "capacity per \(t.rawValue) train must be 0…1000000 passengers, not \(perTrain(t))"
        }
        return nil
    }
}

/// One direction of track between two consecutive stops of a line.
public struct RouteSection: Sendable, Equatable, Hashable {
    /// Line name: the route short name (train letter C/G/D in the national rail feed, the line name for metro),
    /// else the long name, else the route key.
    public var line: String
    public var tier: Tier
    public var from: StopID
    public var to: StopID
    /// Straight (haversine) distance between the two stops.
    public var lengthMeters: Double
}

/// The route sections of a transit layer. A section is keyed by (tier, line, from stop, to stop): every
/// pattern of every route with that tier and line name calling at `from` then directly at `to` runs over it,
/// so the C trains of several GTFS routes share the 北京南 → 武清 section. Direction-specific.
public struct SectionTable: Sendable {
    public let sections: [RouteSection]
    /// Section of each pattern hop: `hopSections[patterns.stopStart[p] + i]` for the hop from position i to
    /// i + 1 of pattern p; `SectionTable.none` at each pattern's last position.
    public let hopSections: [UInt32]

    public static let none = UInt32.max

    public init(transit t: TransitLayer) {
        struct Key: Hashable { var tier: Tier; var line: String; var from: UInt32; var to: UInt32 }
        var index: [Key: Int] = [:]
        var sections: [RouteSection] = []
        var hops = [UInt32](repeating: SectionTable.none, count: t.patterns.stops.count)
        let labels = SectionTable.lineLabels(t)
        for p in 0..<t.patternCount where t.isActive(pattern: p) {
            let r = Int(t.patterns.routes[p])
            let line = labels[r]
            let tier = t.tier(ofPattern: PatternID(p))
            let lo = Int(t.patterns.stopStart[p]), hi = Int(t.patterns.stopStart[p + 1])
            for h in lo..<(hi - 1) {
                let key = Key(tier: tier, line: line, from: t.patterns.stops[h], to: t.patterns.stops[h + 1])
                if let s = index[key] { hops[h] = UInt32(s); continue }
                index[key] = sections.count
                hops[h] = UInt32(sections.count)
                let a = StopID(rawValue: key.from), b = StopID(rawValue: key.to)
                sections.append(RouteSection(line: line, tier: tier, from: a, to: b,
                                             lengthMeters: Earth.haversineMeters(t.coordinate(of: a), t.coordinate(of: b))))
            }
        }
        self.sections = sections
        hopSections = hops
    }

    public var count: Int { sections.count }

    /// Each route's line label: its short name, else long name, else key. Planning lines (routes not from GTFS) whose
    /// short name other lines share — "4号线" in Beijing and in Tianjin — carry their line id too ("4号线 (tj_L04)"),
    /// so that lines of different cities never merge into one section. GTFS routes keep the short name: the national
    /// rail feed's short name is the train letter (C, G, D), shared on purpose by the trains of one section.
    public static func lineLabels(_ t: TransitLayer) -> [String] {
        func base(_ r: Int) -> String {
            !t.routes.shortNames[r].isEmpty ? t.routes.shortNames[r] : (!t.routes.longNames[r].isEmpty ? t.routes.longNames[r] : t.routes.keys[r])
        }
        var keysByLabel: [String: Set<String>] = [:]
        for r in 0..<t.routes.count where t.routes.gtfsRouteTypes[r] < 0 { keysByLabel[base(r), default: []].insert(t.routes.keys[r]) }
        return (0..<t.routes.count).map { r in
            let label = base(r)
            guard t.routes.gtfsRouteTypes[r] < 0, (keysByLabel[label]?.count ?? 0) > 1 else { return label }
            let key = t.routes.keys[r]
            let id = key.split(separator: ":", maxSplits: 1).last.map(String.init) ?? key
            return "\(label) (\(id))"
        }
    }

    /// Per section, the trains running over it that leave its first stop within
    /// [firstDepartureSeconds, firstDepartureSeconds + 60·windowMinutes).
    public func trainsInWindow(transit t: TransitLayer, firstDepartureSeconds: Int32, windowMinutes: Int) -> [Int] {
        let end = firstDepartureSeconds + Int32(windowMinutes) * 60
        var trains = [Int](repeating: 0, count: sections.count)
        for p in 0..<t.patternCount where t.isActive(pattern: p) {
            let lo = Int(t.patterns.stopStart[p]), hi = Int(t.patterns.stopStart[p + 1])
            let n = hi - lo
            let base = Int(t.patterns.stopTimeStart[p])
            let tripCount = Int(t.patterns.tripStart[p + 1] - t.patterns.tripStart[p])
            for i in 0..<(n - 1) {
                let s = Int(hopSections[lo + i])
                for k in 0..<tripCount where t.isActive(trip: Int(t.patterns.tripStart[p]) + k) {
                    let d = t.patterns.departureSeconds[base + k * n + i]
                    if d >= firstDepartureSeconds && d < end { trains[s] += 1 }
                }
            }
        }
        return trains
    }

    /// Global hop indices (`patterns.stopStart[p] + i`) running over section `s`.
    public func hops(of s: Int) -> [Int] {
        hopSections.indices.filter { hopSections[$0] == UInt32(s) }
    }
}
