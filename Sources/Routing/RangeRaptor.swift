import Network

/// Range-RAPTOR (Delling, Pajor, Werneck 2012, "Round-Based Public Transit Routing", section 4) over a
/// `TransitLayer`, one origin set, departures every minute of a window.
///
/// Semantics (shared with the test suite's time-expanded reference):
/// - round 0 places the traveller at each origin stop at departure + access time; no walking transfer follows
///   the access (the caller's access search already reached every stop it can walk to);
/// - round k rides at most k vehicles; boarding a departure d at stop s needs arrival at s ≤ d − board slack;
/// - after each ride one walking transfer (transfer table) may follow; walks are never chained;
/// - boarding again at the stop a ride arrived at needs that stop's same-stop change time on top of the board
///   slack (`RaptorParameters.sameStopChange`): round k's boarding label is min(ride + change, walk, access);
/// - the arrival at a stop is the earliest over every journey with ≤ `maxRides` rides, including a final walk
///   (a ride's arrival counts without the change time).
///
/// Minutes are processed latest first and labels are kept between minutes (the range property: a journey
/// departing later is also available to an earlier departure, by waiting). Round k's labels start from round
/// k − 1's (R5's per-round state copy); the copy is limited to stops that changed this minute.
/// Query scratch is reused between runs. Not thread-safe: one instance per task.
public final class RangeRaptor {
    public let transit: TransitLayer
    public let parameters: RaptorParameters

    private let stopCount: Int
    private let roundCount: Int
    // Labels, round-major: [round * stopCount + stop].
    private let arrival: UnsafeMutablePointer<Int32>
    private let ride: UnsafeMutablePointer<Int32>
    // Parents of `arrival`: kind, and for walks the stop walked from.
    private let arrivalKind: UnsafeMutablePointer<UInt8>
    private let walkFrom: UnsafeMutablePointer<UInt32>
    // Parents of `ride`: trip, board and alight positions, round the ride was taken in.
    private let rideTrip: UnsafeMutablePointer<UInt32>
    private let rideBoardPosition: UnsafeMutablePointer<UInt32>
    private let rideAlightPosition: UnsafeMutablePointer<UInt32>
    private let rideRound: UnsafeMutablePointer<UInt8>
    // Arrivals on foot after a ride (walking transfers), whatever the boarding label: with `ride`, the arrivals
    // that took at least one ride (the access leg alone never reaches a destination). Parent stop and round.
    private let walked: UnsafeMutablePointer<Int32>
    private let walkedFrom: UnsafeMutablePointer<UInt32>
    private let walkedRound: UnsafeMutablePointer<UInt8>
    // Sets of stops/patterns, reset in O(touched).
    private var markedStamp: [UInt32]
    private var changedStamp: [UInt32]
    private var rideStamp: [UInt32]
    private var stamp: UInt32 = 0
    private var patternFirstPosition: [Int32]
    private var lastRunDepartureSeconds: Int32 = 0
    /// Same-stop change seconds per stop (`RaptorParameters.sameStopChange`).
    private let changeSeconds: [Int32]

    private enum Kind { static let none: UInt8 = 0, access: UInt8 = 1, ride: UInt8 = 2, walk: UInt8 = 3, copied: UInt8 = 4 }
    private static let unreachable = RangeRaptorResult.unreachable

