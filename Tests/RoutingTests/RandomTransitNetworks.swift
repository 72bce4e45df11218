import TestSupport
import GeoCore
import Network
import Routing

/// Random small transit networks for the differential test.
struct RandomTransitCase {
    var input: TransitInput
    var parameters: BuildParameters
    var origins: [StopAccess]
    var firstDepartureSeconds: Int32
    var windowMinutes: Int
    var raptor: RaptorParameters

    static func make(seed: UInt64) -> RandomTransitCase {
        var rng = SplitMix64(seed: seed)
        func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
        func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

        let stopCount = int(3...10)
        var input = TransitInput()
        for s in 0..<stopCount {
            // A box of about 1.3 km × 1.3 km, so radius-generated transfers appear in some cases.
            input.stops.append(TransitInput.Stop(
                key: "s\(s)", name: "S\(s)",
                coordinate: Coordinate(longitude: 116.40 + Double(int(0...150)) * 1e-4,
                                       latitude: 39.90 + Double(int(0...120)) * 1e-4),
                source: "random"))
        }
        // Morning, or late evening so trips run past 24:00.
        let base: Int32 = chance(0.25) ? 86_400 - 1800 : 7 * 3600
        let lineCount = int(1...4)
        for line in 0..<lineCount {
            let tier = Tier.allCases[int(0...(Tier.allCases.count - 1))]
            input.routes.append(TransitInput.Route(key: "L\(line)", shortName: "L\(line)", longName: "", gtfsRouteType: nil,
                                                   tier: tier, tierReason: "random", source: "random"))
            var stops = Array(0..<stopCount).shuffled(using: &rng)
            stops = Array(stops.prefix(int(2...min(5, stopCount))))
            if chance(0.1) && stops.count >= 3 { stops.append(stops[0]) }  // a loop line calling twice at one stop
            let tripCount = int(1...5)
            for t in 0..<tripCount {
                var time = base + Int32(int(-20...100)) * 30
                var arrivals: [Int32] = [], departures: [Int32] = []
                for i in 0..<stops.count {
                    if i > 0 { time += Int32(int(1...20)) * 30 }
                    arrivals.append(time)
                    if chance(0.3) { time += Int32(int(1...4)) * 15 }
                    departures.append(time)
                }
                input.trips.append(TransitInput.Trip(key: "L\(line)t\(t)", route: line, name: "T\(line)-\(t)", tier: tier,
                                                     stops: stops, arrivalSeconds: arrivals, departureSeconds: departures))
            }
        }
        if chance(0.5) {  // a regular, frequency-like line
            let route = input.routes.count
            input.routes.append(TransitInput.Route(key: "F", shortName: "F", longName: "", gtfsRouteType: 1,
                                                   tier: .metro, tierReason: "random", source: "random"))
            let stops = Array(Array(0..<stopCount).shuffled(using: &rng).prefix(int(2...min(4, stopCount))))
            let hops = stops.dropFirst().map { _ in Int32(int(2...8)) * 60 }
            let headway = Int32(int(3...10)) * 60
            var start = base - 600
            var k = 0
            while start < base + 3600 {
                var time = start, arrivals: [Int32] = [], departures: [Int32] = []
                for i in 0..<stops.count {
                    if i > 0 { time += hops[i - 1] }
                    arrivals.append(time); departures.append(time)
                }
                input.trips.append(TransitInput.Trip(key: "F\(k)", route: route, name: "F\(k)", tier: .metro,
                                                     stops: stops, arrivalSeconds: arrivals, departureSeconds: departures))
                start += headway
                k += 1
            }
        }
        for _ in 0..<int(0...stopCount) {
            let a = int(0...(stopCount - 1)), b = int(0...(stopCount - 1))
            if a != b { input.transfers.append(TransitInput.Transfer(fromStop: a, toStop: b, minSeconds: Int32(int(0...400)))) }
        }
        let parameters = BuildParameters(transferRadiusMeters: chance(0.5) ? 600 : 0)
        var origins: [StopAccess] = []
        for s in Array(0..<stopCount).shuffled(using: &rng).prefix(int(1...2)) {
            origins.append(StopAccess(stop: StopID(s), seconds: Int32(int(0...300))))
        }
        var raptor = RaptorParameters(maxRides: [1, 2, 3, 8][int(0...3)], boardSlackSeconds: [0, 30, 60][int(0...2)])
        let firstDeparture = base - 600 + Int32(int(0...20)) * 30
        let window = int(15...40)
        // Drawn last, so the cases above stay what they were before same-stop change times existed.
        if chance(0.5) {
            var table = MinTransferTable(seconds: [Int32](repeating: 0, count: 25))
            for a in Tier.allCases { for b in Tier.allCases where a.rank <= b.rank {
                table = table.setting(a, b, seconds: Int32(int(0...10)) * 60)
            } }
            raptor.sameStopChange = table
        }
        return RandomTransitCase(input: input, parameters: parameters, origins: origins,
                                 firstDepartureSeconds: firstDeparture, windowMinutes: window, raptor: raptor)
    }
}
