import Dispatch
import GeoCore
import Network
import Routing
import Synchronization

/// All-or-nothing assignment per departure minute, from and to the stations each zone's people reach.
///
/// A zone's trips board at its origin stations and alight at its destination stations in fixed shares
/// (`DemandStationAccess`: the zone's population cells through the profile's access and egress modes). An
/// origin group is one zone's station: its trips are the zone's × the station's share, and they are at the
/// station's stops at departure + the stops' mean access times. Each pair's trips are spread uniformly over the
/// window's departure minutes (trips / windowMinutes per minute). For every group and minute one
/// single-departure RAPTOR runs; a destination's trips split over its stations by share, each share taking the
/// fastest way to its station's stops (+ egress); a station not reached within the longest trip passes its share
/// to the zone's fastest reached station. The pair's time is the shares' mean. The demand is rail demand: a trip
/// rides whenever a journey exists within the longest trip (no direct trip on foot or by feeder competes). Groups
/// are split over worker tasks, one RAPTOR engine each.
public final class AssignmentEngine: Sendable {
    public let network: BuiltNetwork
    public let zones: [DemandZone]
    public let parameters: AssignmentParameters
    /// Per zone, the stations its trips board at (origin) and alight at (destination), by descending share.
    public let originStations: [[ZoneStation]]
    public let destinationStations: [[ZoneStation]]
    /// Per zone, the share of its people whose cells reach an origin station.
    public let reachingShare: [Double]
    /// Origin groups: (zone, index into `originStations[zone]`), zone by zone.
    public let groups: [(zone: Int, station: Int)]
    public let sections: SectionTable

    /// `cells`: where the zones' people live (a cell belongs to the zone of its district); nil: one cell per zone
    /// at its point (`DemandZone.coordinate`) carrying its population.
    public init(network: BuiltNetwork, zones: [DemandZone], parameters: AssignmentParameters, cells: [PopulationCell]? = nil,
                choice: StationChoiceParameters = StationChoiceParameters()) {
        self.network = network
        self.zones = zones
        self.parameters = parameters
        let travel = parameters.travelParameters
        var zoneOfDistrict = [Int?](repeating: nil, count: max(network.districts.count, (zones.map(\.districtIndex).max() ?? -1) + 1))
        for (z, zone) in zones.enumerated() { zoneOfDistrict[zone.districtIndex] = z }
        let points = cells ?? zones.map { PopulationCell(coordinate: $0.coordinate, population: max($0.population, 1), district: $0.districtIndex) }
        let origins = DemandStationAccess.stations(network: network, cells: points, zoneOfDistrict: zoneOfDistrict, zoneCount: zones.count,
                                                   travel: travel, role: .origin, choice: choice, threads: parameters.threads)
        let destinations = DemandStationAccess.stations(network: network, cells: points, zoneOfDistrict: zoneOfDistrict, zoneCount: zones.count,
                                                        travel: travel, role: .destination, choice: choice, threads: parameters.threads)
        originStations = origins.stations
        destinationStations = destinations.stations
        reachingShare = origins.reachingShare
        groups = origins.stations.enumerated().flatMap { z, list in list.indices.map { (zone: z, station: $0) } }
        sections = SectionTable(transit: network.transit)
    }

    /// Zones that can board at least one station.
    public var servedZones: [Bool] { originStations.map { !$0.isEmpty } }

    /// The share of its zone's trips that group `g` carries, and the stops it boards at.
    public func group(_ g: Int) -> (zone: Int, share: Double, stops: [StopAccess]) {
        let station = originStations[groups[g].zone][groups[g].station]
        return (groups[g].zone, station.share, station.stops)
    }

    /// What one departure minute's trips from a group to a zone do.
    enum Outcome {
        /// The shares' mean time, and per destination station (share, alighting stop).
        case transit(seconds: Int32, alight: [(share: Double, stop: StopID)])
        case unreachable
    }

    /// Destination `d`'s stations reached after rides (`arrival(stop)`: the arrival after a ride at a stop, or
    /// unreachable) for a departure at `departure`.
    func outcome(to d: Int, departure: Int32, arrival: (Int) -> Int32) -> Outcome {
        let limit = parameters.maxTripSeconds
        var best: [(stop: StopID, arrival: Int32)?] = []
        var overall: (stop: StopID, arrival: Int32)?
        for station in destinationStations[d] {
            var b: (stop: StopID, arrival: Int32)?
            for e in station.stops {
                let a = arrival(e.stop.index)
                guard a != RangeRaptorResult.unreachable else { continue }
                let t = a + e.seconds
                if t - departure <= limit, b == nil || t < b!.arrival { b = (e.stop, t) }
            }
            best.append(b)
            if let b, overall == nil || b.arrival < overall!.arrival { overall = b }
        }
        guard let overall else { return .unreachable }
        let mean = zip(destinationStations[d], best).reduce(0) { $0 + $1.0.share * Double(($1.1 ?? overall).arrival - departure) }
        return .transit(seconds: Int32(mean.rounded()),
                        alight: zip(destinationStations[d], best).map { ($0.share, ($1 ?? overall).stop) })
    }

