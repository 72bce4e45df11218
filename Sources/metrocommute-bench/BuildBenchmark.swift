import Foundation
import GeoIO
import NetworkBuild
import Network

/// `build <manifest> [--mcnet PATH] [--load-repeat N]`: AreaBuilder on a manifest, then the .mcnet round trip.
///
/// Times one `AreaBuilder.build()` (manifest, GTFS, planning lines, OSM, districts, transit layer, street
/// graph), the peak RSS after it (VmHWM), `BuiltNetwork.write(toFile:)` and `BuiltNetwork(contentsOfFile:)`
/// (median of N loads, default 5); the loaded network must equal the built one.
enum BuildBenchmark {
    static func run(_ args: BenchArguments) throws -> [ResultTable] {
        guard let manifest = args.positionals.first else { throw BenchUsageError("build needs a manifest path") }
        let mcnet = args.options["mcnet"] ?? NSTemporaryDirectory() + "/metrocommute-bench-\(getpid()).mcnet"
        let loadRepeats = max(1, try args.int("load-repeat", default: 5))
        let rssBefore = ProcessMemory.residentBytes()
        var result: AreaBuilder.Result?
        let buildSeconds = try Stopwatch.seconds { result = try AreaBuilder(manifestPath: manifest).build() }
        let peakAfterBuild = ProcessMemory.peakResidentBytes()
        guard let network = result?.network else { return [] }
        let saveSeconds = try Stopwatch.seconds { try network.write(toFile: mcnet) }
        let fileBytes = (try FileManager.default.attributesOfItem(atPath: mcnet)[.size] as? NSNumber)?.intValue ?? 0
        var loadTimes: [Double] = []
        for _ in 0..<loadRepeats {
            var loaded: BuiltNetwork?
            loadTimes.append(try Stopwatch.seconds { loaded = try BuiltNetwork(contentsOfFile: mcnet) })
            guard loaded == network else { throw BenchUsageError("\(mcnet): the loaded network differs from the built one") }
        }
        if args.options["mcnet"] == nil { try? FileManager.default.removeItem(atPath: mcnet) }
        let t = network.transit
        var table = ResultTable(title: "AreaBuilder build and .mcnet round trip",
                                columns: ["manifest", "stops", "patterns", "trips", "districts", "street nodes", "street arcs",
                                          "build", "peak MB after build", ".mcnet MB", "save", "load (median)",
                                          "peak MB"])
        table.add([
            (manifest as NSString).lastPathComponent, Format.count(t.stopCount), Format.count(t.patternCount),
            Format.count(t.trips.count), Format.count(network.districts.count), Format.count(network.streets.nodeCount), Format.count(network.streets.arcCount),
            Format.seconds(buildSeconds), Format.megabytes(peakAfterBuild),
            Format.number(Double(fileBytes) / 1_048_576, decimals: 2), Format.seconds(saveSeconds),
            Format.seconds(Statistics.median(loadTimes)), Format.megabytes(ProcessMemory.peakResidentBytes()),
        ], record: [
            "manifest": manifest, "stops": t.stopCount, "patterns": t.patternCount, "trips": t.trips.count,
            "districts": network.districts.count, "street_nodes": network.streets.nodeCount, "street_arcs": network.streets.arcCount,
            "warnings": result?.warnings.count ?? 0,
            "build_s": buildSeconds, "rss_before_mb": ProcessMemory.megabytes(rssBefore) ?? NSNull(),
            "peak_mb_after_build": ProcessMemory.megabytes(peakAfterBuild) ?? NSNull(),
            "mcnet_bytes": fileBytes, "save_s": saveSeconds, "load_s": loadTimes,
            "load_median_s": Statistics.median(loadTimes),
            "peak_mb": ProcessMemory.megabytes(ProcessMemory.peakResidentBytes()) ?? NSNull(),
        ])
        return [table]
    }
}
