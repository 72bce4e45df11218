import Foundation

/// Resident memory of this process from /proc/self/status (Linux), for the figures the commands and benchmarks
/// report (`surface --summary`, metrocommute-bench).
public enum ProcessMemory {
    /// Peak resident set (VmHWM), bytes; nil where /proc is unavailable.
    public static func peakResidentBytes() -> Int? { statusField("VmHWM:") }
    /// Current resident set (VmRSS), bytes.
    public static func residentBytes() -> Int? { statusField("VmRSS:") }

    private static func statusField(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, let kB = Int(parts[1]) else { return nil }
            return kB * 1024
        }
        return nil
    }

    public static func megabytes(_ bytes: Int?) -> Double? { bytes.map { Double($0) / 1_048_576 } }
}
