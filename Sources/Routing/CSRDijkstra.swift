import Network

/// One-to-all Dijkstra over compressed-sparse-row arrays (`firstOut` n + 1, `head` and `weight` one per arc),
/// with whole-number UInt32 costs: the engine of `StreetSearch` (millimetres) and `RoadSearch` (milliseconds).
///
/// Reusable scratch: a cost is valid only where a per-node stamp equals the current run's, so starting a run
/// costs O(1) and the work is proportional to the nodes touched (RoutingKit style). The queue is a
/// `QuaternaryHeap` of `cost << 32 | node` keys with lazy deletion. The graph arrays are passed to each run as
/// plain arrays, so the inner loop has no closures or protocol calls. Not thread-safe: one per task.
final class CSRDijkstra<Node: DenseID> {
    let nodeCount: Int
    private var cost: [UInt32]
    private var stamp: [UInt32]
    private var currentStamp: UInt32 = 0
    private var heap = QuaternaryHeap()
    /// Nodes reached by the last run, in the order they were settled (cheapest first).
    private(set) var reachedNodes: [Node] = []

    init(nodeCount: Int) {
        self.nodeCount = nodeCount
        cost = [UInt32](repeating: .max, count: nodeCount)
        stamp = [UInt32](repeating: 0, count: nodeCount)
    }

    /// Runs from several nodes with initial costs; nodes costing more than `maxCost` stay unreached.
    func run(firstOut: [UInt32], head: [UInt32], weight: [UInt32], sources: [(node: Node, cost: UInt32)],
             maxCost: UInt32) {
        precondition(firstOut.count == nodeCount + 1 && weight.count == head.count, "CSR arrays of this graph")
        let bound = min(maxCost, UInt32.max - 1)
        currentStamp &+= 1
        if currentStamp == 0 {  // wrapped: clear once every 2^32 runs
            for i in stamp.indices { stamp[i] = 0 }
            currentStamp = 1
        }
        let now = currentStamp
        heap.removeAll()
        reachedNodes.removeAll(keepingCapacity: true)
        for (node, c) in sources where c <= bound {
            precondition(node.index < nodeCount, "source node out of range")
            let v = node.index
            if stamp[v] != now || c < cost[v] {
                stamp[v] = now
                cost[v] = c
                heap.push(UInt64(c) << 32 | UInt64(v))
            }
        }
        firstOut.withUnsafeBufferPointer { firstOut in
        head.withUnsafeBufferPointer { head in
        weight.withUnsafeBufferPointer { weight in
        cost.withUnsafeMutableBufferPointer { best in
        stamp.withUnsafeMutableBufferPointer { stamps in
            while let top = heap.popMin() {
                let c = UInt32(truncatingIfNeeded: top >> 32)
                let v = Int(UInt32(truncatingIfNeeded: top))
                if c != best[v] { continue }  // stale entry
                // A node is pushed twice with one cost only if improved to that value twice, which strict
                // improvement rules out: it is settled (appended) once.
                reachedNodes.append(Node(rawValue: UInt32(v)))
                var a = Int(firstOut[v])
                let end = Int(firstOut[v + 1])
                while a < end {
                    let w = Int(head[a])
                    let nc64 = UInt64(c) + UInt64(weight[a])
                    if nc64 <= UInt64(bound) {
                        let nc = UInt32(nc64)
                        if stamps[w] != now || nc < best[w] {
                            stamps[w] = now
                            best[w] = nc
                            heap.push(UInt64(nc) << 32 | UInt64(w))
                        }
                    }
                    a += 1
                }
            }
        }}}}}
    }

    /// Cost of a node in the last run, or nil when unreached.
    func cost(of node: Node) -> UInt32? {
        stamp[node.index] == currentStamp && currentStamp != 0 ? cost[node.index] : nil
    }

    /// Costs of every node in the last run; `UInt32.max` where unreached.
    func allCosts() -> [UInt32] {
        var out = [UInt32](repeating: .max, count: nodeCount)
        for v in reachedNodes { out[v.index] = cost[v.index] }
        return out
    }
}
