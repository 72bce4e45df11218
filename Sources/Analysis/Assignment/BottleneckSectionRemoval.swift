import Network

/// Removes sections from a transit layer by cutting patterns there: every pattern running over a removed hop
/// is split into the parts before and after it (parts with fewer than two stops are dropped), and each of its
/// trips into the same parts (trip keys get "#1", "#2" … when split). Every other journey stays exactly
/// as it was, so travel times can only grow; a traveller who rode through the cut must now change or go around.
/// Stops, hubs, routes and transfers are unchanged, so stop ids stay valid.
public enum BottleneckSectionRemoval {
    /// `hops`: global hop indices (`patterns.stopStart[p] + i` for the hop from position i to i + 1).
    public static func transit(_ t: TransitLayer, cuttingHops hops: Set<Int>) -> TransitLayer {
        var stopStart: [UInt32] = [0], stops: [UInt32] = []
        var tripStart: [UInt32] = [0], stopTimeStart: [UInt32] = [0]
        var routes: [UInt32] = [], tiers: [UInt8] = []
        var arrivals: [Int32] = [], departures: [Int32] = []
        var tripKeys: [String] = [], tripNames: [String] = [], tripPatterns: [UInt32] = []
        var tripRoutes: [UInt32] = [], tripTiers: [UInt8] = []
        for p in 0..<t.patternCount where t.isActive(pattern: p) {
            let lo = Int(t.patterns.stopStart[p]), hi = Int(t.patterns.stopStart[p + 1])
            let n = hi - lo
            // Parts: position ranges between cuts.
            var parts: [Range<Int>] = []
            var first = 0
            for i in 0..<(n - 1) where hops.contains(lo + i) {
                parts.append(first..<(i + 1))
                first = i + 1
            }
            parts.append(first..<n)
            let kept = parts.filter { $0.count >= 2 }
            let split = parts.count > 1
            let base = Int(t.patterns.stopTimeStart[p])
            let trips = Int(t.patterns.tripStart[p]) ..< Int(t.patterns.tripStart[p + 1])
            // A scenario's closed trips are left out (the result has no activity columns).
            guard trips.contains(where: { t.isActive(trip: $0) }) else { continue }
            for (k, part) in kept.enumerated() {
                let pattern = UInt32(routes.count)
                stops.append(contentsOf: t.patterns.stops[(lo + part.lowerBound)..<(lo + part.upperBound)])
                stopStart.append(UInt32(stops.count))
                routes.append(t.patterns.routes[p]); tiers.append(t.patterns.tiers[p])
                for (row, trip) in trips.enumerated() where t.isActive(trip: trip) {
                    let rowBase = base + row * n
                    arrivals.append(contentsOf: t.patterns.arrivalSeconds[(rowBase + part.lowerBound)..<(rowBase + part.upperBound)])
                    departures.append(contentsOf: t.patterns.departureSeconds[(rowBase + part.lowerBound)..<(rowBase + part.upperBound)])
                    tripKeys.append(split ? "\(t.trips.keys[trip])#\(k + 1)" : t.trips.keys[trip])
                    tripNames.append(t.trips.names[trip]); tripPatterns.append(pattern)
                    tripRoutes.append(t.trips.routes[trip]); tripTiers.append(t.trips.tiers[trip])
                }
                tripStart.append(UInt32(tripKeys.count))
                stopTimeStart.append(UInt32(arrivals.count))
            }
        }
        return TransitLayer(
            stops: t.stops, hubs: t.hubs, routes: t.routes,
            patterns: TransitLayer.PatternTable(stopStart: stopStart, stops: stops, tripStart: tripStart,
                                                stopTimeStart: stopTimeStart, routes: routes, tiers: tiers,
                                                arrivalSeconds: arrivals, departureSeconds: departures),
            trips: TransitLayer.TripTable(keys: tripKeys, names: tripNames, patterns: tripPatterns, routes: tripRoutes,
                                          tiers: tripTiers),
            transfers: t.transfers)
    }
}