    public init(transit: TransitLayer, parameters: RaptorParameters = RaptorParameters()) {
        self.transit = transit
        self.parameters = parameters
        stopCount = transit.stopCount
        roundCount = parameters.maxRides + 1
        let cells = max(1, stopCount * roundCount)
        arrival = .allocate(capacity: cells)
        ride = .allocate(capacity: cells)
        arrivalKind = .allocate(capacity: cells)
        walkFrom = .allocate(capacity: cells)
        rideTrip = .allocate(capacity: cells)
        rideBoardPosition = .allocate(capacity: cells)
        rideAlightPosition = .allocate(capacity: cells)
        rideRound = .allocate(capacity: cells)
        walked = .allocate(capacity: cells)
        walkedFrom = .allocate(capacity: cells)
        walkedRound = .allocate(capacity: cells)
        walked.initialize(repeating: RangeRaptor.unreachable, count: cells)
        walkedFrom.initialize(repeating: 0, count: cells)
        walkedRound.initialize(repeating: 0, count: cells)
        arrivalKind.initialize(repeating: 0, count: cells)
        walkFrom.initialize(repeating: 0, count: cells)
        rideTrip.initialize(repeating: 0, count: cells)
        rideBoardPosition.initialize(repeating: 0, count: cells)
        rideAlightPosition.initialize(repeating: 0, count: cells)
        rideRound.initialize(repeating: 0, count: cells)
        arrival.initialize(repeating: RangeRaptor.unreachable, count: cells)
        ride.initialize(repeating: RangeRaptor.unreachable, count: cells)
        markedStamp = [UInt32](repeating: 0, count: stopCount)
        changedStamp = [UInt32](repeating: 0, count: stopCount)
        rideStamp = [UInt32](repeating: 0, count: stopCount)
        patternFirstPosition = [Int32](repeating: -1, count: transit.patternCount)
        changeSeconds = parameters.sameStopChangeSeconds(in: transit)
    }

    deinit {
        arrival.deallocate(); ride.deallocate(); arrivalKind.deallocate(); walkFrom.deallocate()
        rideTrip.deallocate(); rideBoardPosition.deallocate(); rideAlightPosition.deallocate(); rideRound.deallocate()
        walked.deallocate(); walkedFrom.deallocate(); walkedRound.deallocate()
    }

    // MARK: Queries

    /// Arrival at every stop for every departure minute `firstDepartureSeconds + 60·m`, m in 0..<windowMinutes.
    public func run(origins: [StopAccess], firstDepartureSeconds: Int32, windowMinutes: Int) -> RangeRaptorResult {
        precondition(windowMinutes >= 0, "window cannot be negative")
        for o in origins { precondition(o.stop.index < stopCount, "origin stop out of range") }
        reset()
        var out = [Int32](repeating: RangeRaptor.unreachable, count: stopCount * windowMinutes)
        var ridden = out
        let finalRound = arrival + parameters.maxRides * stopCount
        let finalRide = ride + parameters.maxRides * stopCount
        let finalWalked = walked + parameters.maxRides * stopCount
        for m in stride(from: windowMinutes - 1, through: 0, by: -1) {
            let departure = firstDepartureSeconds + Int32(m) * 60
            runMinute(origins: origins, departureSeconds: departure)
            out.withUnsafeMutableBufferPointer { o in
                ridden.withUnsafeMutableBufferPointer { r in
                    for s in 0..<stopCount {
                        let afterRide = min(finalRide[s], finalWalked[s])
                        o[s * windowMinutes + m] = min(finalRound[s], afterRide)
                        r[s * windowMinutes + m] = afterRide
                    }
                }
            }
        }
        return RangeRaptorResult(stopCount: stopCount, firstDepartureSeconds: firstDepartureSeconds,
                                 minuteCount: windowMinutes, arrivalSeconds: out, rideArrivalSeconds: ridden)
    }

    /// Earliest arrival at every stop for one departure (`RangeRaptorResult.unreachable` where unreached).
    /// Afterwards `itinerary(to:)` reconstructs journeys of this run.
    public func earliestArrivals(origins: [StopAccess], departureSeconds: Int32) -> [Int32] {
        for o in origins { precondition(o.stop.index < stopCount, "origin stop out of range") }
        reset()
        runMinute(origins: origins, departureSeconds: departureSeconds)
        let finalRound = arrival + parameters.maxRides * stopCount
        let finalRide = ride + parameters.maxRides * stopCount
        return (0..<stopCount).map { min(finalRound[$0], finalRide[$0]) }
    }

    /// After `earliestArrivals`: the arrival at every stop after at least one ride (by the ride or a walking
    /// transfer after it), `RangeRaptorResult.unreachable` where none.
    public func lastRideArrivals() -> [Int32] {
        let finalRide = ride + parameters.maxRides * stopCount
        let finalWalked = walked + parameters.maxRides * stopCount
        return (0..<stopCount).map { min(finalRide[$0], finalWalked[$0]) }
    }

