import GeoCore
import Network

/// One-to-all free-flow driving times on a `RoadGraph` (`CSRDijkstra` on arc travel times; one-way links are
/// followed only in their direction). Reusable scratch: a run costs what it touches. Times are whole
/// milliseconds. Not thread-safe: use one instance per task.
public final class RoadSearch {
    public let graph: RoadGraph
    private let dijkstra: CSRDijkstra<RoadNodeID>
    /// Nodes reached by the last run, in the order they were settled (quickest first).
    public var reachedNodes: [RoadNodeID] { dijkstra.reachedNodes }

    public init(graph: RoadGraph) {
        self.graph = graph
        dijkstra = CSRDijkstra(nodeCount: graph.nodeCount)
    }

    /// Runs from one node; nodes slower than `maxTravelTimeMilliseconds` stay unreached.
    public func run(from source: RoadNodeID, maxTravelTimeMilliseconds: UInt32 = .max - 1) {
        run(sources: [(source, 0)], maxTravelTimeMilliseconds: maxTravelTimeMilliseconds)
    }

    /// Runs from several nodes with initial times (e.g. the drive from a snapped point to its node).
    public func run(sources: [(node: RoadNodeID, travelTimeMilliseconds: UInt32)],
                    maxTravelTimeMilliseconds: UInt32 = .max - 1) {
        dijkstra.run(firstOut: graph.firstOut, head: graph.head, weight: graph.travelTimeMilliseconds,
                     sources: sources.map { ($0.node, $0.travelTimeMilliseconds) }, maxCost: maxTravelTimeMilliseconds)
    }

    /// Driving time to a node in the last run, or nil when unreached.
    public func travelTimeMilliseconds(to node: RoadNodeID) -> UInt32? { dijkstra.cost(of: node) }

    /// Times of every node in the last run; `UInt32.max` where unreached.
    public func allTravelTimesMilliseconds() -> [UInt32] { dijkstra.allCosts() }
}

/// Driving one-to-all from a position: snaps it to the nearest road node that a drive can start from
/// (`RoadNodeLocator`) and runs `RoadSearch`. The access leg from the position to the node is not timed
/// (it is reported as `snapMeters` for the caller to add at its own walking or driving speed).
public struct DrivingTravelTimes: Sendable {
    public var origin: RoadNodeID
    public var snapMeters: Double
    /// Milliseconds per road node; `UInt32.max` where unreached within the limit.
    public var travelTimeMilliseconds: [UInt32]

    /// Nil when no road node lies within `maxSnapMeters` of `position`.
    public static func compute(graph: RoadGraph, locator: RoadNodeLocator, from position: Coordinate,
                               maxSnapMeters: Double = 1000,
                               maxTravelTimeMilliseconds: UInt32 = .max - 1) -> DrivingTravelTimes? {
        guard let (node, meters) = locator.nearest(to: position, maxMeters: maxSnapMeters) else { return nil }
        let search = RoadSearch(graph: graph)
        search.run(from: node, maxTravelTimeMilliseconds: maxTravelTimeMilliseconds)
        return DrivingTravelTimes(origin: node, snapMeters: meters, travelTimeMilliseconds: search.allTravelTimesMilliseconds())
    }
}
