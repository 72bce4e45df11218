import Foundation
import GeoIO
import Network
import Routing

/// `street <graph-prefix>… [--sources 10] [--samples 1] [--dump-distances PATH] [--peers street.json]`:
/// one-to-all Dijkstra (`Routing.StreetSearch`) on the peers' graph CSVs.
///
/// Per graph: load = reading the CSVs into a `StreetGraph` (`GraphCSVReader`, undirected rows → two arcs,
/// lengths in whole millimetres); one untimed warm-up query from the first source (its time is reported as
/// "cold"); then one timed query from each of the first `--sources` ids of `<g>_sources.csv` (as the peers
/// do), mean and median. Memory: the StreetGraph's own arrays (bytes per arc and per edge row) and the
/// process peak RSS (VmHWM). Check figures: nodes reached and distance sum (metres) from the first source,
/// compared with igraph's row in `--peers` (the peers' street.json) when given. `--dump-distances` writes the
/// first source's distances, one little-endian UInt32 millimetre value per node in node-file order
/// (0xFFFFFFFF = unreached), for an independent per-node comparison (Scripts/bench_street.sh).
enum StreetBenchmark {
    static func run(_ args: BenchArguments) throws -> [ResultTable] {
        guard !args.positionals.isEmpty else { throw BenchUsageError("street needs at least one graph prefix") }
        let sourceCount = max(1, try args.int("sources", default: 10))
        let peers = try args.options["peers"].map(loadPeers) ?? [:]
        var table = ResultTable(title: "StreetSearch one-to-all (Dijkstra, 4-ary heap), first \(sourceCount) sources",
                                columns: ["graph", "nodes", "edge rows", "arcs", "load", "cold", "mean", "median",
                                          "B/arc", "B/edge", "peak MB", "reached", "dist sum m", "igraph median",
                                          "× igraph", "check"])
        for prefix in args.positionals {
            let name = (prefix as NSString).lastPathComponent
            let directed = try GraphCSVReader.directedFlag(prefix: prefix)
            var loaded: GraphCSV?
            let loadSeconds = try Stopwatch.seconds { loaded = try GraphCSVReader(prefix: prefix).read(directed: directed) }
            guard let g = loaded else { continue }
            let sources = Array(try GraphCSVReader.readSources(url: URL(fileURLWithPath: prefix + "_sources.csv"), in: g)
                .prefix(sourceCount))
            guard let firstSource = sources.first else { throw BenchUsageError("\(prefix)_sources.csv lists no source") }
            let graph = g.graph
            let search = StreetSearch(graph: graph)
            let coldSeconds = Stopwatch.seconds { search.run(from: firstSource) }
            var reached = 0
            var sumMillimeters: UInt64 = 0
            for v in search.reachedNodes { sumMillimeters += UInt64(search.distanceMillimeters(to: v) ?? 0) }
            reached = search.reachedNodes.count
            if let dump = args.options["dump-distances"] {
                let path = args.positionals.count == 1 ? dump : dump + "." + name
                let all = search.allDistancesMillimeters()
                let data = all.withUnsafeBufferPointer { Data(buffer: $0) }  // little-endian hosts only
                try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            }
            var times: [Double] = []
            for s in sources { times.append(Stopwatch.seconds { search.run(from: s) }) }
            let graphBytes = 4 * (graph.nodeCount + 1) + 8 * graph.arcCount + 8 * graph.nodeCount
            let mean = Statistics.mean(times), median = Statistics.median(times)
            let sumMeters = Double(sumMillimeters) / 1000
            let peer = peers[name]
            var check = "–", ratio = Double.nan
            if let peer {
                ratio = peer.medianSeconds / median
                let sumDiff = abs(peer.distanceSumMeters - sumMeters)
                check = peer.reached == reached && sumDiff <= 1e-6 * max(1, peer.distanceSumMeters)
                    ? String(format: "same (Δsum %.2g m)", sumDiff) : "DIFF (igraph \(peer.reached), \(peer.distanceSumMeters))"
            }
            table.add([
                name, Format.count(graph.nodeCount), Format.count(g.edgeRowCount), Format.count(graph.arcCount),
                Format.seconds(loadSeconds), Format.seconds(coldSeconds), Format.seconds(mean), Format.seconds(median),
                Format.number(Double(graphBytes) / Double(max(1, graph.arcCount)), decimals: 1),
                Format.number(Double(graphBytes) / Double(max(1, g.edgeRowCount)), decimals: 1),
                Format.megabytes(ProcessMemory.peakResidentBytes()), Format.count(reached),
                Format.number(sumMeters, decimals: 3), peer.map { Format.seconds($0.medianSeconds) } ?? "–",
                ratio.isNaN ? "–" : Format.number(ratio, decimals: 2), check,
            ], record: [
                "graph": name, "directed": directed, "nodes": graph.nodeCount, "edge_rows": g.edgeRowCount,
                "arcs": graph.arcCount, "load_s": loadSeconds, "cold_query_s": coldSeconds, "times_s": times,
                "query_mean_s": mean, "query_median_s": median, "graph_bytes": graphBytes,
                "bytes_per_arc": Double(graphBytes) / Double(max(1, graph.arcCount)),
                "bytes_per_edge_row": Double(graphBytes) / Double(max(1, g.edgeRowCount)),
                "search_scratch_bytes": 8 * graph.nodeCount,
                "peak_mb": ProcessMemory.megabytes(ProcessMemory.peakResidentBytes()) ?? NSNull(),
                "reached": reached, "dist_sum_mm": sumMillimeters, "dist_sum_m": sumMeters,
                "igraph_median_s": peer?.medianSeconds ?? NSNull(), "igraph_load_s": peer?.loadSeconds ?? NSNull(),
                "igraph_peak_mb": peer?.peakMB ?? NSNull(), "speedup_vs_igraph": ratio.isNaN ? NSNull() : ratio,
                "check": check,
            ])
        }
        return [table]
    }

    struct PeerRow {
        var reached: Int
        var distanceSumMeters: Double
        var medianSeconds: Double
        var loadSeconds: Double
        var peakMB: Double
    }

    /// igraph's rows of the peers' street.json, by graph name.
    static func loadPeers(_ path: String) throws -> [String: PeerRow] {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let rows = object["rows"] as? [[String: Any]] else {
            throw BenchUsageError("\(path): not the peers' street.json")
        }
        var out: [String: PeerRow] = [:]
        for r in rows where r["lib"] as? String == "igraph" && r["error"] == nil {
            guard let g = r["graph"] as? String, let reached = r["reached"] as? Int,
                  let sum = r["dist_sum_m"] as? Double, let median = r["query_median_s"] as? Double else { continue }
            out[g] = PeerRow(reached: reached, distanceSumMeters: sum, medianSeconds: median,
                             loadSeconds: r["load_s"] as? Double ?? .nan, peakMB: r["peak_MB"] as? Double ?? .nan)
        }
        return out
    }
}
