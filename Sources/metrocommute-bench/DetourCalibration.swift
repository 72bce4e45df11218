import Foundation
import GeoCore
import GeoIO
import Network
import NetworkBuild
import Routing

/// `detour <manifest.json | file.osm.pbf>… [--sources 200] [--targets 25] [--seed 1] [--dump DIR]`: the detour
/// factor (shortest network distance ÷ crow-fly distance) per access mode, measured on built networks.
///
/// Each input is built in process (`AreaBuilder`; an OSM file stands for a manifest reading it as both the
/// walking streets and the roads). Per graph and mode band (`DetourBand.standard`): a seeded sample of source
/// nodes in a shuffled order, each with up to `--targets` nodes whose crow-fly (haversine) distance from it lies
/// in the band; one Dijkstra per source (`StreetSearch` on the street graph, `RoadSearch` on the road graph
/// with arc lengths as weights, one-way arcs followed only in their direction). Per band: pairs, the share
/// whose target is reached, and the ratio's median, p25, p75 and mean over the reached pairs. A second table
/// pools each mode over the inputs: the recommended factor (pooled median rounded to 0.05) and the range of
/// the per-network medians. `--dump DIR` writes each graph's nodes, arcs and sampled pairs as CSV for
/// Scripts/reference/detour_reference.py.
enum DetourCalibration {
    static func run(_ args: BenchArguments) throws -> [ResultTable] {
        guard !args.positionals.isEmpty else { throw BenchUsageError("detour needs a manifest or an OSM file") }
        let sampling = DetourSampling(sourcesPerBand: max(1, try args.int("sources", default: 200)),
                                      targetsPerSource: max(1, try args.int("targets", default: 25)),
                                      seed: UInt64(try args.int("seed", default: 1)))
        // Every input is built before anything is written, so a bad one leaves no partial dump.
        let networks = try args.positionals.map { (input: $0, network: try buildNetwork($0)) }
        let dump = args.options["dump"]
        if let dump { try FileManager.default.createDirectory(atPath: dump, withIntermediateDirectories: true) }
        var table = ResultTable(
            title: "Detour factor: shortest network distance ÷ crow-fly, by graph and band (seed \(sampling.seed))",
            columns: ["area", "graph", "nodes", "arcs", "mode", "band km", "sources", "pairs", "crow-fly km p50/max",
                      "connected", "median", "p25", "p75", "mean"])
        var byMode: [String: [(area: String, ratios: [Double])]] = [:]
        var byDistance = ResultTable(title: "Median ratio by crow-fly distance (all sampled pairs of a graph, reached)",
                                     columns: ["area", "graph"] + DistanceBuckets.limitsKilometers.indices.dropLast()
                                        .map { DistanceBuckets.label($0) + " km" })
        for (input, network) in networks {
            let area = network.metadata.areaName
            for graph in CalibrationGraph.all(of: network) {
                let pairs = DetourBand.standard.filter { $0.graph == graph.kind }
                    .map { (band: $0, result: measure(graph, band: $0, sampling: sampling)) }
                if let dump { try writeDump(graph, area: area, bands: pairs, to: dump) }
                let (cells, record) = DistanceBuckets.row(pairs.flatMap(\.result.pairs))
                byDistance.add([area, graph.kind.rawValue] + cells,
                               record: ["area": area, "graph": graph.kind.rawValue, "buckets": record])
                for (band, result) in pairs {
                    let s = result.summary
                    let crowFly = result.pairs.map(\.crowFlyMeters)
                    byMode[band.mode, default: []].append((area, result.ratios))
                    table.add([
                        area, graph.kind.rawValue, Format.count(graph.nodeCount), Format.count(graph.arcCount), band.mode,
                        band.label, Format.count(result.sourceCount), Format.count(s.pairs),
                        crowFly.isEmpty ? "–" : Format.number(Statistics.median(crowFly) / 1000, decimals: 2) + " / "
                            + Format.number(crowFly.max()! / 1000, decimals: 2),
                        s.pairs == 0 ? "–" : Format.number(100 * s.connectedShare, decimals: 1) + " %",
                        Format.number(s.median, decimals: 3), Format.number(s.p25, decimals: 3),
                        Format.number(s.p75, decimals: 3), Format.number(s.mean, decimals: 3),
                    ], record: [
                        "input": input, "area": area, "graph": graph.kind.rawValue, "directed": graph.kind == .roads,
                        "nodes": graph.nodeCount, "arcs": graph.arcCount, "mode": band.mode,
                        "band_min_m": band.minMeters, "band_max_m": band.maxMeters, "sources": result.sourceCount,
                        "pairs": s.pairs, "crowfly_median_m": json(Statistics.median(crowFly)),
                        "crowfly_max_m": crowFly.max() ?? NSNull(), "connected": s.connected, "connected_share": json(s.connectedShare),
                        "median": json(s.median), "p25": json(s.p25), "p75": json(s.p75), "mean": json(s.mean),
                    ])
                }
            }
        }
        return [table, recommendations(byMode), byDistance]
    }

