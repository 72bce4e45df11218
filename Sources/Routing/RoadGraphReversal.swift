import Network

extension RoadGraph {
    /// The same graph with every arc turned round (transpose): a one-to-all search on it from a node gives the
    /// travel times from all nodes *to* that node. Arc columns follow their arcs; nodes and links are unchanged.
    public func reversed() -> RoadGraph {
        let n = nodeCount, m = arcCount
        var first = [UInt32](repeating: 0, count: n + 1)
        for h in head { first[Int(h) + 1] += 1 }
        for v in 0..<n { first[v + 1] += first[v] }
        var cursor = first
        var order = [Int](repeating: 0, count: m)
        var newHead = [UInt32](repeating: 0, count: m)
        for v in 0..<n {
            for a in Int(firstOut[v]) ..< Int(firstOut[v + 1]) {
                let w = Int(head[a])
                let slot = Int(cursor[w])
                cursor[w] += 1
                order[slot] = a
                newHead[slot] = UInt32(v)
            }
        }
        return RoadGraph(firstOut: first, head: newHead, lengthMillimeters: order.map { lengthMillimeters[$0] },
                         travelTimeMilliseconds: order.map { travelTimeMilliseconds[$0] },
                         roadClass: order.map { roadClass[$0] }, lanes: order.map { lanes[$0] },
                         capacityVehiclesPerHour: order.map { capacityVehiclesPerHour[$0] },
                         arcLink: order.map { arcLink[$0] }, longitudeE7: longitudeE7, latitudeE7: latitudeE7,
                         links: links)
    }
}
