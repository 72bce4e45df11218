import Analysis
import Foundation
import GeoCore
import Network
import Routing
import TestSupport
import Testing

/// Demand entering at the stations a district's people reach, on a hand network.
///
/// District D holds two stations, A (39.000) and B (39.027, 3.0 km north); district E one, E (39.200). Line LA runs
/// A → E and line LB B → E, each every 10 min from 06:30 to 11:30, 20 min a ride. Meridian 116.4; no walking
/// transfers (transfer radius 0). People are given as cells by hand; walking: 1.2 m/s × detour 1.3.
@Suite(.tags(.fast)) struct BottleneckStationSplitTests {
    static let lat = (a: 39.000, b: 39.027, e: 39.200)

    static func network() throws -> BuiltNetwork {
        var input = TransitInput()
        for (name, lat) in [("A", lat.a), ("B", lat.b), ("E", lat.e)] {
            input.stops.append(.init(key: name, name: name, coordinate: Coordinate(longitude: 116.4, latitude: lat), source: "hand"))
        }
        for (r, (name, from)) in [("LA", 0), ("LB", 1)].enumerated() {
            input.routes.append(.init(key: name, shortName: name, longName: "", gtfsRouteType: nil, tier: .metro,
                                      tierReason: "hand", source: "hand"))
            var t: Int32 = 6 * 3600 + 30 * 60
            while t <= 11 * 3600 + 30 * 60 {
                input.trips.append(.init(key: "\(name)-\(t)", route: r, name: name, tier: .metro, stops: [from, 2],
                                         arrivalSeconds: [t, t + 1200], departureSeconds: [t, t + 1200]))
                t += 600
            }
        }
        let layer = try TransitLayerBuilder(parameters: BuildParameters(transferRadiusMeters: 0)).build(input).layer
        func box(_ south: Double, _ north: Double) -> MultiPolygon {
            MultiPolygon([Polygon(shell: LinearRing([
                Coordinate(longitude: 116.38, latitude: south), Coordinate(longitude: 116.42, latitude: south),
                Coordinate(longitude: 116.42, latitude: north), Coordinate(longitude: 116.38, latitude: north),
                Coordinate(longitude: 116.38, latitude: south)]))])
        }
        let districts = [District(name: "D", cityName: "Hand", code: 1, population: 600, boundary: box(38.99, 39.04)),
                         District(name: "E", cityName: "Hand", code: 2, population: 1_000, boundary: box(39.19, 39.21))]
        return BuiltNetwork(metadata: .init(areaName: "hand"), transit: layer, districts: districts)
    }

    static func point(_ lat: Double) -> Coordinate { Coordinate(longitude: 116.4, latitude: lat) }

    static func analysis(_ network: BuiltNetwork, cells: [PopulationCell], radius: Double) -> BottleneckAnalysis {
        let assignment = AssignmentParameters(firstDepartureSeconds: 7 * 3600, windowMinutes: 60,
                                              access: AccessParameters(maxRadiusMeters: radius), threads: 2)
        return BottleneckAnalysis(network: network, parameters: BottleneckParameters(assignment: assignment, criticalityCount: 0),
                                  population: PopulationSurface(label: "hand", cells: cells))
    }

    /// District D's people: 100 at A, 300 at B, 200 midway between them; E's 1,000 at E.
    static var abMidwayCells: [PopulationCell] {
        [PopulationCell(coordinate: point(lat.a), population: 100, district: 0),
         PopulationCell(coordinate: point(lat.b), population: 300, district: 0),
         PopulationCell(coordinate: point((lat.a + lat.b) / 2), population: 200, district: 0),
         PopulationCell(coordinate: point(lat.e), population: 1_000, district: 1)]
    }

    static func passengers(_ result: BottleneckResult, line: String) -> Double {
        result.sections.filter { $0.section.line == line }.reduce(0) { $0 + $1.passengers }
    }

    /// 100 people at A, 300 at B, 200 midway (1.5 km from each, beyond the 1,200 m walk): the midway cell reaches no
    /// station and takes no part, so D's 400 trips to E board 100/400 at A and 300/400 at B: LA carries 100, LB 300.
    @Test func aDistrictWithTwoStationsLoadsBoth() throws {
        let network = try Self.network()
        let analysis = Self.analysis(network, cells: Self.abMidwayCells, radius: 1_200)
        let d = analysis.engine.originStations[0]
        #expect(d.map { network.transit.hubs.names[$0.hub.index] } == ["B", "A"])
        #expect(abs(d[0].share - 0.75) < 1e-12 && abs(d[1].share - 0.25) < 1e-12)
        #expect(d.allSatisfy { $0.stops.map(\.seconds) == [0] }, "each cell stands on its station")
        #expect(abs(analysis.engine.reachingShare[0] - 400.0 / 600) < 1e-12)
        let demand = try DemandODFile.parse(data: Data("origin,destination,trips\nD,E,400\n".utf8), file: "od.csv", zones: analysis.zones)
        let result = analysis.run(demand: demand)
        #expect(abs(Self.passengers(result, line: "LA") - 100) < 1e-9)
        #expect(abs(Self.passengers(result, line: "LB") - 300) < 1e-9)
        #expect(abs(result.assignment.transitTrips - 400) < 1e-9 && result.assignment.unreachableTrips == 0)
        // Capacity: 6 trains an hour × 1,460 on each line; v/c = load per hour (the window is one hour) / 8,760.
        let lb = try #require(result.sections.first { $0.section.line == "LB" })
        #expect(lb.rank == 1 && abs(lb.volumeOverCapacity! - 300.0 / 8_760) < 1e-12)
        #expect(result.summarySentences().contains { $0.contains("1 districts spread their trips over two or more stations") })
    }

    /// With a 2,500 m walk, the midway cell (1,501 m from each station: 0.0135° × 111.195 km) reaches both in the
    /// same time and splits 100/100: A carries 100 + 100 = 200, B 300 + 100 = 400 of D's 600 trips. A cell 1/3 of
    /// the way (1,000 m from A, 2,000 m from B) splits by exp(−0.05 · walk minutes), walk = metres × 1.3 / 1.2 s.
    @Test func aCellReachingTwoStationsSplitsByAccessTime() throws {
        let network = try Self.network()
        let even = Self.analysis(network, cells: Self.abMidwayCells, radius: 2_500).engine.originStations[0]
        #expect(even.count == 2)
        let shareA = even.first { network.transit.hubs.names[$0.hub.index] == "A" }!.share
        // The A and B cells do not reach the other station: 3,002 m > 2,500 m.
        #expect(abs(shareA - 200.0 / 600) < 1e-12)

        let third = Self.lat.a + (Self.lat.b - Self.lat.a) / 3
        let cells = [PopulationCell(coordinate: Self.point(third), population: 900, district: 0),
                     PopulationCell(coordinate: Self.point(Self.lat.e), population: 1_000, district: 1)]
        let split = Self.analysis(network, cells: cells, radius: 2_500).engine.originStations[0]
        let degree = 6_371_008.8 * Double.pi / 180
        func walkMinutes(_ meters: Double) -> Double { (meters * 1.3 / 1.2).rounded() / 60 }
        let wa = exp(-0.05 * walkMinutes((third - Self.lat.a) * degree)), wb = exp(-0.05 * walkMinutes((Self.lat.b - third) * degree))
        let a = try #require(split.first { network.transit.hubs.names[$0.hub.index] == "A" })
        #expect(abs(a.share - wa / (wa + wb)) < 1e-9, "\(a.share) vs \(wa / (wa + wb))")
        // By hand: 1,001 m → 1,084 s (18.07 min), 2,002 m → 2,169 s (36.14 min); e^(0.05 · 18.07) = 2.47 → 2.47 / 3.47.
        #expect(a.share > 0.70 && a.share < 0.72, "≈ 0.712: the nearer station takes more")
        #expect(a.stops[0].seconds == Int32(((third - Self.lat.a) * degree * 1.3 / 1.2).rounded()))
    }

    /// Every station of a district is kept up to `maxStationsPerZone`, then the largest shares, renormalised.
    @Test func theStationCapKeepsTheLargestShares() throws {
        let network = try Self.network()
        let cells = [PopulationCell(coordinate: Self.point(Self.lat.a), population: 100, district: 0),
                     PopulationCell(coordinate: Self.point(Self.lat.b), population: 300, district: 0),
                     PopulationCell(coordinate: Self.point(Self.lat.e), population: 1_000, district: 1)]
        let assignment = AssignmentParameters(firstDepartureSeconds: 7 * 3600, windowMinutes: 60, threads: 1)
        let capped = BottleneckAnalysis(network: network, parameters: BottleneckParameters(
            assignment: assignment, stationChoice: StationChoiceParameters(maxStationsPerZone: 1)),
            population: PopulationSurface(label: "hand", cells: cells))
        #expect(capped.engine.originStations[0].count == 1)
        #expect(network.transit.hubs.names[capped.engine.originStations[0][0].hub.index] == "B")
        #expect(capped.engine.originStations[0][0].share == 1)
    }
}