    /// The network of a manifest, or of an OSM file read as both streets and roads (through a temporary manifest).
    static func buildNetwork(_ input: String) throws -> BuiltNetwork {
        let lower = input.lowercased()
        guard lower.hasSuffix(".pbf") || lower.hasSuffix(".osm") || lower.hasSuffix(".osm.bz2") else {
            return try AreaBuilder(manifestPath: input).build().network
        }
        let path = URL(fileURLWithPath: input).standardizedFileURL.path
        var name = (path as NSString).lastPathComponent
        for suffix in [".bz2", ".pbf", ".osm"] where name.lowercased().hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
        let manifest: [String: Any] = [
            "area": name.lowercased(), "service_date": "2000-01-01",
            "osm": [["name": "streets", "path": path]],
            "roads": [["name": "roads", "path": path, "format": "osm"]],
        ]
        let manifestPath = NSTemporaryDirectory() + "metrocommute-bench-detour-\(getpid()).json"
        try JSONSerialization.data(withJSONObject: manifest).write(to: URL(fileURLWithPath: manifestPath))
        defer { try? FileManager.default.removeItem(atPath: manifestPath) }
        return try AreaBuilder(manifestPath: manifestPath).build().network
    }

    struct BandResult {
        var sourceCount: Int
        var pairs: [DetourPair]
        var ratios: [Double] { pairs.compactMap(\.ratio) }
        var summary: RatioSummary { RatioSummary(pairs: pairs.count, ratios: ratios) }
    }

    /// Samples the band's pairs and measures each: one search per source, its targets read from it.
    static func measure(_ graph: CalibrationGraph, band: DetourBand, sampling: DetourSampling) -> BandResult {
        measure(graph, sample: DetourPairSampler(graph: graph).sample(band: band, sampling: sampling))
    }

    /// Measures given pairs: one search per source.
    static func measure(_ graph: CalibrationGraph, sample: [(source: Int, targets: [Int])]) -> BandResult {
        let lengths = ShortestLengths(graph)
        var pairs: [DetourPair] = []
        for (source, targets) in sample {
            lengths.run(from: source)
            for t in targets {
                pairs.append(DetourPair(source: source, target: t, crowFlyMeters: graph.crowFlyMeters(source, t),
                                        networkMillimeters: lengths.millimeters(to: t)))
            }
        }
        return BandResult(sourceCount: sample.count, pairs: pairs)
    }

    /// Per mode over all inputs: pooled median (every network contributes its sampled pairs) rounded to 0.05,
    /// and the range of the per-network medians.
    static func recommendations(_ byMode: [String: [(area: String, ratios: [Double])]]) -> ResultTable {
        var table = ResultTable(title: "Recommended detour factor per mode (pooled median, rounded to 0.05)",
                                columns: ["mode", "networks", "pairs reached", "pooled median", "recommended",
                                          "network medians", "range"])
        for band in DetourBand.standard {
            guard let rows = byMode[band.mode]?.filter({ !$0.ratios.isEmpty }), !rows.isEmpty else { continue }
            let pooled = rows.flatMap(\.ratios)
            let median = Statistics.quantile(pooled, 0.5)
            let medians = rows.map { ($0.area, Statistics.quantile($0.ratios, 0.5)) }
            let low = medians.map(\.1).min()!, high = medians.map(\.1).max()!
            table.add([
                band.mode, rows.map(\.area).joined(separator: ", "), Format.count(pooled.count),
                Format.number(median, decimals: 3), Format.number(roundedToFiveHundredths(median), decimals: 2),
                medians.map { "\($0.0) \(Format.number($0.1, decimals: 3))" }.joined(separator: ", "),
                Format.number(low, decimals: 3) + "–" + Format.number(high, decimals: 3),
            ], record: [
                "mode": band.mode, "networks": rows.map(\.area), "pairs_reached": pooled.count,
                "pooled_median": median, "recommended": roundedToFiveHundredths(median),
                "network_medians": Dictionary(uniqueKeysWithValues: medians.map { ($0.0, $0.1) }),
                "range_min": low, "range_max": high,
            ])
        }
        return table
    }

