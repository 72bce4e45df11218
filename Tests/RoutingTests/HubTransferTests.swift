import GeoCore
import Network
import Routing
import TestSupport
import Testing

/// Per-hub minimum change times (`BuildParameters.hubTransfers`): a hand timetable where the hub's own value makes a
/// connection that the tier-pair default misses, for a change at one stop and for a walk between two stops of the hub.
@Suite(.tags(.fast)) struct HubTransferTests {
    static func hms(_ h: Int32, _ m: Int32, _ s: Int32 = 0) -> Int32 { h * 3600 + m * 60 + s }

    /// Stops `names` along a meridian `spacing` degrees of latitude apart; routes 0…n with the trips' tiers.
    static func input(names: [String], spacing: Double,
                      trips: [(route: Int, tier: Tier, stops: [Int], times: [Int32], name: String)]) -> TransitInput {
        var input = TransitInput()
        for (s, name) in names.enumerated() {
            input.stops.append(TransitInput.Stop(key: "s\(s)", name: name,
                                                 coordinate: Coordinate(longitude: 116.4, latitude: 39.0 + spacing * Double(s)),
                                                 source: "hand"))
        }
        for r in 0...(trips.map(\.route).max() ?? 0) {
            input.routes.append(TransitInput.Route(key: "R\(r)", shortName: "R\(r)", longName: "", gtfsRouteType: nil,
                                                   tier: trips.first { $0.route == r }?.tier ?? .other,
                                                   tierReason: "hand", source: "hand"))
        }
        for (k, t) in trips.enumerated() {
            input.trips.append(TransitInput.Trip(key: "t\(k)", route: t.route, name: t.name, tier: t.tier, stops: t.stops,
                                                 arrivalSeconds: t.times, departureSeconds: t.times))
        }
        return input
    }

    /// G6704 arrives at S1 07:37, G71 leaves 07:40, G99 07:50 (the case of `RaptorHandTests`). By default rail ↔ rail
    /// at one station needs 300 s + 60 s slack: ready 07:43, G71 missed, S2 at 08:10. With S1's own 2 min:
    /// 07:37 + 120 s + 60 s = 07:40, G71 made, S2 at 08:00. An override at another hub (S0) changes nothing.
    @Test func sameStopChangeUsesTheHubsOwnMinimum() throws {
        let input = Self.input(names: ["S0", "S1", "S2"], spacing: 0.045, trips: [
            (0, .trunk, [0, 1], [Self.hms(7, 0), Self.hms(7, 37)], "G6704"),
            (1, .trunk, [1, 2], [Self.hms(7, 40), Self.hms(8, 0)], "G71"),
            (1, .trunk, [1, 2], [Self.hms(7, 50), Self.hms(8, 10)], "G99"),
        ])
        let origin = [StopAccess(stop: StopID(0), seconds: 0)]
        func arrival(_ overrides: [HubTransferOverride]) throws -> (Int32, [String]) {
            let parameters = BuildParameters(transferRadiusMeters: 0, hubTransfers: overrides)
            let layer = try TransitLayerBuilder(parameters: parameters).build(input).layer
            let network = BuiltNetwork(metadata: .init(areaName: "hand", parameters: parameters), transit: layer)
            let raptor = RangeRaptor(transit: layer, parameters: RaptorParameters(boardSlackSeconds: 60).withSameStopChange(of: network))
            let arrivals = raptor.earliestArrivals(origins: origin, departureSeconds: Self.hms(6, 58))
            return (arrivals[2], try #require(raptor.itinerary(to: StopID(2))).rides.map(\.tripName))
        }
        #expect(try arrival([]) == (Self.hms(8, 10), ["G6704", "G99"]))
        let twoMinutes = HubTransferOverride(hub: "S1").setting(.trunk, .trunk, seconds: 120)
        #expect(try arrival([twoMinutes]) == (Self.hms(8, 0), ["G6704", "G71"]))
        // 121 s: ready 07:40:01, one second late.
        #expect(try arrival([HubTransferOverride(hub: "S1").setting(.trunk, .trunk, seconds: 121)]).0 == Self.hms(8, 10))
        #expect(try arrival([HubTransferOverride(hub: "S0").setting(.trunk, .trunk, seconds: 0)]).0 == Self.hms(8, 10))
        // A metro pair at S1 does not touch the trunk change there.
        #expect(try arrival([HubTransferOverride(hub: "S1").setting(.metro, .metro, seconds: 0)]).0 == Self.hms(8, 10))
        // Per stop: S1 gets the hub's 120 s, the others the table's 300 s.
        let layer = try TransitLayerBuilder(parameters: BuildParameters(transferRadiusMeters: 0)).build(input).layer
        let p = RaptorParameters(sameStopChange: .defaults, hubSameStopChange: [twoMinutes])
        #expect(p.sameStopChangeSeconds(in: layer) == [300, 120, 300])
    }

    /// A trunk stop 北京南 and a metro stop 北京南站 0.0018° (200.2 m) apart form one hub (different tiers within
    /// 800 m). The generated walk: 200.2 m × 1.3 / 1.2 m/s ≈ 217 s, plus rail ↔ metro 300 s by default → ≈ 517 s;
    /// with the hub's rail_metro of 1 min → ≈ 277 s. The train reaches 北京南 at 08:00; metro trains leave 北京南站 at
    /// 08:06 and 08:10. Default: ready 08:08:37 + 60 s slack → the 08:10 (arrives 08:20). Override: ready 08:04:37
    /// + 60 s → the 08:06 (arrives 08:16).
    @Test func walkingTransferWithinTheHubUsesItsMinimum() throws {
        let input = Self.input(names: ["甲", "北京南", "北京南站", "乙"], spacing: 0.0018, trips: [])
        var moved = input
        // 甲 and 乙 far away so they join no hub and no transfer.
        moved.stops[0].coordinate = Coordinate(longitude: 116.0, latitude: 39.0)
        moved.stops[3].coordinate = Coordinate(longitude: 116.8, latitude: 39.0)
        moved.routes = [
            TransitInput.Route(key: "G", shortName: "G", longName: "", gtfsRouteType: nil, tier: .trunk, tierReason: "hand", source: "hand"),
            TransitInput.Route(key: "M", shortName: "M", longName: "", gtfsRouteType: nil, tier: .metro, tierReason: "hand", source: "hand"),
        ]
        moved.trips = [
            TransitInput.Trip(key: "g", route: 0, name: "G1", tier: .trunk, stops: [0, 1],
                              arrivalSeconds: [Self.hms(7, 30), Self.hms(8, 0)], departureSeconds: [Self.hms(7, 30), Self.hms(8, 0)]),
            TransitInput.Trip(key: "m1", route: 1, name: "m1", tier: .metro, stops: [2, 3],
                              arrivalSeconds: [Self.hms(8, 6), Self.hms(8, 16)], departureSeconds: [Self.hms(8, 6), Self.hms(8, 16)]),
            TransitInput.Trip(key: "m2", route: 1, name: "m2", tier: .metro, stops: [2, 3],
                              arrivalSeconds: [Self.hms(8, 10), Self.hms(8, 20)], departureSeconds: [Self.hms(8, 10), Self.hms(8, 20)]),
        ]
        func run(_ overrides: [HubTransferOverride]) throws -> (transfer: Int32, arrival: Int32) {
            let layer = try TransitLayerBuilder(parameters: BuildParameters(hubTransfers: overrides)).build(moved).layer
            #expect(layer.hubs.names.contains("北京南"))
            #expect(layer.stops.hubs[1] == layer.stops.hubs[2], "one hub")
            let range = Int(layer.transfers.start[1])..<Int(layer.transfers.start[2])
            let k = try #require(range.first { layer.transfers.targets[$0] == 2 })
            let raptor = RangeRaptor(transit: layer, parameters: RaptorParameters(boardSlackSeconds: 60))
            let arrivals = raptor.earliestArrivals(origins: [StopAccess(stop: StopID(0), seconds: 0)], departureSeconds: Self.hms(7, 25))
            return (layer.transfers.seconds[k], arrivals[3])
        }
        let walk = BuildParameters().walk.wholeSeconds(crowFlyMeters: Earth.haversineMeters(moved.stops[1].coordinate, moved.stops[2].coordinate))
        #expect((210...225).contains(walk), "\(walk) s for about 200 m")
        let byDefault = try run([])
        #expect(byDefault.transfer == walk + 300 && byDefault.arrival == Self.hms(8, 20))
        let oneMinute = try run([HubTransferOverride(hub: "北京南").setting(.trunk, .metro, seconds: 60)])
        #expect(oneMinute.transfer == walk + 60 && oneMinute.arrival == Self.hms(8, 16))
    }

    @Test func anOverrideNamingNoHubIsRefusedWithTheClosestNames() throws {
        let input = Self.input(names: ["北京南", "北京西", "天津"], spacing: 0.045, trips: [
            (0, .trunk, [0, 1, 2], [Self.hms(7, 0), Self.hms(7, 20), Self.hms(7, 50)], "G1"),
        ])
        let parameters = BuildParameters(hubTransfers: [HubTransferOverride(hub: "北京东").setting(.trunk, .trunk, seconds: 60)])
        let error = #expect(throws: TransitLayerBuilder.UnknownHub.self) {
            try TransitLayerBuilder(parameters: parameters).build(input)
        }
        #expect(error?.name == "北京东")
        #expect(error?.closest.prefix(2).sorted() == ["北京南", "北京西"])
    }

    /// The overrides survive the network file; inherited entries stay inherited.
    @Test func overridesRoundTripThroughTheNetworkFile() throws {
        let input = Self.input(names: ["S0", "S1"], spacing: 0.045, trips: [
            (0, .trunk, [0, 1], [Self.hms(7, 0), Self.hms(7, 20)], "G1"),
        ])
        let o = HubTransferOverride(hub: "S1").setting(.trunk, .metro, seconds: 90).setting(.metro, .metro, seconds: 0)
        let parameters = BuildParameters(hubTransfers: [o])
        let layer = try TransitLayerBuilder(parameters: parameters).build(input).layer
        let network = BuiltNetwork(metadata: .init(areaName: "hand", parameters: parameters), transit: layer)
        let back = try BuiltNetwork(decoding: network.encoded(), file: "hand.mcnet")
        #expect(back.metadata.parameters.hubTransfers == [o])
        let applied = o.applied(to: .defaults)
        #expect(applied.seconds(.metro, .trunk) == 90 && applied.seconds(.metro, .metro) == 0)
        #expect(applied.seconds(.trunk, .trunk) == 300, "inherited from the table")
    }
}
