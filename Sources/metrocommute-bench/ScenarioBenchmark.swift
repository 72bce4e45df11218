import Foundation
import CMalloc
import Network
import Scenarios

/// `scenario <net.mcnet> <scenario.json> [--repeat K]`: loads the network, then applies the scenario K times
/// (`ScenarioFile.read` + `ScenarioApplication.apply`, the scenario network kept until the next run) and reports
/// the median time and the memory the scenario network holds on top of the base network.
///
/// Memory is counted with glibc's `mallinfo2()`: bytes in allocated heap blocks (`uordblks`, the main arena) plus
/// bytes in blocks malloc mmap-ed on their own (`hblkhd`; Swift arrays of more than 128 KiB land there). The
/// network's size is that count after loading minus before loading (the file's bytes are read and freed within
/// the load, so they are not in it); the scenario's extra memory is the count right after an apply — the
/// scenario network alive, everything the application made and dropped freed — minus the count before it (the
/// previous run's scenario network dropped), median over the runs after the first (which also pays one-time
/// allocations of the process: Foundation's JSON reader, the PROJ context). That
/// is what the base plus scenario networks hold beyond the base alone, i.e. what a process pays to keep both
/// (`compare` does). Resident set sizes (VmRSS) are printed too, but they also count freed memory malloc has not
/// returned to the kernel and pages of the base not yet touched, so they are not the figure.
enum ScenarioBenchmark {
    /// Heap bytes in use (`uordblks + hblkhd`).
    static func allocatedBytes() -> Int {
        let info = mallinfo2()
        return Int(info.uordblks) + Int(info.hblkhd)
    }

    static func run(_ args: BenchArguments) throws -> [ResultTable] {
        guard args.positionals.count == 2 else { throw BenchUsageError("scenario needs <net.mcnet> <scenario.json>") }
        let (netPath, scenarioPath) = (args.positionals[0], args.positionals[1])
        let repeats = max(1, try args.int("repeat", default: 10))

        let heapBeforeLoad = allocatedBytes(), rssBeforeLoad = ProcessMemory.residentBytes() ?? 0
        var loaded: BuiltNetwork?
        let loadSeconds = try Stopwatch.seconds { loaded = try BuiltNetwork(contentsOfFile: netPath) }
        guard let base = loaded else { return [] }
        let networkHeap = allocatedBytes() - heapBeforeLoad
        let networkRSS = (ProcessMemory.residentBytes() ?? 0) - rssBeforeLoad

        var times: [Double] = []
        var extraHeaps: [Double] = [], extraRSSs: [Double] = []
        var report: [String] = []
        var scenarioNetwork: BuiltNetwork?
        for run in 0..<repeats {
            scenarioNetwork = nil
            let heapBefore = allocatedBytes(), rssBefore = ProcessMemory.residentBytes() ?? 0
            var result: (network: BuiltNetwork, report: [String])?
            times.append(try Stopwatch.seconds {
                let scenario = try ScenarioFile.read(path: scenarioPath)
                result = try ScenarioApplication.apply(scenario, to: base)
            })
            scenarioNetwork = result?.network
            report = result?.report ?? []
            result = nil
            extraHeaps.append(Double(allocatedBytes() - heapBefore))
            extraRSSs.append(Double((ProcessMemory.residentBytes() ?? 0) - rssBefore))
        }
        guard let after = scenarioNetwork else { return [] }
        let t = base.transit, s = after.transit
        let median = Statistics.median(times)
        // The first run also allocates what a process allocates once (Foundation's JSON reader, the PROJ context
        // and its database for a CRS): the figure is the median of the later runs when there are any.
        let later = repeats > 1 ? Array(extraHeaps.dropFirst()) : extraHeaps
        let extraHeap = Int(Statistics.median(later)), firstExtraHeap = Int(extraHeaps[0])
        let extraRSS = Int(Statistics.median(repeats > 1 ? Array(extraRSSs.dropFirst()) : extraRSSs))
        let share = Double(extraHeap) / Double(max(1, networkHeap))
        var table = ResultTable(title: "Scenario \((scenarioPath as NSString).lastPathComponent) on \((netPath as NSString).lastPathComponent)",
                                columns: ["stops", "trips", "stop times", "+stops", "+trips", "+stop times", "load",
                                          "apply (median)", "apply min–max", "network MB (heap)", "extra MB (heap)", "extra %", "1st run extra MB",
                                          "network MB (RSS)", "extra MB (RSS)"])
        table.add([
            Format.count(t.stopCount), Format.count(t.tripCount), Format.count(t.patterns.arrivalSeconds.count),
            Format.count(s.stopCount - t.stopCount), Format.count(s.tripCount - t.tripCount),
            Format.count(s.patterns.arrivalSeconds.count - t.patterns.arrivalSeconds.count),
            Format.seconds(loadSeconds), Format.seconds(median),
            Format.seconds(times.min()!) + "–" + Format.seconds(times.max()!),
            Format.megabytes(networkHeap), Format.megabytes(extraHeap), Format.number(share * 100, decimals: 2),
            Format.megabytes(firstExtraHeap),
            Format.megabytes(networkRSS), Format.megabytes(extraRSS),
        ], record: [
            "network": netPath, "scenario": scenarioPath, "stops": t.stopCount, "trips": t.tripCount,
            "stop_times": t.patterns.arrivalSeconds.count, "added_stops": s.stopCount - t.stopCount,
            "added_trips": s.tripCount - t.tripCount,
            "closed_trips": s.tripActive.filter { !$0 }.count,
            "load_s": loadSeconds, "apply_s": times, "apply_median_s": median,
            "network_heap_bytes": networkHeap, "extra_heap_bytes": extraHeap, "extra_share": share,
            "extra_heap_bytes_per_run": extraHeaps, "extra_rss_bytes_per_run": extraRSSs,
            "network_rss_bytes": networkRSS, "extra_rss_bytes": extraRSS, "report": report,
        ])
        for line in report { FileHandle.standardError.write(Data("  \(line)\n".utf8)) }
        return [table]
    }
}
