import Foundation
import GeoCore
import Network

/// `synth-network -o FILE [--stops N] [--seed S] [--gtfs DIR]`: a synthetic grid city written as a `.mcnet`, for
/// benchmarks that need a network of a chosen size (the scenario benchmark: issue 14 asks for ≥ 10 k stops; RAPTOR
/// against pyraptor, issue 19), and with `--gtfs` the same timetable as a GTFS folder (`SyntheticGTFS`).
///
/// The city is a square lattice of metro lines: n horizontal lines "H0"…"H(n-1)" 2 km apart and n vertical lines
/// "V0"…"V(n-1)", each with 2n − 1 stations 1 km apart, so every other station of a line is a crossing. A crossing
/// is two stops (one per line, as two platforms) named "Hi/Vj"; the others are "Hi-k" / "Vj-k" (k = position
/// along the line). Four rail lines cross the lattice, with their own stops named after the crossing they stop
/// at (so they join its hub): trunk "T1" on the diagonal and "T2" on the anti-diagonal (every 6th crossing,
/// trains "G…", every 30 min, 250 km/h), intercity "C1" along the middle row and "C2" along the middle column
/// (every 4th crossing, trains "C…", every 20 min, 160 km/h). Metro lines run 05:30–23:30 both ways, every
/// 2.5–5 min in the peaks (07–09, 17–19) and every 5–10 min otherwise, 75–90 s per 1 km hop plus 30 s dwell.
/// Names and positions of the lattice do not depend on the seed; the seed draws headways, running times,
/// first departures and a jitter of up to ±100 m of each lattice point. No streets, roads or districts.
enum SyntheticNetwork {
    /// South-west corner of the lattice (a place in the North China Plain, so `auto` local CRS works).
    static let origin = Coordinate(longitude: 115.5, latitude: 38.5)
    static let metersPerDegreeLatitude = 111_320.0

    /// Lines per direction for at least `stops` stops (never fewer than 10: the committed scenario needs them).
    static func linesPerDirection(forStops stops: Int) -> Int {
        var n = 10
        while 2 * n * (2 * n - 1) < stops { n += 1 }
        return n
    }

    /// WGS-84 position of lattice point (x km east, y km north of `origin`), unjittered.
    static func coordinate(xKm: Double, yKm: Double) -> Coordinate {
        let lat = origin.latitude + yKm * 1000 / metersPerDegreeLatitude
        let lon = origin.longitude + xKm * 1000 / (metersPerDegreeLatitude * cos(origin.latitude * .pi / 180))
        return Coordinate(longitude: lon, latitude: lat)
    }

    static func input(stops requested: Int, seed: UInt64) -> TransitInput {
        let n = linesPerDirection(forStops: requested)
        let m = 2 * n - 1
        var rng = SplitMix64(seed: seed)
        // Jitter per lattice point (x, y in km, 0 ..< m), ±100 m each way.
        var jitter = [(Double, Double)]()
        jitter.reserveCapacity(m * m)
        for _ in 0..<(m * m) {
            jitter.append((Double(rng.below(201) - 100) / 1000, Double(rng.below(201) - 100) / 1000))
        }
        func point(_ x: Int, _ y: Int) -> Coordinate {
            let (dx, dy) = jitter[y * m + x]
            return coordinate(xKm: Double(x) + dx, yKm: Double(y) + dy)
        }
        var input = TransitInput()
        func addStop(_ key: String, _ name: String, _ c: Coordinate) -> Int {
            input.stops.append(TransitInput.Stop(key: "synthetic:\(key)", name: name, coordinate: c, source: "synthetic"))
            return input.stops.count - 1
        }

        // Metro lattice.
        for horizontal in [true, false] {
            for i in 0..<n {
                let line = (horizontal ? "H" : "V") + "\(i)"
                var stops: [Int] = []
                for k in 0..<m {
                    let (x, y) = horizontal ? (k, 2 * i) : (2 * i, k)
                    let crossing = k % 2 == 0
                    let name = crossing ? (horizontal ? "H\(i)/V\(k / 2)" : "H\(k / 2)/V\(i)") : "\(line)-\(k)"
                    stops.append(addStop("\(line):\(k)", name, point(x, y)))
                }
                input.routes.append(TransitInput.Route(key: "synthetic:\(line)", shortName: line, longName: "Metro \(line)",
                                                       gtfsRouteType: 1, tier: .metro, tierReason: "synthetic metro",
                                                       source: "synthetic"))
                let route = input.routes.count - 1
                let peak = [150, 180, 240, 300][rng.below(4)]
                let offPeak = [300, 360, 480, 600][rng.below(4)]
                let hops = (0..<(m - 1)).map { _ in Int32(75 + rng.below(16)) }
                let offset = Int32(rng.below(120))
                for forward in [true, false] {
                    let order = forward ? stops : stops.reversed()
                    let runs = forward ? hops : hops.reversed()
                    var d: Int32 = 5 * 3600 + 1800 + offset
                    var number = 0
                    while d <= 23 * 3600 + 1800 {
                        input.trips.append(trip(key: "\(line):\(forward ? "a" : "b"):\(number)", route: route, name: "",
                                                tier: .metro, stops: order, start: d, runs: runs, dwell: 30))
                        number += 1
                        let inPeak = (7 * 3600..<9 * 3600).contains(d) || (17 * 3600..<19 * 3600).contains(d)
                        d += Int32(inPeak ? peak : offPeak)
                    }
                }
            }
        }

        // Rail lines across it: (name, tier, crossings as (column, row), train prefix, headway s, km/h, dwell s).
        let middle = (n - 1) / 2
        let rail: [(String, Tier, [(Int, Int)], String, Int32, Double, Int32)] = [
            ("T1", .trunk, stride(from: 0, to: n, by: 6).map { ($0, $0) }, "G", 1800, 250, 120),
            ("T2", .trunk, stride(from: 0, to: n, by: 6).map { ($0, n - 1 - $0) }, "G", 1800, 250, 120),
            ("C1", .intercity, stride(from: 0, to: n, by: 4).map { ($0, middle) }, "C", 1200, 160, 60),
            ("C2", .intercity, stride(from: 0, to: n, by: 4).map { (middle, $0) }, "C", 1200, 160, 60),
        ]
        var trainNumber = 1000
        for (line, tier, crossings, prefix, headway, kmh, dwell) in rail {
            let stops = crossings.map { j, i in addStop("\(line):\(j):\(i)", "H\(i)/V\(j)", point(2 * j, 2 * i)) }
            input.routes.append(TransitInput.Route(key: "synthetic:\(line)", shortName: line, longName: "Rail \(line)",
                                                   gtfsRouteType: 2, tier: tier, tierReason: "synthetic rail", source: "synthetic"))
            let route = input.routes.count - 1
            let hops = zip(stops, stops.dropFirst()).map { a, b in
                Int32((Earth.haversineMeters(input.stops[a].coordinate, input.stops[b].coordinate) * 1.1 / (kmh / 3.6)).rounded())
            }
            let offset = Int32(rng.below(Int(headway)))
            for forward in [true, false] {
                var d: Int32 = 6 * 3600 + offset
                var number = 0
                while d <= 22 * 3600 {
                    trainNumber += 1
                    input.trips.append(trip(key: "\(line):\(forward ? "a" : "b"):\(number)", route: route,
                                            name: "\(prefix)\(trainNumber)", tier: tier,
                                            stops: forward ? stops : stops.reversed(), start: d,
                                            runs: forward ? hops : hops.reversed(), dwell: dwell))
                    number += 1
                    d += headway
                }
            }
        }
        return input
    }

