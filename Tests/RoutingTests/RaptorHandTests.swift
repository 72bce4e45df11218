import GeoCore
import Network
import Routing
import TestSupport
import Testing

/// Tiny timetables whose answers are worked out by hand in the comments.
@Suite(.tags(.fast)) struct RaptorHandTests {
    /// Stops 5 km apart along a meridian, so no transfers are generated; transfers come only from `transfers`.
    static func layer(stops: Int, trips: [(route: Int, tier: Tier, stops: [Int], times: [Int32], name: String)],
                      transfers: [(Int, Int, Int32)] = []) throws -> TransitLayer {
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
                                                 arrivalSeconds: t.times, departureSeconds: t.times))
        }
        input.transfers = transfers.map { TransitInput.Transfer(fromStop: $0.0, toStop: $0.1, minSeconds: $0.2) }
        return try TransitLayerBuilder(parameters: BuildParameters(transferRadiusMeters: 0)).build(input).layer
    }

    static func hms(_ h: Int32, _ m: Int32, _ s: Int32 = 0) -> Int32 { h * 3600 + m * 60 + s }

    @Test func emptyNetwork() {
        let raptor = RangeRaptor(transit: .empty)
        let result = raptor.run(origins: [], firstDepartureSeconds: 0, windowMinutes: 3)
        #expect(result.stopCount == 0 && result.minuteCount == 3 && result.arrivalSeconds.isEmpty)
        #expect(raptor.earliestArrivals(origins: [], departureSeconds: 0).isEmpty)
    }

    @Test func stopsWithoutTripsReachOnlyTheOrigin() throws {
        let layer = try Self.layer(stops: 2, trips: [])
        let result = RangeRaptor(transit: layer).run(origins: [StopAccess(stop: StopID(1), seconds: 90)],
                                                     firstDepartureSeconds: 1000, windowMinutes: 2)
        #expect(Array(result.arrivals(at: StopID(1))) == [1090, 1150])
        #expect(result.arrivalSeconds(at: StopID(0), minute: 0) == nil)
        #expect(result.travelTimesSeconds(at: StopID(1), egressSeconds: 10) == [100, 100])
    }

    /// Line S0 → S1 → S2, trips at 8:00/8:10/8:20 and 8:10/8:20/8:30; access 120 s, slack 60 s.
    /// Leaving at 7:55, 7:56, 7:57 the traveller is at S0 by 7:59 at the latest, ready by 8:00: first trip,
    /// S2 at 8:20 (travel 25, 24, 23 min). Leaving at 7:58 or 7:59 is too late (ready 8:01, 8:02): second trip,
    /// S2 at 8:30 (32, 31 min).
    @Test func oneLineOverAWindow() throws {
        let layer = try Self.layer(stops: 3, trips: [
            (0, .metro, [0, 1, 2], [Self.hms(8, 0), Self.hms(8, 10), Self.hms(8, 20)], "a"),
            (0, .metro, [0, 1, 2], [Self.hms(8, 10), Self.hms(8, 20), Self.hms(8, 30)], "b"),
        ])
        let result = RangeRaptor(transit: layer).run(origins: [StopAccess(stop: StopID(0), seconds: 120)],
                                                     firstDepartureSeconds: Self.hms(7, 55), windowMinutes: 5)
        #expect(result.travelTimesSeconds(at: StopID(2)) == [25, 24, 23, 32, 31].map { Int32($0 * 60) })
        #expect(Array(result.arrivals(at: StopID(1))) == [8, 8, 8, 18, 18].map { Self.hms(8, 2 + $0) })
    }

    /// S0 → S1 (8:00 → 8:10), walk S1 → S2 180 s, S2 → S3 at 8:14 → 8:30 or 8:24 → 8:40.
    /// With slack 60 s: at S2 8:13, ready 8:14, catches the 8:14 → S3 8:30 (wait 60 s).
    /// With slack 120 s: ready 8:15, next departure 8:24 → 8:40. With one ride: S3 unreachable, S2 at 8:13.
    @Test func aWalkingTransfer() throws {
        let layer = try Self.layer(stops: 4, trips: [
            (0, .intercity, [0, 1], [Self.hms(8, 0), Self.hms(8, 10)], "C2205"),
            (1, .metro, [2, 3], [Self.hms(8, 14), Self.hms(8, 30)], "m1"),
            (1, .metro, [2, 3], [Self.hms(8, 24), Self.hms(8, 40)], "m2"),
        ], transfers: [(1, 2, 180)])
        let origin = [StopAccess(stop: StopID(0), seconds: 0)]
        let raptor = RangeRaptor(transit: layer, parameters: RaptorParameters(maxRides: 8, boardSlackSeconds: 60))
        let arrivals = raptor.earliestArrivals(origins: origin, departureSeconds: Self.hms(7, 58))
        #expect(arrivals == [Self.hms(7, 58), Self.hms(8, 10), Self.hms(8, 13), Self.hms(8, 30)])
        let it = try #require(raptor.itinerary(to: StopID(3)))
        #expect(it.summary == "access stop#0 @28680 | ride C2205 stop#0 28800→stop#1 29400 | walk stop#1→stop#2 29580 | ride m1 stop#2 29640→stop#3 30600")
        #expect(it.rides.map(\.waitSeconds) == [120, 60])
        #expect(it.rides.map(\.tier) == [.intercity, .metro])

        let slow = RangeRaptor(transit: layer, parameters: RaptorParameters(boardSlackSeconds: 120))
        #expect(slow.earliestArrivals(origins: origin, departureSeconds: Self.hms(7, 58))[3] == Self.hms(8, 40))
        let oneRide = RangeRaptor(transit: layer, parameters: RaptorParameters(maxRides: 1))
        let limited = oneRide.earliestArrivals(origins: origin, departureSeconds: Self.hms(7, 58))
        #expect(limited[2] == Self.hms(8, 13) && limited[3] == RangeRaptorResult.unreachable)
        let noRide = RangeRaptor(transit: layer, parameters: RaptorParameters(maxRides: 0))
        #expect(noRide.earliestArrivals(origins: origin, departureSeconds: 0) == [0, .max, .max, .max])
    }

    /// Same-stop change at S1: arrive 8:10, the other line leaves S1 at 8:11 (slack 60 s is just enough).
    /// Walks are not chained: S1 → S2 (100 s) and S2 → S3 (100 s) do not make S3 reachable after one ride.
    @Test func sameStopChangeAndNoChainedWalks() throws {
        let layer = try Self.layer(stops: 4, trips: [
            (0, .suburban, [0, 1], [Self.hms(8, 0), Self.hms(8, 10)], "S1"),
            (1, .metro, [1, 2], [Self.hms(8, 11), Self.hms(8, 20)], "M1"),
        ], transfers: [(1, 2, 100), (2, 3, 100)])
        let raptor = RangeRaptor(transit: layer)
        let a = raptor.earliestArrivals(origins: [StopAccess(stop: StopID(0), seconds: 0)], departureSeconds: Self.hms(7, 50))
        // S2: walk from S1 at 8:10 + 100 s = 8:11:40 beats the metro's 8:20. S3: only after riding to S2 (8:20 + 100 s).
        #expect(a[2] == Self.hms(8, 11, 40))
        #expect(a[3] == Self.hms(8, 21, 40))
        let it = try #require(raptor.itinerary(to: StopID(3)))
        #expect(it.rides.map(\.tripName) == ["S1", "M1"])
    }

    /// The express leaves S0 five minutes after the slow train but overtakes it; the builder splits them into two
    /// patterns, so RAPTOR finds S2 at 8:40 rather than the slow train's 9:00.
    @Test func overtakingExpressIsFound() throws {
        let layer = try Self.layer(stops: 3, trips: [
            (0, .trunk, [0, 1, 2], [Self.hms(8, 0), Self.hms(8, 30), Self.hms(9, 0)], "K1"),
            (0, .trunk, [0, 1, 2], [Self.hms(8, 5), Self.hms(8, 20), Self.hms(8, 40)], "G1"),
        ])
        #expect(layer.patternCount == 2)
        let raptor = RangeRaptor(transit: layer)
        let a = raptor.earliestArrivals(origins: [StopAccess(stop: StopID(0), seconds: 0)], departureSeconds: Self.hms(7, 55))
        #expect(a[1] == Self.hms(8, 20) && a[2] == Self.hms(8, 40))
        #expect(raptor.itinerary(to: StopID(2))?.rides.map(\.tripName) == ["G1"])
    }

    /// A trip at 23:50 → 24:20 (85 800 s → 87 600 s); leaving at 23:45 arrives at 87 600 s.
    @Test func tripsPastMidnight() throws {
        let layer = try Self.layer(stops: 2, trips: [(0, .trunk, [0, 1], [85_800, 87_600], "Z1")])
        let result = RangeRaptor(transit: layer).run(origins: [StopAccess(stop: StopID(0), seconds: 0)],
                                                     firstDepartureSeconds: 85_500, windowMinutes: 6)
        // Departures 23:45 … 23:50; with 60 s slack 23:49 is ready at 23:50 exactly (boards), 23:50 misses it.
        #expect(Array(result.arrivals(at: StopID(1))) == [87_600, 87_600, 87_600, 87_600, 87_600, .max])
    }

    /// The case found by testing (保定东 → 北京西 → 高碑店东): G6704 arrives at S1 07:37, G71 leaves S1 07:40, the next
    /// train G99 leaves 07:50. Rail ↔ rail at one station needs 300 s + 60 s slack: ready 07:43, so G71 is
    /// missed and G99 taken (S2 at 08:10 instead of 08:00). Without the table the 3-minute change is made.
    /// A metro stop's change time (120 s here) applies to metro ↔ metro; the ride's own arrival (07:37) is not
    /// delayed by the change time.
    @Test func sameStationChangeNeverShorterThanTheMinimum() throws {
        let layer = try Self.layer(stops: 3, trips: [
            (0, .trunk, [0, 1], [Self.hms(7, 0), Self.hms(7, 37)], "G6704"),
            (1, .trunk, [1, 2], [Self.hms(7, 40), Self.hms(8, 0)], "G71"),
            (1, .trunk, [1, 2], [Self.hms(7, 50), Self.hms(8, 10)], "G99"),
        ])
        let origin = [StopAccess(stop: StopID(0), seconds: 0)]
        let table = MinTransferTable.defaults
        #expect(table.seconds(.trunk, .trunk) == 300)
        let strict = RangeRaptor(transit: layer, parameters: RaptorParameters(boardSlackSeconds: 60, sameStopChange: table))
        let arrivals = strict.earliestArrivals(origins: origin, departureSeconds: Self.hms(6, 58))
        #expect(arrivals == [Self.hms(6, 58), Self.hms(7, 37), Self.hms(8, 10)])
        let it = try #require(strict.itinerary(to: StopID(2)))
        #expect(it.rides.map(\.tripName) == ["G6704", "G99"])
        #expect(it.rides.map(\.waitSeconds) == [120, 13 * 60])
        // Every change in the itinerary is at least the minimum.
        let rides = it.rides
        for (a, b) in zip(rides, rides.dropFirst()) where a.alightStop == b.boardStop {
            #expect(b.boardSeconds - a.alightSeconds >= table.seconds(.trunk, .trunk) + 60)
        }
        let loose = RangeRaptor(transit: layer, parameters: RaptorParameters(boardSlackSeconds: 60))
        #expect(loose.earliestArrivals(origins: origin, departureSeconds: Self.hms(6, 58))[2] == Self.hms(8, 0))
        // Over a window: the range result agrees with the single departures.
        let range = strict.run(origins: origin, firstDepartureSeconds: Self.hms(6, 55), windowMinutes: 4)
        #expect(Array(range.arrivals(at: StopID(2))) == Array(repeating: Self.hms(8, 10), count: 4))
        #expect(Array(range.arrivals(at: StopID(1))) == Array(repeating: Self.hms(7, 37), count: 4))
    }

    /// Metro ↔ metro at one stop: 120 s + 60 s slack. Arrive 8:00:00; 8:02:30 is missed, 8:03:00 is made.
    @Test func metroChangeAtOneStop() throws {
        let layer = try Self.layer(stops: 3, trips: [
            (0, .metro, [0, 1], [Self.hms(7, 50), Self.hms(8, 0)], "m1"),
            (1, .metro, [1, 2], [Self.hms(8, 2, 30), Self.hms(8, 10)], "m2"),
            (1, .metro, [1, 2], [Self.hms(8, 3), Self.hms(8, 11)], "m3"),
        ])
        let raptor = RangeRaptor(transit: layer, parameters: RaptorParameters(boardSlackSeconds: 60,
                                                                               sameStopChange: .defaults))
        let arrivals = raptor.earliestArrivals(origins: [StopAccess(stop: StopID(0), seconds: 0)],
                                               departureSeconds: Self.hms(7, 45))
        #expect(arrivals[2] == Self.hms(8, 11))
    }
}
