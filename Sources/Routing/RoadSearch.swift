import GeoCore
import Network

/// One-to-all free-flow driving times on a `RoadGraph` (Dijkstra on arc travel times; one-way links are
/// followed only in their direction). Reusable scratch like `StreetSearch`: a per-node stamp marks the
/// values of the current run, so a run costs what it touches. Times are whole milliseconds. Not
/// thread-safe: use one instance per task.
public final class RoadSearch {
    public let graph: RoadGraph
    private var time: [UInt32]
    private var stamp: [UInt32]
    private var currentStamp: UInt32 = 0
    private var heap = QuaternaryHeap()
    /// Nodes reached by the last run, in the order they were settled (quickest first).
    public private(set) var reachedNodes: [RoadNodeID] = []

    public init(graph: RoadGraph) {
        self.graph = graph
        time = [UInt32](repeating: .max, count: graph.nodeCount)
        stamp = [UInt32](repeating: 0, count: graph.nodeCount)
    }

    /// Runs from one node; nodes slower than `maxTravelTimeMilliseconds` stay unreached.
    public func run(from source: RoadNodeID, maxTravelTimeMilliseconds: UInt32 = .max - 1) {
        run(sources: [(source, 0)], maxTravelTimeMilliseconds: maxTravelTimeMilliseconds)
    }

    /// Runs from several nodes with initial times (e.g. the drive from a snapped point to its node).
    public func run(sources: [(node: RoadNodeID, travelTimeMilliseconds: UInt32)],
                    maxTravelTimeMilliseconds: UInt32 = .max - 1) {
        let bound = min(maxTravelTimeMilliseconds, UInt32.max - 1)
        currentStamp &+= 1
        if currentStamp == 0 {
            for i in stamp.indices { stamp[i] = 0 }
            currentStamp = 1
        }
        let now = currentStamp
        heap.removeAll()
        reachedNodes.removeAll(keepingCapacity: true)
        for (node, t) in sources where t <= bound {
            precondition(node.index < graph.nodeCount, "source node out of range")
            let v = node.index
            if stamp[v] != now || t < time[v] {
                stamp[v] = now
                time[v] = t
                heap.push(UInt64(t) << 32 | UInt64(v))
            }
        }
        graph.firstOut.withUnsafeBufferPointer { firstOut in
        graph.head.withUnsafeBufferPointer { head in
        graph.travelTimeMilliseconds.withUnsafeBufferPointer { cost in
        time.withUnsafeMutableBufferPointer { best in
        stamp.withUnsafeMutableBufferPointer { stamps in
            while let top = heap.popMin() {
                let t = UInt32(truncatingIfNeeded: top >> 32)
                let v = Int(UInt32(truncatingIfNeeded: top))
                if t != best[v] { continue }  // stale entry
                reachedNodes.append(RoadNodeID(rawValue: UInt32(v)))
                var a = Int(firstOut[v])
                let end = Int(firstOut[v + 1])
                while a < end {
                    let w = Int(head[a])
                    let nt64 = UInt64(t) + UInt64(cost[a])
                    if nt64 <= UInt64(bound) {
                        let nt = UInt32(nt64)
                        if stamps[w] != now || nt < best[w] {
                            stamps[w] = now
                            best[w] = nt
                            heap.push(UInt64(nt) << 32 | UInt64(w))
                        }
                    }
                    a += 1
                }
            }
        }}}}}
    }

    /// Driving time to a node in the last run, or nil when unreached.
    public func travelTimeMilliseconds(to node: RoadNodeID) -> UInt32? {
        stamp[node.index] == currentStamp && currentStamp != 0 ? time[node.index] : nil
    }

    /// Times of every node in the last run; `UInt32.max` where unreached.
    public func allTravelTimesMilliseconds() -> [UInt32] {
        var out = [UInt32](repeating: .max, count: graph.nodeCount)
        for v in reachedNodes { out[v.index] = time[v.index] }
        return out
    }
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
