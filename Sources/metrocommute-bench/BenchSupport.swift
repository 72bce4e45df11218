import Foundation
import GeoCore

/// Wall-clock timing with the monotonic clock.
enum Stopwatch {
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let (s, atto) = (ContinuousClock.now - start).components
        return Double(s) + Double(atto) / 1e18
    }

    /// Per-call seconds of `body`, median over `samples` samples; each sample repeats `body` until it lasts
    /// at least `minSampleSeconds`, so calls of a few microseconds are still timed well above the clock's grain.
    static func medianPerCall(samples: Int, minSampleSeconds: Double = 0.002, _ body: () -> Void) -> Double {
        var calls = 1
        // Calibrate: double the calls per sample until one sample is long enough.
        while true {
            let t = seconds { for _ in 0..<calls { body() } }
            if t >= minSampleSeconds || calls >= 1 << 20 { break }
            calls *= 2
        }
        var perCall: [Double] = []
        for _ in 0..<max(1, samples) {
            let t = seconds { for _ in 0..<calls { body() } }
            perCall.append(t / Double(calls))
        }
        return Statistics.median(perCall)
    }
}

enum Statistics {
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let s = values.sorted()
        let n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// The p-quantile (0 ≤ p ≤ 1) with linear interpolation between order statistics (numpy's default, Python's
    /// `statistics.quantiles(method="inclusive")`): position p × (n − 1) in the sorted values; NaN when empty.
    static func quantile(_ values: [Double], _ p: Double) -> Double { quantile(sorted: values.sorted(), p) }

    static func quantile(sorted s: [Double], _ p: Double) -> Double {
        precondition(p >= 0 && p <= 1, "a quantile lies in 0…1")
        guard !s.isEmpty else { return .nan }
        let position = p * Double(s.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, s.count - 1)
        return s[lower] + (position - Double(lower)) * (s[upper] - s[lower])
    }
}

/// GeoCore's, under the name the benchmarks use without importing GeoCore.
typealias ProcessMemory = GeoCore.ProcessMemory

/// Command-line arguments: positionals and `--name value` options (`--flag` alone for booleans).
struct BenchArguments {
    var positionals: [String] = []
    var options: [String: String] = [:]

    init(_ args: ArraySlice<String>, flags: Set<String> = []) throws {
        var i = args.startIndex
        while i < args.endIndex {
            let a = args[i]
            if a.hasPrefix("--") {
                let name = String(a.dropFirst(2))
                if flags.contains(name) {
                    options[name] = "true"
                } else {
                    guard i + 1 < args.endIndex else { throw BenchUsageError("option --\(name) needs a value") }
                    options[name] = args[i + 1]
                    i += 1
                }
            } else {
                positionals.append(a)
            }
            i += 1
        }
    }

    func int(_ name: String, default value: Int) throws -> Int {
        guard let text = options[name] else { return value }
        guard let v = Int(text), v >= 0 else { throw BenchUsageError("--\(name) needs a whole number, got \(text)") }
        return v
    }

    func flag(_ name: String) -> Bool { options[name] == "true" }
}

struct BenchUsageError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// A plain-text table (right-aligned columns) plus the same rows as JSON objects.
struct ResultTable {
    var title: String
    var columns: [String]
    var rows: [[String]] = []
    /// Raw values per row for the JSON output (numbers stay numbers).
    var records: [[String: Any]] = []

    init(title: String, columns: [String]) {
        self.title = title
        self.columns = columns
    }

    mutating func add(_ cells: [String], record: [String: Any]) {
        precondition(cells.count == columns.count, "one cell per column")
        rows.append(cells)
        records.append(record)
    }

    func rendered() -> String {
        var widths = columns.map(\.count)
        for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { i, c in String(repeating: " ", count: widths[i] - c.count) + c }
                .joined(separator: " | ") + " |"
        }
        var out = "## \(title)\n" + line(columns) + "\n"
        out += "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }
}

/// Number formatting for the tables.
enum Format {
    static func seconds(_ s: Double) -> String {
        if s.isNaN { return "–" }
        if s >= 1 { return String(format: "%.3f s", s) }
        if s >= 1e-3 { return String(format: "%.3f ms", s * 1e3) }
        return String(format: "%.2f µs", s * 1e6)
    }

    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + String(out.reversed())
    }

    static func number(_ x: Double, decimals: Int = 1) -> String {
        x.isNaN ? "–" : String(format: "%.\(decimals)f", x)
    }

    static func megabytes(_ bytes: Int?) -> String {
        guard let bytes else { return "–" }
        return String(format: "%.1f", Double(bytes) / 1_048_576)
    }
}

/// Writes the JSON output of a run (`--json <path>`): command line, host, and each table's records.
enum JSONReport {
    static func write(tables: [ResultTable], extra: [String: Any] = [:], to path: String) throws {
        var object: [String: Any] = extra
        object["command"] = CommandLine.arguments.joined(separator: " ")
        object["measured_utc"] = ISO8601DateFormatter().string(from: Date())
        object["host"] = HostDescription.current
        object["tables"] = tables.map { ["title": $0.title, "rows": $0.records] as [String: Any] }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

enum HostDescription {
    static var current: String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
            ?? "unknown cpu"
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu), "
            + String(format: "%.0f GiB", Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824)
    }
}