    static func roundedToFiveHundredths(_ x: Double) -> Double { (x * 20).rounded() / 20 }

    private static func json(_ x: Double) -> Any { x.isNaN ? NSNull() : x }

    /// `<area>_<graph>_nodes.csv` (node,lon_e7,lat_e7), `_arcs.csv` (tail,head,length_mm; directed arcs as
    /// stored) and `_pairs.csv` (mode,source,target,crowfly_m,network_mm; network_mm empty when unreached).
    static func writeDump(_ graph: CalibrationGraph, area: String, bands: [(band: DetourBand, result: BandResult)],
                          to folder: String) throws {
        let prefix = folder + "/\(area)_\(graph.kind.rawValue)"
        var nodes = "node,lon_e7,lat_e7\n"
        for v in 0..<graph.nodeCount { nodes += "\(v),\(graph.longitudeE7[v]),\(graph.latitudeE7[v])\n" }
        var arcs = "tail,head,length_mm\n"
        for v in 0..<graph.nodeCount {
            for a in Int(graph.firstOut[v])..<Int(graph.firstOut[v + 1]) {
                arcs += "\(v),\(graph.head[a]),\(graph.lengthMillimeters[a])\n"
            }
        }
        var pairs = "mode,source,target,crowfly_m,network_mm\n"
        for (band, result) in bands {
            for p in result.pairs {
                pairs += "\(band.mode),\(p.source),\(p.target),\(String(format: "%.6f", p.crowFlyMeters)),"
                    + (p.networkMillimeters.map { "\($0)" } ?? "") + "\n"
            }
        }
        try nodes.write(toFile: prefix + "_nodes.csv", atomically: true, encoding: .utf8)
        try arcs.write(toFile: prefix + "_arcs.csv", atomically: true, encoding: .utf8)
        try pairs.write(toFile: prefix + "_pairs.csv", atomically: true, encoding: .utf8)
    }
}

/// Crow-fly distance buckets for the ratio's trend with distance.
enum DistanceBuckets {
    static let limitsKilometers: [Double] = [0.3, 0.5, 1, 2, 4, 8, 20]

    static func label(_ i: Int) -> String {
        String(format: "%g–%g", limitsKilometers[i], limitsKilometers[i + 1])
    }

    /// Index of the bucket holding `meters` ([lower, upper), the last one closed), or nil outside all.
    static func bucket(ofMeters meters: Double) -> Int? {
        let km = meters / 1000
        guard km >= limitsKilometers[0], km <= limitsKilometers[limitsKilometers.count - 1] else { return nil }
        return (limitsKilometers.indices.dropLast().last { limitsKilometers[$0] <= km })
    }

    /// One cell per bucket ("median (reached pairs)", "–" when none) and the JSON record.
    static func row(_ pairs: [DetourPair]) -> ([String], [[String: Any]]) {
        var ratios = [[Double]](repeating: [], count: limitsKilometers.count - 1)
        for p in pairs {
            if let r = p.ratio, let b = bucket(ofMeters: p.crowFlyMeters) { ratios[b].append(r) }
        }
        let cells = ratios.map { $0.isEmpty ? "–" : Format.number(Statistics.median($0), decimals: 3) + " (\($0.count))" }
        let record: [[String: Any]] = ratios.indices.map {
            ["min_km": limitsKilometers[$0], "max_km": limitsKilometers[$0 + 1], "reached": ratios[$0].count,
             "median": ratios[$0].isEmpty ? NSNull() : Statistics.median(ratios[$0])]
        }
        return (cells, record)
    }
}

