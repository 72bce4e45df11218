import Network

/// One-to-all shortest walking distances on a `StreetGraph` (`CSRDijkstra` on the arc lengths).
///
/// Reusable scratch: a run costs what it touches. Distances are whole millimetres (UInt32), bounded by
/// `maxDistanceMillimeters`. Not thread-safe: use one instance per task.
public final class StreetSearch {
    public let graph: StreetGraph
    private let dijkstra: CSRDijkstra<StreetNodeID>
    /// Nodes reached by the last run, in the order they were settled (nearest first).
    public var reachedNodes: [StreetNodeID] { dijkstra.reachedNodes }

    public init(graph: StreetGraph) {
        self.graph = graph
        dijkstra = CSRDijkstra(nodeCount: graph.nodeCount)
    }

    /// Runs from one node.
    public func run(from source: StreetNodeID, maxDistanceMillimeters: UInt32 = .max - 1) {
        run(sources: [(source, 0)], maxDistanceMillimeters: maxDistanceMillimeters)
    }

    /// Runs from several nodes with initial distances (e.g. a point snapped between two nodes).
    /// Nodes farther than `maxDistanceMillimeters` stay unreached.
    public func run(sources: [(node: StreetNodeID, distanceMillimeters: UInt32)],
                    maxDistanceMillimeters: UInt32 = .max - 1) {
        dijkstra.run(firstOut: graph.firstOut, head: graph.head, weight: graph.lengthMillimeters,
                     sources: sources.map { ($0.node, $0.distanceMillimeters) }, maxCost: maxDistanceMillimeters)
    }

    /// Distance of a node in the last run, or nil when unreached.
    public func distanceMillimeters(to node: StreetNodeID) -> UInt32? { dijkstra.cost(of: node) }

    /// Distances of every node in the last run; `UInt32.max` where unreached.
    public func allDistancesMillimeters() -> [UInt32] { dijkstra.allCosts() }
}
