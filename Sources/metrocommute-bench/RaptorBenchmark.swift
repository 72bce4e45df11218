import Foundation
import GeoCore
import GeoIO
import Network
import Routing

/// `raptor <gtfs.zip> <yyyymmdd> [--window 60] [--rules pyraptor|default] [--samples 5] [--feed NAME]
///  [--pyraptor-dir /tmp/peers/results] [--max-rides N] [--peer-origins | --origins N]`: a network from one GTFS feed alone, then
/// RAPTOR one-to-all from every station at 08:00 (`RangeRaptor.earliestArrivals`) and over a window of minutes from
/// 08:00 (`RangeRaptor.run`). `--peer-origins`: only from the origins pyraptor ran from (its arrivals file), for a
/// feed where pyraptor ran a sample (the synthetic network of `synth-network --gtfs`).
///
/// Rules (`--rules`):
/// - `pyraptor` (default): as the peer script runs pyraptor: boarding needs arrival ≤ departure (board slack
///   0 s), 120 s between two stops of one station (every ordered pair, as source transfers; no generated
///   walking transfers, transfers.txt ignored), at most 5 rides.
/// - `default`: the project's own rules: `BuildParameters()` (walking transfers between stops ≤ 800 m apart,
///   crow-fly × 1.3 at 1.2 m/s plus the tier minimum transfer time, transfers.txt applied) and
///   `RaptorParameters()` (60 s board slack at every boarding, at most 8 rides).
///
/// Stations are formed as pyraptor forms them: stops grouped by stop_name, except that a name shared by
/// stops of different parent stations becomes "name [parent_station]" for each. The origin of a query is
/// every stop of its station at 0 s; a station's arrival is the earliest over its stops; the origin station
/// itself is left out. Each query is timed as the median of `--samples` samples (a sample repeats the query
/// until it lasts ≥ 2 ms), then mean and median over origins.
enum RaptorBenchmark {
    struct Station {
        var name: String
        var stops: [Int]
    }