/// A mode's crow-fly distance band and the graph it is measured on.
struct DetourBand: Equatable {
    var mode: String
    var graph: CalibrationGraph.Kind
    var minMeters: Double
    var maxMeters: Double

    var label: String {
        Format.number(minMeters / 1000, decimals: minMeters.truncatingRemainder(dividingBy: 1000) == 0 ? 0 : 1) + "–"
            + Format.number(maxMeters / 1000, decimals: maxMeters.truncatingRemainder(dividingBy: 1000) == 0 ? 0 : 1)
    }

    /// Walk 0.3–2 km and bicycle/e-bike 1–6 km on the walking street graph (the proxy for a cycling graph, which
    /// the network does not hold); car 2–20 km on the directed road graph.
    static let standard = [
        DetourBand(mode: "walk", graph: .streets, minMeters: 300, maxMeters: 2_000),
        DetourBand(mode: "bike/e-bike", graph: .streets, minMeters: 1_000, maxMeters: 6_000),
        DetourBand(mode: "car", graph: .roads, minMeters: 2_000, maxMeters: 20_000),
    ]
}

struct DetourSampling {
    var sourcesPerBand: Int
    var targetsPerSource: Int
    var seed: UInt64
}

/// One sampled pair; `networkMillimeters` nil when the target is not reached from the source.
struct DetourPair: Equatable {
    var source: Int
    var target: Int
    var crowFlyMeters: Double
    var networkMillimeters: UInt32?

    var ratio: Double? { networkMillimeters.map { Double($0) / 1000 / crowFlyMeters } }
}

/// Pairs, connected share and ratio quantiles (linear interpolation between order statistics, as numpy's
/// default and Python's `statistics.quantiles(method="inclusive")`) over the reached pairs.
struct RatioSummary: Equatable {
    var pairs: Int
    var connected: Int
    var median: Double
    var p25: Double
    var p75: Double
    var mean: Double

    var connectedShare: Double { pairs == 0 ? .nan : Double(connected) / Double(pairs) }

    init(pairs: Int, ratios: [Double]) {
        self.pairs = pairs
        connected = ratios.count
        let sorted = ratios.sorted()
        median = Statistics.quantile(sorted: sorted, 0.5)
        p25 = Statistics.quantile(sorted: sorted, 0.25)
        p75 = Statistics.quantile(sorted: sorted, 0.75)
        mean = Statistics.mean(ratios)
    }
}

/// The street graph (symmetric) or the road graph (directed) of a built network, as CSR arrays with arc
/// lengths in millimetres and node positions.
struct CalibrationGraph {
    enum Kind: String { case streets, roads }
    enum Source {
        case streets(StreetGraph)
        case roads(RoadGraph)
    }

    let source: Source
    var kind: Kind { if case .streets = source { .streets } else { .roads } }

    var firstOut: [UInt32] { switch source { case .streets(let g): g.firstOut; case .roads(let g): g.firstOut } }
    var head: [UInt32] { switch source { case .streets(let g): g.head; case .roads(let g): g.head } }
    var lengthMillimeters: [UInt32] {
        switch source { case .streets(let g): g.lengthMillimeters; case .roads(let g): g.lengthMillimeters }
    }
    var longitudeE7: [Int32] { switch source { case .streets(let g): g.longitudeE7; case .roads(let g): g.longitudeE7 } }
    var latitudeE7: [Int32] { switch source { case .streets(let g): g.latitudeE7; case .roads(let g): g.latitudeE7 } }
    var nodeCount: Int { firstOut.count - 1 }
    var arcCount: Int { head.count }

    func coordinate(_ v: Int) -> Coordinate {
        switch source {
        case .streets(let g): g.coordinate(of: StreetNodeID(v))
        case .roads(let g): g.coordinate(of: RoadNodeID(v))
        }
    }

    func crowFlyMeters(_ a: Int, _ b: Int) -> Double { Earth.haversineMeters(coordinate(a), coordinate(b)) }

