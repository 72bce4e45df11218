import Network

/// How a GeoJSON road layer is read: which properties hold which attribute, the node snapping tolerance and
/// the per-class defaults. Every property is optional in the data; a missing one falls back to the default.
///
/// Defaults fit AequilibraE/TransCAD-style link tables (`link_id`, `a_node`/`b_node`, `direction`,
/// `speed_ab`/`speed_ba`, `lanes_ab`/`lanes_ba`, `capacity_ab`/`capacity_ba`, `link_type`) and OSM-style
/// exports (`highway`, `oneway`, `maxspeed`, `lanes`).
public struct RoadLayerOptions: Sendable, Equatable {
    /// Link end positions closer than this (metres) become one node. Default 0.25 m: GIS links that meet
    /// share positions to the centimetre, while distinct nodes can be well under a metre apart (the
    /// Coquimbo layer has two distinct OSM nodes 0.47 m apart, which 0.5 m would merge).
    public var snapToleranceMeters: Double = 0.25
    /// Property names tried in order; the first present (non-null) value wins.
    public var keyProperties = ["link_id", "id", "osm_id"]
    public var nameProperties = ["name", "ref"]
    public var classProperties = ["link_type", "highway", "class", "fclass"]
    /// Numeric direction: 1 = drawn direction (a → b) only, 0 = both, -1 = against it (b → a) only.
    public var directionProperties = ["direction", "dir"]
    /// OSM-style one-way text: yes/true/1, -1/reverse, no/false/0.
    public var onewayProperties = ["oneway"]
    public var speedForwardProperties = ["speed_ab", "maxspeed:forward"]
    public var speedBackwardProperties = ["speed_ba", "maxspeed:backward"]
    /// Speed for both directions (number in km/h, or OSM text such as "30 mph").
    public var speedProperties = ["speed", "maxspeed", "speed_kmh"]
    public var lanesForwardProperties = ["lanes_ab", "lanes:forward"]
    public var lanesBackwardProperties = ["lanes_ba", "lanes:backward"]
    /// Total lanes of the link: all of them for a one-way link, half (rounded down, at least 1) per direction
    /// for a two-way link.
    public var lanesProperties = ["lanes"]
    public var capacityForwardProperties = ["capacity_ab"]
    public var capacityBackwardProperties = ["capacity_ba"]
    /// Capacity (vehicles/hour) of each direction.
    public var capacityProperties = ["capacity"]
    public var classDefaults = RoadClassDefaults()

    public init() {}

    /// The manifest's `properties` keys and which option each sets.
    public static let propertyRoles = ["key", "name", "class", "direction", "oneway", "speed", "speed_ab", "speed_ba",
                                       "lanes", "lanes_ab", "lanes_ba", "capacity", "capacity_ab", "capacity_ba"]

    /// Sets the property name for a role of `propertyRoles` (replacing the defaults for that role);
    /// false for an unknown role.
    public mutating func setProperty(role: String, to name: String) -> Bool {
        switch role {
        case "key": keyProperties = [name]
        case "name": nameProperties = [name]
        case "class": classProperties = [name]
        case "direction": directionProperties = [name]
        case "oneway": onewayProperties = [name]
        case "speed": speedProperties = [name]
        case "speed_ab": speedForwardProperties = [name]
        case "speed_ba": speedBackwardProperties = [name]
        case "lanes": lanesProperties = [name]
        case "lanes_ab": lanesForwardProperties = [name]
        case "lanes_ba": lanesBackwardProperties = [name]
        case "capacity": capacityProperties = [name]
        case "capacity_ab": capacityForwardProperties = [name]
        case "capacity_ba": capacityBackwardProperties = [name]
        default: return false
        }
        return true
    }
}
