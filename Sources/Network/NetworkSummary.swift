import GeoCore

/// What `metrocommute inspect` shows: counts by tier, hubs, classification reasons, districts, streets and the
/// readers' reports. Codable with snake_case keys for `--json`; every dictionary is keyed by a stable name.
public struct NetworkSummary: Codable, Sendable, Equatable {
    public struct TierCounts: Codable, Sendable, Equatable {
        public var trunk = 0, intercity = 0, suburban = 0, metro = 0, other = 0
        public init() {}
        public subscript(tier: Tier) -> Int {
            get {
                switch tier {
                case .trunk: return trunk
                case .intercity: return intercity
                case .suburban: return suburban
                case .metro: return metro
                case .other: return other
                }
            }
            set {
                switch tier {
                case .trunk: trunk = newValue
                case .intercity: intercity = newValue
                case .suburban: suburban = newValue
                case .metro: metro = newValue
                case .other: other = newValue
                }
            }
        }
        public var total: Int { trunk + intercity + suburban + metro + other }
    }

    /// How many routes got a tier for one reason.
    public struct Classification: Codable, Sendable, Equatable {
        public var tier: String
        public var reason: String
        public var routes: Int
    }

    public struct HubEntry: Codable, Sendable, Equatable {
        public var name: String
        public var tiers: [String]
        public var stops: Int
    }

    public struct Source: Codable, Sendable, Equatable {
        public var name: String
        public var report: String
    }

    public var area: String
    public var serviceDate: String
    /// [min longitude, min latitude, max longitude, max latitude]
    public var bbox: [Double]?
    public var stops: Int
    /// Stops serving each tier (a stop serving two tiers counts in both).
    public var stopsByTier: TierCounts
    public var routesByTier: TierCounts
    public var tripsByTier: TierCounts
    public var patterns: Int
    public var transfers: Int
    public var hubs: Int
    /// Hubs where two or more tiers meet, sorted by name.
    public var multiTierHubs: [HubEntry]
    public var classifications: [Classification]
    public var districts: Int
    public var population: Double
    public var streetNodes: Int
    public var streetArcs: Int
    public var roadNodes: Int
    public var roadLinks: Int
    public var sources: [Source]

    enum CodingKeys: String, CodingKey {
        case area, serviceDate = "service_date", bbox, stops, stopsByTier = "stops_by_tier"
        case routesByTier = "routes_by_tier", tripsByTier = "trips_by_tier", patterns, transfers, hubs
        case multiTierHubs = "multi_tier_hubs", classifications, districts, population
        case streetNodes = "street_nodes", streetArcs = "street_arcs", roadNodes = "road_nodes", roadLinks = "road_links"
        case sources
    }

    public init(_ network: BuiltNetwork) {
        let t = network.transit
        area = network.metadata.areaName
        serviceDate = network.metadata.serviceDate
        bbox = network.boundingBox.map { [$0.minLongitude, $0.minLatitude, $0.maxLongitude, $0.maxLatitude] }
        stops = t.stopCount
        var byStop = TierCounts()
        for mask in t.stops.tierMasks { for tier in Tier.tiers(inMask: mask) { byStop[tier] += 1 } }
        stopsByTier = byStop
        var byRoute = TierCounts()
        var reasons: [String: [String: Int]] = [:]
        for r in 0..<t.routes.count {
            let tier = Tier(rank: Int(t.routes.tiers[r])) ?? .other
            byRoute[tier] += 1
            reasons[tier.rawValue, default: [:]][t.routes.tierReasons[r], default: 0] += 1
        }
        routesByTier = byRoute
        var byTrip = TierCounts()
        for tr in 0..<t.tripCount where t.isActive(trip: tr) { byTrip[t.tier(ofTrip: TripID(tr))] += 1 }
        tripsByTier = byTrip
        patterns = t.activePatterns.count
        transfers = t.transfers.count
        hubs = t.hubs.count
        var entries: [HubEntry] = []
        for h in 0..<t.hubs.count {
            let tiers = Tier.tiers(inMask: t.hubs.tierMasks[h])
            guard tiers.count >= 2 else { continue }
            let count = Int(t.hubs.stopStart[h + 1] - t.hubs.stopStart[h])
            entries.append(HubEntry(name: t.hubs.names[h], tiers: tiers.map(\.rawValue), stops: count))
        }
        multiTierHubs = entries.sorted { ($0.name, $0.tiers.joined()) < ($1.name, $1.tiers.joined()) }
        classifications = Tier.allCases.flatMap { tier in
            (reasons[tier.rawValue] ?? [:]).sorted { $0.key < $1.key }
                .map { Classification(tier: tier.rawValue, reason: $0.key, routes: $0.value) }
        }
        districts = network.districts.count
        population = network.districts.reduce(0) { $0 + $1.population }
        streetNodes = network.streets.nodeCount
        streetArcs = network.streets.arcCount
        roadNodes = network.roads.nodeCount
        roadLinks = network.roads.linkCount
        sources = network.metadata.sources.map { Source(name: $0.name, report: $0.report) }
    }

    /// Plain-text report for people.
    public var text: String {
        var lines: [String] = []
        func tierLine(_ label: String, _ c: TierCounts, total: Int? = nil) -> String {
            let parts = Tier.allCases.filter { c[$0] > 0 }.map { "\($0.rawValue) \(c[$0])" }
            return "\(label): \(total ?? c.total)" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
        }
        lines.append("area \(area), service date \(serviceDate.isEmpty ? "–" : serviceDate)")
        if let b = bbox { lines.append("bbox \(b.map { String(format: "%.6f", $0) }.joined(separator: ", "))") }
        lines.append(tierLine("stops", stopsByTier, total: stops))
        lines.append(tierLine("routes", routesByTier))
        lines.append(tierLine("trips", tripsByTier))
        lines.append("patterns: \(patterns), walking transfers: \(transfers)")
        let absent = Tier.rail.filter { routesByTier[$0] == 0 }
        if !absent.isEmpty {
            lines.append("absent rail tiers: \(absent.map(\.rawValue).joined(separator: ", ")) (no routes of that tier in the data)")
        }
        lines.append("hubs: \(hubs), where tiers meet: \(multiTierHubs.count)")
        for h in multiTierHubs { lines.append("  \(h.name): \(h.tiers.joined(separator: " + ")) (\(h.stops) stop\(h.stops == 1 ? "" : "s"))") }
        lines.append("tier classification of routes:")
        for c in classifications { lines.append("  \(c.tier): \(c.routes) route\(c.routes == 1 ? "" : "s") by \(c.reason)") }
        lines.append("districts: \(districts), population \(Int(population.rounded()))")
        lines.append("street graph (walking): \(streetNodes) nodes, \(streetArcs) arcs")
        lines.append("road graph (driving): \(roadNodes) nodes, \(roadLinks) links")
        lines.append("sources:")
        for s in sources { lines.append("  \(s.name): \(s.report)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