    /// The network's street and road graphs, those that have arcs.
    static func all(of network: BuiltNetwork) -> [CalibrationGraph] {
        var out: [CalibrationGraph] = []
        if network.streets.arcCount > 0 { out.append(CalibrationGraph(source: .streets(network.streets))) }
        if network.roads.arcCount > 0 { out.append(CalibrationGraph(source: .roads(network.roads))) }
        return out
    }
}

/// Shortest network lengths from one node: `StreetSearch` on the street graph; `RoadSearch` on a copy of the
/// road graph whose arc weight is its length (so the shortest, not the quickest, route).
final class ShortestLengths {
    private let street: StreetSearch?
    private let road: RoadSearch?

    init(_ graph: CalibrationGraph) {
        switch graph.source {
        case .streets(let g):
            street = StreetSearch(graph: g)
            road = nil
        case .roads(let g):
            street = nil
            road = RoadSearch(graph: Self.lengthWeighted(g))
        }
    }

    func run(from node: Int) {
        if let street { street.run(from: StreetNodeID(node)) }
        if let road { road.run(from: RoadNodeID(node)) }
    }

    func millimeters(to node: Int) -> UInt32? {
        if let street { return street.distanceMillimeters(to: StreetNodeID(node)) }
        return road?.travelTimeMilliseconds(to: RoadNodeID(node))
    }

    /// The same road graph with each arc's length as its weight.
    static func lengthWeighted(_ g: RoadGraph) -> RoadGraph {
        RoadGraph(firstOut: g.firstOut, head: g.head, lengthMillimeters: g.lengthMillimeters,
                  travelTimeMilliseconds: g.lengthMillimeters, roadClass: g.roadClass, lanes: g.lanes,
                  capacityVehiclesPerHour: g.capacityVehiclesPerHour, arcLink: g.arcLink,
                  longitudeE7: g.longitudeE7, latitudeE7: g.latitudeE7, links: g.links)
    }
}

/// Seeded sample of node pairs in a crow-fly band. Sources: nodes with a leaving arc, taken in a seeded shuffled
/// order, skipping those with no candidate target in the band, until `sourcesPerBand` are found. Targets per
/// source: up to `targetsPerSource` drawn without replacement from the nodes with an entering arc whose crow-fly
/// distance lies in [min, max]. Same graph, band and seed: same pairs.
struct DetourPairSampler {
    let graph: CalibrationGraph

    func sample(band: DetourBand, sampling: DetourSampling) -> [(source: Int, targets: [Int])] {
        var rng = SplitMix64(seed: sampling.seed ^ Self.bandSalt(band))
        let firstOut = graph.firstOut
        var entered = [Bool](repeating: false, count: graph.nodeCount)
        for h in graph.head { entered[Int(h)] = true }
        let targets = (0..<graph.nodeCount).filter { entered[$0] }
        var order = (0..<graph.nodeCount).filter { firstOut[$0] < firstOut[$0 + 1] }
        rng.shuffle(&order)
        var out: [(source: Int, targets: [Int])] = []
        for s in order {
            if out.count == sampling.sourcesPerBand { break }
            let from = graph.coordinate(s)
            var inBand = targets.filter { t in
                let d = Earth.haversineMeters(from, graph.coordinate(t))
                return t != s && d >= band.minMeters && d <= band.maxMeters
            }
            guard !inBand.isEmpty else { continue }
            let k = min(sampling.targetsPerSource, inBand.count)
            for i in 0..<k { inBand.swapAt(i, i + rng.below(inBand.count - i)) }  // partial Fisher–Yates
            out.append((s, Array(inBand[0..<k])))
        }
        return out
    }

    /// A fixed per-band salt (FNV-1a of the mode name), so bands draw different sources from one seed.
    static func bandSalt(_ band: DetourBand) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in band.mode.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }
}

/// SplitMix64: a small seedable generator (the same sequence on every platform and Swift version).
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n (n ≥ 1), by rejection so there is no modulo bias.
    mutating func below(_ n: Int) -> Int {
        precondition(n >= 1, "below needs n ≥ 1")
        let bound = UInt64(n)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let x = next()
            if x < limit { return Int(x % bound) }
        }
    }

    mutating func shuffle(_ a: inout [Int]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, below(i + 1)) }
    }
}
