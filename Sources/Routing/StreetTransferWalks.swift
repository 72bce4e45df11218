import Network

/// `TransferWalking` on a street graph: Dijkstra from a stop's linked node, each stop linked to a reached node
/// costing street distance + both link distances (the `AccessSearch` rule). Holds reusable scratch (one
/// `StreetSearch`): not thread-safe, one instance per task.
public final class StreetTransferWalks: TransferWalking {
    private let links: StopStreetLinks
    private let search: StreetSearch
    /// CSR: stops linked to street node v are `linkedStops[linkStart[v] ..< linkStart[v + 1]]`.
    private let linkStart: [UInt32]
    private let linkedStops: [UInt32]

    /// `links` has one entry per stop of the transit input (`StopStreetLinks.compute(coordinates:…)`).
    public init(streets: StreetGraph, links: StopStreetLinks) {
        self.links = links
        search = StreetSearch(graph: streets)
        var start = [UInt32](repeating: 0, count: streets.nodeCount + 1)
        for s in links.nodes.indices { if let v = links.node(of: StopID(s)) { start[v.index + 1] += 1 } }
        for v in 0..<streets.nodeCount { start[v + 1] += start[v] }
        var cursor = start
        var stops = [UInt32](repeating: 0, count: Int(start[streets.nodeCount]))
        for s in links.nodes.indices {
            if let v = links.node(of: StopID(s)) { stops[Int(cursor[v.index])] = UInt32(s); cursor[v.index] += 1 }
        }
        linkStart = start; linkedStops = stops
    }

    public func walkedMillimeters(from stop: Int, maxMillimeters: UInt32) -> [Int: UInt32] {
        guard let node = links.node(of: StopID(stop)) else { return [:] }
        let own = links.distanceMillimeters[stop]
        guard own <= maxMillimeters else { return [:] }
        search.run(sources: [(node, own)], maxDistanceMillimeters: maxMillimeters)
        var result: [Int: UInt32] = [:]
        for v in search.reachedNodes {
            guard let d = search.distanceMillimeters(to: v) else { continue }
            for k in Int(linkStart[v.index]) ..< Int(linkStart[v.index + 1]) {
                let s = Int(linkedStops[k])
                guard s != stop else { continue }
                let total = UInt64(d) + UInt64(links.distanceMillimeters[s])
                if total <= UInt64(maxMillimeters) { result[s] = UInt32(total) }
            }
        }
        return result
    }
}
