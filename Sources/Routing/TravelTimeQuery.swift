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
    /// Walking: speed, detour and the longest walk (the `walk` mode of `profile`).
    public var access: AccessParameters
    /// Access and egress modes (default `rail-walk`, the model before 0.2.0; the commands default to `commuter`).
    public var profile: AccessProfile
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
                profile: AccessProfile = .railWalk, sameStopChangeFromNetwork: Bool = true,
                maxTripSeconds: Int32 = TravelTimeParameters.defaultMaxTripSeconds) {
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
        self.profile = profile
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

/// Which end of a journey an endpoint is: an origin takes the profile's access modes, a destination its egress
/// modes.
public enum EndpointRole: Sendable, Equatable {
    case origin
    case destination
}

/// An origin or destination prepared for a query: a point, the stops it stands for (a station's stops, each
/// reached by walking from the station's point), and every stop its modes reach from the point.
public struct TravelTimeEndpoint: Sendable {
    /// The walking reach (the point, its street snap, direct walks).
    public let reach: WalkReach
    /// Every allowed mode's reach at this end (walking included).
    public let modeReaches: [ModeReach]
    /// Stops of the place itself with the walk from the place's point to each (0 for the stop at the point),
    /// ascending stop id.
    public let stationStops: [StopAccess]
    /// Station stops merged with every mode's stops (minimum per stop, fixed costs included), ascending stop id:
    /// access stops for an origin, egress stops for a destination.
    public let stops: [StopAccess]
    /// The mode that gives each stop its time (walk for the station's own stops).
    public let stopModes: [StopID: AccessMode]

    public var coordinate: Coordinate { reach.origin.coordinate }
    public var point: AccessPoint { reach.origin }

    /// Walking only; `stationStops` carry their walks from the point (see `AccessSearch.stationAccess`).
    public init(reach: WalkReach, stationStops: [StopAccess]) {
        self.init(modeReaches: [ModeReach(mode: .walk, reach: reach, fixedSeconds: 0, maxSeconds: .max)], stationStops: stationStops)
    }

    /// `modeReaches` must hold the walking reach.
    public init(modeReaches: [ModeReach], stationStops: [StopAccess]) {
        let walking = modeReaches.first { $0.mode == .walk }
        precondition(walking != nil, "an endpoint needs its walking reach")
        reach = walking!.reach
        self.modeReaches = modeReaches
        var best: [StopID: (seconds: Int32, mode: AccessMode)] = [:]
        func offer(_ s: StopID, _ t: Int32, _ m: AccessMode) {
            if let old = best[s], old.seconds < t || (old.seconds == t && old.mode <= m) { return }
            best[s] = (t, m)
        }
        for a in stationStops { offer(a.stop, a.seconds, .walk) }
        for r in modeReaches {
            for a in r.reach.stops {
                let t = a.seconds + r.fixedSeconds
                if t <= r.maxSeconds { offer(a.stop, t, r.mode) }
            }
        }
        self.stationStops = Set(stationStops.map(\.stop)).sorted().map { StopAccess(stop: $0, seconds: best[$0]!.seconds) }
        let ordered = best.sorted { $0.key < $1.key }
        stops = ordered.map { StopAccess(stop: $0.key, seconds: $0.value.seconds) }
        stopModes = Dictionary(uniqueKeysWithValues: ordered.map { ($0.key, $0.value.mode) })
    }

    /// The fastest way straight from this endpoint to `destination` without transit: walking, or any other of
    /// this end's modes that can end a journey (not the car); nil when none reaches it.
    public func direct(to destination: TravelTimeEndpoint) -> (seconds: Int32, mode: AccessMode)? {
        var best: (seconds: Int32, mode: AccessMode)?
        for r in modeReaches where r.mode.servesEgress {
            guard let t = r.directSeconds(to: destination.point) else { continue }
            if best == nil || t < best!.seconds { best = (t, r.mode) }
        }
        return best
    }

    public func directSeconds(to destination: TravelTimeEndpoint) -> Int32? { direct(to: destination)?.seconds }

    /// The access (or egress) seconds of `stop` at this end, nil when it is not one of `stops`.
    public func accessSeconds(at stop: StopID) -> Int32? {
        var lo = 0, hi = stops.count
        while lo < hi { let mid = (lo + hi) >> 1; if stops[mid].stop < stop { lo = mid + 1 } else { hi = mid } }
        return lo < stops.count && stops[lo].stop == stop ? stops[lo].seconds : nil
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
    ///
    /// Egress starts from arrivals after at least one ride (`rideArrivalSeconds`): access and egress legs never
    /// chain through a stop without a ride (the direct trip covers going straight).
    public func travelTimesSeconds(to destination: TravelTimeEndpoint) -> [Int32] {
        let n = arrivals.minuteCount
        let direct = origin.directSeconds(to: destination) ?? RangeRaptorResult.unreachable
        var out = [Int32](repeating: direct, count: n)
        for egress in destination.stops {
            let base = egress.stop.index * n
            arrivals.rideArrivalSeconds.withUnsafeBufferPointer { a in
                for m in 0..<n where a[base + m] != RangeRaptorResult.unreachable {
                    let departure = arrivals.departureSeconds(minute: m)
                    let t = a[base + m] + egress.seconds - departure
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
    public let feeder: FeederAccess
    private let raptor: RangeRaptor

    public init(network: BuiltNetwork, parameters: TravelTimeParameters) {
        self.network = network
        self.parameters = parameters
        feeder = FeederAccess(network: network, walk: parameters.access, profile: parameters.profile)
        raptor = RangeRaptor(transit: network.transit, parameters: parameters.raptorParameters(for: network))
    }

    /// The walking search.
    public var access: AccessSearch { feeder.walkSearch }

    /// Prepares a point (and the station stops it stands for, if any) as an origin (the profile's access modes)
    /// or a destination (its egress modes).
    public func endpoint(at coordinate: Coordinate, stationStops: [StopID] = [],
                         role: EndpointRole = .origin) -> TravelTimeEndpoint {
        for s in stationStops { precondition(s.index < network.transit.stopCount, "station stop out of range") }
        let modes = role == .origin ? parameters.profile.access : parameters.profile.egress
        var reaches = feeder.reaches(from: coordinate, modes: modes.contains(.walk) ? modes : [.walk] + modes)
        if !modes.contains(.walk) {
            // Walking still places the point and its station stops; its stops are not offered.
            let w = reaches.removeFirst()
            reaches.insert(ModeReach(mode: .walk, reach: w.reach, fixedSeconds: 0, maxSeconds: -1), at: 0)
        }
        let walkReach = reaches.first { $0.mode == .walk }!.reach
        return TravelTimeEndpoint(modeReaches: reaches, stationStops: access.stationAccess(stationStops, from: walkReach))
    }

    /// Range-RAPTOR from an origin over the whole window.
    public func run(from origin: TravelTimeEndpoint) -> TravelTimeResult {
        let arrivals = raptor.run(origins: origin.stops, firstDepartureSeconds: parameters.firstDepartureSeconds,
                                  windowMinutes: parameters.windowMinutes)
        return TravelTimeResult(parameters: parameters, origin: origin, arrivals: arrivals)
    }

    /// The fastest journey for one departure minute (0..<windowMinutes), leg by leg; nil when unreachable
    /// (longer than `maxTripSeconds` included, as in `travelTimesSeconds`). Prefers transit on a tie with the
    /// direct trip.
    public func journey(from origin: TravelTimeEndpoint, to destination: TravelTimeEndpoint,
                        minute: Int) -> TravelTimeJourney? {
        guard let j = fastestJourney(from: origin, to: destination, minute: minute),
              j.travelTimeSeconds <= parameters.maxTripSeconds else { return nil }
        return j
    }

    private func fastestJourney(from origin: TravelTimeEndpoint, to destination: TravelTimeEndpoint,
                                minute: Int) -> TravelTimeJourney? {
        precondition(minute >= 0 && minute < parameters.windowMinutes, "minute outside the window")
        let departure = parameters.departureSeconds(minute: minute)
        _ = raptor.earliestArrivals(origins: origin.stops, departureSeconds: departure)
        let arrivals = raptor.lastRideArrivals()
        var best: (stop: StopID, egress: Int32, arrival: Int32)?
        for e in destination.stops where arrivals[e.stop.index] != RangeRaptorResult.unreachable {
            let t = arrivals[e.stop.index] + e.seconds
            if best == nil || t < best!.arrival { best = (e.stop, e.seconds, t) }
        }
        if let d = origin.direct(to: destination), best == nil || departure + d.seconds < best!.arrival {
            let leg: TravelTimeJourney.Leg = d.mode == .walk
                ? .walk(from: .origin, to: .destination, departureSeconds: departure, arrivalSeconds: departure + d.seconds)
                : .feeder(feederLeg(mode: d.mode, from: .origin, to: .destination, departureSeconds: departure, seconds: d.seconds))
            return TravelTimeJourney(departureSeconds: departure, arrivalSeconds: departure + d.seconds, legs: [leg])
        }
        guard let best, let itinerary = raptor.itinerary(to: best.stop, afterRide: true) else { return nil }
        var journey = TravelTimeJourney(itinerary: itinerary, egressStop: best.stop, egressSeconds: best.egress)
        // Access and egress legs in their modes, itemised.
        journey.legs = journey.legs.map { leg in
            guard case .walk(let from, let to, let dep, let arr) = leg else { return leg }
            let mode: AccessMode?
            switch (from, to) {
            case (.origin, .stop(let s)): mode = origin.stopModes[s]
            case (.stop(let s), .destination): mode = destination.stopModes[s]
            default: mode = nil
            }
            guard let mode, mode != .walk else { return leg }
            return .feeder(feederLeg(mode: mode, from: from, to: to, departureSeconds: dep, seconds: arr - dep))
        }
        return journey
    }

    /// A non-walking access, egress or direct leg of `seconds` in `mode`, split into its parts.
    func feederLeg(mode: AccessMode, from: TravelTimeJourney.Place, to: TravelTimeJourney.Place,
                   departureSeconds: Int32, seconds: Int32) -> TravelTimeJourney.FeederLeg {
        let p = parameters.profile.parameters(of: mode)!
        let walk = parameters.access.walk
        var parts: [TravelTimeJourney.FeederLeg.Part] = []
        var remaining = seconds
        if p.walkToVehicleMeters > 0 {
            let t = walk.wholeSeconds(crowFlyMeters: p.walkToVehicleMeters)
            parts.append(.init(label: "walk \(Int(p.walkToVehicleMeters)) m to the \(mode.rawValue)", seconds: t))
            remaining -= t
        }
        if p.headwaySeconds > 0 {
            parts.append(.init(label: "wait (half the \(ServiceClock.minutes(p.headwaySeconds))-min headway)",
                               seconds: p.headwaySeconds / 2))
            remaining -= p.headwaySeconds / 2
        }
        if p.penaltySeconds > 0 {
            let label = mode == .car ? "parking" : "unlock and park the \(mode.rawValue)"
            parts.append(.init(label: label, seconds: p.penaltySeconds))
            remaining -= p.penaltySeconds
        }
        let km = Double(remaining) * p.speedMetersPerSecond / 1000
        parts.append(.init(label: String(format: "%@ %.1f km at %.0f km/h", mode.rawValue, km, p.speedMetersPerSecond * 3.6),
                           seconds: remaining))
        return TravelTimeJourney.FeederLeg(mode: mode, from: from, to: to, departureSeconds: departureSeconds,
                                           arrivalSeconds: departureSeconds + seconds, parts: parts)
    }
}