    static func run(_ args: BenchArguments) throws -> [ResultTable] {
        guard args.positionals.count == 2 else { throw BenchUsageError("raptor needs <gtfs.zip> <yyyymmdd>") }
        let feedPath = args.positionals[0]
        guard let date = GTFSDate(args.positionals[1]) else { throw BenchUsageError("bad date \(args.positionals[1])") }
        let window = max(1, try args.int("window", default: 60))
        let samples = max(1, try args.int("samples", default: 5))
        let rules = args.options["rules"] ?? "pyraptor"
        guard rules == "pyraptor" || rules == "default" else { throw BenchUsageError("--rules pyraptor|default") }
        let feedName = args.options["feed"] ?? ((feedPath as NSString).lastPathComponent as NSString).deletingPathExtension
        let departure: Int32 = 8 * 3600

        // 1. Read and build.
        var input = TransitInput()
        let readSeconds = try Stopwatch.seconds {
            input = try GTFSReader(url: URL(fileURLWithPath: feedPath), sourceName: feedName).read(serviceDate: date).input
        }
        var buildParameters = BuildParameters()
        var raptorParameters = RaptorParameters()
        var layer: TransitLayer?
        let buildSeconds = try Stopwatch.seconds {
            if rules == "pyraptor" {
                buildParameters.transferRadiusMeters = 0
                input.transfers = sameStationTransfers(input, seconds: 120)
                raptorParameters = RaptorParameters(maxRides: 5, boardSlackSeconds: 0)
            }
            if let rides = args.options["max-rides"].flatMap(Int.init) {
                raptorParameters = RaptorParameters(maxRides: rides, boardSlackSeconds: raptorParameters.boardSlackSeconds)
            }
            layer = try TransitLayerBuilder(parameters: buildParameters).build(input).layer
        }
        guard let transit = layer else { return [] }
        let stations = pyraptorStations(transit, sourceName: feedName)
        let stationOfStop: [Int: Int] = Dictionary(uniqueKeysWithValues: stations.enumerated().flatMap { i, st in
            st.stops.map { ($0, i) } })
        let raptor = RangeRaptor(transit: transit, parameters: raptorParameters)
        let peerDir = args.options["pyraptor-dir"] ?? "/tmp/peers/results"
        let arrivalsFile = "\(peerDir)/pyraptor_arrivals_\(args.options["feed"] ?? feedName).json"
        var originIndices = Array(stations.indices)
        if args.flag("peer-origins") {
            guard let data = FileManager.default.contents(atPath: arrivalsFile),
                  let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let theirs = object["arrivals_s_after_midnight"] as? [String: Any] else {
                throw BenchUsageError("--peer-origins: cannot read the origins of \(arrivalsFile)")
            }
            originIndices = stations.indices.filter { theirs[stations[$0].name] != nil }
        } else if let n = args.options["origins"].flatMap(Int.init), n > 0, n < stations.count {
            // `--origins N`: N stations evenly spaced in the station order (without a peer to follow).
            originIndices = (0..<n).map { $0 * stations.count / n }
        }

        // 2. Single departure at 08:00.
        var singleTimes: [Double] = []
        var ours: [String: [String: Int32]] = [:]
        for i in originIndices {
            let station = stations[i]
            let origins = station.stops.map { StopAccess(stop: StopID($0), seconds: 0) }
            singleTimes.append(Stopwatch.medianPerCall(samples: samples) {
                _ = raptor.earliestArrivals(origins: origins, departureSeconds: departure)
            })
            let arrivals = raptor.earliestArrivals(origins: origins, departureSeconds: departure)
            var best: [String: Int32] = [:]
            for (s, a) in arrivals.enumerated() where a != RangeRaptorResult.unreachable {
                guard let j = stationOfStop[s], j != i else { continue }
                best[stations[j].name] = min(best[stations[j].name] ?? .max, a)
            }
            ours[station.name] = best
        }

        // 3. Range query over the window.
        var rangeTimes: [Double] = []
        for station in originIndices.map({ stations[$0] }) {
            let origins = station.stops.map { StopAccess(stop: StopID($0), seconds: 0) }
            rangeTimes.append(Stopwatch.medianPerCall(samples: samples) {
                _ = raptor.run(origins: origins, firstDepartureSeconds: departure, windowMinutes: window)
            })
        }
        // 4. Peer figures and agreement. pyraptor times its range query on the first of its origins in name order
        // (5 unless its row says otherwise; its origins are every station, or the sample --peer-origins follows).
        let peer = loadPyraptorTiming(dir: peerDir, feed: args.options["feed"] ?? feedName)
        let rangeOriginCount = peer?.rangeOrigins ?? 5
        let peerRangeOrigins = Set(originIndices.map { stations[$0].name }.sorted(by: pythonOrder).prefix(rangeOriginCount))
        let rangeAtPeerOrigins = zip(originIndices.map { stations[$0] }, rangeTimes).filter { peerRangeOrigins.contains($0.0.name) }.map(\.1)
        let agreement = try compare(ours, withArrivalsFile: arrivalsFile)

        let singleMedian = Statistics.median(singleTimes), singleMean = Statistics.mean(singleTimes)
        let rangeMedian = Statistics.median(rangeTimes), rangeMean = Statistics.mean(rangeTimes)
        let rangePeerMedian = Statistics.median(rangeAtPeerOrigins)
        let singleRatio = peer.map { $0.queryMedian / singleMedian } ?? .nan
        let rangeRatio = peer?.rangeMedian.map { $0 / rangePeerMedian } ?? .nan
        let servedStops = stations.reduce(0) { $0 + $1.stops.count }

        var table = ResultTable(title: "RangeRaptor one-to-all from every station, \(feedName) \(date), rules \(rules) (departure 08:00; range \(window) min from 08:00)",
                                columns: ["feed", "rules", "stations", "stops", "patterns", "trips", "read", "build",
                                          "08:00 mean", "08:00 median", "pyraptor median", "×", "range mean",
                                          "range median", "range median (pyraptor's range origins)", "pyraptor range", "×", "agreement"])
        table.add([
            feedName, rules, Format.count(stations.count), Format.count(servedStops), Format.count(transit.patternCount),
            Format.count(transit.trips.count), Format.seconds(readSeconds), Format.seconds(buildSeconds),
            Format.seconds(singleMean), Format.seconds(singleMedian), peer.map { Format.seconds($0.queryMedian) } ?? "–",
            Format.number(singleRatio, decimals: 0), Format.seconds(rangeMean), Format.seconds(rangeMedian),
            rangeAtPeerOrigins.isEmpty ? "–" : Format.seconds(rangePeerMedian), peer?.rangeMedian.map { Format.seconds($0) } ?? "–",
            Format.number(rangeRatio, decimals: 0), agreement?.summary ?? "–",
        ], record: [
            "feed": feedName, "file": feedPath, "date": date.description, "rules": rules,
            "max_rides": raptorParameters.maxRides, "board_slack_s": Int(raptorParameters.boardSlackSeconds),
            "stations": stations.count, "stops": servedStops, "patterns": transit.patternCount,
            "trips": transit.trips.count, "transfers": transit.transfers.count,
            "read_s": readSeconds, "build_s": buildSeconds, "samples": samples, "window_min": window,
            "single_mean_s": singleMean, "single_median_s": singleMedian, "single_per_origin_s": singleTimes,
            "range_mean_s": rangeMean, "range_median_s": rangeMedian, "range_first5_median_s": rangeAtPeerOrigins.isEmpty ? NSNull() : rangePeerMedian,
            "range_peer_origins": rangeAtPeerOrigins.count,
            "pyraptor_single_median_s": peer?.queryMedian ?? NSNull(), "pyraptor_single_mean_s": peer?.queryMean ?? NSNull(),
            "pyraptor_range_median_s": peer?.rangeMedian ?? NSNull(),
            "pyraptor_range_origins": peer?.rangeOrigins ?? NSNull(),
            "speedup_single_median": singleRatio.isNaN ? NSNull() : singleRatio,
            "speedup_range_median": rangeRatio.isNaN ? NSNull() : rangeRatio,
            "agreement": agreement?.record ?? NSNull(),
            "peak_mb": ProcessMemory.megabytes(ProcessMemory.peakResidentBytes()) ?? NSNull(),
        ])
        return [table]
    }

