import Foundation
import Analysis
import GeoCore
import GeoIO
import Network
import Routing

/// `surface <graph-prefix> <gtfs.zip> <yyyymmdd> [--case grid100000] [--every 100] [--sources 10] [--cutoffs 30,45,60]
///  [--threads 2] [--peers /tmp/peers/results]`: `AccessibilitySurface` on the inputs of the peers' `bench_access.py`
/// — its walk graph CSVs (every node a cell of 1 person, origin and destination) and its GTFS (syn4 for
/// grid100000) — with the peers' pyraptor model as far as ours goes: walking at 3 mph (80.467 m/min) on the
/// graph (detour 1), up to the largest cutoff (60 min = 4,828 m) at both ends, a single departure at 08:00
/// (window 1 minute), no board slack, at most 5 rides, no walking transfers between stops.
///
/// Times: the egress table (one access search per node), then the origins: the first `--sources` ids of
/// `<g>_sources.csv` and every `--every`-th node, per origin (wall of the run ÷ origins, on `--threads`).
/// Values: per source, ours against `access_<case>_sources.csv` (`raptor_<r>`: pyraptor at 08:00; `ua_<r>`:
/// UrbanAccess's headway model; without it, the pyraptor sources of `access.json`); per sampled origin, ours
/// against `access_<case>_ua.csv`.
enum SurfaceBenchmark {
    static func run(_ args: BenchArguments) throws -> [ResultTable] {
        guard args.positionals.count == 3 else { throw BenchUsageError("surface needs <graph-prefix> <gtfs.zip> <yyyymmdd>") }
        let prefix = args.positionals[0], feed = args.positionals[1]
        guard let date = GTFSDate(args.positionals[2]) else { throw BenchUsageError("bad date \(args.positionals[2])") }
        let caseName = args.options["case"] ?? URL(fileURLWithPath: prefix).lastPathComponent
        let every = max(1, try args.int("every", default: 100))
        let sourceCount = try args.int("sources", default: 10)
        let threads = max(1, try args.int("threads", default: 2))
        let cutoffs = (args.options["cutoffs"] ?? "30,45,60").split(separator: ",").compactMap { Int($0) }
        let peers = args.options["peers"] ?? "/tmp/peers/results"
        let metersPerMinute = 80.467

        // 1. The network: walk graph + GTFS, stops linked to their nearest node.
        var graph: GraphCSV?
        let graphSeconds = try Stopwatch.seconds { graph = try GraphCSVReader(prefix: prefix).read(directed: GraphCSVReader.directedFlag(prefix: prefix)) }
        guard let graph else { return [] }
        var network: BuiltNetwork?
        let buildSeconds = try Stopwatch.seconds {
            let input = try GTFSReader(url: URL(fileURLWithPath: feed), sourceName: "feed").read(serviceDate: date).input
            let parameters = BuildParameters(transferRadiusMeters: 0)
            let transit = try TransitLayerBuilder(parameters: parameters).build(input).layer
            let links = StopStreetLinks.compute(transit: transit, streets: graph.graph, maxMeters: 1_000)
            network = BuiltNetwork(metadata: .init(areaName: caseName, parameters: parameters), transit: transit, streets: graph.graph,
                                   stopLinks: links, districts: [], boundingBox: nil)
        }
        guard let network else { return [] }
        let cells = (0..<graph.graph.nodeCount).map {
            PopulationCell(coordinate: graph.graph.coordinate(of: StreetNodeID($0)), population: 1, district: 0)
        }
        let radius = Double(cutoffs.max() ?? 60) * metersPerMinute
        let travel = TravelTimeParameters(firstDepartureSeconds: 8 * 3600, windowMinutes: 1, percentiles: [50],
                                          raptor: RaptorParameters(maxRides: 5, boardSlackSeconds: 0),
                                          access: AccessParameters(walkingSpeedMetersPerSecond: metersPerMinute / 60, detourFactor: 1,
                                                                   maxRadiusMeters: radius),
                                          profile: .railWalk)
        var surface: AccessibilitySurface?
        let egressSeconds = try Stopwatch.seconds {
            surface = try AccessibilitySurface(network: network, cells: cells,
                                               parameters: SurfaceParameters(cutoffsMinutes: cutoffs, travel: travel, threads: threads),
                                               opportunities: nil, memoryLimit: .default)
        }
        guard let surface else { return [] }

        // 2. Origins: the sources, then every `every`-th node.
        let sourceNodes = try GraphCSVReader.readSources(url: URL(fileURLWithPath: prefix + "_sources.csv"), in: graph)
            .prefix(sourceCount).map { Int($0.rawValue) }
        let origins = Array(Set(sourceNodes + stride(from: 0, to: cells.count, by: every)).sorted())
        var result: (rows: [SurfaceRow], counters: SurfaceCounters)?
        let runSeconds = Stopwatch.seconds { result = surface.run(origins: origins) }
        guard let result else { return [] }
        let (rows, counters) = result
        let rowOf = Dictionary(uniqueKeysWithValues: rows.map { ($0.cell, $0) })

        // 3. Against the peers' CSVs.
        func csv(_ name: String) -> [[String: String]] {
            guard let text = try? String(contentsOfFile: "\(peers)/\(name)", encoding: .utf8) else { return [] }
            let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            guard let header = lines.first else { return [] }
            return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        }
        // Per source: the side-by-side CSV, or (when the UrbanAccess child failed and no CSV was written) the
        // pyraptor peer's sources in access.json.
        var sourceRows = csv("access_\(caseName)_sources.csv")
        if sourceRows.isEmpty, let data = FileManager.default.contents(atPath: "\(peers)/access.json"),
           let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
           let cases = object["cases"] as? [[String: Any]],
           let raptor = cases.first(where: { $0["case"] as? String == caseName })?["raptor"] as? [String: Any],
           let sources = raptor["sources"] as? [[String: Any]] {
            sourceRows = sources.map { $0.mapValues { "\($0)" } }
        }
        var perSource: [[String: Any]] = []
        var sourceDiffs: [String: [Double]] = [:]
        for row in sourceRows {
            guard let id = row["id"].flatMap(Int64.init), let node = graph.node(id: id), let ours = rowOf[Int(node.rawValue)] else { continue }
            var record: [String: Any] = ["id": id]
            for (k, r) in cutoffs.enumerated() {
                record["ours_\(r)"] = ours.populationWithin[k]
                for peer in ["raptor", "ua", "walk"] {
                    guard let v = row["\(peer)_\(r)"].flatMap(Double.init) else { continue }
                    record["\(peer)_\(r)"] = v
                    if peer != "walk" { sourceDiffs["\(peer)_\(r)", default: []].append((ours.populationWithin[k] - v) / max(1, v)) }
                }
            }
            perSource.append(record)
        }
        var uaDiffs: [String: [Double]] = [:]
        for row in csv("access_\(caseName)_ua.csv") {
            guard let id = row["id"].flatMap(Int64.init), let node = graph.node(id: id), let ours = rowOf[Int(node.rawValue)] else { continue }
            for (k, r) in cutoffs.enumerated() {
                guard let v = row["pop_\(r)"].flatMap(Double.init) else { continue }
                uaDiffs["\(r)", default: []].append((ours.populationWithin[k] - v) / max(1, v))
            }
        }
        func describe(_ d: [Double]?) -> String {
            guard let d, !d.isEmpty else { return "–" }
            let sorted = d.map(abs).sorted()
            return String(format: "median |Δ| %.1f %%, max %.1f %%, exact %d of %d", 100 * Statistics.median(sorted), 100 * sorted.last!,
                          d.filter { $0 == 0 }.count, d.count)
        }
        let perOrigin = runSeconds / Double(max(1, origins.count))
        var table = ResultTable(title: "Surface on \(caseName) (\(cells.count) cells, \(network.transit.stopCount) stops) — ours per origin",
                                columns: ["graph load", "network", "egress table", "pairs", "origins", "run", "per origin",
                                          "× threads = CPU per origin", "range runs"])
        table.add([Format.seconds(graphSeconds), Format.seconds(buildSeconds), Format.seconds(egressSeconds),
                   Format.count(surface.egressPairs), Format.count(origins.count), Format.seconds(runSeconds),
                   String(format: "%.2f ms", 1000 * perOrigin), String(format: "%.2f ms", 1000 * perOrigin * Double(threads)),
                   Format.count(counters.rangeRuns)],
                  record: ["case": caseName, "cells": cells.count, "stops": network.transit.stopCount, "graph_load_s": graphSeconds,
                           "network_s": buildSeconds, "egress_table_s": egressSeconds, "egress_pairs": surface.egressPairs,
                           "egress_searches": counters.egressSearches, "origins": origins.count, "run_s": runSeconds,
                           "per_origin_s": perOrigin, "threads": threads, "range_runs": counters.rangeRuns,
                           "memory_estimate_bytes": surface.memoryEstimate.bytes,
                           "peak_mb": ProcessMemory.megabytes(ProcessMemory.peakResidentBytes()) ?? NSNull(),
                           "per_source": perSource])
        var agreement = ResultTable(title: "Surface on \(caseName): people within each cutoff, ours against the peers (relative difference)",
                                    columns: ["cutoff", "vs pyraptor (sources)", "vs UrbanAccess (sources)", "vs UrbanAccess (sampled origins)"])
        for r in cutoffs {
            agreement.add(["\(r) min", describe(sourceDiffs["raptor_\(r)"]), describe(sourceDiffs["ua_\(r)"]), describe(uaDiffs["\(r)"])],
                          record: ["cutoff": r, "vs_raptor_sources": sourceDiffs["raptor_\(r)"] ?? [],
                                   "vs_ua_sources": sourceDiffs["ua_\(r)"] ?? [], "vs_ua_sampled": uaDiffs["\(r)"] ?? []])
        }
        return [table, agreement]
    }
}
