import Foundation
import GeoCore
import GeoIO
import Network
import Routing
import Scenarios
import TestSupport
import Testing

/// Each modification on a hand network, with the times worked out by hand in the comments. Stops S0, S1, … lie
/// 5 km apart along a meridian (0.045°), so the builder makes no walking transfers; the board slack is 60 s.
@Suite(.tags(.fast)) struct ScenarioHandTests {
    typealias HandTrip = (route: Int, tier: Tier, stops: [Int], arrivals: [Int32], departures: [Int32], name: String)

    static func hms(_ h: Int32, _ m: Int32, _ s: Int32 = 0) -> Int32 { h * 3600 + m * 60 + s }

    /// A trip without dwell: arrival = departure.
    static func trip(_ route: Int, _ tier: Tier, _ stops: [Int], _ times: [Int32], name: String = "") -> HandTrip {
        (route, tier, stops, times, times, name)
    }

    static func network(stops: Int, trips: [HandTrip]) throws -> BuiltNetwork {
        var input = TransitInput()
        for s in 0..<stops {
            input.stops.append(TransitInput.Stop(key: "s\(s)", name: "S\(s)",
                                                 coordinate: Coordinate(longitude: 116.4, latitude: 39.0 + 0.045 * Double(s)),
                                                 source: "hand"))
        }
        let routeCount = (trips.map(\.route).max() ?? -1) + 1
        for r in 0..<routeCount {
            input.routes.append(TransitInput.Route(key: "R\(r)", shortName: "R\(r)", longName: "", gtfsRouteType: nil,
                                                   tier: trips.first { $0.route == r }?.tier ?? .other,
                                                   tierReason: "hand", source: "hand"))
        }
        for (k, t) in trips.enumerated() {
            input.trips.append(TransitInput.Trip(key: "t\(k)", route: t.route, name: t.name, tier: t.tier, stops: t.stops,
                                                 arrivalSeconds: t.arrivals, departureSeconds: t.departures))
        }
        let parameters = BuildParameters(transferRadiusMeters: 0)
        let layer = try TransitLayerBuilder(parameters: parameters).build(input).layer
        return BuiltNetwork(metadata: .init(areaName: "hand", parameters: parameters), transit: layer)
    }

    static func apply(_ network: BuiltNetwork, _ kinds: [ScenarioModification.Kind]) throws -> BuiltNetwork {
        let scenario = Scenario(name: "hand", modifications: kinds.enumerated().map { ScenarioModification(id: "m\($0.offset)", kind: $0.element) })
        return try ScenarioApplication.apply(scenario, to: network).network
    }

    /// Earliest arrival at `to` leaving `from` (no access time) at `depart`; nil when unreached.
    static func arrival(_ network: BuiltNetwork, from: Int, to: Int, depart: Int32) -> Int32? {
        let raptor = RangeRaptor(transit: network.transit, parameters: RaptorParameters(maxRides: 4))
        let a = raptor.earliestArrivals(origins: [StopAccess(stop: StopID(from), seconds: 0)], departureSeconds: depart)
        return a[to] == RangeRaptorResult.unreachable ? nil : a[to]
    }

    /// The stop named `name` in a network (scenario stops are appended after the base's).
    static func stop(_ network: BuiltNetwork, _ name: String) -> Int {
        network.transit.stops.names.firstIndex(of: name)!
    }

    // MARK: Service changes

    /// R0 S0 → S1 → S2 at 8:00 / 8:10 / 8:20. Speed ×2 halves each 10-minute hop: S2 at 8:10. The base network
    /// is untouched (S2 still at 8:20 there).
    @Test func speedFactorHalvesRunningTimes() throws {
        let base = try Self.network(stops: 3, trips: [Self.trip(0, .metro, [0, 1, 2], [Self.hms(8, 0), Self.hms(8, 10), Self.hms(8, 20)])])
        let after = try Self.apply(base, [.changeService(target: .line("R0"), between: nil, headwayMinutes: nil, speedFactor: 2,
                                                         dwellSeconds: nil, hours: nil)])
        #expect(Self.arrival(after, from: 0, to: 2, depart: Self.hms(7, 59)) == Self.hms(8, 10))
        #expect(Self.arrival(after, from: 0, to: 1, depart: Self.hms(7, 59)) == Self.hms(8, 5))
        #expect(Self.arrival(base, from: 0, to: 2, depart: Self.hms(7, 59)) == Self.hms(8, 20))
        // Only the hop S1 → S2 faster when the change is limited to that section: S2 at 8:15.
        let section = try Self.apply(base, [.changeService(target: .line("R0"), between: ["S1", "S2"], headwayMinutes: nil,
                                                           speedFactor: 2, dwellSeconds: nil, hours: nil)])
        #expect(Self.arrival(section, from: 0, to: 2, depart: Self.hms(7, 59)) == Self.hms(8, 15))
    }

    /// Trips at 8:00 and 9:00, 10 min a hop. Every 15 min from 08:00 to 09:00 makes 8:00, 8:15, 8:30, 8:45, 9:00
    /// with the median running times (10 min a hop): ready at S0 at 8:01, the 8:15
    /// reaches S2 at 8:35 instead of 9:20.
    @Test func headwayReplacesTripsByEvenlySpacedOnes() throws {
        let base = try Self.network(stops: 3, trips: [
            Self.trip(0, .suburban, [0, 1, 2], [Self.hms(8, 0), Self.hms(8, 10), Self.hms(8, 20)]),
            Self.trip(0, .suburban, [0, 1, 2], [Self.hms(9, 0), Self.hms(9, 10), Self.hms(9, 20)]),
        ])
        #expect(Self.arrival(base, from: 0, to: 2, depart: Self.hms(8, 1)) == Self.hms(9, 20))
        let after = try Self.apply(base, [.changeService(target: .line("R0"), between: nil, headwayMinutes: 15, speedFactor: nil,
                                                         dwellSeconds: nil, hours: Self.hms(8, 0)...Self.hms(9, 0))])
        #expect(Self.arrival(after, from: 0, to: 2, depart: Self.hms(8, 1)) == Self.hms(8, 35))
        #expect(Self.arrival(after, from: 0, to: 2, depart: Self.hms(8, 44)) == Self.hms(9, 5))
        #expect(Self.arrival(after, from: 0, to: 2, depart: Self.hms(8, 45)) == Self.hms(9, 20))
        let running = (0..<after.transit.tripCount).filter { after.transit.isActive(trip: $0) }
        #expect(running.count == 5)
    }

    /// Short workings on a section: every 20 min S1 → S2 between 08:00 and 09:00 on top of the 8:00 trip from S0.
    /// From S1 at 8:30 the 8:40 working reaches S2 at 8:50 (10 min, the line's median hop).
    @Test func sectionHeadwayAddsShortWorkings() throws {
        let base = try Self.network(stops: 3, trips: [Self.trip(0, .suburban, [0, 1, 2], [Self.hms(8, 0), Self.hms(8, 10), Self.hms(8, 20)])])
        #expect(Self.arrival(base, from: 1, to: 2, depart: Self.hms(8, 30)) == nil)
        let after = try Self.apply(base, [.changeService(target: .line("R0"), between: ["S1", "S2"], headwayMinutes: 20,
                                                         speedFactor: nil, dwellSeconds: nil, hours: Self.hms(8, 0)...Self.hms(9, 0))])
        #expect(Self.arrival(after, from: 1, to: 2, depart: Self.hms(8, 30)) == Self.hms(8, 50))
        #expect(Self.arrival(after, from: 0, to: 2, depart: Self.hms(7, 59)) == Self.hms(8, 20))
    }

    /// S0 dep 8:00, S1 arr 8:10 dep 8:12, S2 arr 8:22. Dwell 0 at the intermediate stop: S2 at 8:20.
    @Test func dwellChangeShiftsTheRestOfTheTrip() throws {
        let base = try Self.network(stops: 3, trips: [(0, .intercity, [0, 1, 2], [Self.hms(8, 0), Self.hms(8, 10), Self.hms(8, 22)],
                                                       [Self.hms(8, 0), Self.hms(8, 12), Self.hms(8, 22)], "")])
        let after = try Self.apply(base, [.changeService(target: .tier(.intercity), between: nil, headwayMinutes: nil, speedFactor: nil,
                                                         dwellSeconds: 0, hours: nil)])
        #expect(Self.arrival(after, from: 0, to: 2, depart: Self.hms(7, 59)) == Self.hms(8, 20))
    }

    /// Service from 08:30: the 8:00 trip no longer runs; the 9:00 one does.
    @Test func serviceHoursDropTripsOutsideThem() throws {
        let base = try Self.network(stops: 2, trips: [
            Self.trip(0, .metro, [0, 1], [Self.hms(8, 0), Self.hms(8, 10)]),
            Self.trip(0, .metro, [0, 1], [Self.hms(9, 0), Self.hms(9, 10)]),
        ])
        let after = try Self.apply(base, [.changeService(target: .line("R0"), between: nil, headwayMinutes: nil, speedFactor: nil,
                                                         dwellSeconds: nil, hours: Self.hms(8, 30)...Self.hms(22, 0))])
        #expect(Self.arrival(after, from: 0, to: 1, depart: Self.hms(7, 50)) == Self.hms(9, 10))
    }

    // MARK: Stops, services, closures, transfers

    /// A trunk train S0 → S2 at 8:00 → 8:20 passes S1 halfway. Stopping there costs its dwell (60 s) and the trunk
    /// braking/acceleration loss (`ScenarioTiming`, 222 s): S1 at 8:00 + 600 + 111 = 8:11:51, departing 8:12:51;
    /// S2 at 8:20 + 60 + 222 s = 8:24:42.
    @Test func addedStopCostsDwellAndPenalty() throws {
        let base = try Self.network(stops: 3, trips: [
            Self.trip(0, .trunk, [0, 2], [Self.hms(8, 0), Self.hms(8, 20)], name: "G1"),
            Self.trip(1, .metro, [1, 2], [Self.hms(6, 0), Self.hms(6, 10)]),   // S1 exists as a station
        ])
        #expect(ScenarioTiming.stopPenaltySeconds(.trunk) == 222)
        let after = try Self.apply(base, [.addStops(station: "S1", target: .trains(["G1"]), dwellSeconds: 60)])
        #expect(Self.arrival(after, from: 0, to: 1, depart: Self.hms(7, 59)) == Self.hms(8, 11, 51))
        #expect(Self.arrival(after, from: 1, to: 2, depart: Self.hms(8, 11)) == Self.hms(8, 24, 42))
        #expect(Self.arrival(after, from: 0, to: 2, depart: Self.hms(7, 59)) == Self.hms(8, 24, 42))
        #expect(Self.arrival(base, from: 1, to: 2, depart: Self.hms(8, 0)) == nil)
    }

    /// A trunk train S0 → S1 → S2 → S3, 10 min a hop. A suburban service S1 → S3 on its track every 30 min from
    /// 08:00 to 09:00, dwell 60 s: dep S1 8:30, S2 8:40–8:41, S3 8:51; and back S3 → S1 at the same times.
    @Test func suburbanServiceRunsOnTheTrackOfExistingTrains() throws {
        let base = try Self.network(stops: 4, trips: [
            Self.trip(0, .trunk, [0, 1, 2, 3], [Self.hms(7, 0), Self.hms(7, 10), Self.hms(7, 20), Self.hms(7, 30)], name: "G7"),
        ])
        let after = try Self.apply(base, [.addService(name: "S-line", from: "S1", to: "S3", along: nil, tier: .suburban, headwayMinutes: 30,
                                                      hours: Self.hms(8, 0)...Self.hms(9, 0), speedFactor: 1, dwellSeconds: 60,
                                                      allStations: true)])
        #expect(Self.arrival(after, from: 1, to: 3, depart: Self.hms(8, 29)) == Self.hms(8, 51))
        #expect(Self.arrival(after, from: 3, to: 1, depart: Self.hms(8, 29)) == Self.hms(8, 51))
        #expect(Self.arrival(after, from: 1, to: 2, depart: Self.hms(8, 29)) == Self.hms(8, 40))
        let t = after.transit
        #expect(t.stops.tierMasks[1] & Tier.suburban.maskBit != 0)
        #expect(t.routes.tiers.last == UInt8(Tier.suburban.rank))
    }

    /// S1 closed: the train passes it (S0 → S2 still 8:00 → 8:20) and nobody boards or alights there.
    @Test func closedStationIsPassedWithoutStopping() throws {
        let base = try Self.network(stops: 3, trips: [Self.trip(0, .metro, [0, 1, 2], [Self.hms(8, 0), Self.hms(8, 10), Self.hms(8, 20)])])
        let after = try Self.apply(base, [.removeStations(["S1"])])
        #expect(Self.arrival(after, from: 0, to: 2, depart: Self.hms(7, 59)) == Self.hms(8, 20))
        #expect(Self.arrival(after, from: 0, to: 1, depart: Self.hms(7, 59)) == nil)
        #expect(Self.arrival(after, from: 1, to: 2, depart: Self.hms(8, 0)) == nil)
        #expect(after.transit.stops.tierMasks[1] == 0)
    }

    /// The section S1–S2 closed: S0 → S1 still runs, S2 and beyond can no longer be reached from S0; S2 → S3 runs.
    @Test func closedSectionCutsTheTrips() throws {
        let base = try Self.network(stops: 4, trips: [
            Self.trip(0, .metro, [0, 1, 2, 3], [Self.hms(8, 0), Self.hms(8, 10), Self.hms(8, 20), Self.hms(8, 30)]),
        ])
        let after = try Self.apply(base, [.removeSection(line: "R0", from: "S2", to: "S1")])
        #expect(Self.arrival(after, from: 0, to: 1, depart: Self.hms(7, 59)) == Self.hms(8, 10))
        #expect(Self.arrival(after, from: 0, to: 2, depart: Self.hms(7, 59)) == nil)
        #expect(Self.arrival(after, from: 2, to: 3, depart: Self.hms(8, 19)) == Self.hms(8, 30))
    }

    /// Line R0 removed, R1 kept.
    @Test func removedLineNoLongerRuns() throws {
        let base = try Self.network(stops: 3, trips: [
            Self.trip(0, .metro, [0, 1], [Self.hms(8, 0), Self.hms(8, 10)]),
            Self.trip(1, .metro, [1, 2], [Self.hms(8, 20), Self.hms(8, 30)]),
        ])
        let after = try Self.apply(base, [.removeLines(.line("R0"))])
        #expect(Self.arrival(after, from: 0, to: 1, depart: Self.hms(7, 59)) == nil)
        #expect(Self.arrival(after, from: 1, to: 2, depart: Self.hms(8, 0)) == Self.hms(8, 30))
        #expect(after.transit.activePatterns.count == 1)
    }

    /// R0 S0 → S1 arrives 8:10; R1 S2 → S3 leaves 8:15. A passage S1 ↔ S2 of 120 s: at S2 by 8:12, boarding by
    /// 8:14 with the slack, S3 at 8:25. Without it S3 is unreachable.
    @Test func newPassageJoinsTwoStations() throws {
        let base = try Self.network(stops: 4, trips: [
            Self.trip(0, .metro, [0, 1], [Self.hms(8, 0), Self.hms(8, 10)]),
            Self.trip(1, .metro, [2, 3], [Self.hms(8, 15), Self.hms(8, 25)]),
        ])
        #expect(Self.arrival(base, from: 0, to: 3, depart: Self.hms(7, 59)) == nil)
        // The stations are 5 km apart: a passage that long is refused.
        #expect(throws: InputError.self) { try Self.apply(base, [.transfer(from: "S1", to: "S2", seconds: 120)]) }
        // Move S2 next to S1 by building the network with S2 at S1's position.
        var input = TransitInput()
        for (s, lat) in [(0, 39.0), (1, 39.045), (2, 39.0455), (3, 39.09)] {
            input.stops.append(TransitInput.Stop(key: "s\(s)", name: "S\(s)", coordinate: Coordinate(longitude: 116.4, latitude: lat), source: "hand"))
        }
        input.routes = [0, 1].map { TransitInput.Route(key: "R\($0)", shortName: "R\($0)", longName: "", gtfsRouteType: nil, tier: .metro,
                                                       tierReason: "hand", source: "hand") }
        input.trips = [TransitInput.Trip(key: "a", route: 0, name: "", tier: .metro, stops: [0, 1], arrivalSeconds: [Self.hms(8, 0), Self.hms(8, 10)],
                                         departureSeconds: [Self.hms(8, 0), Self.hms(8, 10)]),
                       TransitInput.Trip(key: "b", route: 1, name: "", tier: .metro, stops: [2, 3], arrivalSeconds: [Self.hms(8, 15), Self.hms(8, 25)],
                                         departureSeconds: [Self.hms(8, 15), Self.hms(8, 25)])]
        let parameters = BuildParameters(transferRadiusMeters: 0)
        let near = BuiltNetwork(metadata: .init(areaName: "hand", parameters: parameters),
                                transit: try TransitLayerBuilder(parameters: parameters).build(input).layer)
        #expect(Self.arrival(near, from: 0, to: 3, depart: Self.hms(7, 59)) == nil)
        let after = try Self.apply(near, [.transfer(from: "S1", to: "S2", seconds: 120)])
        #expect(Self.arrival(after, from: 0, to: 3, depart: Self.hms(7, 59)) == Self.hms(8, 25))
    }

    /// R0 S0 → S1 (8:00 → 8:10) extended beyond S1 to a new station N 5 km further at 30 km/h with 60 s dwell:
    /// 5000 m × 1.2 / (30/3.6 m/s) = 720 s; S1 departs 8:11, N at 8:23. The return trip S1 → S0 leaving S1 at 8:30
    /// now starts at N: it leaves S1 at 8:30 still, so N → S1 departs 8:30 − 60 − 720 s = 8:17.
    @Test func extendedLineRunsOnBeyondItsTerminal() throws {
        let base = try Self.network(stops: 2, trips: [
            Self.trip(0, .metro, [0, 1], [Self.hms(8, 0), Self.hms(8, 10)]),
            Self.trip(0, .metro, [1, 0], [Self.hms(8, 30), Self.hms(8, 40)]),
        ])
        let north = Coordinate(longitude: 116.4, latitude: 39.09)
        let after = try Self.apply(base, [.extendLine(line: "R0", from: "S1", stations: [ScenarioStation(name: "N", coordinate: north)],
                                                      speedKmh: 30, dwellSeconds: 60)])
        let n = Self.stop(after, "N")
        let meters = Earth.haversineMeters(Coordinate(longitude: 116.4, latitude: 39.045), after.transit.coordinate(of: StopID(n)))
        let run = Int32((meters * 1.2 / (30 / 3.6)).rounded())
        #expect(abs(run - 720) <= 1)
        #expect(Self.arrival(after, from: 0, to: n, depart: Self.hms(7, 59)) == Self.hms(8, 11) + run)
        #expect(Self.arrival(after, from: n, to: 0, depart: Self.hms(8, 0)) == Self.hms(8, 40))
        let t = after.transit
        let back = (0..<t.tripCount).first { t.isActive(trip: $0) && t.stops(of: PatternID(rawValue: t.trips.patterns[$0])).first == UInt32(n) }!
        #expect(t.departureSeconds(trip: TripID(back), position: 0) == Self.hms(8, 29) - run)
    }

    /// A line from a planning-lines CSV: two stations 5 km apart (S0 and a new one), metro, every 10 min from
    /// 08:00, 30 km/h, no dwell: 720 s a trip. Leaving S0-line's first station at 7:59, arrival 8:12.
    @Test func addedLineFromACSVRuns() throws {
        let base = try Self.network(stops: 2, trips: [Self.trip(0, .metro, [0, 1], [Self.hms(6, 0), Self.hms(6, 10)])])
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let csv = dir.file("new.csv")
        try Data("""
            line_id,line_name,seq,station_id,station_name,lon,lat
            X,New line,1,a,East A,116.45,39.0
            X,New line,2,b,East B,116.45,39.045

            """.utf8).write(to: csv)
        var service = PlanningLineParameters(tier: .metro)
        service.headwayMinutes = 10; service.speedKmh = 30; service.dwellSeconds = 0
        service.firstDepartureSeconds = Int(Self.hms(8, 0)); service.lastDepartureSeconds = Int(Self.hms(9, 0))
        let after = try Self.apply(base, [.addLines(path: csv.path, crs: "wgs84", tier: .metro, service: service)])
        let a = Self.stop(after, "East A"), b = Self.stop(after, "East B")
        let meters = Earth.haversineMeters(after.transit.coordinate(of: StopID(a)), after.transit.coordinate(of: StopID(b)))
        let run = Int32((meters * 1.2 / (30 / 3.6)).rounded())
        #expect(Self.arrival(after, from: a, to: b, depart: Self.hms(7, 59)) == Self.hms(8, 0) + run)
        #expect(after.transit.stopCount == 4 && base.transit.stopCount == 2)
        #expect(after.stopLinks.nodes.count == 4)
    }

    // MARK: Whole scenarios

    /// An empty scenario leaves the network as it is.
    @Test func noOpScenarioIsTheBase() throws {
        let base = try Self.network(stops: 3, trips: [Self.trip(0, .metro, [0, 1, 2], [Self.hms(8, 0), Self.hms(8, 10), Self.hms(8, 20)])])
        #expect(try Self.apply(base, []) == base)
    }

    /// Later modifications see earlier ones: a line added by the scenario can be sped up next.
    @Test func modificationsApplyInOrder() throws {
        let base = try Self.network(stops: 3, trips: [Self.trip(0, .trunk, [0, 1, 2], [Self.hms(7, 0), Self.hms(7, 10), Self.hms(7, 20)], name: "G1")])
        let after = try Self.apply(base, [
            .addService(name: "S9", from: "S0", to: "S2", along: nil, tier: .suburban, headwayMinutes: 60,
                        hours: Self.hms(8, 0)...Self.hms(8, 0), speedFactor: 1, dwellSeconds: 0, allStations: true),
            .changeService(target: .line("S9"), between: nil, headwayMinutes: nil, speedFactor: 2, dwellSeconds: nil, hours: nil),
        ])
        #expect(Self.arrival(after, from: 0, to: 2, depart: Self.hms(7, 59)) == Self.hms(8, 10))
    }

    /// Random networks and random closures and additions: RAPTOR on the scenario network (base trips shared, added
    /// ones in the tail, closed ones switched off) equals RAPTOR on a network built from scratch from the same trips.
    @Test(arguments: 0..<12) func overlayEqualsRebuild(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed) &* 2_654_435_761 &+ 7)
        let stopCount = 6 + Int(rng.next() % 6)
        var trips: [HandTrip] = []
        for r in 0..<4 {
            let length = 2 + Int(rng.next() % 3)
            var stops: [Int] = []
            while stops.count < length { let s = Int(rng.next() % UInt64(stopCount)); if !stops.contains(s) { stops.append(s) } }
            for k in 0..<(2 + Int(rng.next() % 3)) {
                var t = Self.hms(8, 0) + Int32(k) * 600 + Int32(rng.next() % 300)
                var times: [Int32] = []
                for _ in stops { times.append(t); t += 120 + Int32(rng.next() % 600) }
                trips.append(Self.trip(r, .metro, stops, times))
            }
        }
        let base = try Self.network(stops: stopCount, trips: trips)
        // Close some base trips, add some new ones (as a rebuilt network would have them).
        var delta = TransitDelta()
        var kept = Array(trips.indices)
        for tr in 0..<base.transit.tripCount where rng.next() % 3 == 0 {
            delta.closedTrips.insert(tr)
        }
        var rebuiltTrips: [HandTrip] = []
        for tr in 0..<base.transit.tripCount where !delta.closedTrips.contains(tr) {
            let t = base.transit, p = PatternID(rawValue: t.trips.patterns[tr])
            let stops = t.stops(of: p).map { Int($0) }
            rebuiltTrips.append((Int(t.trips.routes[tr]), .metro, stops, stops.indices.map { t.arrivalSeconds(trip: TripID(tr), position: $0) },
                                 stops.indices.map { t.departureSeconds(trip: TripID(tr), position: $0) }, ""))
        }
        kept.removeAll()
        for k in 0..<(1 + Int(rng.next() % 3)) {
            let a = Int(rng.next() % UInt64(stopCount)), b = (a + 1 + Int(rng.next() % UInt64(stopCount - 1))) % stopCount
            let d = Self.hms(8, 0) + Int32(rng.next() % 1800)
            let arrive = d + 300 + Int32(rng.next() % 600)
            delta.addedTrips.append(TransitInput.Trip(key: "n\(k)", route: 0, name: "", tier: .metro, stops: [a, b],
                                                      arrivalSeconds: [d, arrive], departureSeconds: [d, arrive]))
            rebuiltTrips.append((0, .metro, [a, b], [d, arrive], [d, arrive], ""))
        }
        let overlay = try base.applying(delta)
        let rebuilt = try Self.network(stops: stopCount, trips: rebuiltTrips)
        for origin in 0..<stopCount {
            for depart in stride(from: Self.hms(7, 55), through: Self.hms(8, 40), by: 300) {
                for target in 0..<stopCount where target != origin {
                    #expect(Self.arrival(overlay, from: origin, to: target, depart: depart)
                            == Self.arrival(rebuilt, from: origin, to: target, depart: depart),
                            "seed \(seed) origin \(origin) target \(target) depart \(depart)")
                }
            }
        }
    }
}
