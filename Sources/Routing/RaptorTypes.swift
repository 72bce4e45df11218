import Network

/// Options of a RAPTOR query.
public struct RaptorParameters: Sendable, Equatable {
    /// Most vehicles ridden in one journey (RAPTOR rounds); default 8.
    public var maxRides: Int
    /// Added to every boarding: a vehicle departing at d can be boarded at stop s if the traveller is at s by
    /// d − boardSlackSeconds. Applies to the first boarding and to same-stop changes alike (R5 uses 60 s);
    /// walking transfers between stops carry their own minimum transfer time in the transfer table.
    public var boardSlackSeconds: Int32
    /// Minimum change time between two vehicles at the same stop, by the stop's tiers (the largest entry over the
    /// tier pairs of the trips calling there: rail ↔ rail at one station, metro ↔ metro in one station). It is
    /// added to the arrival of a ride before the next boarding at that stop (which still needs the board slack),
    /// as a walking transfer's time is; it does not delay egress or walking transfers. nil: the board slack alone
    /// governs same-stop changes.
    public var sameStopChange: MinTransferTable?
    /// Per-hub entries replacing `sameStopChange`'s at the stops of the hubs they name
    /// (`BuildParameters.hubTransfers`); nil: the network's, taken by `withSameStopChange(of:)`.
    public var hubSameStopChange: [HubTransferOverride]?

    public init(maxRides: Int = 8, boardSlackSeconds: Int32 = 60, sameStopChange: MinTransferTable? = nil,
                hubSameStopChange: [HubTransferOverride]? = nil) {
        precondition(maxRides >= 0 && maxRides <= 200, "maxRides must be in 0...200")
        precondition(boardSlackSeconds >= 0, "board slack cannot be negative")
        self.maxRides = maxRides
        self.boardSlackSeconds = boardSlackSeconds
        self.sameStopChange = sameStopChange
        self.hubSameStopChange = hubSameStopChange
    }

    /// These parameters with the network's minimum transfer table (`BuildParameters.minTransfer`, the manifest's
    /// or the defaults) as the same-stop change table, and its per-hub overrides, unless set already.
    public func withSameStopChange(of network: BuiltNetwork) -> RaptorParameters {
        var copy = self
        if copy.sameStopChange == nil { copy.sameStopChange = network.metadata.parameters.minTransfer }
        if copy.hubSameStopChange == nil { copy.hubSameStopChange = network.metadata.parameters.hubTransfers }
        return copy
    }

    /// Per stop of `transit`, the same-stop change seconds `sameStopChange` gives (0 without a table), with the
    /// hub's override applied to it at the stops of a hub that `hubSameStopChange` names.
    public func sameStopChangeSeconds(in transit: TransitLayer) -> [Int32] {
        guard let table = sameStopChange else { return [Int32](repeating: 0, count: transit.stopCount) }
        let hubTables = HubTransferOverride.tables(hubSameStopChange ?? [], base: table, hubNames: transit.hubs.names)
        return (0..<transit.stopCount).map { s in
            let mask = transit.stops.tierMasks[s], hub = Int(transit.stops.hubs[s])
            let own = hub < hubTables.count ? hubTables[hub] ?? table : table
            return own.seconds(fromTierMask: mask, toTierMask: mask)
        }
    }
}

/// An origin stop and the time to reach it from the journey's start (street access), seconds.
public struct StopAccess: Sendable, Equatable, Hashable {
    public var stop: StopID
    public var seconds: Int32
    public init(stop: StopID, seconds: Int32) {
        precondition(seconds >= 0, "access time cannot be negative")
        self.stop = stop; self.seconds = seconds
    }
}

/// Arrival times of a range query: for every stop and every departure minute of the window.
public struct RangeRaptorResult: Sendable, Equatable {
    /// Marks an unreached stop.
    public static let unreachable = Int32.max

