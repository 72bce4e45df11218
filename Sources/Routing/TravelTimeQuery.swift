import GeoCore
import Network

/// Options of a travel-time query: the departure window, the reduction and the walking rules.
public struct TravelTimeParameters: Sendable, Equatable {
    /// Departure of minute 0, seconds after midnight of the network's service day.
    public var firstDepartureSeconds: Int32
    /// Departures every minute: `firstDepartureSeconds + 60·m` for m in 0..<windowMinutes (≥ 1).
    public var windowMinutes: Int
    /// Percentiles (0…100) of the per-minute travel times to report; 1 to `maxPercentileCount` values.
    public var percentiles: [Double]
    public var raptor: RaptorParameters
    public var access: AccessParameters
    /// When `raptor.sameStopChange` is nil, use the network's minimum transfer table for changes at one stop
    /// (rail ↔ rail 5 min, metro ↔ metro 2 min by default; docs/MODEL.md). False: board slack only (the
    /// model before 0.2.0).
    public var sameStopChangeFromNetwork: Bool
    /// Longest journey, seconds (default 120 min, `--max-trip`): a longer door-to-door time counts as
    /// unreachable for that departure minute, so hours of waiting never enter a median or a percentile.
    public var maxTripSeconds: Int32

    public static let defaultMaxTripSeconds: Int32 = 120 * 60

    /// As Conveyal R5: at most five percentiles per query.
    public static let maxPercentileCount = 5

    public init(firstDepartureSeconds: Int32, windowMinutes: Int = 60, percentiles: [Double] = [50],
                raptor: RaptorParameters = RaptorParameters(), access: AccessParameters = AccessParameters(),
                sameStopChangeFromNetwork: Bool = true, maxTripSeconds: Int32 = TravelTimeParameters.defaultMaxTripSeconds) {
        precondition(windowMinutes >= 1, "the window needs at least one minute")
        precondition(!percentiles.isEmpty && percentiles.count <= TravelTimeParameters.maxPercentileCount,
                     "1 to \(TravelTimeParameters.maxPercentileCount) percentiles")
        precondition(percentiles.allSatisfy { $0 >= 0 && $0 <= 100 }, "percentiles must be within 0…100")
        precondition(maxTripSeconds > 0, "the longest trip must be positive")
        self.firstDepartureSeconds = firstDepartureSeconds
        self.windowMinutes = windowMinutes
        self.percentiles = percentiles
        self.raptor = raptor
        self.access = access
        self.sameStopChangeFromNetwork = sameStopChangeFromNetwork
        self.maxTripSeconds = maxTripSeconds
    }

    /// `times` with every value above `maxTripSeconds` made unreachable.
    public func capped(_ times: [Int32]) -> [Int32] {
        times.map { $0 > maxTripSeconds ? RangeRaptorResult.unreachable : $0 }
    }

    /// The RAPTOR parameters for `network`, with its same-stop change table where `sameStopChangeFromNetwork`.
    public func raptorParameters(for network: BuiltNetwork) -> RaptorParameters {
        sameStopChangeFromNetwork ? raptor.withSameStopChange(of: network) : raptor
    }

    public func departureSeconds(minute: Int) -> Int32 { firstDepartureSeconds + Int32(minute) * 60 }
}

/// An origin or destination prepared for a query: a point, the stops it stands for (a station's stops, each
/// reached by walking from the station's point), and everything reachable on foot from the point.
public struct TravelTimeEndpoint: Sendable {
    public let reach: WalkReach
    /// Stops of the place itself with the walk from the place's point to each (0 for the stop at the point),
    /// ascending stop id.
    public let stationStops: [StopAccess]
    /// Station stops merged with the walking reach (minimum per stop), ascending stop id:
    /// access stops for an origin, egress stops for a destination.
    public let stops: [StopAccess]

    public var coordinate: Coordinate { reach.origin.coordinate }
    public var point: AccessPoint { reach.origin }

    /// `stationStops` carry their walks from the point (see `AccessSearch.stationAccess`).
    public init(reach: WalkReach, stationStops: [StopAccess]) {
        self.reach = reach
        var best: [StopID: Int32] = [:]
        for a in stationStops + reach.stops { best[a.stop] = min(best[a.stop] ?? .max, a.seconds) }
        self.stationStops = stationStops.map { StopAccess(stop: $0.stop, seconds: best[$0.stop]!) }
            .reduce(into: [StopID: StopAccess]()) { $0[$1.stop] = $1 }.values.sorted { $0.stop < $1.stop }
        stops = best.sorted { $0.key < $1.key }.map { StopAccess(stop: $0.key, seconds: $0.value) }
    }
}

/// Minimum and percentiles of a travel-time distribution over the departure minutes; nil = unreachable.
public struct TravelTimeSummary: Sendable, Equatable {
    public var minimumSeconds: Int32?
    /// In the order of `TravelTimeParameters.percentiles`.
    public var percentileSeconds: [Int32?]

    public init(minimumSeconds: Int32?, percentileSeconds: [Int32?]) {
        self.minimumSeconds = minimumSeconds; self.percentileSeconds = percentileSeconds
    }

    /// Reduces per-minute times (`RangeRaptorResult.unreachable` = not reached) with `TravelTimePercentiles`.
    public init(timesSeconds: [Int32], percentiles: [Double]) {
        func optional(_ t: Int32) -> Int32? { t == RangeRaptorResult.unreachable ? nil : t }
        minimumSeconds = optional(TravelTimePercentiles.minimum(of: timesSeconds))
        percentileSeconds = TravelTimePercentiles.percentiles(of: timesSeconds, at: percentiles).map(optional)
    }
}