    // MARK: Assignment

    private struct Partial {
        var passengers: [Double]
        var perMinute: [Double]
        var groupUse: [Set<Int>]
        var times: [(offset: Int, values: [Int32])]
        var transit = 0.0, unreachable = 0.0, unserved = 0.0, hours = 0.0, kilometers = 0.0
    }

    public func assign(_ demand: DemandMatrix) -> AssignmentResult {
        let n = zones.count
        precondition(demand.zoneCount == n, "demand has \(demand.zoneCount) zones, the engine \(n)")
        let w = parameters.windowMinutes
        let transit = network.transit
        let sectionCount = sections.count
        let active = groups.indices.filter { g in (0..<n).contains { demand[groups[g].zone, $0] > 0 } }
        let workers = max(1, min(parameters.threads, active.count))
        let slots = Mutex([Partial?](repeating: nil, count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let raptor = RangeRaptor(transit: transit, parameters: parameters.raptor.withSameStopChange(of: network))
            var part = Partial(passengers: [Double](repeating: 0, count: sectionCount),
                               perMinute: [Double](repeating: 0, count: sectionCount * w),
                               groupUse: [Set<Int>](repeating: [], count: sectionCount), times: [])
            for g in stride(from: worker, to: active.count, by: workers).map({ active[$0] }) {
                assignGroup(g, demand: demand, raptor: raptor, into: &part)
            }
            slots.withLock { $0[worker] = part }
        }
        var passengers = [Double](repeating: 0, count: sectionCount)
        var perMinute = [Double](repeating: 0, count: sectionCount * w)
        var use = [Set<Int>](repeating: [], count: sectionCount)
        var times = [Int32](repeating: RangeRaptorResult.unreachable, count: groups.count * n * w)
        // Trips whose origin zone reaches no station.
        var unserved = 0.0
        for o in 0..<n where originStations[o].isEmpty { for d in 0..<n { unserved += demand[o, d] } }
        var totals = (transit: 0.0, unreachable: unserved, unserved: unserved, hours: 0.0, km: 0.0)
        for part in slots.withLock({ $0 }).map({ $0! }) {
            for s in 0..<sectionCount {
                passengers[s] += part.passengers[s]
                use[s].formUnion(part.groupUse[s])
            }
            for k in 0..<(sectionCount * w) { perMinute[k] += part.perMinute[k] }
            for (offset, values) in part.times { for m in 0..<w { times[offset + m] = values[m] } }
            totals.transit += part.transit; totals.unreachable += part.unreachable; totals.unserved += part.unserved
            totals.hours += part.hours; totals.km += part.kilometers
        }
        let peak = (0..<sectionCount).map { s in AssignmentEngine.busiestHour(Array(perMinute[(s * w)..<((s + 1) * w)])) }
        return AssignmentResult(zoneCount: n, windowMinutes: w, sectionPassengers: passengers,
                                sectionPeakHourPassengers: peak, sectionGroups: use.map { $0.sorted() },
                                travelTimesSeconds: times, transitTrips: totals.transit,
                                unreachableTrips: totals.unreachable, unservedTrips: totals.unserved, passengerHours: totals.hours,
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

    private func assignGroup(_ g: Int, demand: DemandMatrix, raptor: RangeRaptor, into part: inout Partial) {
        let n = zones.count, w = parameters.windowMinutes
        let transit = network.transit
        let (o, share, stops) = group(g)
        let destinations = (0..<n).filter { demand[o, $0] > 0 }
        var rows = destinations.map { _ in [Int32](repeating: RangeRaptorResult.unreachable, count: w) }
        for m in 0..<w {
            let departure = parameters.departureSeconds(minute: m)
            // Egress starts after a ride (access never chains into egress through a stop).
            _ = raptor.earliestArrivals(origins: stops, departureSeconds: departure)
            let arrivals = raptor.lastRideArrivals()
            for (k, d) in destinations.enumerated() {
                let trips = demand[o, d] * share / Double(w)
                switch outcome(to: d, departure: departure, arrival: { arrivals[$0] }) {
                case .unreachable:
                    part.unreachable += trips
                    if destinationStations[d].isEmpty { part.unserved += trips }
                case .transit(let time, let alight):
                    var riding = 0.0
                    for (stationShare, stop) in alight {
                        guard let itinerary = raptor.itinerary(to: stop, afterRide: true) else { continue }
                        let t = trips * stationShare
                        riding += t
                        for ride in itinerary.rides {
                            let p = ride.pattern.index
                            let base = Int(transit.patterns.stopStart[p])
                            let (board, alight) = positions(of: ride, stops: transit.stops(of: ride.pattern), transit: transit)
                            for i in board..<alight {
                                let s = Int(sections.hopSections[base + i])
                                part.passengers[s] += t
                                part.perMinute[s * w + m] += t
                                part.groupUse[s].insert(g)
                                part.kilometers += t * sections.sections[s].lengthMeters / 1000
                            }
                        }
                    }
                    rows[k][m] = time
                    part.transit += riding
                    part.unreachable += trips - riding
                    part.hours += riding * Double(time) / 3600
                }
            }
        }
        for (k, d) in destinations.enumerated() { part.times.append(((g * n + d) * w, rows[k])) }
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

    /// Per-minute rail travel times from the given origin groups to every zone over `transit` (the engine's network or
    /// a variant with the same stops), by range-RAPTOR, exactly as `assign` times them:
    /// `[(g * zoneCount + d) * windowMinutes + m]`, `RangeRaptorResult.unreachable` where unreachable or for groups
    /// not listed.
    public func travelTimes(transit: TransitLayer? = nil, groups list: [Int]? = nil) -> [Int32] {
        let layer = transit ?? network.transit
        precondition(layer.stopCount == network.transit.stopCount, "a variant must keep the stops")
        let n = zones.count, w = parameters.windowMinutes
        let chosen = list ?? Array(groups.indices)
        let workers = max(1, min(parameters.threads, chosen.count))
        let slots = Mutex([[(Int, [Int32])]?](repeating: nil, count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let raptor = RangeRaptor(transit: layer, parameters: parameters.raptor.withSameStopChange(of: network))
            var out: [(Int, [Int32])] = []
            for g in stride(from: worker, to: chosen.count, by: workers).map({ chosen[$0] }) {
                let (o, _, stops) = group(g)
                var row = [Int32](repeating: RangeRaptorResult.unreachable, count: n * w)
                let result = raptor.run(origins: stops, firstDepartureSeconds: parameters.firstDepartureSeconds, windowMinutes: w)
                for d in 0..<n where d != o {
                    for m in 0..<w {
                        let departure = parameters.departureSeconds(minute: m)
                        switch outcome(to: d, departure: departure, arrival: { result.rideArrivalSeconds[$0 * w + m] }) {
                        case .transit(let t, _): row[d * w + m] = t
                        case .unreachable: break
                        }
                    }
                }
                out.append((g, row))
            }
            slots.withLock { $0[worker] = out }
        }
        var times = [Int32](repeating: RangeRaptorResult.unreachable, count: groups.count * n * w)
        for part in slots.withLock({ $0 }).map({ $0! }) { for (g, row) in part { for k in 0..<(n * w) { times[g * n * w + k] = row[k] } } }
        return times
    }

    /// Median (nearest-rank) travel time over the window per zone pair, minutes; nil where unreachable and on
    /// the diagonal. A minute's zone-to-zone time is the mean over the origin's groups that reach the destination,
    /// weighted by their shares (a zone reaching no station gets no time: its trips are not rail trips).
    public func medianTravelTimesMinutes() -> [Double?] {
        let n = zones.count, w = parameters.windowMinutes
        let times = travelTimes()
        var out = [Double?](repeating: nil, count: n * n)
        var groupsOf = [[Int]](repeating: [], count: n)
        for g in groups.indices { groupsOf[groups[g].zone].append(g) }
        for o in 0..<n {
            for d in 0..<n where d != o {
                var minutes = [Int32](repeating: RangeRaptorResult.unreachable, count: w)
                for m in 0..<w {
                    var sum = 0.0, weight = 0.0
                    for g in groupsOf[o] {
                        let t = times[(g * n + d) * w + m]
                        guard t != RangeRaptorResult.unreachable else { continue }
                        let share = group(g).share
                        sum += share * Double(t); weight += share
                    }
                    if weight > 0 { minutes[m] = Int32((sum / weight).rounded()) }
                }
                let median = TravelTimePercentiles.percentiles(of: minutes, at: [50])[0]
                if median != RangeRaptorResult.unreachable { out[o * n + d] = Double(median) / 60 }
            }
        }
        return out
    }
}