    private static func trip(key: String, route: Int, name: String, tier: Tier, stops: [Int], start: Int32,
                             runs: [Int32], dwell: Int32) -> TransitInput.Trip {
        var arrivals: [Int32] = [start], departures: [Int32] = [start]
        arrivals.reserveCapacity(stops.count); departures.reserveCapacity(stops.count)
        for (k, r) in runs.enumerated() {
            let at = departures[k] + r
            arrivals.append(at)
            departures.append(k == runs.count - 1 ? at : at + dwell)
        }
        return TransitInput.Trip(key: "synthetic:\(key)", route: route, name: name, tier: tier, stops: stops,
                                 arrivalSeconds: arrivals, departureSeconds: departures)
    }

    /// The built network (default `BuildParameters`, crow-fly transfers, no streets).
    static func network(stops: Int, seed: UInt64) throws -> BuiltNetwork {
        let parameters = BuildParameters()
        let layer = try TransitLayerBuilder(parameters: parameters).build(input(stops: stops, seed: seed)).layer
        let n = linesPerDirection(forStops: stops)
        return BuiltNetwork(metadata: .init(areaName: "synthetic-grid-\(n)x\(n)",
                                            notes: "metrocommute-bench synth-network --stops \(stops) --seed \(seed)",
                                            parameters: parameters),
                            transit: layer)
    }

    static func clock(_ text: String) -> Int32? {
        let p = text.split(separator: ":").compactMap { Int32($0) }
        return p.count == 2 ? p[0] * 3600 + p[1] * 60 : nil
    }

    static func run(_ args: BenchArguments) throws -> [ResultTable] {
        let dashO = args.positionals.firstIndex(of: "-o").flatMap { $0 + 1 < args.positionals.count ? args.positionals[$0 + 1] : nil }
        guard let out = dashO ?? args.options["output"] else { throw BenchUsageError("synth-network needs -o FILE") }
        let stops = try args.int("stops", default: 12_000)
        let seed = UInt64(try args.int("seed", default: 1))
        var network: BuiltNetwork?
        let seconds = try Stopwatch.seconds { network = try SyntheticNetwork.network(stops: stops, seed: seed) }
        guard let network else { return [] }
        try network.write(toFile: out)
        if let folder = args.options["gtfs"] {
            // --gtfs-departures HH:MM-HH:MM: only trips leaving their first stop then (default 06:30-09:30).
            let range = (args.options["gtfs-departures"] ?? "06:30-09:30").split(separator: "-").map(String.init)
            guard range.count == 2, let from = Self.clock(range[0]), let to = Self.clock(range[1]), from <= to else {
                throw BenchUsageError("--gtfs-departures HH:MM-HH:MM")
            }
            try SyntheticGTFS.write(input(stops: stops, seed: seed), to: folder, firstDepartures: from...to)
        }
        let t = network.transit
        var table = ResultTable(title: "Synthetic network \(out)",
                                columns: ["stops", "hubs", "patterns", "trips", "stop times", "build"])
        table.add([Format.count(t.stopCount), Format.count(t.hubs.count), Format.count(t.patternCount), Format.count(t.tripCount),
                   Format.count(t.patterns.arrivalSeconds.count), Format.seconds(seconds)],
                  record: ["stops": t.stopCount, "hubs": t.hubs.count, "patterns": t.patternCount, "trips": t.tripCount,
                           "stop_times": t.patterns.arrivalSeconds.count, "build_s": seconds, "seed": seed])
        return [table]
    }
}