    /// Python's `sorted` order on str: by Unicode scalar values.
    static func pythonOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    /// pyraptor's 120 s between stops of one station: every ordered pair of distinct stops that trips call at
    /// and that share a station key (parent station, or the stop itself without one).
    static func sameStationTransfers(_ input: TransitInput, seconds: Int32) -> [TransitInput.Transfer] {
        var served = Set<Int>()
        for trip in input.trips { served.formUnion(trip.stops) }
        var byStation: [String: [Int]] = [:]
        for s in served.sorted() {
            let stop = input.stops[s]
            byStation[stop.parentKey ?? stop.key, default: []].append(s)
        }
        var out: [TransitInput.Transfer] = []
        for members in byStation.values where members.count > 1 {
            for a in members { for b in members where a != b {
                out.append(TransitInput.Transfer(fromStop: a, toStop: b, minSeconds: seconds))
            } }
        }
        return out
    }

    /// Stations keyed as pyraptor keys them (see the type's comment); only stops some pattern calls at.
    static func pyraptorStations(_ transit: TransitLayer, sourceName: String) -> [Station] {
        let stops = transit.stops
        var served: [Int] = []
        for s in 0..<transit.stopCount where transit.patternEntries(at: StopID(s)).count > 0 {
            served.append(s)
        }
        func stationKey(_ s: Int) -> String { stops.parentKeys[s].isEmpty ? stops.keys[s] : stops.parentKeys[s] }
        var keysOfName: [String: Set<String>] = [:]
        for s in served { keysOfName[stops.names[s], default: []].insert(stationKey(s)) }
        var byName: [String: [Int]] = [:]
        for s in served {
            var name = stops.names[s]
            if keysOfName[name, default: []].count > 1 {
                let prefix = sourceName + ":"
                let key = stationKey(s)
                name += " [\(key.hasPrefix(prefix) ? String(key.dropFirst(prefix.count)) : key)]"
            }
            byName[name, default: []].append(s)
        }
        return byName.keys.sorted(by: pythonOrder).map { Station(name: $0, stops: byName[$0]!) }
    }