    /// Arrival at a destination from one origin stop, for each of `readySeconds` (strictly descending): the
    /// traveller is at `origin` at that time (no access walk) and may board departures from it after the board
    /// slack. The destination is `targets` (stops with their egress seconds): per ready time, the earliest
    /// min(arrival at t + egress(t)) after at least one ride, `RangeRaptorResult.unreachable` where none is reached. Runs latest first
    /// with labels kept between runs (the range property), as `run` does for minutes.
    ///
    /// `maxTripSeconds`: arrivals later than ready + that are not searched for (they are reported unreachable
    /// or later, never earlier than the truth); with the arrival already found for a later ready time, the search
    /// is pruned at the destination's current best arrival too.
    public func arrivals(from origin: StopID, readySeconds: [Int32], targets: [StopAccess],
                         maxTripSeconds: Int32? = nil) -> [Int32] {
        precondition(origin.index < stopCount, "origin stop out of range")
        precondition(zip(readySeconds, readySeconds.dropFirst()).allSatisfy { $0 > $1 }, "ready times must descend")
        reset()
        let finalRide = ride + parameters.maxRides * stopCount
        let finalWalked = walked + parameters.maxRides * stopCount
        let origins = [StopAccess(stop: origin, seconds: 0)]
        var previousBest = RangeRaptor.unreachable
        return readySeconds.map { ready in
            var bound = previousBest
            if let maxTripSeconds { bound = min(bound, ready &+ maxTripSeconds) }
            runMinute(origins: origins, departureSeconds: ready, bound: bound)
            var best = RangeRaptor.unreachable
            for t in targets {
                let a = min(finalWalked[t.stop.index], finalRide[t.stop.index])
                if a != RangeRaptor.unreachable && a + t.seconds < best { best = a + t.seconds }
            }
            previousBest = best
            return best
        }
    }

    /// The journey to `stop` found by the last `earliestArrivals` run (or the earliest minute of the last
    /// range run), nil when unreached.
    /// `afterRide`: the journey that arrives by riding (or walking after a ride), as `lastRideArrivals` gives.
    public func itinerary(to stop: StopID, afterRide: Bool = false) -> Itinerary? {
        var k = parameters.maxRides
        var s = stop.index
        let afterRideArrival = min(ride[k * stopCount + s], walked[k * stopCount + s])
        let finalArrival = afterRide ? afterRideArrival : min(arrival[k * stopCount + s], ride[k * stopCount + s])
        guard finalArrival != RangeRaptor.unreachable else { return nil }
        var legs: [Itinerary.Leg] = []
        func addRide(round k: Int, stop s: Int) -> (Int, Int) {
            let cell = k * stopCount + s
            let trip = TripID(rawValue: rideTrip[cell])
            let board = Int(rideBoardPosition[cell]), alight = Int(rideAlightPosition[cell])
            let r = Int(rideRound[cell])
            let pattern = PatternID(rawValue: transit.trips.patterns[trip.index])
            let stops = transit.stops(of: pattern)
            let boardStop = Int(stops[stops.startIndex + board])
            let boardTime = transit.departureSeconds(trip: trip, position: board)
            legs.append(.ride(Itinerary.Ride(
                pattern: pattern, trip: trip, tripName: transit.trips.names[trip.index], tier: transit.tier(ofTrip: trip),
                boardStop: StopID(boardStop), alightStop: StopID(Int(stops[stops.startIndex + alight])),
                boardSeconds: boardTime, alightSeconds: transit.arrivalSeconds(trip: trip, position: alight),
                waitSeconds: 0)))
            return (r - 1, boardStop)
        }
        var departure: Int32 = 0
        if afterRide {
            // End with the ride, or with the walk after a ride.
            let cell = k * stopCount + s
            if ride[cell] <= walked[cell] {
                (k, s) = addRide(round: k, stop: s)
            } else {
                let q = Int(walkedFrom[cell]), r = Int(walkedRound[cell])
                legs.append(.walk(from: StopID(q), to: StopID(s), departureSeconds: ride[r * stopCount + q],
                                  arrivalSeconds: walked[cell]))
                (k, s) = addRide(round: r, stop: q)
            }
        } else if ride[k * stopCount + s] < arrival[k * stopCount + s] {
            // A ride's own arrival (without the change time) is the journey's end when it beats the boarding label.
            (k, s) = addRide(round: k, stop: s)
        }
        loop: while true {
            let cell = k * stopCount + s
            switch arrivalKind[cell] {
            case Kind.copied:
                k -= 1
            case Kind.access:
                departure = lastRunDepartureSeconds
                legs.append(.access(stop: StopID(s), departureSeconds: departure, arrivalSeconds: arrival[cell]))
                break loop
            case Kind.ride:
                (k, s) = addRide(round: k, stop: s)
            case Kind.walk:
                let q = Int(walkFrom[cell])
                legs.append(.walk(from: StopID(q), to: StopID(s), departureSeconds: ride[k * stopCount + q],
                                  arrivalSeconds: arrival[cell]))
                (k, s) = addRide(round: k, stop: q)
            default:
                preconditionFailure("RAPTOR label without parent at round \(k), stop \(s)")
            }
        }
        // Waits: from the end of the previous leg to boarding.
        legs.reverse()
        var previousEnd = departure
        for i in legs.indices {
            switch legs[i] {
            case .access(_, _, let end), .walk(_, _, _, let end): previousEnd = end
            case .ride(var r):
                r.waitSeconds = r.boardSeconds - previousEnd
                legs[i] = .ride(r)
                previousEnd = r.alightSeconds
            }
        }
        return Itinerary(legs: legs, departureSeconds: departure, arrivalSeconds: finalArrival)
    }

