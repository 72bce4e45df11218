import Analysis
import Foundation
import GeoCore
import GeoIO
import NetworkBuild
import Network
import Routing
import TestSupport
import Testing

/// Independent passenger-kilometres: journeys from `TravelTimeQuery.journey` (one RAPTOR run per pair and minute,
/// not the assignment's), hop lengths from a haversine written here.
enum BottleneckTestSupport {
    static func haversineKilometres(_ a: Coordinate, _ b: Coordinate) -> Double {
        let r = 6_371.0088, rad = Double.pi / 180
        let h = pow(sin((b.latitude - a.latitude) * rad / 2), 2)
            + cos(a.latitude * rad) * cos(b.latitude * rad) * pow(sin((b.longitude - a.longitude) * rad / 2), 2)
        return 2 * r * asin(min(1, sqrt(h)))
    }

    /// Journeys from a separate `RangeRaptor` per origin group and minute (not the engine's run): each group boards
    /// its station's stops at their access times; each destination station's share alights at its stop reached first
    /// (arrival + egress within the longest trip; an unreached station's share at the zone's fastest).
    static func inVehicleKilometres(network: BuiltNetwork, engine: AssignmentEngine, demand: DemandMatrix,
                                    parameters: AssignmentParameters) throws -> Double {
        let t = network.transit
        let raptor = RangeRaptor(transit: t, parameters: parameters.raptor.withSameStopChange(of: network))
        var total = 0.0
        for g in engine.groups.indices {
            let (o, share, stops) = engine.group(g)
            for d in engine.zones.indices where demand[o, d] > 0 {
                let perMinute = demand[o, d] * share / Double(parameters.windowMinutes)
                for m in 0..<parameters.windowMinutes {
                    let departure = parameters.firstDepartureSeconds + Int32(m * 60)
                    _ = raptor.earliestArrivals(origins: stops, departureSeconds: departure)
                    let arrivals = raptor.lastRideArrivals()
                    let reached: [(stop: StopID, arrival: Int32)?] = engine.destinationStations[d].map { station in
                        station.stops.compactMap { e -> (stop: StopID, arrival: Int32)? in
                            let a = arrivals[e.stop.index]
                            guard a != RangeRaptorResult.unreachable, a + e.seconds - departure <= parameters.maxTripSeconds else { return nil }
                            return (e.stop, a + e.seconds)
                        }.min { $0.arrival < $1.arrival }
                    }
                    guard let fastest = reached.compactMap({ $0 }).min(by: { $0.arrival < $1.arrival }) else { continue }
                    for (station, r) in zip(engine.destinationStations[d], reached) {
                        let itinerary = try #require(raptor.itinerary(to: (r ?? fastest).stop, afterRide: true))
                        for ride in itinerary.rides {
                            let stops = Array(t.stops(of: ride.pattern))
                            let board = try #require(stops.indices.first {
                                stops[$0] == ride.boardStop.rawValue && t.departureSeconds(trip: ride.trip, position: $0) == ride.boardSeconds
                            })
                            let alight = try #require(stops.indices.first {
                                $0 > board && stops[$0] == ride.alightStop.rawValue && t.arrivalSeconds(trip: ride.trip, position: $0) == ride.alightSeconds
                            })
                            for i in board..<alight {
                                total += perMinute * station.share * haversineKilometres(t.coordinate(of: StopID(Int(stops[i]))),
                                                                                         t.coordinate(of: StopID(Int(stops[i + 1]))))
                            }
                        }
                    }
                }
            }
        }
        return total
    }
}

@Suite(.tags(.realData), .enabled(if: SharedData.isPresent, "needs ../shared/data (set METROCOMMUTE_SHARED_DATA)"))
struct BottleneckConservationTests {
    /// jingjinji, gravity demand (entering at the stations of the districts' population cells) over a 6-minute window from 07:30 (kept short: the reference runs one RAPTOR
    /// per pair and minute): Σ passengers × section length equals the journeys' in-vehicle kilometres.
    @Test func jingjinjiPassengerKilometres() throws {
        let network = try AreaNetworks.built("jingjinji")
        let parameters = BottleneckParameters(assignment: AssignmentParameters(firstDepartureSeconds: 7 * 3600 + 1800,
                                                                               windowMinutes: 6), criticalityCount: 0)
        let analysis = BottleneckAnalysis(network: network, parameters: parameters)
        let demand = analysis.gravityDemand(GravityParameters())
        let result = analysis.run(demand: demand)
        let sections = analysis.engine.sections
        let fromSections = result.sections.reduce(0.0) { sum, s in
            sum + s.passengers * BottleneckTestSupport.haversineKilometres(network.transit.coordinate(of: s.section.from),
                                                                          network.transit.coordinate(of: s.section.to))
        }
        #expect(sections.count > 1_000)
        let fromJourneys = try BottleneckTestSupport.inVehicleKilometres(network: network, engine: analysis.engine,
                                                                        demand: demand, parameters: parameters.assignment)
        #expect(fromJourneys > 1e6)
        #expect(abs(fromSections - fromJourneys) < 1e-9 * fromJourneys, "\(fromSections) vs \(fromJourneys)")
        // The assignment's travel times agree with range-RAPTOR's for every assigned pair and minute.
        let range = analysis.engine.travelTimes()
        let n = analysis.zones.count
        var compared = 0
        for g in analysis.engine.groups.indices { for d in 0..<n where demand[analysis.engine.groups[g].zone, d] > 0 { for m in 0..<6 {
            let k = (g * n + d) * 6 + m
            #expect(range[k] == result.assignment.travelTimesSeconds[k])
            compared += 1
        } } }
        #expect(compared > 1_000)
    }
}
