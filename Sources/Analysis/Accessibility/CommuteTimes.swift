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
        // Outbound: one range-RAPTOR from the core; each point reads its times from it while it is prepared
        // (`TravelTimeResult.travelTimesSeconds`: egress after a ride, the direct trip, the longest trip).
        let coreResult = direction == .outbound ? coreQuery.run(from: coreEnd) : nil
        // Per point: inbound, its access stops and its direct trip to the core; outbound, its times.
        let prepared = Mutex([(stops: [StopAccess], direct: Int32?, times: [Int32])](repeating: ([], nil, []), count: points.count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let query = TravelTimeQuery(network: network, parameters: travel)
            var local: [(Int, [StopAccess], Int32?, [Int32])] = []
            for k in stride(from: w, to: points.count, by: workers) {
                if let coreResult {
                    local.append((k, [], nil, coreResult.travelTimesSeconds(to: query.endpoint(at: points[k], role: .destination))))
                } else {
                    let end = query.endpoint(at: points[k], role: .origin)
                    local.append((k, end.stops, end.directSeconds(to: coreEnd), []))
                }
            }
            prepared.withLock { all in for (k, stops, direct, times) in local { all[k] = (stops, direct, times) } }
        }
        let ends = prepared.withLock { $0 }
        if direction == .outbound { return ends.map(\.times) }
        let longestAccess = ends.lazy.flatMap(\.stops).map(\.seconds).max() ?? 0
        let last = travel.firstDepartureSeconds + Int32(windowMinutes - 1) * 60 + longestAccess
        let profiles = StopProfiles(transit: network.transit, parameters: travel.raptorParameters(for: network),
                                    targets: coreEnd.stops, spanSeconds: travel.firstDepartureSeconds ... last,
                                    threads: threads, maxTripSeconds: travel.maxTripSeconds)
        return ends.map { end in
            travel.capped(profiles.travelTimesSeconds(access: end.stops, directSeconds: end.direct,
                                                      firstDepartureSeconds: travel.firstDepartureSeconds,
                                                      windowMinutes: windowMinutes))
        }
    }
}
