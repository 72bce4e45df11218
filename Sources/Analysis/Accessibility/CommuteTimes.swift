import Dispatch
import GeoCore
import Network
import Routing
import Synchronization

/// Which way a commute goes relative to the core.
public enum CommuteDirection: String, Sendable, Equatable, CaseIterable {
    /// From every point to the core (the morning commute): one profile per stop, `StopProfiles`.
    case inbound
    /// From the core to every point (the evening return): one range-RAPTOR from the core.
    case outbound
}

/// Door-to-door transit times between many points and one core over a departure window, per point and
/// departure minute, longer than `TravelTimeParameters.maxTripSeconds` counted unreachable.
///
/// Inbound, every point's access stops are combined with per-stop profiles towards the core's egress stops
/// (exactly what a multi-origin range-RAPTOR per point gives; see `StopProfiles`), so the cost grows with the
/// stops and their departures, not with the points. Outbound, one range-RAPTOR runs from the core and each point
/// takes its best egress stop. Access and egress use the profile's modes (`TravelTimeParameters.profile`); the
/// direct trip between point and core (walking or a feeder mode without transit) counts both ways.
public enum CommuteTimes {
    public static func transit(network: BuiltNetwork, core: Place, points: [Coordinate], travel: TravelTimeParameters,
                               direction: CommuteDirection, threads: Int) -> [[Int32]] {
        let workers = max(1, min(threads, points.count))
        let coreQuery = TravelTimeQuery(network: network, parameters: travel)
        let coreEnd = coreQuery.endpoint(at: core.coordinate, stationStops: core.stops,
                                         role: direction == .inbound ? .destination : .origin)
        let windowMinutes = travel.windowMinutes
        // Per point: access stops (or egress stops, outbound) and the direct walk to or from the core.
        let prepared = Mutex([(stops: [StopAccess], direct: Int32?)](repeating: ([], nil), count: points.count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let query = TravelTimeQuery(network: network, parameters: travel)
            var local: [(Int, [StopAccess], Int32?)] = []
            for k in stride(from: w, to: points.count, by: workers) {
                let end = query.endpoint(at: points[k], role: direction == .inbound ? .origin : .destination)
                let direct = direction == .inbound ? end.directSeconds(to: coreEnd) : coreEnd.directSeconds(to: end)
                local.append((k, end.stops, direct))
            }
            prepared.withLock { all in for (k, stops, direct) in local { all[k] = (stops, direct) } }
        }
        let ends = prepared.withLock { $0 }
        var out = [[Int32]](repeating: [], count: points.count)
        switch direction {
        case .inbound:
            let longestAccess = ends.lazy.flatMap(\.stops).map(\.seconds).max() ?? 0
            let last = travel.firstDepartureSeconds + Int32(windowMinutes - 1) * 60 + longestAccess
            let profiles = StopProfiles(transit: network.transit, parameters: travel.raptorParameters(for: network),
                                        targets: coreEnd.stops, spanSeconds: travel.firstDepartureSeconds ... last,
                                        threads: threads, maxTripSeconds: travel.maxTripSeconds)
            for k in points.indices {
                out[k] = travel.capped(profiles.travelTimesSeconds(
                    access: ends[k].stops, directSeconds: ends[k].direct,
                    firstDepartureSeconds: travel.firstDepartureSeconds, windowMinutes: windowMinutes))
            }
        case .outbound:
            let result = coreQuery.run(from: coreEnd)
            let arrivals = result.arrivals
            for k in points.indices {
                var times = [Int32](repeating: ends[k].direct ?? RangeRaptorResult.unreachable, count: windowMinutes)
                for e in ends[k].stops {
                    for m in 0..<windowMinutes {
                        guard let a = arrivals.arrivalSeconds(at: e.stop, minute: m) else { continue }
                        let t = a + e.seconds - arrivals.departureSeconds(minute: m)
                        if t < times[m] { times[m] = t }
                    }
                }
                out[k] = travel.capped(times)
            }
        }
        return out
    }
}
