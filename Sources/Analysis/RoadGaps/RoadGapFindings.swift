import GeoCore
import Network

/// A dead end of a significant road that stops near another road of similar class without meeting it
/// (断头路): from the dead end to the nearest point of that road.
public struct UnconnectedRoad: Sendable, Equatable {
    public var deadEnd: RoadNodeID
    public var deadEndCoordinate: Coordinate
    /// Nearest point on the other road.
    public var targetCoordinate: Coordinate
    public var gapMeters: Double
    public var classFrom: RoadClass
    public var classTo: RoadClass
    public var linkFrom: RoadLinkID
    public var linkTo: RoadLinkID
    /// Shortest road distance from the dead end to the target point, or nil when not reachable within
    /// `detourFactor × maxGapMeters`.
    public var networkMeters: Double?
    /// District (index into the network's districts) of each end, when inside one.
    public var districtFrom: Int?
    public var districtTo: Int?
    public var crossesBoundary: Bool { districtFrom != districtTo && (districtFrom != nil || districtTo != nil) }
}

/// A point where a road's capacity drops while it continues: fewer lanes or a lower class, at a node of
/// degree 2 or through a junction where the road of the same name continues.
public struct RoadCapacityDrop: Sendable, Equatable {
    public enum Kind: String, Sendable { case laneDrop = "lane_drop", classDrop = "class_drop" }
    public var kind: Kind
    public var node: RoadNodeID
    public var coordinate: Coordinate
    public var arcBefore: Int
    public var arcAfter: Int
    public var linkBefore: RoadLinkID
    public var linkAfter: RoadLinkID
    public var lanesBefore: Int
    public var lanesAfter: Int
    public var classBefore: RoadClass
    public var classAfter: RoadClass
    public var capacityBeforePerHour: Double
    public var capacityAfterPerHour: Double
    /// True at a degree-2 node; false through a junction (same name continues).
    public var atDegreeTwoNode: Bool
    public var district: Int?
    public var capacityDropPerHour: Double { max(0, capacityBeforePerHour - capacityAfterPerHour) }
}

/// The road links crossing the common border of two neighbouring districts and their capacity.
public struct DistrictBorderCrossings: Sendable, Equatable {
    /// District indices, `districtA < districtB`.
    public var districtA: Int
    public var districtB: Int
    /// Links with one end in each district (connectors excluded).
    public var links: [RoadLinkID]
    /// Where each crossing link meets the border (same order as `links`); for a pair with no crossing, one
    /// point of the common border.
    public var borderPoints: [Coordinate]
    public var capacityAToBPerHour: Double
    public var capacityBToAPerHour: Double
    public var crossings: Int { links.count }
    public var capacityPerHour: Double { capacityAToBPerHour + capacityBToAPerHour }
}

/// Everything `RoadGapAnalysis` finds, each list sorted by severity (most severe first).
public struct RoadGapFindings: Sendable {
    public var unconnected: [UnconnectedRoad]
    public var capacityDrops: [RoadCapacityDrop]
    public var borderCrossings: [DistrictBorderCrossings]
    /// Dead ends of significant roads seen, and how many were skipped near the data edge.
    public var deadEndsExamined: Int
    public var deadEndsNearEdge: Int
}
