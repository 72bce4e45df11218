import Analysis
import GeoCore
import Network
import Routing
import TestSupport
import Testing

/// The matrix on the hand timetable of RoutingTests' TravelTimeQueryTests: stops S0, S1, S2 on 116° E at 39.000,
/// 39.045, 39.090; trips C1 08:10/08:20/08:30 and C3 08:40/08:50/09:00. From "home" (0.002° south of S0: walk
/// 241 s) to "work" (0.003° north of S2: walk 361 s), leaving 08:00…08:09: 2161 − 60 m s for m ≤ 4, 3961 − 60 m
/// for m ≥ 5; sorted 1921 … 3661: min 1921 s = 32.0 min, p50 (5th) 2161 s = 36.0, p95 (10th) 3661 s = 61.0.
@Suite(.tags(.fast)) struct TravelTimeMatrixTests {
    static func network() throws -> BuiltNetwork {
        var input = TransitInput()
        for k in 0..<3 {
            input.stops.append(TransitInput.Stop(key: "s\(k)", name: "S\(k)",
                                                 coordinate: Coordinate(longitude: 116, latitude: 39 + 0.045 * Double(k)), source: "hand"))
        }
        input.routes.append(TransitInput.Route(key: "R", shortName: "C", longName: "", gtfsRouteType: 2, tier: .intercity,
                                               tierReason: "hand", source: "hand"))
        for (name, start) in [("C1", Int32(29_400)), ("C3", Int32(31_200))] {
            let times = [start, start + 600, start + 1200]
            input.trips.append(TransitInput.Trip(key: name, route: 0, name: name, tier: .intercity, stops: [0, 1, 2],
                                                 arrivalSeconds: times, departureSeconds: times))
        }
        let layer = try TransitLayerBuilder(parameters: BuildParameters(transferRadiusMeters: 0)).build(input).layer
        return BuiltNetwork(metadata: .init(areaName: "hand"), transit: layer)
    }

    @Test func csvOfASmallSet() throws {
        let network = try Self.network()
        func point(_ id: String, _ lat: Double) -> Place {
            Place(id: id, name: id, kind: .point, coordinate: Coordinate(longitude: 116, latitude: lat))
        }
        let home = point("home", 38.998), work = point("work", 39.093)
        let far = point("far, away", 39.2)      // 12 km beyond S2: unreachable
        let matrix = TravelTimeMatrix(network: network, origins: [home, work], destinations: [work, far],
                                      parameters: TravelTimeParameters(firstDepartureSeconds: 28_800, windowMinutes: 10,
                                                                       percentiles: [50, 95]))
        // work → work: 0 at every minute (same point).
        #expect(matrix.csv() == """
            from_id,to_id,min,p50,p95
            home,work,32.0,36.0,61.0
            home,"far, away",,,
            work,work,0.0,0.0,0.0
            work,"far, away",,,

            """)
        #expect(TravelTimeMatrix.minutesText(2161) == "36.0" && TravelTimeMatrix.minutesText(nil) == "")
    }

    /// The explanation picks the earliest minute whose time equals the median (2161 s at minute 0).
    @Test func explanationAtTheMedianMinute() throws {
        let network = try Self.network()
        let home = Place(id: "home", name: "home", kind: .point, coordinate: Coordinate(longitude: 116, latitude: 38.998))
        let work = Place(id: "work", name: "work", kind: .point, coordinate: Coordinate(longitude: 116, latitude: 39.093))
        let e = TravelTimeExplanation(network: network, origin: home, destination: work,
                                      parameters: TravelTimeParameters(firstDepartureSeconds: 28_800, windowMinutes: 10))
        #expect(e.minute == 0 && e.journey?.travelTimeSeconds == 2161)
        #expect(e.lines.first == "home → work: departure 08:00 (minute 0, the median of 08:00–08:09, 10 departure minutes), "
                + "arrival 08:36:01, travel time 36.0 min, 1 ride, 0 transfers")
        #expect(e.lines.count == 5)
        #expect(e.lines[3] == "  ride  08:10 → 08:30  C1 (intercity)  S0 → S2  20 min")
    }
}
