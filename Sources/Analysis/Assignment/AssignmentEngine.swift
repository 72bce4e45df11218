import Dispatch
import GeoCore
import Network
import Routing
import Synchronization

/// All-or-nothing assignment per departure minute.
///
/// Each zone pair's trips are spread uniformly over the window's departure minutes (trips / windowMinutes
/// per minute). For every origin and minute one single-departure RAPTOR runs from the origin's access stops;
/// each destination takes the fastest way (best egress stop + egress walk, or the direct walk when strictly
/// faster) and that minute's trips follow its rides, adding to every section ridden (board → alight, hop by
/// hop). Origins are split over worker tasks, one RAPTOR engine each.
public final class AssignmentEngine: Sendable {
    public let network: BuiltNetwork
    public let zones: [DemandZone]
    public let parameters: AssignmentParameters
    /// Access per zone as an origin (station stops walked to from the zone's point + the profile's access modes).
    public let endpoints: [TravelTimeEndpoint]
    /// Egress per zone as a destination (the profile's egress modes).
    public let destinationEndpoints: [TravelTimeEndpoint]
    public let sections: SectionTable

    public init(network: BuiltNetwork, zones: [DemandZone], parameters: AssignmentParameters) {
        self.network = network
        self.zones = zones
        self.parameters = parameters
        let query = TravelTimeQuery(network: network, parameters: TravelTimeParameters(
            firstDepartureSeconds: parameters.firstDepartureSeconds, raptor: parameters.raptor, access: parameters.access,
            profile: parameters.profile, maxTripSeconds: parameters.maxTripSeconds))
        endpoints = zones.map { query.endpoint(at: $0.coordinate, stationStops: $0.stationStops, role: .origin) }
        destinationEndpoints = zones.map { query.endpoint(at: $0.coordinate, stationStops: $0.stationStops, role: .destination) }
        sections = SectionTable(transit: network.transit)
    }

    /// Zones that can board at least one stop.
    public var servedZones: [Bool] { endpoints.map { !$0.stops.isEmpty } }

    // MARK: Assignment

    private struct Partial {
        var passengers: [Double]
        var perMinute: [Double]
        var originUse: [Set<Int>]
        var times: [(offset: Int, values: [Int32])]
        var transit = 0.0, walk = 0.0, unreachable = 0.0, hours = 0.0, kilometers = 0.0
    }

