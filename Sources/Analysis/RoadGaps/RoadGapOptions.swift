import Network

/// Thresholds of the road-gap analysis (`RoadGapAnalysis`); every one has a documented default.
public struct RoadGapOptions: Sendable, Equatable {
    /// Lowest class analysed (dead ends, capacity drops): tertiary and above by default.
    public var minimumClass: RoadClass = .tertiary
    /// A dead end is reported when another road of similar class (same class or one step either way) passes
    /// within this distance. Default 500 m.
    public var maxGapMeters: Double = 500
    /// Dead ends within this distance of the edge of the road data's bounding box are not reported: the road
    /// most likely continues outside the extract. Default 200 m.
    public var edgeMarginMeters: Double = 200
    /// The nearby road counts as unconnected when driving there (shortest path on the road graph, either
    /// direction) is longer than this factor × the straight gap, or impossible. Default 3: a stub that
    /// meets the road a few metres away is connected; one that needs a long detour is a gap.
    public var detourFactor: Double = 3
    /// How many class steps "similar" allows. Default 1 (e.g. secondary matches primary, secondary, tertiary).
    public var classStepTolerance: Int = 1

    public init() {}
}
