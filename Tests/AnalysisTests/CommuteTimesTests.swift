import GeoCore
import Network
import Routing
import Testing
import TestSupport
@testable import Analysis

/// `CommuteTimes` on a hand line (S0 → S1 → S2, 5 km apart, trains every 10 min from 07:00) against one
/// `TravelTimeQuery` per point, both directions, commuter profile: inbound through the stop profiles must equal
/// the point's own range-RAPTOR; outbound must never chain the core's access into a point's egress at one stop.
@Suite(.tags(.fast)) struct CommuteTimesTests {
    static func network() throws -> BuiltNetwork {
        var input = TransitInput()
        for k in 0..<3 {
            input.stops.append(TransitInput.Stop(key: "s\(k)", name: "S\(k)",
                                                 coordinate: Coordinate(longitude: 116.4, latitude: 39.9 + 0.045 * Double(k)), source: "hand"))
        }
        input.routes.append(TransitInput.Route(key: "R", shortName: "R", longName: "", gtfsRouteType: nil, tier: .suburban,
                                               tierReason: "hand", source: "hand"))
        for k in 0..<24 {
            for (stops, name) in [([0, 1, 2], "up"), ([2, 1, 0], "down")] {
                let start = Int32(7 * 3600 + k * 600)
                let times = [start, start + 300, start + 600]
                input.trips.append(TransitInput.Trip(key: "\(name)\(k)", route: 0, name: "\(name)\(k)", tier: .suburban,
                                                     stops: stops, arrivalSeconds: times, departureSeconds: times))
            }
        }
        let layer = try TransitLayerBuilder(parameters: BuildParameters(transferRadiusMeters: 0)).build(input).layer
        return BuiltNetwork(metadata: .init(areaName: "hand"), transit: layer)
    }

    @Test(arguments: [CommuteDirection.inbound, .outbound])
    func equalsOneQueryPerPoint(direction: CommuteDirection) throws {
        let network = try Self.network()
        let core = Place(id: "core", name: "core", kind: .point, coordinate: Coordinate(longitude: 116.401, latitude: 39.9))
        let points = (0..<12).map { Coordinate(longitude: 116.38 + 0.004 * Double($0 % 4), latitude: 39.9 + 0.01 * Double($0)) }
        let travel = TravelTimeParameters(firstDepartureSeconds: 7 * 3600, windowMinutes: 30, profile: .commuter)
        let got = CommuteTimes.transit(network: network, core: core, points: points, travel: travel, direction: direction, threads: 2)
        let query = TravelTimeQuery(network: network, parameters: travel)
        var reached = 0
        for (k, p) in points.enumerated() {
            let expected: [Int32]
            if direction == .inbound {
                expected = query.run(from: query.endpoint(at: p)).travelTimesSeconds(to: query.endpoint(at: core.coordinate, role: .destination))
            } else {
                expected = query.run(from: query.endpoint(at: core.coordinate)).travelTimesSeconds(to: query.endpoint(at: p, role: .destination))
            }
            #expect(got[k] == expected, "\(direction) point \(k)")
            reached += expected.filter { $0 != RangeRaptorResult.unreachable }.count
        }
        #expect(reached > 0)
        // The point 0.1° north (S2 side) is beyond every feeder's reach of the core: only a ride gets there.
        let far = got[10]
        #expect(far.allSatisfy { $0 == RangeRaptorResult.unreachable || $0 >= 600 }, "\(far)")
    }
}
