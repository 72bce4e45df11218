import GeoCore
import Network

/// What kind of OSM object a rail station record comes from.
public enum OSMRailStationKind: String, Sendable, Hashable {
    /// railway=station
    case station
    /// railway=halt
    case halt
    /// railway=tram_stop
    case tramStop = "tram_stop"
    /// public_transport=station with a rail mode tag, not railway=station/halt
    case publicTransportStation = "public_transport_station"
    /// public_transport=stop_position with a rail mode tag
    case stopPosition = "stop_position"
    /// public_transport=platform with a rail mode tag
    case platform
}

/// A rail station, halt, stop position or platform, with a guessed tier and the reason for the guess.
public struct OSMRailStation: Sendable, Hashable {
    public var osmID: Int64
    public var osmType: OSMElementType
    public var kind: OSMRailStationKind
    /// `name`, or "" when the object has none.
    public var name: String
    /// The node's position, or the mean of a way's node positions.
    public var coordinate: Coordinate
    public var tier: Tier
    public var tierReason: String
    /// All tags of the object.
    public var tags: [String: String]
}

/// A railway line piece (one OSM way) with its geometry.
public struct OSMRailLine: Sendable, Hashable {
    public var osmID: Int64
    /// rail, subway, light_rail, tram or narrow_gauge.
    public var railway: String
    /// `usage` (main, branch, industrial, …) and `service` (yard, siding, spur, crossover) when tagged.
    public var usage: String?
    public var service: String?
    public var name: String?
    public var ref: String?
    /// Positions of the way's nodes that are present in the file, in order.
    public var coordinates: [Coordinate]
}

/// A rail route relation (route=train/subway/light_rail/tram/monorail).
public struct OSMRailRoute: Sendable, Hashable {
    public var osmID: Int64
    public var route: String
    public var name: String?
    public var ref: String?
    /// `service` tag (long_distance, regional, commuter, …) when present.
    public var service: String?
    public var tier: Tier
    public var tierReason: String
    /// Node members (stops, platforms, stations), in order.
    public var nodeMemberIDs: [Int64]
    /// Way members (track, platforms), in order.
    public var wayMemberIDs: [Int64]
}
