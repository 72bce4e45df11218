import GeoCore
import Network
import Routing
import Testing
import TestSupport

/// Feeder modes worked out by hand: one stop, origins due south of it at known distances, no street graph.
/// Times are fixed costs + crow-fly × detour / speed, rounded to whole seconds (R = 6 371 008.8 m).
@Suite(.tags(.fast)) struct AccessModeTests {
    static let stop = Coordinate(longitude: 116.4, latitude: 39.9)
    static func south(_ meters: Double) -> Coordinate {
        Coordinate(longitude: 116.4, latitude: 39.9 - meters / (6_371_008.8 * Double.pi / 180))
    }

    static func network() throws -> BuiltNetwork {
        var input = TransitInput()
        input.stops.append(TransitInput.Stop(key: "a", name: "A", coordinate: stop, source: "hand"))
        input.stops.append(TransitInput.Stop(key: "b", name: "B", coordinate: Coordinate(longitude: 116.4, latitude: 40.0), source: "hand"))
        input.routes.append(TransitInput.Route(key: "R", shortName: "S1", longName: "", gtfsRouteType: nil, tier: .suburban,
                                               tierReason: "hand", source: "hand"))
        for (k, start) in ([8 * 3600 + 1800, 8 * 3600 + 3600] as [Int32]).enumerated() {
            input.trips.append(TransitInput.Trip(key: "t\(k)", route: 0, name: "S10\(k)", tier: .suburban, stops: [0, 1],
                                                 arrivalSeconds: [start, start + 900], departureSeconds: [start, start + 900]))
        }
        let layer = try TransitLayerBuilder(parameters: BuildParameters(transferRadiusMeters: 0)).build(input).layer
        return BuiltNetwork(metadata: .init(areaName: "hand"), transit: layer)
    }

    func query(_ network: BuiltNetwork, access: [AccessMode], egress: [AccessMode] = [.walk]) -> TravelTimeQuery {
        TravelTimeQuery(network: network, parameters: TravelTimeParameters(
            firstDepartureSeconds: 8 * 3600, windowMinutes: 1,
            profile: AccessProfile(name: "hand", access: access, egress: egress)))
    }

    /// At 2,000 m: walking is beyond 1,200 m; bicycle 120 + 2000 × 1.25 / 4.1 = 120 + 609.76 → 730 s;
    /// e-bike 120 + 2000 × 1.25 / 5.5556 = 120 + 450 → 570 s; bus 325 (300 m × 1.3 / 1.2) + 300 (half of 10 min)
    /// + 2000 × 1.3 / 4.1667 = 624 → 1,249 s; car 300 + 2000 × 1.3 / 8.3333 = 312 → 612 s.
    @Test func eachModeAtTwoKilometres() throws {
        let network = try Self.network()
        let p = Self.south(2_000)
        #expect(abs(Earth.haversineMeters(p, Self.stop) - 2_000) < 1e-6)
        let expected: [AccessMode: Int32?] = [.walk: nil, .bicycle: 730, .ebike: 570, .bus: 1_249, .car: 612]
        for (mode, seconds) in expected {
            let end = query(network, access: [mode]).endpoint(at: p)
            let a = end.stops.first { $0.stop == StopID(0) }
            #expect(a?.seconds == seconds, "\(mode)")
            if seconds != nil { #expect(end.stopModes[StopID(0)] == mode) }
        }
        // All modes: the fastest, e-bike.
        let all = query(network, access: AccessMode.allCases).endpoint(at: p)
        #expect(all.stops.first { $0.stop == StopID(0) } == StopAccess(stop: StopID(0), seconds: 570))
        #expect(all.stopModes[StopID(0)] == .ebike)
    }

    /// Limits: a bicycle leg is at most 15 min: 120 + d × 1.25 / 4.1 ≤ 900 → d ≤ 2,558.4 m. At 2,550 m the bicycle
    /// reaches the stop (897 s), at 2,600 m it does not. The e-bike's 20 min: d ≤ 4,800 m. The walk: 1,200 m.
    @Test func longestLegs() throws {
        let network = try Self.network()
        let bike = query(network, access: [.bicycle])
        #expect(bike.endpoint(at: Self.south(2_550)).stops.first?.seconds == 897)
        #expect(bike.endpoint(at: Self.south(2_600)).stops.isEmpty)
        let ebike = query(network, access: [.ebike])
        #expect(ebike.endpoint(at: Self.south(4_790)).stops.first?.seconds == 120 + Int32((4_790 * 1.25 / (20 / 3.6)).rounded()))
        #expect(ebike.endpoint(at: Self.south(4_810)).stops.isEmpty)
        let walk = query(network, access: [.walk])
        #expect(walk.endpoint(at: Self.south(1_190)).stops.first?.seconds == Int32((1_190 * 1.3 / 1.2).rounded()))
        #expect(walk.endpoint(at: Self.south(1_210)).stops.isEmpty)
    }

    /// Egress never uses the car; car access is refused at the work end of a profile.
    @Test func carIsAccessOnly() throws {
        let profile = AccessProfile(name: "p", access: [.car, .walk], egress: [.car, .walk])
        #expect(profile.egress == [.walk])
        let network = try Self.network()
        let q = query(network, access: [.car], egress: [.walk])
        let destination = q.endpoint(at: Self.south(2_000), role: .destination)
        #expect(destination.stops.isEmpty)
        // A direct trip by car is not offered either (the car parks at a station).
        let origin = q.endpoint(at: Self.south(3_000))
        #expect(origin.directSeconds(to: destination) == nil)
    }

    /// Car access on the road graph where the network has one: a 3 km primary road at 60 km/h from the origin
    /// (a road node) to stop A (a road node): 180 s of driving + 300 s parking = 480 s; without roads the car is
    /// crow-fly: 300 + 3000 × 1.3 / 8.3333 = 768 s. A 4.2 km detour road (the only one) gives 300 + 252 = 552 s.
    @Test func carAccessDrivesOnTheRoadGraph() throws {
        let plain = try Self.network()
        let origin = Self.south(3_000)
        func withRoads(lengthMeters: Double) -> BuiltNetwork {
            let direction = RoadLinkDirection(speedKmh: 60, lanes: 2, capacityVehiclesPerHour: 1_800)
            let roads = RoadGraph(nodeCoordinates: [origin, Self.stop], links: [
                RoadLinkInput(key: "r", name: "", roadClass: .primary, fromNode: 0, toNode: 1, shape: [origin, Self.stop],
                              lengthMeters: lengthMeters, forward: direction, backward: direction)])
            return BuiltNetwork(metadata: plain.metadata, transit: plain.transit, roads: roads)
        }
        let crowFly = query(plain, access: [.car]).endpoint(at: origin)
        #expect(crowFly.stops.first { $0.stop == StopID(0) }?.seconds == 768)
        let road = query(withRoads(lengthMeters: 3_000), access: [.car]).endpoint(at: origin)
        #expect(road.stops.first { $0.stop == StopID(0) }?.seconds == 480)
        #expect(road.stopModes[StopID(0)] == .car)
        let detour = query(withRoads(lengthMeters: 4_200), access: [.car]).endpoint(at: origin)
        #expect(detour.stops.first { $0.stop == StopID(0) }?.seconds == 552)
        // The car's 20 minutes: 14,900 m at 60 km/h = 894 s + 300 s = 1,194 s is within; 16 km (1,260 s) is not.
        #expect(query(withRoads(lengthMeters: 14_900), access: [.car]).endpoint(at: origin).stops.first?.seconds == 1_194)
        #expect(query(withRoads(lengthMeters: 16_000), access: [.car]).endpoint(at: origin).stops.isEmpty)
    }

    /// A bus feeder journey, itemised: from 2 km south of A at 08:00, bus access 1,249 s (arrive 08:20:49),
    /// ready 08:21:49, S100 08:30 → B 08:45, B is the destination point.
    @Test func busFeederJourneyIsItemised() throws {
        let network = try Self.network()
        let q = query(network, access: [.bus])
        let origin = q.endpoint(at: Self.south(2_000))
        let destination = q.endpoint(at: network.transit.coordinate(of: StopID(1)), role: .destination)
        let journey = try #require(q.journey(from: origin, to: destination, minute: 0))
        #expect(journey.travelTimeSeconds == 45 * 60)
        guard case .feeder(let leg) = journey.legs.first else { Issue.record("no feeder leg: \(journey.legs)"); return }
        #expect(leg.mode == .bus)
        #expect(leg.parts.map(\.seconds) == [325, 300, 624])
        #expect(leg.parts.map(\.label).first == "walk 300 m to the bus")
        let text = journey.describe(transit: network.transit, originName: "home", destinationName: "B").joined(separator: "\n")
        #expect(text.contains("bus  08:00 → 08:20:49  home → A  20.8 min, access: walk 300 m to the bus 5.4 min + wait (half the 10-min headway) 5 min + bus 2.6 km at 15 km/h 10.4 min"), "\(text)")
    }
}

/// Multi-mode access + RAPTOR against a brute force: access and egress by formula for every stop and mode,
/// then the time-expanded reference; random networks, points and profiles. Seed: `METROCOMMUTE_TEST_SEED`.
@Suite(.tags(.fast)) struct AccessModeDifferentialTests {
    @Test(arguments: 0..<80)
    func feederAccessAndRaptorEqualBruteForce(caseIndex: Int) throws {
        let seed = TestSeed.base &+ 31_337 &+ UInt64(caseIndex)
        let c = RandomTransitCase.make(seed: seed)
        let layer = try TransitLayerBuilder(parameters: c.parameters).build(c.input).layer
        let network = BuiltNetwork(metadata: .init(areaName: "random", parameters: c.parameters), transit: layer)
        var rng = SplitMix64(seed: seed ^ 0xacce55)
        func uniform(_ r: ClosedRange<Double>) -> Double { Double.random(in: r, using: &rng) }
        func mode(_ p: AccessModeParameters) -> AccessModeParameters {
            AccessModeParameters(speedMetersPerSecond: p.speedMetersPerSecond * uniform(0.5...1.5),
                                 detourFactor: uniform(1...1.6), maxSeconds: Int32(uniform(300...2_400)),
                                 penaltySeconds: Int32(uniform(0...300)), walkToVehicleMeters: p.walkToVehicleMeters,
                                 headwaySeconds: p.headwaySeconds, usesStreets: p.usesStreets)
        }
        let all = AccessMode.allCases
        let access = all.filter { _ in Bool.random(using: &rng) }
        let egress = all.filter { $0.servesEgress && Bool.random(using: &rng) }
        let profile = AccessProfile(name: "random", access: access.isEmpty ? [.bus] : access, egress: egress.isEmpty ? [.bicycle] : egress,
                                    walkMaxRadiusMeters: uniform(200...1_200), bicycle: mode(AccessProfile.defaultBicycle),
                                    ebike: mode(AccessProfile.defaultEbike), bus: mode(AccessProfile.defaultBus), car: mode(AccessProfile.defaultCar))
        let walk = AccessParameters(maxRadiusMeters: profile.walkMaxRadiusMeters)
        let travel = TravelTimeParameters(firstDepartureSeconds: c.firstDepartureSeconds, windowMinutes: c.windowMinutes,
                                          raptor: c.raptor, access: walk, profile: profile, maxTripSeconds: 86_400)
        let query = TravelTimeQuery(network: network, parameters: travel)
        // Points within ~3 km of the stops' box.
        func point() -> Coordinate { Coordinate(longitude: 116.40 + uniform(-0.03...0.045), latitude: 39.90 + uniform(-0.03...0.04)) }
        // Brute force: each mode by its formula.
        func legSeconds(_ m: AccessMode, meters: Double) -> Int32? {
            if m == .walk {
                guard meters <= profile.walkMaxRadiusMeters else { return nil }
                return Int32((meters * 1.3 / 1.2).rounded())
            }
            let p = profile.parameters(of: m)!
            let fixed = p.penaltySeconds + Int32((p.walkToVehicleMeters * 1.3 / 1.2).rounded()) + p.headwaySeconds / 2
            let radius = max(0, Double(p.maxSeconds - fixed)) * p.speedMetersPerSecond / p.detourFactor
            guard meters <= radius else { return nil }
            let t = fixed + Int32((meters * p.detourFactor / p.speedMetersPerSecond).rounded())
            return t <= p.maxSeconds ? t : nil
        }
        func stopTimes(_ c: Coordinate, modes: [AccessMode]) -> [(stop: Int, seconds: Int32)] {
            (0..<layer.stopCount).compactMap { s in
                let d = Earth.haversineMeters(c, layer.coordinate(of: StopID(s)))
                let best = modes.compactMap { legSeconds($0, meters: d) }.min()
                return best.map { (s, $0) }
            }
        }
        let reference = TimeExpandedReference(input: c.input, transfers: TimeExpandedReference.transferLists(of: layer))
        let change = travel.raptorParameters(for: network).sameStopChangeSeconds(in: layer)
        let context = "seed \(seed) (METROCOMMUTE_TEST_SEED=\(TestSeed.base), case \(caseIndex)), \(profile.summary)"
        for _ in 0..<3 {
            let o = point(), d = point()
            let origin = query.endpoint(at: o)
            let destination = query.endpoint(at: d, role: .destination)
            let accessRef = stopTimes(o, modes: profile.access)
            let egressRef = stopTimes(d, modes: profile.egress)
            #expect(origin.stops.map { [$0.stop.index, Int($0.seconds)] } == accessRef.map { [$0.stop, Int($0.seconds)] }, "\(context)")
            #expect(destination.stops.map { [$0.stop.index, Int($0.seconds)] } == egressRef.map { [$0.stop, Int($0.seconds)] }, "\(context)")
            let direct = profile.access.filter(\.servesEgress).compactMap { legSeconds($0, meters: Earth.haversineMeters(o, d)) }.min()
            let got = query.run(from: origin).travelTimesSeconds(to: destination)
            for m in 0..<c.windowMinutes {
                let departure = travel.departureSeconds(minute: m)
                let arrivals = reference.earliestArrivals(origins: accessRef, departureSeconds: departure,
                                                          maxRides: c.raptor.maxRides, boardSlackSeconds: c.raptor.boardSlackSeconds,
                                                          sameStopChangeSeconds: change, requireRide: true)
                var expected = direct ?? RangeRaptorResult.unreachable
                // Egress starts after a ride: access and egress never chain through a stop.
                for e in egressRef where arrivals[e.stop] != .max { expected = min(expected, arrivals[e.stop] + e.seconds - departure) }
                #expect(got[m] == expected, "\(context): minute \(m)")
            }
        }
    }
}
