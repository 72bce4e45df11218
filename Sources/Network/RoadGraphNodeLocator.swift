import GeoCore

/// Snaps positions to road-graph nodes (nearest node by great-circle distance) with a grid index built once.
/// By default only nodes with a leaving arc are candidates, so a drive can start there (a node reached only
/// by one-way arcs would give an empty search).
public struct RoadNodeLocator: Sendable {
    private let grid: PointGrid
    private let candidates: [Int]

    public init(graph: RoadGraph, requireOutgoingArc: Bool = true, cellMeters: Double = 250) {
        var nodes: [Int] = []
        for v in 0..<graph.nodeCount where !requireOutgoingArc || graph.firstOut[v] < graph.firstOut[v + 1] { nodes.append(v) }
        candidates = nodes
        grid = PointGrid(longitudes: nodes.map { Double(graph.longitudeE7[$0]) / 1e7 },
                         latitudes: nodes.map { Double(graph.latitudeE7[$0]) / 1e7 }, cellMeters: cellMeters)
    }

    /// The nearest candidate node within `maxMeters` and its distance, or nil.
    public func nearest(to c: Coordinate, maxMeters: Double = 1000) -> (node: RoadNodeID, meters: Double)? {
        grid.nearest(to: c, within: maxMeters).map { (RoadNodeID(candidates[$0.index]), $0.meters) }
    }
}
