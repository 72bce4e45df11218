/// The four rail networks of China's "four-network integration" (四网融合), plus non-rail transit
/// (buses, ferries) that a foreign GTFS feed may carry.
public enum Tier: String, CaseIterable, Codable, Hashable, Sendable, Comparable {
    /// G/D high-speed and conventional long-distance trains (干线铁路).
    case trunk
    /// C intercity trains (城际铁路).
    case intercity
    /// S lines, 市域/市郊铁路 (suburban/commuter railway).
    case suburban
    /// Subway, light rail, tram (城市轨道交通).
    case metro
    /// Not rail: bus, ferry, cable car, anything else.
    case other

    public static let rail: [Tier] = [.trunk, .intercity, .suburban, .metro]

    public var isRail: Bool { self != .other }

    /// Stable order used in reports and the binary format.
    public var rank: Int {
        switch self {
        case .trunk: return 0
        case .intercity: return 1
        case .suburban: return 2
        case .metro: return 3
        case .other: return 4
        }
    }

    public static func < (a: Tier, b: Tier) -> Bool { a.rank < b.rank }
}
