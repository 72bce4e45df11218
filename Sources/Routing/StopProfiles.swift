import Dispatch
import Synchronization
import Network

/// Many-to-one travel: for every stop, the earliest arrival at one destination as a function of the time the
/// traveller is ready at that stop — the R5-style "propagation" step turned around for inbound commuting.
///
/// For origin stop s the profile is exact: every departure d from s in the span gives a ready time
/// r = d − board slack, and one RAPTOR run per ready time, latest first with the range property, gives
/// A_s(r). Ready at any time t, the traveller boards nothing before the first departure at or after
/// t + slack, so A_s(t) = A_s(r*) for the smallest profile ready time r* ≥ t. A point with access times
/// w(s) to several stops, leaving at time τ, arrives at min over s of A_s(τ + w(s)) — the same as one
/// multi-origin RAPTOR from the point (journeys start at one origin stop; rides, transfers and round limits
/// are the same), which `Tests/RoutingTests/StopProfileTests` checks on random networks. A destination is
/// reached by riding: an access leg never chains into an egress leg at a stop (the direct trip is separate).
///
/// Cost: one RAPTOR run per departure from each stop in the span, instead of one range-RAPTOR per point.
public struct StopProfiles: Sendable {
    /// Per stop, ready times ascending and the arrival at the destination for each (already the minimum over
    /// every later ready time).
    public let readySeconds: [[Int32]]
    public let arrivalSeconds: [[Int32]]
    /// Destination stops with their egress seconds.
    public let targets: [StopAccess]

    /// Profiles of every stop towards `targets`, for ready times in `spanSeconds` (the departure window
    /// widened by the longest access) and the first departure after it. `threads` RAPTOR engines run in parallel (stops split among them).
    /// `maxTripSeconds`: arrivals more than that after the ready time are not searched for (a point's trip is
    /// at least as long): they come out unreachable or late, to be capped by the caller.
    public init(transit: TransitLayer, parameters: RaptorParameters, targets: [StopAccess],
                spanSeconds: ClosedRange<Int32>, threads: Int = 1, maxTripSeconds: Int32? = nil) {
        let n = transit.stopCount
        let slack = parameters.boardSlackSeconds
        self.targets = targets
        // Ready times per stop: departures (at positions that have a next stop) within the span + slack, and the
        // first one after it (a traveller ready at the end of the span may wait for it).
        var ready = [[Int32]](repeating: [], count: n)
        for s in 0..<n {
            var times = Set<Int32>()
            var firstAfter = Int32.max
            for e in transit.patternEntries(at: StopID(s)) {
                let p = PatternID(Int(transit.stopPatterns[e]))
                let position = Int(transit.stopPatternPositions[e])
                guard position + 1 < transit.stopCount(of: p) else { continue }
                for trip in transit.trips(of: p) where transit.isActive(trip: trip) {
                    let d = transit.departureSeconds(trip: TripID(trip), position: position)
                    let r = d - slack
                    if spanSeconds.contains(r) { times.insert(r) }
                    else if r > spanSeconds.upperBound { firstAfter = min(firstAfter, r) }
                }
            }
            if firstAfter != .max { times.insert(firstAfter) }
            ready[s] = times.sorted()
        }
        let workers = max(1, min(threads, n))
        let results = Mutex([[Int32]](repeating: [], count: n))
        let readyTimes = ready
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let raptor = RangeRaptor(transit: transit, parameters: parameters)
            var s = w
            while s < n {
                let times = readyTimes[s]
                if !times.isEmpty {
                    let descending = Array(times.reversed())
                    let arrivals = raptor.arrivals(from: StopID(s), readySeconds: descending, targets: targets,
                                                   maxTripSeconds: maxTripSeconds)
                    let ascending = Array(arrivals.reversed())
                    results.withLock { $0[s] = ascending }
                }
                s += workers
            }
        }
        readySeconds = ready
        arrivalSeconds = results.withLock { $0 }
    }

    /// Earliest arrival at the destination when ready at `stop` at time `t`, riding at least once;
    /// `RangeRaptorResult.unreachable` when none.
    public func arrival(at stop: StopID, readyAt t: Int32) -> Int32 {
        let times = readySeconds[stop.index]
        var lo = 0, hi = times.count
        while lo < hi { let mid = (lo + hi) >> 1; if times[mid] >= t { hi = mid } else { lo = mid + 1 } }
        return lo < times.count ? arrivalSeconds[stop.index][lo] : RangeRaptorResult.unreachable
    }

    /// Per departure minute `first + 60·m`, the travel time from a point with `access` (stop, seconds) to the
    /// destination (the direct time `directSeconds` also counts); `RangeRaptorResult.unreachable` where none.
    public func travelTimesSeconds(access: [StopAccess], directSeconds: Int32?, firstDepartureSeconds: Int32,
                                   windowMinutes: Int) -> [Int32] {
        var out = [Int32](repeating: directSeconds ?? RangeRaptorResult.unreachable, count: windowMinutes)
        for a in access {
            let s = a.stop.index
            let times = readySeconds[s], arrivals = arrivalSeconds[s]
            // Ready times advance with the minute, so one forward pointer serves the whole window.
            var k = 0
            for m in 0..<windowMinutes {
                let departure = firstDepartureSeconds + Int32(m) * 60
                let t = departure + a.seconds
                while k < times.count && times[k] < t { k += 1 }
                guard k < times.count else { break }
                let best = arrivals[k]
                if best != RangeRaptorResult.unreachable && best - departure < out[m] { out[m] = best - departure }
            }
        }
        return out
    }
}
