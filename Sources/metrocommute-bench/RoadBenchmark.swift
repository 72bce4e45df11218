import Foundation
import GeoIO
import NetworkBuild
import Network
import Routing

/// `road <graph-prefix|manifest.json>… [--sources 10] [--python PATH] [--work DIR]`: driving one-to-all
/// (`Routing.RoadSearch`, Dijkstra with a 4-ary heap on a `RoadGraph`) against python-igraph on the same arcs,
/// in the same session.
///
/// - A manifest: `AreaBuilder` builds the area and its `roads`; weights are the arcs' free-flow travel times
///   (ms); sources are `--sources` nodes with a leaving arc, evenly spread over the node order.
/// - A graph prefix (the peers' `<g>_nodes.csv`/`<g>_edges.csv`/`<g>_sources.csv`, e.g. coquimbo_dir):
///   a RoadGraph whose arc weight is the length in whole millimetres; sources from `<g>_sources.csv`.
/// Ours: one untimed warm-up ("cold") query, then one timed query per source, mean and median. igraph:
/// `Scripts/bench_road_igraph.py` run by `--python` (default the peers' venv) on the arcs we export as CSV
/// (integer weights, so both sides sum exactly); it times one `Graph.distances` per source. Check: every
/// node's value for every source identical (unreached on both sides, or equal integers).
enum RoadBenchmark {
    static func run(_ args: BenchArguments) throws -> [ResultTable] {
        guard !args.positionals.isEmpty else { throw BenchUsageError("road needs a graph prefix or a manifest") }
        let sourceCount = max(1, try args.int("sources", default: 10))
        let python = args.options["python"] ?? "/tmp/peers/venv-street/bin/python"
        let script = args.options["script"] ?? Self.defaultScript()
        let work = args.options["work"] ?? NSTemporaryDirectory() + "metrocommute-bench-road-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        var table = ResultTable(title: "Driving one-to-all: RoadSearch vs python-igraph (same arcs, same session)",
                                columns: ["graph", "weight", "nodes", "arcs", "load", "cold", "mean", "median",
                                          "igraph load", "igraph mean", "igraph median", "× igraph", "reached", "check"])
        for input in args.positionals {
            var graph = RoadGraph.empty, weight = "", sources: [RoadNodeID] = [], name = ""
            let loadSeconds = try Stopwatch.seconds {
                if input.hasSuffix(".json") {
                    graph = try AreaBuilder(manifestPath: input).build().network.roads
                    weight = "travel time ms"
                    name = ((input as NSString).lastPathComponent as NSString).deletingPathExtension + " roads"
                    let starts = (0..<graph.nodeCount).filter { graph.firstOut[$0] < graph.firstOut[$0 + 1] }
                    let k = min(sourceCount, starts.count)
                    sources = (0..<k).map { RoadNodeID(starts[$0 * starts.count / k]) }
                } else {
                    let csv = try GraphCSVReader(prefix: input).read(directed: try GraphCSVReader.directedFlag(prefix: input))
                    graph = Self.lengthGraph(csv.graph)
                    weight = "length mm"
                    name = (input as NSString).lastPathComponent
                    sources = try GraphCSVReader.readSources(url: URL(fileURLWithPath: input + "_sources.csv"), in: csv)
                        .prefix(sourceCount).map { RoadNodeID($0.index) }
                }
            }
            guard !sources.isEmpty, graph.nodeCount > 0 else { throw BenchUsageError("\(input): no road graph or no sources") }

            // Ours.
            let search = RoadSearch(graph: graph)
            let coldSeconds = Stopwatch.seconds { search.run(from: sources[0]) }
            var times: [Double] = [], results: [[UInt32]] = []
            for s in sources {
                times.append(Stopwatch.seconds { search.run(from: s) })
                results.append(search.allTravelTimesMilliseconds())
            }
            let reached = results[0].filter { $0 != .max }.count

            // igraph on the exported arcs.
            let arcsPath = work + "/\(name.replacingOccurrences(of: " ", with: "_"))_arcs.csv"
            var text = "from,to,w\n"
            for v in 0..<graph.nodeCount {
                for a in graph.arcs(from: RoadNodeID(v)) { text += "\(v),\(graph.head[a]),\(graph.travelTimeMilliseconds[a])\n" }
            }
            try text.write(toFile: arcsPath, atomically: true, encoding: .utf8)
            let sourcesPath = arcsPath + ".sources"
            try (sources.map { "\($0.rawValue)" }.joined(separator: "\n") + "\n").write(toFile: sourcesPath, atomically: true, encoding: .utf8)
            let outPath = arcsPath + ".f64"
            let peer = try Self.runPeer(python: python, script: script,
                                        arguments: [arcsPath, "\(graph.nodeCount)", sourcesPath, outPath])
            let theirs = try Data(contentsOf: URL(fileURLWithPath: outPath))
            var mismatches = 0
            theirs.withUnsafeBytes { raw in
                let values = raw.bindMemory(to: Double.self)
                for (k, row) in results.enumerated() {
                    for v in 0..<graph.nodeCount {
                        let t = values[k * graph.nodeCount + v]
                        let same = row[v] == .max ? t.isInfinite : t == Double(row[v])
                        if !same { mismatches += 1 }
                    }
                }
            }
            let check = theirs.count == results.count * graph.nodeCount * 8 && mismatches == 0
                ? "identical (\(sources.count) × \(graph.nodeCount) values)" : "DIFF: \(mismatches) values"
            let peerMedian = peer["query_median_s"] as? Double ?? .nan
            let peerMean = peer["query_mean_s"] as? Double ?? .nan
            let peerLoad = (peer["read_s"] as? Double ?? .nan) + (peer["build_s"] as? Double ?? .nan)
            let median = Statistics.median(times), mean = Statistics.mean(times)
            table.add([
                name, weight, Format.count(graph.nodeCount), Format.count(graph.arcCount), Format.seconds(loadSeconds),
                Format.seconds(coldSeconds), Format.seconds(mean), Format.seconds(median), Format.seconds(peerLoad),
                Format.seconds(peerMean), Format.seconds(peerMedian), Format.number(peerMedian / median, decimals: 1),
                Format.count(reached), check,
            ], record: [
                "graph": name, "input": input, "weight": weight, "nodes": graph.nodeCount, "arcs": graph.arcCount,
                "sources": sources.map(\.rawValue), "load_s": loadSeconds, "cold_query_s": coldSeconds, "times_s": times,
                "query_mean_s": mean, "query_median_s": median, "reached_first_source": reached,
                "igraph": peer, "speedup_vs_igraph_median": peerMedian / median, "check": check,
                "peak_mb": ProcessMemory.megabytes(ProcessMemory.peakResidentBytes()) ?? NSNull(),
            ])
        }
        if args.options["work"] == nil { try? FileManager.default.removeItem(atPath: work) }
        return [table]
    }

    /// A RoadGraph over a street graph's arcs whose travel time is the length in millimetres (one placeholder
    /// link holds every arc).
    static func lengthGraph(_ s: StreetGraph) -> RoadGraph {
        let links = RoadLinkTable(keys: ["all"], names: [""], classes: [RoadClass.unclassified.rawValue],
                                  fromNode: [0], toNode: [0], shapeStart: [0, 0], shapeLongitudeE7: [], shapeLatitudeE7: [])
        let m = s.arcCount
        return RoadGraph(firstOut: s.firstOut, head: s.head, lengthMillimeters: s.lengthMillimeters,
                         travelTimeMilliseconds: s.lengthMillimeters,
                         roadClass: [UInt8](repeating: RoadClass.unclassified.rawValue, count: m),
                         lanes: [UInt8](repeating: 0, count: m), capacityVehiclesPerHour: [UInt32](repeating: 0, count: m),
                         arcLink: [UInt32](repeating: 0, count: m), longitudeE7: s.longitudeE7, latitudeE7: s.latitudeE7,
                         links: links)
    }

    /// Scripts/bench_road_igraph.py beside the current directory or the executable's package.
    static func defaultScript() -> String {
        let candidates = [FileManager.default.currentDirectoryPath + "/Scripts/bench_road_igraph.py",
                          URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                              .appendingPathComponent("../../../Scripts/bench_road_igraph.py").standardized.path]
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[0]
    }

    static func runPeer(python: String, script: String, arguments: [String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw BenchUsageError("\(python) \(script) failed (status \(process.terminationStatus))")
        }
        return object
    }
}