    struct PyraptorTiming {
        var queryMedian: Double
        var queryMean: Double
        /// nil when pyraptor ran no range query (`--range-origins 0`).
        var rangeMedian: Double?
        /// How many of its origins (the first in name order) the range query ran from.
        var rangeOrigins: Int
    }

    static func loadPyraptorTiming(dir: String, feed: String) -> PyraptorTiming? {
        guard let data = FileManager.default.contents(atPath: dir + "/pyraptor.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let rows = object["rows"] as? [[String: Any]],
              let row = rows.first(where: { $0["feed"] as? String == feed }),
              let median = row["query_median_s"] as? Double, let mean = row["query_mean_s"] as? Double else { return nil }
        return PyraptorTiming(queryMedian: median, queryMean: mean, rangeMedian: row["range_median_s"] as? Double,
                              rangeOrigins: row["range_origins"] as? Int ?? 5)
    }

    struct Agreement {
        var pairs = 0, equal = 0, earlier = 0, later = 0, onlyOurs = 0, onlyPyraptor = 0
        var unknownOrigins: [String] = []
        var examples: [[String: Any]] = []
        var summary: String {
            "\(equal)/\(pairs) equal" + (pairs == equal ? "" : " (ours earlier \(earlier), later \(later), only ours \(onlyOurs), only pyraptor \(onlyPyraptor))")
        }
        var record: [String: Any] {
            ["pairs": pairs, "equal": equal, "ours_earlier": earlier, "ours_later": later, "only_ours": onlyOurs,
             "only_pyraptor": onlyPyraptor, "unknown_origins": unknownOrigins, "examples": examples]
        }
    }

    /// Compares earliest arrivals station by station with pyraptor's `arrivals_s_after_midnight`; nil when the
    /// file is absent.
    static func compare(_ ours: [String: [String: Int32]], withArrivalsFile path: String) throws -> Agreement? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let theirs = object["arrivals_s_after_midnight"] as? [String: [String: Int]] else {
            throw BenchUsageError("\(path): no arrivals_s_after_midnight object")
        }
        var a = Agreement()
        for origin in theirs.keys.sorted(by: pythonOrder) {
            guard let mine = ours[origin] else { a.unknownOrigins.append(origin); continue }
            let their = theirs[origin]!
            for dest in Set(mine.keys).union(their.keys).sorted(by: pythonOrder) {
                a.pairs += 1
                let x = mine[dest].map(Int.init), y = their[dest]
                switch (x, y) {
                case let (x?, y?) where x == y: a.equal += 1
                case let (x?, y?): if x < y { a.earlier += 1 } else { a.later += 1 }
                case (_?, nil): a.onlyOurs += 1
                default: a.onlyPyraptor += 1
                }
                if x != y && a.examples.count < 10 {
                    a.examples.append(["origin": origin, "destination": dest, "ours": x ?? NSNull(), "pyraptor": y ?? NSNull()])
                }
            }
        }
        for origin in ours.keys where theirs[origin] == nil { a.unknownOrigins.append("ours only: " + origin) }
        return a
    }
}
