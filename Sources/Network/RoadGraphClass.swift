/// Functional road class, from the most to the least important. The raw value is the rank used when the
/// analyses speak of "one class step": motorway 0, trunk 1, …, service 8. `other` holds road types the
/// reader does not know (treated like unclassified roads); `connector` holds modelling artefacts such as
/// zone-centroid connectors, which are kept for routing but are not roads for the gap analyses.
public enum RoadClass: UInt8, CaseIterable, Sendable, Codable, Comparable, CustomStringConvertible {
    case motorway = 0
    case trunk = 1
    case primary = 2
    case secondary = 3
    case tertiary = 4
    case unclassified = 5
    case residential = 6
    case livingStreet = 7
    case service = 8
    case other = 9
    case connector = 10

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// The OSM-style name: `motorway`, …, `living_street`, `service`, `other`, `connector`.
    public var name: String {
        switch self {
        case .motorway: return "motorway"
        case .trunk: return "trunk"
        case .primary: return "primary"
        case .secondary: return "secondary"
        case .tertiary: return "tertiary"
        case .unclassified: return "unclassified"
        case .residential: return "residential"
        case .livingStreet: return "living_street"
        case .service: return "service"
        case .other: return "other"
        case .connector: return "connector"
        }
    }

    public var description: String { name }

    /// The class of an OSM `highway` value or a GIS link type: the OSM names, their `_link` ramps (same class
    /// as the road they serve), `road` → unclassified, `centroid_connector`/`connector` → connector,
    /// anything else → other. Case-insensitive.
    public init(roadType: String) {
        var t = roadType.lowercased()
        if t.hasSuffix("_link") { t.removeLast(5) }
        switch t {
        case "motorway": self = .motorway
        case "trunk": self = .trunk
        case "primary": self = .primary
        case "secondary": self = .secondary
        case "tertiary": self = .tertiary
        case "unclassified", "road": self = .unclassified
        case "residential": self = .residential
        case "living_street": self = .livingStreet
        case "service": self = .service
        case "centroid_connector", "connector": self = .connector
        default: self = .other
        }
    }

    /// Parses `name` exactly (for options and manifests); nil when unknown.
    public init?(name: String) {
        guard let c = RoadClass.allCases.first(where: { $0.name == name }) else { return nil }
        self = c
    }

    /// Documented planning default free-flow speeds (km/h) when a link has no speed of its own. They follow
    /// common urban speed limits (OSM's implicit limits and the typical Chinese and European urban values):
    /// motorway 100, trunk 80, primary 60, secondary 50, tertiary 40, unclassified 30, residential 30,
    /// living_street 10, service 20, other 30, connector 30.
    public var defaultSpeedKmh: Double {
        switch self {
        case .motorway: return 100
        case .trunk: return 80
        case .primary: return 60
        case .secondary: return 50
        case .tertiary: return 40
        case .unclassified, .residential, .other, .connector: return 30
        case .livingStreet: return 10
        case .service: return 20
        }
    }

    /// Documented planning default capacity per lane (vehicles per hour per lane), typical values in the style
    /// of the Highway Capacity Manual (HCM 2010/6th ed.: about 2,000–2,400 pc/h/ln on freeways at free flow;
    /// signalised urban arterials about 1,600–1,900 pc/h of green per lane, less after green splits) and of
    /// China's JTG B01-2014 design capacities. These are planning defaults, not measured capacities:
    /// motorway 2,000, trunk 1,800, primary 1,600, secondary 1,200, tertiary 900, unclassified 600,
    /// residential 600, living_street 300, service 300, other 600, connector 600.
    public var defaultCapacityPerLanePerHour: Double {
        switch self {
        case .motorway: return 2000
        case .trunk: return 1800
        case .primary: return 1600
        case .secondary: return 1200
        case .tertiary: return 900
        case .unclassified, .residential, .other, .connector: return 600
        case .livingStreet, .service: return 300
        }
    }

    /// Lanes per direction assumed when a link does not say: 2 on motorways and trunk roads, else 1.
    public var defaultLanesPerDirection: Int {
        switch self {
        case .motorway, .trunk: return 2
        default: return 1
        }
    }
}

/// Per-class speed and capacity defaults, overridable (manifest `default_speeds_kmh`, `capacity_per_lane`).
public struct RoadClassDefaults: Sendable, Equatable {
    public var speedKmh: [RoadClass: Double]
    public var capacityPerLanePerHour: [RoadClass: Double]

    public init(speedKmh: [RoadClass: Double] = [:], capacityPerLanePerHour: [RoadClass: Double] = [:]) {
        var s: [RoadClass: Double] = [:], c: [RoadClass: Double] = [:]
        for rc in RoadClass.allCases { s[rc] = rc.defaultSpeedKmh; c[rc] = rc.defaultCapacityPerLanePerHour }
        for (k, v) in speedKmh { s[k] = v }
        for (k, v) in capacityPerLanePerHour { c[k] = v }
        self.speedKmh = s
        self.capacityPerLanePerHour = c
    }

    public func speed(_ c: RoadClass) -> Double { speedKmh[c] ?? c.defaultSpeedKmh }
    public func capacityPerLane(_ c: RoadClass) -> Double { capacityPerLanePerHour[c] ?? c.defaultCapacityPerLanePerHour }
}
