import Foundation
import GeoIO

/// `pbf <file.pbf>… [--repeat N] [--warmup W]`: OSM PBF decode throughput of GeoIO in one process.
///
/// Each file is decoded W times untimed (default 1), then N times timed (default 20); every decode materialises
/// each tag key and value as a String and decodes every way reference and relation member
/// (`OSMDecodeBenchmark.decodeAll`). Reports the median and the fastest decode, objects/s and MiB/s of the
/// median, and the peak RSS of the process.
enum PBFBenchmark {
    static func run(_ args: BenchArguments) throws -> [ResultTable] {
        guard !args.positionals.isEmpty else { throw BenchUsageError("pbf needs at least one .pbf file") }
        let repeats = max(1, try args.int("repeat", default: 20))
        let warmups = try args.int("warmup", default: 1)
        var table = ResultTable(title: "GeoIO OSM PBF decode (OSMDecodeBenchmark.decodeAll), \(repeats) timed decodes per file after \(warmups) warm-up",
                                columns: ["file", "PBF MiB", "objects", "tags", "way refs", "members",
                                          "median", "fastest", "objects/s", "MiB/s", "peak MB"])
        for path in args.positionals {
            let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            let mib = Double(bytes) / 1_048_576
            var first: OSMDecodeSummary?
            for _ in 0..<warmups { first = try OSMDecodeBenchmark.decodeAll(path: path) }
            var times: [Double] = []
            for _ in 0..<repeats {
                var summary = OSMDecodeSummary()
                times.append(try Stopwatch.seconds { summary = try OSMDecodeBenchmark.decodeAll(path: path) })
                if let first, first != summary { throw BenchUsageError("\(path): two decodes differ") }
                first = summary
            }
            guard let s = first else { continue }
            let median = Statistics.median(times), fastest = times.min() ?? .nan
            let objectsPerSecond = Double(s.counts.total) / median
            table.add([
                (path as NSString).lastPathComponent, Format.number(mib, decimals: 3), Format.count(s.counts.total),
                Format.count(s.tags), Format.count(s.wayNodeRefs), Format.count(s.relationMembers),
                Format.seconds(median), Format.seconds(fastest), Format.count(Int(objectsPerSecond)),
                Format.number(mib / median, decimals: 1), Format.megabytes(ProcessMemory.peakResidentBytes()),
            ], record: [
                "file": path, "pbf_bytes": bytes, "objects": s.counts.total, "nodes": s.counts.nodes,
                "ways": s.counts.ways, "relations": s.counts.relations, "tags": s.tags,
                "way_node_refs": s.wayNodeRefs, "relation_members": s.relationMembers,
                "repeats": repeats, "warmups": warmups, "median_s": median, "fastest_s": fastest,
                "all_s": times, "objects_per_s": objectsPerSecond, "mib_per_s": mib / median,
                "peak_mb": ProcessMemory.megabytes(ProcessMemory.peakResidentBytes()) ?? NSNull(),
            ])
        }
        return [table]
    }
}
