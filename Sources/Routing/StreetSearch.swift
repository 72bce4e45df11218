import Network

/// One-to-all shortest walking distances on a `StreetGraph` (Dijkstra over the CSR arrays).
///
/// The object is reusable scratch: distances are valid only where a per-node stamp equals the current run's,
/// so starting a run costs O(1) and the work is proportional to the nodes touched (RoutingKit style).
/// Distances are whole millimetres (UInt32), bounded by `maxDistanceMillimeters`. Not thread-safe: use one
/// instance per task.
public final class StreetSearch {
    public let graph: StreetGraph
    private var distance: [UInt32]
    private var stamp: [UInt32]
    private var currentStamp: UInt32 = 0
    private var heap = QuaternaryHeap()
    /// Nodes reached by the last run, in the order they were settled (nearest first).
    public private(set) var reachedNodes: [StreetNodeID] = []

    public init(graph: StreetGraph) {
        self.graph = graph
        distance = [UInt32](repeating: .max, count: graph.nodeCount)
        stamp = [UInt32](repeating: 0, count: graph.nodeCount)
    }

    /// Runs from one node.
    public func run(from source: StreetNodeID, maxDistanceMillimeters: UInt32 = .max - 1) {
        run(sources: [(source, 0)], maxDistanceMillimeters: maxDistanceMillimeters)
    }

    /// Runs from several nodes with initial distances (e.g. a point snapped between two nodes).
    /// Nodes farther than `maxDistanceMillimeters` stay unreached.
    public func run(sources: [(node: StreetNodeID, distanceMillimeters: UInt32)],
                    maxDistanceMillimeters: UInt32 = .max - 1) {
        let bound = min(maxDistanceMillimeters, UInt32.max - 1)
        currentStamp &+= 1
        if currentStamp == 0 {  // wrapped: clear once every 2^32 runs
            for i in stamp.indices { stamp[i] = 0 }
            currentStamp = 1
        }
        let now = currentStamp
        heap.removeAll()
        reachedNodes.removeAll(keepingCapacity: true)
        for (node, d) in sources where d <= bound {
            precondition(node.index < graph.nodeCount, "source node out of range")
            let v = node.index
            if stamp[v] != now || d < distance[v] {
                stamp[v] = now
                distance[v] = d
                heap.push(UInt64(d) << 32 | UInt64(v))
            }
        }
        graph.firstOut.withUnsafeBufferPointer { firstOut in
        graph.head.withUnsafeBufferPointer { head in
        graph.lengthMillimeters.withUnsafeBufferPointer { length in
        distance.withUnsafeMutableBufferPointer { dist in
        stamp.withUnsafeMutableBufferPointer { stamps in
            while let top = heap.popMin() {
                let d = UInt32(truncatingIfNeeded: top >> 32)
                let v = Int(UInt32(truncatingIfNeeded: top))
                if d != dist[v] { continue }  // stale entry
                // A node can be pushed twice with the same distance only if it was improved to that value
                // twice, which cannot happen (strict improvement); mark settled by appending once.
                reachedNodes.append(StreetNodeID(rawValue: UInt32(v)))
                var a = Int(firstOut[v])
                let end = Int(firstOut[v + 1])
                while a < end {
                    let w = Int(head[a])
                    let nd64 = UInt64(d) + UInt64(length[a])
                    if nd64 <= UInt64(bound) {
                        let nd = UInt32(nd64)
                        if stamps[w] != now || nd < dist[w] {
                            stamps[w] = now
                            dist[w] = nd
                            heap.push(UInt64(nd) << 32 | UInt64(w))
                        }
                    }
                    a += 1
                }
            }
        }}}}}
    }

    /// Distance of a node in the last run, or nil when unreached.
    public func distanceMillimeters(to node: StreetNodeID) -> UInt32? {
        stamp[node.index] == currentStamp && currentStamp != 0 ? distance[node.index] : nil
    }

    /// Distances of every node in the last run; `UInt32.max` where unreached.
    public func allDistancesMillimeters() -> [UInt32] {
        var out = [UInt32](repeating: .max, count: graph.nodeCount)
        for v in reachedNodes { out[v.index] = distance[v.index] }
        return out
    }
}
