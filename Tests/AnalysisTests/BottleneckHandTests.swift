import Analysis
import Foundation
import GeoCore
import Network
import Routing
import TestSupport
import Testing

/// A hand-built network in two halves joined by one section, with loads worked out by hand.
///
/// Stops along a meridian (no walking transfers: transfer radius 0; 5–10 km apart, so each district's point
/// reaches only its own stop):
///   W0 (39.000) ─M1 6 min / M3 16 min→ W1 (39.045) ─C 10 min→ E0 (39.135) ─M2 6 min→ E1 (39.180)
/// M1, M3 and M2 run every 5 minutes from 06:30, C every 10 minutes from 06:30, all until 11:30 (first stop).
/// Districts are 0.02° squares around each stop, named after it. Window 07:00 + 120 min.
@Suite(.tags(.fast)) struct BottleneckHandTests {
    static let latitudes = [39.000, 39.045, 39.135, 39.180]
    static let names = ["W0", "W1", "E0", "E1"]

    static func network() throws -> BuiltNetwork {
        var input = TransitInput()
        for (k, lat) in latitudes.enumerated() {
            input.stops.append(.init(key: names[k], name: names[k], coordinate: Coordinate(longitude: 116.4, latitude: lat),
                                     source: "hand"))
        }
        let lines: [(name: String, tier: Tier, stops: [Int], rideMinutes: Int32, headway: Int32)] = [
            ("M1", .metro, [0, 1], 6, 5), ("C", .intercity, [1, 2], 10, 10), ("M2", .metro, [2, 3], 6, 5),
            ("M3", .metro, [0, 1], 16, 5),
        ]
        for (r, line) in lines.enumerated() {
            input.routes.append(.init(key: "R\(r)", shortName: line.name, longName: "", gtfsRouteType: nil, tier: line.tier,
                                      tierReason: "hand", source: "hand"))
            var t: Int32 = 6 * 3600 + 30 * 60
            while t <= 11 * 3600 + 30 * 60 {
                let times = [t, t + line.rideMinutes * 60]
                input.trips.append(.init(key: "\(line.name)-\(t)", route: r, name: line.name, tier: line.tier,
                                         stops: line.stops, arrivalSeconds: times, departureSeconds: times))
                t += line.headway * 60
            }
        }
        let layer = try TransitLayerBuilder(parameters: BuildParameters(transferRadiusMeters: 0)).build(input).layer
        let districts = latitudes.enumerated().map { k, lat in
            let d = 0.01
            let ring = LinearRing([Coordinate(longitude: 116.4 - d, latitude: lat - d), Coordinate(longitude: 116.4 + d, latitude: lat - d),
                                   Coordinate(longitude: 116.4 + d, latitude: lat + d), Coordinate(longitude: 116.4 - d, latitude: lat + d),
                                   Coordinate(longitude: 116.4 - d, latitude: lat - d)])
            return District(name: names[k], cityName: "Hand", code: 100 + k, population: 1_000,
                            boundary: MultiPolygon([Polygon(shell: ring)]))
        }
        return BuiltNetwork(metadata: .init(areaName: "hand"), transit: layer, districts: districts)
    }

    static let od = """
        origin,destination,trips
        W0,E1,240
        W1,E0,120
        W0,W1,60
        E0,E1,30
        """

    static func parameters(threads: Int = 2) -> BottleneckParameters {
        BottleneckParameters(assignment: AssignmentParameters(firstDepartureSeconds: 7 * 3600, windowMinutes: 120, threads: threads),
                             criticalityCount: 3)
    }

    /// By hand: C W1→E0 carries W0→E1 + W1→E0 = 360 trips over 2 h → 180/h; M1 carries W0→E1 + W0→W1 = 300
    /// → 150/h; M2 carries W0→E1 + E0→E1 = 270 → 135/h; M3 is never fastest (16 vs 6 min, same departures).
    /// Trains leaving in 07:00–09:00: M1, M2, M3 24 (12/h), C 12 (6/h). Capacity: C 6 × 600 = 3,600/h,
    /// metro 12 × 1,460 = 17,520/h. v/c: C 0.05, M1 150/17,520 ≈ 0.00856, M2 135/17,520 ≈ 0.00771, M3 0.
    @Test func theOnlyLinkRanksFirstWithExactLoads() throws {
        let network = try Self.network()
        let analysis = BottleneckAnalysis(network: network, parameters: Self.parameters())
        #expect(analysis.zones.map(\.stationName) == Self.names)
        let demand = try DemandODFile.parse(data: Data(Self.od.utf8), file: "od.csv", zones: analysis.zones)
        #expect(demand.totalTrips == 450)
        let result = analysis.run(demand: demand)
        let ranked = result.sections.map { "\($0.section.line) \($0.fromStation)→\($0.toStation)" }
        #expect(ranked == ["C W1→E0", "M1 W0→W1", "M2 E0→E1", "M3 W0→W1"])
        #expect(BottleneckResult.featureSchema.mismatch(in: result.featureCollection(transit: network.transit)) == nil)
        let expected: [(load: Double, tph: Double, capacity: Double)] = [(180, 6, 3_600), (150, 12, 17_520), (135, 12, 17_520), (0, 12, 17_520)]
        for (s, e) in zip(result.sections, expected) {
            #expect(abs(s.loadPerHour - e.load) < 1e-9, "\(s.section.line): \(s.loadPerHour)")
            #expect(abs(s.peakHourLoad - e.load) < 1e-9, "uniform departures: the peak hour is the mean hour")
            #expect(abs(s.passengers - 2 * e.load) < 1e-9)
            #expect(s.trainsPerHour == e.tph)
            #expect(s.capacityPerHour == e.capacity)
            #expect(abs(s.volumeOverCapacity! - e.load / e.capacity) < 1e-12)
        }
        #expect(abs(result.assignment.transitTrips - 450) < 1e-9)
        #expect(result.assignment.unreachableTrips == 0)

        // Criticality. C is the only link: its 360 riders lose every journey, nobody else is slowed.
        let c = try #require(result.sections[0].criticality)
        #expect(abs(c.lostTrips - 360) < 1e-9)
        #expect(abs(c.extraPassengerHours) < 1e-9)
        #expect(abs(c.affectedTrips - 360) < 1e-9)
        // Without M1 its 300 riders take M3 at the same departure: 10 min later at W1; C and M2 run every 10
        // and 5 min, so every onward connection is exactly 10 min later too: 300 × 10 min = 50 passenger-hours.
        let m1 = try #require(result.sections[1].criticality)
        #expect(abs(m1.extraPassengerHours - 50) < 1e-9)
        #expect(m1.lostTrips == 0)
        // M2 is the only way E0 → E1: 270 trips lost.
        let m2 = try #require(result.sections[2].criticality)
        #expect(abs(m2.lostTrips - 270) < 1e-9)
        #expect(result.sections[3].criticality == nil, "only the top 3 get a criticality")
    }

    /// The OD × 100: C carries 36,000 trips, 18,000/h against 3,600/h (v/c 5), the metro lines stay under capacity
    /// (M1 15,000/h, M2 13,500/h against 17,520/h). One section of the four with trains is over capacity (25 %, not
    /// more than a quarter), but it carries 36,000 × 10 km of the 36,000 × 10 + 30,000 × 5 + 27,000 × 5 = 645,000
    /// passenger-km (56 %): the report says first that the demand exceeds what the network carries. The OD as given
    /// does not.
    @Test func saturatedDemandIsSaidFirst() throws {
        let network = try Self.network()
        let analysis = BottleneckAnalysis(network: network, parameters: Self.parameters())
        let demand = try DemandODFile.parse(data: Data(Self.od.utf8), file: "od.csv", zones: analysis.zones)
        #expect(analysis.run(demand: demand).saturationSentence == nil)
        let big = DemandMatrix(zoneCount: demand.zoneCount, trips: demand.trips.map { $0 * 100 })
        let result = analysis.run(demand: big)
        #expect(result.overloadedShare == 0.25)
        #expect(abs(result.overloadedPassengerKilometreShare - 360.0 / 645) < 1e-3)
        let first = try #require(result.summarySentences().first)
        #expect(first.hasPrefix("Demand exceeds what the network carries: 56 % of the passenger-km"), "\(first)")
        #expect(result.markdown(top: 3, areaName: "hand").contains("## Summary\n\n- Demand exceeds"))
    }

    /// Σ passengers × section length = Σ over journeys of trips × in-vehicle distance, where the journeys come
    /// from `TravelTimeQuery.journey` (a separate RAPTOR run per pair and minute) and hop lengths from a
    /// haversine written here. Hand network: 240 × (5 + 10 + 5 km) + 120 × 10 + 60 × 5 + 30 × 5 = 6,450 pkm
    /// (hop lengths along the meridian: 0.045° ≈ 5.004 km, 0.09° ≈ 10.008 km).
    @Test func passengerKilometresAreConserved() throws {
        let network = try Self.network()
        let analysis = BottleneckAnalysis(network: network, parameters: Self.parameters(threads: 1))
        let demand = try DemandODFile.parse(data: Data(Self.od.utf8), file: "od.csv", zones: analysis.zones)
        let result = analysis.run(demand: demand)
        let fromSections = result.sections.reduce(0.0) { $0 + $1.passengers * $1.section.lengthMeters / 1000 }
        let fromJourneys = try BottleneckTestSupport.inVehicleKilometres(network: network, engine: analysis.engine,
                                                                        demand: demand, parameters: Self.parameters().assignment)
        let degree = 6_371_008.8 * Double.pi / 180 / 1000
        let byHand = (240 * 0.18 + 120 * 0.09 + 60 * 0.045 + 30 * 0.045) * degree
        #expect(abs(fromSections - fromJourneys) < 1e-6 * fromJourneys)
        #expect(abs(fromJourneys - byHand) < 1e-6 * byHand)
        #expect(abs(result.assignment.passengerKilometers - fromJourneys) < 1e-6 * fromJourneys)
    }

    /// The cut network keeps stops and splits only patterns over the removed hop.
    @Test func cuttingASectionSplitsItsPatterns() throws {
        let network = try Self.network()
        let table = SectionTable(transit: network.transit)
        let c = try #require(table.sections.firstIndex { $0.line == "C" })
        let cut = BottleneckSectionRemoval.transit(network.transit, cuttingHops: Set(table.hops(of: c)))
        // The C pattern has two stops: both parts are single stops and dropped with its trips.
        let cTrips = network.transit.trips.names.filter { $0 == "C" }.count
        #expect(cTrips == 31)  // 06:30 … 11:30 every 10 min
        #expect(cut.tripCount == network.transit.tripCount - cTrips)
        #expect(cut.patternCount == network.transit.patternCount - 1)
        #expect(cut.stopCount == network.transit.stopCount)
        #expect(SectionTable(transit: cut).sections.map(\.line).sorted() == ["M1", "M2", "M3"])
    }

    /// The unreachable trips split by cause. A fifth district, X, lies 0.5° north of the line with no station: its
    /// 50 trips to E1 and 20 from W0 are unserved whatever the time limit. With a 1-minute --max-trip every other
    /// trip (the 450 of the OD) departs in minutes with no journey in time; with the default 120 min all 450 ride.
    @Test func unreachableTripsAreSplitByCause() throws {
        let base = try Self.network()
        let d = 0.01, lat = 39.68
        let ring = LinearRing([Coordinate(longitude: 116.4 - d, latitude: lat - d), Coordinate(longitude: 116.4 + d, latitude: lat - d),
                               Coordinate(longitude: 116.4 + d, latitude: lat + d), Coordinate(longitude: 116.4 - d, latitude: lat + d),
                               Coordinate(longitude: 116.4 - d, latitude: lat - d)])
        let network = BuiltNetwork(metadata: base.metadata, transit: base.transit, districts: base.districts + [
            District(name: "X", cityName: "Hand", code: 200, population: 1_000, boundary: MultiPolygon([Polygon(shell: ring)]))])
        let od = Self.od + "\nX,E1,50\nW0,X,20\n"
        for (maxTripMinutes, unserved, timed) in [(Int32(120), 70.0, 0.0), (1, 70, 450)] {
            var parameters = Self.parameters()
            parameters.assignment.maxTripSeconds = maxTripMinutes * 60
            let analysis = BottleneckAnalysis(network: network, parameters: parameters)
            let demand = try DemandODFile.parse(data: Data(od.utf8), file: "od.csv", zones: analysis.zones)
            let result = analysis.run(demand: demand)
            #expect(abs(result.assignment.unservedTrips - unserved) < 1e-9, "max trip \(maxTripMinutes)")
            #expect(abs(result.assignment.unreachableTrips - unserved - timed) < 1e-9, "max trip \(maxTripMinutes)")
            #expect(abs(result.assignment.transitTrips - (450 - timed)) < 1e-9, "max trip \(maxTripMinutes)")
            let sentence = try #require(result.unreachableSentence)
            #expect(sentence.hasPrefix(String(format: "Unreachable: %.0f trips", unserved + timed)), "\(sentence)")
            if timed > 0 {
                #expect(sentence.contains("70 from or to districts that reach no station; \(Int(timed)) departing in minutes"), "\(sentence)")
                #expect(sentence.contains("and \(maxTripMinutes) min (--max-trip)"), "\(sentence)")
            } else {
                #expect(sentence.hasSuffix("70 from or to districts that reach no station."), "\(sentence)")
            }
            #expect(result.summarySentences().contains(sentence))
        }
        let plain = BottleneckAnalysis(network: base, parameters: Self.parameters())
        let all = plain.run(demand: try DemandODFile.parse(data: Data(Self.od.utf8), file: "od.csv", zones: plain.zones))
        #expect(all.unreachableSentence == nil, "every trip rides: nothing to explain")
    }
}
