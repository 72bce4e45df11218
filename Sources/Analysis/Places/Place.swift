import GeoCore
import Network

/// An origin or destination of an analysis: a point, a station (hub) or a district, resolved against a network
/// by `PlaceResolver`.
public struct Place: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// A longitude/latitude given directly or read from a points file.
        case point
        /// A station complex (hub): travel starts/ends at any of its stops without walking.
        case station
        /// A district, represented by one point inside its boundary (see `PlaceRepresentativePoint`).
        case district
    }

    /// Identifier written in outputs: the text the user gave, or the id column/property of a points file.
    public var id: String
    /// Display name: the hub's or district's name, or the id for points.
    public var name: String
    public var kind: Kind
    /// WGS-84 position used for walking: the point itself, the hub's main stop, or the district's point.
    public var coordinate: Coordinate
    /// Stops the place *is* (a hub's member stops, ascending); empty for points and districts.
    public var stops: [StopID]
    /// The hub, for stations.
    public var hub: HubID?
    /// Index into `BuiltNetwork.districts`, for districts.
    public var districtIndex: Int?

    public init(id: String, name: String, kind: Kind, coordinate: Coordinate, stops: [StopID] = [],
                hub: HubID? = nil, districtIndex: Int? = nil) {
        self.id = id; self.name = name; self.kind = kind; self.coordinate = coordinate; self.stops = stops
        self.hub = hub; self.districtIndex = districtIndex
    }
}