    public let stopCount: Int
    /// Departure of minute 0, seconds after midnight of the service day.
    public let firstDepartureSeconds: Int32
    public let minuteCount: Int
    /// Stop-major: `arrivalSeconds[stop * minuteCount + minute]`; `unreachable` where not reached. Includes the
    /// access leg alone (an origin stop is reached at departure + its access time).
    public let arrivalSeconds: [Int32]
    /// The same layout, arrivals after at least one ride (by the ride, or the walking transfer after it): the
    /// arrivals a destination's egress leg may start from (access and egress never chain without a ride).
    public let rideArrivalSeconds: [Int32]

    public init(stopCount: Int, firstDepartureSeconds: Int32, minuteCount: Int, arrivalSeconds: [Int32],
                rideArrivalSeconds: [Int32]? = nil) {
        precondition(arrivalSeconds.count == stopCount * minuteCount, "one arrival per stop and minute")
        precondition(rideArrivalSeconds == nil || rideArrivalSeconds!.count == arrivalSeconds.count, "one per stop and minute")
        self.stopCount = stopCount; self.firstDepartureSeconds = firstDepartureSeconds
        self.minuteCount = minuteCount; self.arrivalSeconds = arrivalSeconds
        self.rideArrivalSeconds = rideArrivalSeconds ?? arrivalSeconds
    }

    public func departureSeconds(minute: Int) -> Int32 { firstDepartureSeconds + Int32(minute) * 60 }

    /// Arrival at a stop for a departure minute, nil when unreached.
    public func arrivalSeconds(at stop: StopID, minute: Int) -> Int32? {
        let a = arrivalSeconds[stop.index * minuteCount + minute]
        return a == RangeRaptorResult.unreachable ? nil : a
    }

    /// Arrivals at one stop, minute by minute.
    public func arrivals(at stop: StopID) -> ArraySlice<Int32> {
        arrivalSeconds[stop.index * minuteCount ..< (stop.index + 1) * minuteCount]
    }

    /// Per departure minute: arrival + `egressSeconds` − departure; `unreachable` where not reached.
    public func travelTimesSeconds(at stop: StopID, egressSeconds: Int32 = 0) -> [Int32] {
        (0..<minuteCount).map { m in
            let a = arrivalSeconds[stop.index * minuteCount + m]
            return a == RangeRaptorResult.unreachable ? a : a - departureSeconds(minute: m) + egressSeconds
        }
    }
}

/// One journey, leg by leg.
public struct Itinerary: Sendable, Equatable {
    public struct Ride: Sendable, Equatable {
        public var pattern: PatternID
        public var trip: TripID
        /// Train number / trip short name ("" when none).
        public var tripName: String
        public var tier: Tier
        public var boardStop: StopID
        public var alightStop: StopID
        public var boardSeconds: Int32
        public var alightSeconds: Int32
        /// Time spent at the board stop before this departure: from the end of the previous leg (access, walk or
        /// ride) to boarding; includes the board slack and, after a ride, the same-stop change time.
        public var waitSeconds: Int32
    }

    public enum Leg: Sendable, Equatable {
        /// From the origin to its first stop.
        case access(stop: StopID, departureSeconds: Int32, arrivalSeconds: Int32)
        case ride(Ride)
        /// A walking transfer between two stops (its time includes the minimum transfer time).
        case walk(from: StopID, to: StopID, departureSeconds: Int32, arrivalSeconds: Int32)
    }

    public var legs: [Leg]
    public var departureSeconds: Int32
    public var arrivalSeconds: Int32

    public var rides: [Ride] { legs.compactMap { if case .ride(let r) = $0 { return r } else { return nil } } }

    /// Compact text, e.g. "access stop#0 @28800 | ride C2205 stop#0 28920→stop#3 30120 | walk stop#3→stop#4 30420".
    public var summary: String {
        legs.map { leg -> String in
            switch leg {
            case .access(let s, _, let a): return "access \(s) @\(a)"
            case .ride(let r): return "ride \(r.tripName.isEmpty ? r.trip.description : r.tripName) \(r.boardStop) \(r.boardSeconds)→\(r.alightStop) \(r.alightSeconds)"
            case .walk(let f, let t, _, let a): return "walk \(f)→\(t) \(a)"
            }
        }.joined(separator: " | ")
    }
}
