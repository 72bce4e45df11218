import Foundation
import GeoCore
import Network
import Routing
import Analysis
import TestSupport
import Testing

/// Corridors on a hand network: stations C (core), A and B 5 km apart along a meridian, each the main station of
/// its own square district. Intercity trains C → A → B every 15 min from 06:00 to 10:00 (10 min a hop), and a
/// trunk train C → B at 07:30. Window 07:00–09:00, outbound.
@Suite(.tags(.fast)) struct CorridorHandTests {
    static func hms(_ h: Int32, _ m: Int32) -> Int32 { h * 3600 + m * 60 }

    static func network() throws -> BuiltNetwork {
        var input = TransitInput()
        for (k, name) in ["C", "A", "B"].enumerated() {
            input.stops.append(TransitInput.Stop(key: name, name: name, coordinate: Coordinate(longitude: 116.4, latitude: 39.0 + 0.045 * Double(k)),
                                                 source: "hand"))
        }
        input.routes = [
            TransitInput.Route(key: "IC", shortName: "C", longName: "", gtfsRouteType: 2, tier: .intercity, tierReason: "hand", source: "hand"),
            TransitInput.Route(key: "TR", shortName: "G", longName: "", gtfsRouteType: 2, tier: .trunk, tierReason: "hand", source: "hand"),
        ]
        var d = hms(6, 0)
        var n = 0
        while d <= hms(10, 0) {
            input.trips.append(TransitInput.Trip(key: "c\(n)", route: 0, name: "C\(n)", tier: .intercity, stops: [0, 1, 2],
                                                 arrivalSeconds: [d, d + 600, d + 1200], departureSeconds: [d, d + 600, d + 1200]))
            d += 900; n += 1
        }
        input.trips.append(TransitInput.Trip(key: "g", route: 1, name: "G1", tier: .trunk, stops: [0, 2],
                                             arrivalSeconds: [hms(7, 30), hms(7, 45)], departureSeconds: [hms(7, 30), hms(7, 45)]))
        let parameters = BuildParameters(transferRadiusMeters: 0)
        let layer = try TransitLayerBuilder(parameters: parameters).build(input).layer
        func square(_ lat: Double) -> MultiPolygon {
            MultiPolygon([Polygon(shell: LinearRing([Coordinate(longitude: 116.38, latitude: lat - 0.02), Coordinate(longitude: 116.42, latitude: lat - 0.02),
                                                     Coordinate(longitude: 116.42, latitude: lat + 0.02), Coordinate(longitude: 116.38, latitude: lat + 0.02),
                                                     Coordinate(longitude: 116.38, latitude: lat - 0.02)]))])
        }
        let districts = [District(name: "Core", population: 100_000, boundary: square(39.0)),
                         District(name: "Adistrict", population: 50_000, boundary: square(39.045)),
                         District(name: "Bdistrict", population: 80_000, boundary: square(39.09))]
        return BuiltNetwork(metadata: .init(areaName: "hand", parameters: parameters), transit: layer, districts: districts)
    }

    static func analysis(_ network: BuiltNetwork) throws -> CorridorAnalysis {
        let core = try PlaceResolver(network: network).resolve("C")[0]
        let travel = TravelTimeParameters(firstDepartureSeconds: hms(7, 0), windowMinutes: 120, percentiles: [50])
        return CorridorAnalysis(network: network, core: core, parameters: CorridorParameters(travel: travel, direction: .outbound, top: nil))
    }

    /// C → A: 8 intercity trains leave C in 07:00–09:00 (07:00, 07:15, … 08:45) and call at A: 4 an hour, a train
    /// every 15 min — not bus-like (10), within 60 min; an intercity line with thin service: a suburban candidate.
    /// C → B: the same 8 plus the trunk train at 07:30 = 9 in two hours, 4.5 an hour by the thinnest (only) leg
    /// when the median journey rides from C to B directly.
    @Test func trainsPerHourAndVerdictsByHand() throws {
        let network = try Self.network()
        let result = try Self.analysis(network)
        let a = try #require(result.corridors.first { $0.district == "Adistrict" })
        #expect(a.legs.count == 1 && a.legs[0].boardStation == "C" && a.legs[0].alightStation == "A")
        #expect(a.legs[0].trainsInWindow == [.intercity: 8])
        #expect(a.trainsPerHour == 4 && a.peakHeadwayMinutes == 15)
        #expect(!result.isBusLike(a) && result.meetsBudget(a) && result.isSuburbanCandidate(a))
        #expect(a.changes == 0 && a.shareNeedingChange == 0)
        #expect(a.legs[0].firstDepartureSeconds == Self.hms(6, 0) && a.legs[0].lastDepartureSeconds == Self.hms(10, 0))
        let b = try #require(result.corridors.first { $0.district == "Bdistrict" })
        #expect(b.legs.count == 1 && b.legs[0].alightStation == "B")
        #expect(b.legs[0].trainsInWindow == [.intercity: 8, .trunk: 1])
        #expect(b.trainsPerHour == 4.5)
        // Gravity: P / d²: B is twice as far with 80 k people against 50 k at A: A's share 50/(50 + 80/4) = 5/7.
        #expect(abs(a.demandShare - 5.0 / 7.0) < 1e-9)
        #expect(result.corridors.count == 2)
    }

    /// Every 5 min instead (a scenario would do it): 24 trains in the window, 12 an hour — bus-like.
    @Test func busLikeWithAFiveMinuteService() throws {
        let base = try Self.network()
        var delta = TransitDelta()
        delta.closedTrips = Set(0..<base.transit.tripCount)
        var d = Self.hms(6, 0), n = 0
        while d <= Self.hms(10, 0) {
            delta.addedTrips.append(TransitInput.Trip(key: "f\(n)", route: 0, name: "", tier: .intercity, stops: [0, 1, 2],
                                                      arrivalSeconds: [d, d + 600, d + 1200], departureSeconds: [d, d + 600, d + 1200]))
            d += 300; n += 1
        }
        let result = try Self.analysis(try base.applying(delta))
        let a = try #require(result.corridors.first { $0.district == "Adistrict" })
        #expect(a.legs.first?.trainsInWindow == [.intercity: 24])
        #expect(result.isBusLike(a) && !result.isSuburbanCandidate(a))
    }

    /// Corridors from an OD file: outbound, the corridor of district i carries od[Core, i]; B's 90 trips against A's
    /// 30 give B a share of 0.75 and rank it by demand; a district without trips to or from the core has no corridor;
    /// the gravity commuters scale to `totalCommuters` (A's share 5/7 of 7,000 = 5,000).
    @Test func odDemandAndCommuters() throws {
        let network = try Self.network()
        let core = try PlaceResolver(network: network).resolve("C")[0]
        let travel = TravelTimeParameters(firstDepartureSeconds: Self.hms(7, 0), windowMinutes: 120, percentiles: [50])
        let parameters = CorridorParameters(travel: travel, direction: .outbound, top: nil)
        #expect(CorridorAnalysis.coreDistrict(network: network, core: core) == 0)
        let zones = CorridorAnalysis.zones(network: network, parameters: parameters)
        let od = try DemandODFile.parse(data: Data("origin,destination,trips\nCore,Adistrict,30\nCore,Bdistrict,90\nAdistrict,Core,500\n".utf8),
                                        file: "od.csv", zones: zones)
        let result = CorridorAnalysis(network: network, core: core, parameters: parameters, od: od)
        let b = try #require(result.corridors.first { $0.district == "Bdistrict" })
        #expect(b.demandShare == 0.75 && b.commuters == 90)
        #expect(result.corridors.first { $0.district == "Adistrict" }?.commuters == 30)
        let onlyA = try DemandODFile.parse(data: Data("origin,destination,trips\nCore,Adistrict,30\n".utf8), file: "od.csv", zones: zones)
        #expect(CorridorAnalysis(network: network, core: core, parameters: parameters, od: onlyA).corridors.map(\.district) == ["Adistrict"])
        var scaled = parameters
        scaled.totalCommuters = 7_000
        let gravity = CorridorAnalysis(network: network, core: core, parameters: scaled)
        let a = try #require(gravity.corridors.first { $0.district == "Adistrict" })
        #expect(abs(a.commuters - 5_000) < 1e-9)
    }

    /// Planning lines of two cities that share a line name keep apart in section labels.
    @Test func sectionLabelsKeepCitiesApart() throws {
        var input = TransitInput()
        for (k, name) in ["P", "Q", "R", "S"].enumerated() {
            input.stops.append(TransitInput.Stop(key: name, name: name, coordinate: Coordinate(longitude: 116.4, latitude: 39.0 + 0.01 * Double(k)), source: "metro"))
        }
        input.routes = ["bj_L04", "tj_L04"].map { TransitInput.Route(key: "metro:\($0)", shortName: "4号线", longName: "", gtfsRouteType: nil,
                                                                     tier: .metro, tierReason: "hand", source: "metro") }
        input.trips = [TransitInput.Trip(key: "a", route: 0, name: "", tier: .metro, stops: [0, 1], arrivalSeconds: [0, 60], departureSeconds: [0, 60]),
                       TransitInput.Trip(key: "b", route: 1, name: "", tier: .metro, stops: [2, 3], arrivalSeconds: [0, 60], departureSeconds: [0, 60])]
        let layer = try TransitLayerBuilder(parameters: BuildParameters(transferRadiusMeters: 0)).build(input).layer
        #expect(SectionTable.lineLabels(layer) == ["4号线 (bj_L04)", "4号线 (tj_L04)"])
        #expect(Set(SectionTable(transit: layer).sections.map(\.line)).count == 2)
    }

    /// The provenance options the command and the server share: the corridor rules under their documented names,
    /// `top` 0 when every corridor is kept, beside the travel options.
    @Test func provenanceOptionsNameTheCorridorRules() {
        let travel = TravelTimeParameters(firstDepartureSeconds: Self.hms(7, 0), windowMinutes: 120, percentiles: [50])
        let all = CorridorParameters(travel: travel, direction: .outbound, busLikeHeadwayMinutes: 7.5, budgetMinutes: 45,
                                     top: nil, minDemandShare: 0.02).provenanceOptions(core: "北京南")
        #expect(all["core"] == "北京南" && all["direction"] == "outbound" && all["bus_like_headway_min"] == 7.5)
        #expect(all["budget_min"] == 45 && all["top"] == 0 && all["min_share"] == 0.02)
        #expect(all["window_min"] == 120, "the travel options stay: \(all)")
        let some = CorridorParameters(travel: travel, top: 5).provenanceOptions(core: "Beta")
        #expect(some["top"] == 5 && some["direction"] == "inbound")
    }
}