/// Travel times from one origin over the departure window: the range-RAPTOR arrivals at every stop, plus the
/// walks, reduced per destination.
public struct TravelTimeResult: Sendable {
    public let parameters: TravelTimeParameters
    public let origin: TravelTimeEndpoint
    /// Arrival at every stop for every departure minute (access walks and rides, final walking transfers included;
    /// no egress).
    public let arrivals: RangeRaptorResult

    /// Per departure minute, seconds from the departure to being at `stop` (`RangeRaptorResult.unreachable`
    /// where not reached).
    public func stopTravelTimesSeconds(_ stop: StopID) -> [Int32] { parameters.capped(arrivals.travelTimesSeconds(at: stop)) }

    /// Per departure minute, the travel time to a destination: the best of (arrival at an egress stop + egress
    /// walk) and the direct walk; `RangeRaptorResult.unreachable` where neither reaches it within
    /// `maxTripSeconds`.
    public func travelTimesSeconds(to destination: TravelTimeEndpoint) -> [Int32] {
        let n = arrivals.minuteCount
        let direct = origin.reach.walkSeconds(to: destination.point) ?? RangeRaptorResult.unreachable
        var out = [Int32](repeating: direct, count: n)
        for egress in destination.stops {
            let base = egress.stop.index * n
            arrivals.arrivalSeconds.withUnsafeBufferPointer { a in
                for m in 0..<n where a[base + m] != RangeRaptorResult.unreachable {
                    let t = a[base + m] + egress.seconds - arrivals.departureSeconds(minute: m)
                    if t < out[m] { out[m] = t }
                }
            }
        }
        return parameters.capped(out)
    }

    public func summary(to destination: TravelTimeEndpoint) -> TravelTimeSummary {
        TravelTimeSummary(timesSeconds: travelTimesSeconds(to: destination), percentiles: parameters.percentiles)
    }

    public func summary(atStop stop: StopID) -> TravelTimeSummary {
        TravelTimeSummary(timesSeconds: stopTravelTimesSeconds(stop), percentiles: parameters.percentiles)
    }
}

/// The query layer over `RangeRaptor` and `AccessSearch`: prepare endpoints, run one origin over the window,
/// read travel times to stops and points, and explain one journey.
///
/// Rules: the traveller leaves the origin at each departure minute, walks to an access stop (or starts at the
/// origin station's stops), boards a vehicle departing at least `boardSlackSeconds` after arriving at its stop
/// (same-stop changes too), changes by at most one walking transfer from the network's transfer table between
/// rides (walk + minimum transfer time by tier pair, or GTFS transfers.txt), and finally walks to the
/// destination; the direct walk origin → destination also counts. Not thread-safe (reusable scratch): one
/// instance per task.
public final class TravelTimeQuery {
    public let network: BuiltNetwork
    public let parameters: TravelTimeParameters
    public let access: AccessSearch
    private let raptor: RangeRaptor

    public init(network: BuiltNetwork, parameters: TravelTimeParameters) {
        self.network = network
        self.parameters = parameters
        access = AccessSearch(network: network, parameters: parameters.access)
        raptor = RangeRaptor(transit: network.transit, parameters: parameters.raptorParameters(for: network))
    }

    /// Prepares a point (and the station stops it stands for, if any) as an origin or destination.
    public func endpoint(at coordinate: Coordinate, stationStops: [StopID] = []) -> TravelTimeEndpoint {
        for s in stationStops { precondition(s.index < network.transit.stopCount, "station stop out of range") }
        let reach = access.reach(from: coordinate)
        return TravelTimeEndpoint(reach: reach, stationStops: access.stationAccess(stationStops, from: reach))
    }

    /// Range-RAPTOR from an origin over the whole window.
    public func run(from origin: TravelTimeEndpoint) -> TravelTimeResult {
        let arrivals = raptor.run(origins: origin.stops, firstDepartureSeconds: parameters.firstDepartureSeconds,
                                  windowMinutes: parameters.windowMinutes)
        return TravelTimeResult(parameters: parameters, origin: origin, arrivals: arrivals)
    }

    /// The fastest journey for one departure minute (0..<windowMinutes), leg by leg; nil when unreachable.
    /// Prefers transit on a tie with the direct walk.
    public func journey(from origin: TravelTimeEndpoint, to destination: TravelTimeEndpoint,
                        minute: Int) -> TravelTimeJourney? {
        precondition(minute >= 0 && minute < parameters.windowMinutes, "minute outside the window")
        let departure = parameters.departureSeconds(minute: minute)
        let arrivals = raptor.earliestArrivals(origins: origin.stops, departureSeconds: departure)
        var best: (stop: StopID, egress: Int32, arrival: Int32)?
        for e in destination.stops where arrivals[e.stop.index] != RangeRaptorResult.unreachable {
            let t = arrivals[e.stop.index] + e.seconds
            if best == nil || t < best!.arrival { best = (e.stop, e.seconds, t) }
        }
        let direct = origin.reach.walkSeconds(to: destination.point)
        if let d = direct, best == nil || departure + d < best!.arrival {
            return TravelTimeJourney(departureSeconds: departure, arrivalSeconds: departure + d,
                                     legs: [.walk(from: .origin, to: .destination, departureSeconds: departure,
                                                  arrivalSeconds: departure + d)])
        }
        guard let best, let itinerary = raptor.itinerary(to: best.stop) else { return nil }
        return TravelTimeJourney(itinerary: itinerary, egressStop: best.stop, egressSeconds: best.egress)
    }
}