    // MARK: Core

    private func reset() {
        let cells = stopCount * roundCount
        arrival.update(repeating: RangeRaptor.unreachable, count: cells)
        ride.update(repeating: RangeRaptor.unreachable, count: cells)
        walked.update(repeating: RangeRaptor.unreachable, count: cells)
        arrivalKind.update(repeating: Kind.none, count: cells)
    }

    private func nextStamp() -> UInt32 {
        stamp &+= 1
        if stamp == 0 {
            for i in 0..<stopCount { markedStamp[i] = 0; changedStamp[i] = 0; rideStamp[i] = 0 }
            stamp = 1
        }
        return stamp
    }

    /// One departure. Labels later than `bound` are not set (target pruning: a journey whose arrival at some stop
    /// is later than the bound arrives at every later stop later still), so results up to the bound are exact.
    private func runMinute(origins: [StopAccess], departureSeconds: Int32, bound: Int32 = .max) {
        lastRunDepartureSeconds = departureSeconds
        let n = stopCount
        let slack = parameters.boardSlackSeconds
        var marked: [Int] = []
        var changed: [Int] = []
        var token = nextStamp()
        for o in origins {
            let s = o.stop.index
            let t = departureSeconds + o.seconds
            if t < arrival[s] {
                arrival[s] = t
                arrivalKind[s] = Kind.access
                if markedStamp[s] != token { markedStamp[s] = token; marked.append(s) }
            }
        }
        changed = marked

        transit.patterns.stops.base.withUnsafeBufferPointer { basePatternStops in
        transit.patterns.stops.tail.withUnsafeBufferPointer { tailPatternStops in
        transit.patterns.stopStart.withUnsafeBufferPointer { patternStopStart in
        transit.patterns.tripStart.withUnsafeBufferPointer { patternTripStart in
        transit.patterns.stopTimeStart.withUnsafeBufferPointer { patternTimeStart in
        transit.patterns.arrivalSeconds.base.withUnsafeBufferPointer { baseArrivals in
        transit.patterns.departureSeconds.base.withUnsafeBufferPointer { baseDepartures in
        transit.patterns.arrivalSeconds.tail.withUnsafeBufferPointer { tailArrivals in
        transit.patterns.departureSeconds.tail.withUnsafeBufferPointer { tailDepartures in
        transit.tripActive.words.withUnsafeBufferPointer { tripActive in
        transit.stopPatternStart.withUnsafeBufferPointer { stopPatternStart in
        transit.stopPatterns.base.withUnsafeBufferPointer { stopPatterns in
        transit.stopPatternPositions.base.withUnsafeBufferPointer { stopPatternPositions in
        transit.addedStopPatternStart.withUnsafeBufferPointer { addedStopPatternStart in
        transit.stopPatterns.tail.withUnsafeBufferPointer { addedStopPatterns in
        transit.stopPatternPositions.tail.withUnsafeBufferPointer { addedStopPatternPositions in
        transit.patternActive.withUnsafeBufferPointer { patternActive in
        transit.transfers.start.withUnsafeBufferPointer { transferStart in
        transit.transfers.targets.base.withUnsafeBufferPointer { baseTransferTargets in
        transit.transfers.seconds.base.withUnsafeBufferPointer { baseTransferSeconds in
        transit.transfers.targets.tail.withUnsafeBufferPointer { tailTransferTargets in
        transit.transfers.seconds.tail.withUnsafeBufferPointer { tailTransferSeconds in
        changeSeconds.withUnsafeBufferPointer { change in
        patternFirstPosition.withUnsafeMutableBufferPointer { firstPosition in
            var round = 1
            while round <= parameters.maxRides && !changed.isEmpty {
                let previous = (round - 1) * n, current = round * n
                token = nextStamp()
                var nextChanged: [Int] = []
                // 1. Copy round k − 1 into round k where it changed this minute.
                for s in changed {
                    var touched = false
                    if arrival[previous + s] < arrival[current + s] {
                        arrival[current + s] = arrival[previous + s]
                        arrivalKind[current + s] = Kind.copied
                        touched = true
                    }
                    if ride[previous + s] < ride[current + s] {
                        ride[current + s] = ride[previous + s]
                        rideTrip[current + s] = rideTrip[previous + s]
                        rideBoardPosition[current + s] = rideBoardPosition[previous + s]
                        rideAlightPosition[current + s] = rideAlightPosition[previous + s]
                        rideRound[current + s] = rideRound[previous + s]
                        touched = true
                    }
                    if walked[previous + s] < walked[current + s] {
                        walked[current + s] = walked[previous + s]
                        walkedFrom[current + s] = walkedFrom[previous + s]
                        walkedRound[current + s] = walkedRound[previous + s]
                        touched = true
                    }
                    if touched && changedStamp[s] != token { changedStamp[s] = token; nextChanged.append(s) }
                }
                // 2. Queue the patterns through stops marked in round k − 1, from their first marked position.
                var queued: [Int] = []
                // A scenario's network shares its base's index (its added stops past its end, its closed patterns
                // in it) and indexes its added patterns apart.
                func queue(_ p: Int, _ pos: Int32) {
                    if firstPosition[p] < 0 {
                        if !patternActive.isEmpty && !patternActive[p] { return }
                        queued.append(p); firstPosition[p] = pos
                    } else if pos < firstPosition[p] { firstPosition[p] = pos }
                }
                for s in marked {
                    if s + 1 < stopPatternStart.count {
                        for e in Int(stopPatternStart[s]) ..< Int(stopPatternStart[s + 1]) {
                            queue(Int(stopPatterns[e]), Int32(stopPatternPositions[e]))
                        }
                    }
                    if !addedStopPatternStart.isEmpty {
                        for e in Int(addedStopPatternStart[s]) ..< Int(addedStopPatternStart[s + 1]) {
                            queue(Int(addedStopPatterns[e]), Int32(addedStopPatternPositions[e]))
                        }
                    }
                }
                queued.sort()
                // 3. Scan each queued pattern.
                var rideImproved: [Int] = []
                for p in queued {
                    let first = Int(firstPosition[p])
                    firstPosition[p] = -1
                    // A pattern's stops, like its stop times, lie wholly in the base network's or in the tail.
                    let stopStart = Int(patternStopStart[p])
                    let count = Int(patternStopStart[p + 1]) - stopStart
                    let stopsInBase = stopStart < basePatternStops.count
                    let patternStops = stopsInBase ? basePatternStops : tailPatternStops
                    let stopBase = stopsInBase ? stopStart : stopStart - basePatternStops.count
                    let tripBase = Int(patternTripStart[p])
                    let tripCount = Int(patternTripStart[p + 1]) - tripBase
                    // A pattern's stop times lie wholly in the base network's or in a scenario's added tail.
                    let timeStart = Int(patternTimeStart[p])
                    let inBase = timeStart < baseArrivals.count
                    let arrivals = inBase ? baseArrivals : tailArrivals
                    let departures = inBase ? baseDepartures : tailDepartures
                    let timeBase = inBase ? timeStart : timeStart - baseArrivals.count
                    var trip = -1          // index within the pattern
                    var boardPosition = 0
                    for i in first ..< count {
                        let s = Int(patternStops[stopBase + i])
                        if trip >= 0 {
                            let a = arrivals[timeBase + trip * count + i]
                            if a < ride[current + s] && a <= bound {
                                ride[current + s] = a
                                rideTrip[current + s] = UInt32(tripBase + trip)
                                rideBoardPosition[current + s] = UInt32(boardPosition)
                                rideAlightPosition[current + s] = UInt32(i)
                                rideRound[current + s] = UInt8(round)
                                if rideStamp[s] != token { rideStamp[s] = token; rideImproved.append(s) }
                            }
                        }
                        let ready = arrival[previous + s]
                        if ready == RangeRaptor.unreachable { continue }
                        let earliestBoard = ready + slack
                        // Earliest trip departing at position i no sooner than earliestBoard, among trips up to
                        // the current one (departures ascend with the trip index: FIFO patterns).
                        var lo = 0, hi = trip >= 0 ? trip : tripCount
                        if trip >= 0 && departures[timeBase + trip * count + i] < earliestBoard { continue }
                        while lo < hi {
                            let mid = (lo + hi) >> 1
                            if departures[timeBase + mid * count + i] >= earliestBoard { hi = mid } else { lo = mid + 1 }
                        }
                        // A scenario's closed trips are skipped (the trips after them depart later still).
                        if !tripActive.isEmpty {
                            while lo < tripCount && tripActive[(tripBase + lo) >> 6] & (1 << UInt64((tripBase + lo) & 63)) == 0 {
                                lo += 1
                            }
                        }
                        if lo < tripCount && (trip < 0 || lo < trip) {
                            trip = lo
                            boardPosition = i
                        }
                    }
                }
                // 4. Rides into arrivals, then one walking transfer from each improved ride.
                var nextMarked: [Int] = []
                let markToken = token
                for s in rideImproved {
                    if changedStamp[s] != token { changedStamp[s] = token; nextChanged.append(s) }
                    let ready = ride[current + s] + change[s]
                    if ready < arrival[current + s] {
                        arrival[current + s] = ready
                        arrivalKind[current + s] = Kind.ride
                        if markedStamp[s] != markToken { markedStamp[s] = markToken; nextMarked.append(s) }
                    }
                }
                for s in rideImproved {
                    let t0 = ride[current + s]
                    // A scenario's changed rows (its added stops' too) are in the tails.
                    let changedRow = transit.transfers.isChanged(s)
                    let transferTargets = changedRow ? tailTransferTargets : baseTransferTargets
                    let transferSeconds = changedRow ? tailTransferSeconds : baseTransferSeconds
                    let row = changedRow ? transit.transfers.changedRows[s]!.lowerBound - baseTransferTargets.count
                        ..< transit.transfers.changedRows[s]!.upperBound - baseTransferTargets.count
                        : Int(transferStart[s]) ..< Int(transferStart[s + 1])
                    for e in row {
                        let u = Int(transferTargets[e])
                        let t = t0 + transferSeconds[e]
                        if t < walked[current + u] && t <= bound {
                            walked[current + u] = t
                            walkedFrom[current + u] = UInt32(s)
                            walkedRound[current + u] = UInt8(round)
                            if changedStamp[u] != token { changedStamp[u] = token; nextChanged.append(u) }
                        }
                        if t < arrival[current + u] && t <= bound {
                            arrival[current + u] = t
                            arrivalKind[current + u] = Kind.walk
                            walkFrom[current + u] = UInt32(s)
                            if markedStamp[u] != markToken { markedStamp[u] = markToken; nextMarked.append(u) }
                            if changedStamp[u] != token { changedStamp[u] = token; nextChanged.append(u) }
                        }
                    }
                }
                marked = nextMarked
                changed = nextChanged
                round += 1
            }
        }}}}}}}}}}}}}}}}}}}}}}}}
    }
}
