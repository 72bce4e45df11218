import GeoCore
import Network
import Routing
import TestSupport
import Testing

/// The query layer on a hand timetable whose answers are worked out in the comments.
///
/// Stops S0, S1, S2 on the meridian 116° E at 39.000, 39.045, 39.090 (5 km apart: no generated transfers).
/// Trips C1 S0 08:10 → S1 08:20 → S2 08:30 and C3 08:40 → 08:50 → 09:00 (intercity). Crow-fly walking at
/// 1.2 m/s × 1.3 detour; 111 195.08 m per degree of latitude (R = 6 371 008.8 m).
@Suite(.tags(.fast)) struct TravelTimeQueryTests {
    static func at(_ lat: Double) -> Coordinate { Coordinate(longitude: 116, latitude: lat) }
    static func hms(_ h: Int32, _ m: Int32, _ s: Int32 = 0) -> Int32 { h * 3600 + m * 60 + s }
    static func walkSeconds(degrees: Double) -> Int32 {
        Int32((degrees * 6_371_008.8 * Double.pi / 180 * 1.3 / 1.2).rounded())
    }

    static func network() throws -> BuiltNetwork {
        var input = TransitInput()
        for k in 0..<3 {
            input.stops.append(TransitInput.Stop(key: "s\(k)", name: "S\(k)", coordinate: at(39 + 0.045 * Double(k)), source: "hand"))
        }
        input.routes.append(TransitInput.Route(key: "R", shortName: "C", longName: "S0–S2", gtfsRouteType: 2,
                                               tier: .intercity, tierReason: "hand", source: "hand"))
        for (name, start) in [("C1", hms(8, 10)), ("C3", hms(8, 40))] {
            let times = [start, start + 600, start + 1200]
            input.trips.append(TransitInput.Trip(key: name, route: 0, name: name, tier: .intercity, stops: [0, 1, 2],
                                                 arrivalSeconds: times, departureSeconds: times))
        }
        let layer = try TransitLayerBuilder(parameters: BuildParameters(transferRadiusMeters: 0)).build(input).layer
        return BuiltNetwork(metadata: .init(areaName: "hand"), transit: layer)
    }

    /// Origin 0.002° south of S0 (222.39 m → access 241 s), destination 0.003° north of S2 (333.59 m → egress 361 s).
    /// Leaving 08:00 + m: at S0 by 08:04:01 + m, ready (60 s slack) by 08:05:01 + m: C1 for m ≤ 4, arriving
    /// 08:30 + 361 s = 08:36:01 (2,161 − 60 m s); C3 for m ≥ 5, arriving 09:06:01 (3,961 − 60 m s).
    @Test func pointToPointOverAWindow() throws {
        let network = try Self.network()
        let query = TravelTimeQuery(network: network, parameters: TravelTimeParameters(
            firstDepartureSeconds: Self.hms(8, 0), windowMinutes: 10, percentiles: [50, 95]))
        let origin = query.endpoint(at: Self.at(38.998))
        let destination = query.endpoint(at: Self.at(39.093))
        #expect(Self.walkSeconds(degrees: 0.002) == 241 && Self.walkSeconds(degrees: 0.003) == 361)
        #expect(origin.stops == [StopAccess(stop: StopID(0), seconds: 241)])
        #expect(destination.stops == [StopAccess(stop: StopID(2), seconds: 361)])
        let result = query.run(from: origin)
        let expected: [Int32] = (0..<10).map { (m: Int) -> Int32 in (m <= 4 ? 2161 : 3961) - 60 * Int32(m) }
        let atStop: [Int32] = (0..<10).map { (m: Int) -> Int32 in (m <= 4 ? 1800 : 3600) - 60 * Int32(m) }
        #expect(result.travelTimesSeconds(to: destination) == expected)
        // At the stop (no egress): 08:30 − (08:00 + m) or 09:00 − (08:00 + m).
        #expect(result.stopTravelTimesSeconds(StopID(2)) == atStop)
        // Sorted: 1921 1981 2041 2101 2161 3421 3481 3541 3601 3661; p50 = 5th = 2161, p95 = 10th = 3661.
        #expect(result.summary(to: destination) == TravelTimeSummary(minimumSeconds: 1921, percentileSeconds: [2161, 3661]))

        let journey = try #require(query.journey(from: origin, to: destination, minute: 0))
        #expect(journey.legs == [
            .walk(from: .origin, to: .stop(StopID(0)), departureSeconds: Self.hms(8, 0), arrivalSeconds: Self.hms(8, 4, 1)),
            .wait(at: StopID(0), fromSeconds: Self.hms(8, 4, 1), toSeconds: Self.hms(8, 10)),
            .ride(journey.rides[0]),
            .walk(from: .stop(StopID(2)), to: .destination, departureSeconds: Self.hms(8, 30), arrivalSeconds: Self.hms(8, 36, 1)),
        ])
        #expect(journey.rides.map(\.tripName) == ["C1"] && journey.rides[0].tier == .intercity)
        #expect(journey.transferCount == 0 && journey.travelTimeSeconds == 2161)
        // Minutes: whole when exact, else one decimal (241 s → 4.0, 359 s → 6.0, 361 s → 6.0).
        let lines = journey.describe(transit: network.transit, originName: "home", destinationName: "work")
        #expect(lines == [
            "walk  08:00 → 08:04:01  home → S0  4.0 min, access walk",
            "wait  08:04:01 → 08:10  at S0  6.0 min",
            "ride  08:10 → 08:30  C1 (intercity, S0–S2)  S0 → S2  20 min",
            "walk  08:30 → 08:36:01  S2 → work  6.0 min, egress walk",
        ])
        // Every minute's journey arrives when the range query says.
        for m in 0..<10 {
            let j = try #require(query.journey(from: origin, to: destination, minute: m))
            #expect(j.travelTimeSeconds == expected[m], "minute \(m)")
        }
    }

    /// A station endpoint walks from the station's point to each of its stops, whatever the access radius (a
    /// platform hundreds of metres away is not entered at 0 s). The origin point is 0.002° of latitude
    /// (222.39 m) south of S0: walk 222.39 × 1.3 / 1.2 = 241 s; at S0 08:04:01, ready 08:05:01 with the 60 s
    /// slack, C1 08:10 → 08:20: 20 min. The destination point is S1 itself (0 s). A point 2.2 km off S0 still
    /// reaches its station stop, by the 2,409 s crow-fly walk, beyond the 1,200 m radius.
    @Test func stationEndpointsWalkFromTheStationPoint() throws {
        let network = try Self.network()
        let query = TravelTimeQuery(network: network, parameters: TravelTimeParameters(firstDepartureSeconds: Self.hms(8, 0),
                                                                                        windowMinutes: 1))
        let s0 = network.transit.coordinate(of: StopID(0))
        let near = Coordinate(longitude: s0.longitude, latitude: s0.latitude - 0.002)
        let meters = Earth.haversineMeters(near, s0)
        #expect(abs(meters - 222.39) < 0.01)
        let origin = query.endpoint(at: near, stationStops: [StopID(0)])
        let destination = query.endpoint(at: network.transit.coordinate(of: StopID(1)), stationStops: [StopID(1)])
        #expect(origin.stationStops == [StopAccess(stop: StopID(0), seconds: 241)])
        #expect(origin.stops == [StopAccess(stop: StopID(0), seconds: 241)])
        #expect(destination.stationStops == [StopAccess(stop: StopID(1), seconds: 0)])
        #expect(query.run(from: origin).travelTimesSeconds(to: destination) == [1200])
        let journey = try #require(query.journey(from: origin, to: destination, minute: 0))
        #expect(journey.rides.map(\.tripName) == ["C1"])
        #expect(journey.legs.count == 3)  // walk to the platform, wait, ride (S1 is the destination point: no egress walk)
        // Far: 2.2 km off S0 (0.02°) is beyond the access radius, yet the station's own stop is walked to.
        let far = query.endpoint(at: Self.at(38.98), stationStops: [StopID(0)])
        let farMeters = Earth.haversineMeters(Self.at(38.98), s0)
        #expect(far.stops == [StopAccess(stop: StopID(0), seconds: Int32((farMeters * 1.3 / 1.2).rounded()))])
        #expect(far.stops.first?.seconds == 2409)
    }

    /// Two points 0.004° apart (444.78 m → 482 s walk) near no useful trip: the direct walk is the answer at every
    /// minute, and the journey is one walk. 0.02° apart (2.2 km): unreachable.
    @Test func directWalkCounts() throws {
        let network = try Self.network()
        let query = TravelTimeQuery(network: network, parameters: TravelTimeParameters(firstDepartureSeconds: Self.hms(9, 30),
                                                                                        windowMinutes: 3, percentiles: [5, 50]))
        let a = query.endpoint(at: Self.at(39.06)), b = query.endpoint(at: Self.at(39.064))
        let result = query.run(from: a)
        #expect(result.travelTimesSeconds(to: b) == [482, 482, 482])
        #expect(result.summary(to: b) == TravelTimeSummary(minimumSeconds: 482, percentileSeconds: [482, 482]))
        let journey = try #require(query.journey(from: a, to: b, minute: 1))
        #expect(journey.legs == [.walk(from: .origin, to: .destination, departureSeconds: Self.hms(9, 31),
                                       arrivalSeconds: Self.hms(9, 31) + 482)])
        let far = query.endpoint(at: Self.at(39.08))
        #expect(result.travelTimesSeconds(to: far) == [Int32](repeating: RangeRaptorResult.unreachable, count: 3))
        #expect(result.summary(to: far) == TravelTimeSummary(minimumSeconds: nil, percentileSeconds: [nil, nil]))
        #expect(query.journey(from: a, to: far, minute: 0) == nil)
    }

    @Test func clockFormatting() {
        #expect(ServiceClock.format(Self.hms(8, 9)) == "08:09")
        #expect(ServiceClock.format(Self.hms(25, 0, 5)) == "25:00:05")
        #expect(ServiceClock.minutes(2280) == "38" && ServiceClock.minutes(270) == "4.5")
    }
}