    public func assign(_ demand: DemandMatrix) -> AssignmentResult {
        let n = zones.count
        precondition(demand.zoneCount == n, "demand has \(demand.zoneCount) zones, the engine \(n)")
        let w = parameters.windowMinutes
        let transit = network.transit
        let sectionCount = sections.count
        let origins = (0..<n).filter { o in (0..<n).contains { demand[o, $0] > 0 } }
        let workers = max(1, min(parameters.threads, origins.count))
        let slots = Mutex([Partial?](repeating: nil, count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let raptor = RangeRaptor(transit: transit, parameters: parameters.raptor.withSameStopChange(of: network))
            var part = Partial(passengers: [Double](repeating: 0, count: sectionCount),
                               perMinute: [Double](repeating: 0, count: sectionCount * w),
                               originUse: [Set<Int>](repeating: [], count: sectionCount), times: [])
            for o in stride(from: worker, to: origins.count, by: workers).map({ origins[$0] }) {
                assignOrigin(o, demand: demand, raptor: raptor, into: &part)
            }
            slots.withLock { $0[worker] = part }
        }
        var passengers = [Double](repeating: 0, count: sectionCount)
        var perMinute = [Double](repeating: 0, count: sectionCount * w)
        var use = [Set<Int>](repeating: [], count: sectionCount)
        var times = [Int32](repeating: RangeRaptorResult.unreachable, count: n * n * w)
        var totals = (transit: 0.0, walk: 0.0, unreachable: 0.0, hours: 0.0, km: 0.0)
        for part in slots.withLock({ $0 }).map({ $0! }) {
            for s in 0..<sectionCount {
                passengers[s] += part.passengers[s]
                use[s].formUnion(part.originUse[s])
            }
            for k in 0..<(sectionCount * w) { perMinute[k] += part.perMinute[k] }
            for (offset, values) in part.times { for m in 0..<w { times[offset + m] = values[m] } }
            totals.transit += part.transit; totals.walk += part.walk; totals.unreachable += part.unreachable
            totals.hours += part.hours; totals.km += part.kilometers
        }
        let peak = (0..<sectionCount).map { s in AssignmentEngine.busiestHour(Array(perMinute[(s * w)..<((s + 1) * w)])) }
        return AssignmentResult(zoneCount: n, windowMinutes: w, sectionPassengers: passengers,
                                sectionPeakHourPassengers: peak, sectionOrigins: use.map { $0.sorted() },
                                travelTimesSeconds: times, transitTrips: totals.transit, walkOnlyTrips: totals.walk,
                                unreachableTrips: totals.unreachable, passengerHours: totals.hours,
                                passengerKilometers: totals.km)
    }

    /// Most passengers in 60 consecutive minutes; a window shorter than an hour is scaled up to one.
    static func busiestHour(_ perMinute: [Double]) -> Double {
        let w = perMinute.count
        guard w > 0 else { return 0 }
        if w <= 60 { return perMinute.reduce(0, +) * 60 / Double(w) }
        var sum = perMinute[0..<60].reduce(0, +), best = sum
        for m in 60..<w { sum += perMinute[m] - perMinute[m - 60]; best = max(best, sum) }
        return best
    }

    private func assignOrigin(_ o: Int, demand: DemandMatrix, raptor: RangeRaptor, into part: inout Partial) {
        let n = zones.count, w = parameters.windowMinutes
        let transit = network.transit
        let origin = endpoints[o]
        let destinations = (0..<n).filter { demand[o, $0] > 0 }
        var rows = destinations.map { _ in [Int32](repeating: RangeRaptorResult.unreachable, count: w) }
        let direct = destinations.map { origin.directSeconds(to: destinationEndpoints[$0]) }
        for m in 0..<w {
            let departure = parameters.departureSeconds(minute: m)
            // Egress starts after a ride (access never chains into egress through a stop).
            let arrivals: [Int32]? = origin.stops.isEmpty ? nil : {
                _ = raptor.earliestArrivals(origins: origin.stops, departureSeconds: departure)
                return raptor.lastRideArrivals()
            }()
            for (k, d) in destinations.enumerated() {
                let trips = demand[o, d] / Double(w)
                var best: (stop: StopID, arrival: Int32)?
                if let arrivals {
                    for e in destinationEndpoints[d].stops where arrivals[e.stop.index] != RangeRaptorResult.unreachable {
                        let t = arrivals[e.stop.index] + e.seconds
                        if best == nil || t < best!.arrival { best = (e.stop, t) }
                    }
                }
                if let walk = direct[k], walk <= parameters.maxTripSeconds, best == nil || departure + walk < best!.arrival {
                    rows[k][m] = walk
                    part.walk += trips
                    part.hours += trips * Double(walk) / 3600
                    continue
                }
                guard let best, best.arrival - departure <= parameters.maxTripSeconds,
                      let itinerary = raptor.itinerary(to: best.stop, afterRide: true) else {
                    part.unreachable += trips
                    continue
                }
                let time = best.arrival - departure
                rows[k][m] = time
                part.transit += trips
                part.hours += trips * Double(time) / 3600
                for ride in itinerary.rides {
                    let p = ride.pattern.index
                    let base = Int(transit.patterns.stopStart[p])
                    let stops = transit.stops(of: ride.pattern)
                    // Positions of board and alight: the ride's trip boards at the first matching position whose
                    // departure equals the ride's board time.
                    let (board, alight) = positions(of: ride, stops: stops, transit: transit)
                    for i in board..<alight {
                        let s = Int(sections.hopSections[base + i])
                        part.passengers[s] += trips
                        part.perMinute[s * w + m] += trips
                        part.originUse[s].insert(o)
                        part.kilometers += trips * sections.sections[s].lengthMeters / 1000
                    }
                }
            }
        }
        for (k, d) in destinations.enumerated() { part.times.append(((o * n + d) * w, rows[k])) }
    }

    /// Board and alight positions of a ride on its pattern (a pattern may call at a stop twice: the board
    /// position is the one departing at the board time, the alight the first later one arriving at the alight time).
    private func positions(of ride: Itinerary.Ride, stops: ArraySlice<UInt32>, transit: TransitLayer) -> (Int, Int) {
        let count = stops.count
        var board = 0
        for i in 0..<count where stops[stops.startIndex + i] == ride.boardStop.rawValue
            && transit.departureSeconds(trip: ride.trip, position: i) == ride.boardSeconds {
            board = i; break
        }
        var alight = board + 1
        for i in (board + 1)..<count where stops[stops.startIndex + i] == ride.alightStop.rawValue
            && transit.arrivalSeconds(trip: ride.trip, position: i) == ride.alightSeconds {
            alight = i; break
        }
        return (board, alight)
    }

    // MARK: Travel times only

    /// Per-minute travel times from the given origins to every zone over `transit` (the engine's network or a
    /// variant with the same stops), by range-RAPTOR: `[(o * n + d) * windowMinutes + m]`,
    /// `RangeRaptorResult.unreachable` where unreachable or for origins not listed.
    public func travelTimes(transit: TransitLayer? = nil, origins: [Int]? = nil) -> [Int32] {
        let layer = transit ?? network.transit
        precondition(layer.stopCount == network.transit.stopCount, "a variant must keep the stops")
        let n = zones.count, w = parameters.windowMinutes
        let list = origins ?? Array(0..<n)
        let workers = max(1, min(parameters.threads, list.count))
        let slots = Mutex([[(Int, [Int32])]?](repeating: nil, count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let raptor = RangeRaptor(transit: layer, parameters: parameters.raptor.withSameStopChange(of: network))
            var out: [(Int, [Int32])] = []
            for o in stride(from: worker, to: list.count, by: workers).map({ list[$0] }) {
                var row = [Int32](repeating: RangeRaptorResult.unreachable, count: n * w)
                let origin = endpoints[o]
                let result = origin.stops.isEmpty ? nil
                    : raptor.run(origins: origin.stops, firstDepartureSeconds: parameters.firstDepartureSeconds, windowMinutes: w)
                for d in 0..<n where d != o {
                    if let walk = origin.directSeconds(to: destinationEndpoints[d]) {
                        for m in 0..<w { row[d * w + m] = walk }
                    }
                    if let result {
                        for e in destinationEndpoints[d].stops {
                            let base = e.stop.index * w
                            for m in 0..<w where result.rideArrivalSeconds[base + m] != RangeRaptorResult.unreachable {
                                let t = result.rideArrivalSeconds[base + m] + e.seconds - parameters.departureSeconds(minute: m)
                                if t < row[d * w + m] { row[d * w + m] = t }
                            }
                        }
                    }
                    for m in 0..<w where row[d * w + m] > parameters.maxTripSeconds { row[d * w + m] = RangeRaptorResult.unreachable }
                }
                out.append((o, row))
            }
            slots.withLock { $0[worker] = out }
        }
        var times = [Int32](repeating: RangeRaptorResult.unreachable, count: n * n * w)
        for part in slots.withLock({ $0 }).map({ $0! }) { for (o, row) in part { for k in 0..<(n * w) { times[o * n * w + k] = row[k] } } }
        return times
    }

    /// Median (nearest-rank) travel time over the window per zone pair, minutes; nil where unreachable and on
    /// the diagonal.
    public func medianTravelTimesMinutes() -> [Double?] {
        let n = zones.count, w = parameters.windowMinutes
        let times = travelTimes()
        var out = [Double?](repeating: nil, count: n * n)
        for o in 0..<n {
            for d in 0..<n where d != o {
                let slice = Array(times[((o * n + d) * w)..<((o * n + d + 1) * w)])
                let median = TravelTimePercentiles.percentiles(of: slice, at: [50])[0]
                if median != RangeRaptorResult.unreachable { out[o * n + d] = Double(median) / 60 }
            }
        }
        return out
    }
}
