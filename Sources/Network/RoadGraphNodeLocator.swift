import GeoCore

/// Snaps positions to road-graph nodes (nearest node by great-circle distance) with a grid index built once.
/// By default only nodes with a leaving arc are candidates, so a drive can start there (a node reached only
/// by one-way arcs would give an empty search); `.incomingArc` keeps the nodes a drive can end at.
public struct RoadNodeLocator: Sendable {
    /// Which nodes are candidates.
    public enum Requirement: Sendable {
        case anyNode
        /// At least one arc leaves the node (a drive can start there).
        case outgoingArc
        /// At least one arc enters the node (a drive can end there).
        case incomingArc
    }

    private let grid: PointGrid
    private let candidates: [Int]

    public init(graph: RoadGraph, requireOutgoingArc: Bool = true, cellMeters: Double = 250) {
        self.init(graph: graph, requiring: requireOutgoingArc ? .outgoingArc : .anyNode, cellMeters: cellMeters)
    }

    public init(graph: RoadGraph, requiring requirement: Requirement, cellMeters: Double = 250) {
        var keep = [Bool](repeating: requirement == .anyNode, count: graph.nodeCount)
        switch requirement {
        case .anyNode: break
        case .outgoingArc: for v in 0..<graph.nodeCount where graph.firstOut[v] < graph.firstOut[v + 1] { keep[v] = true }
        case .incomingArc: for h in graph.head { keep[Int(h)] = true }
        }
        let nodes = (0..<graph.nodeCount).filter { keep[$0] }
        candidates = nodes
        grid = PointGrid(longitudes: nodes.map { Double(graph.longitudeE7[$0]) / 1e7 },
                         latitudes: nodes.map { Double(graph.latitudeE7[$0]) / 1e7 }, cellMeters: cellMeters)
    }

    /// The nearest candidate node within `maxMeters` and its distance, or nil.
    public func nearest(to c: Coordinate, maxMeters: Double = 1000) -> (node: RoadNodeID, meters: Double)? {
        grid.nearest(to: c, within: maxMeters).map { (RoadNodeID(candidates[$0.index]), $0.meters) }
    }
}
