/// Reduces per-minute travel times (seconds; `RangeRaptorResult.unreachable` = never) to percentiles.
///
/// Method: nearest rank, as R5's `TravelTimeReducer`: sort ascending, the p-th percentile of n values is the
/// value at zero-based index ⌈p/100 · n⌉ − 1 (clamped to 0…n−1), i.e. the smallest value with at least p % of
/// the values ≤ it. No interpolation, so every percentile is a time that occurred. Unreachable sorts last
/// (as +∞): a percentile falling on it is unreachable.
public enum TravelTimePercentiles {
    /// Zero-based index of percentile `p` (0…100) among `count` sorted values.
    public static func rankIndex(percentile p: Double, count: Int) -> Int {
        precondition(count > 0, "no values")
        precondition(p >= 0 && p <= 100, "percentile must be within 0…100")
        let index = Int((p / 100 * Double(count)).rounded(.up)) - 1
        return min(max(index, 0), count - 1)
    }

    /// The requested percentiles of `timesSeconds`; empty input gives all unreachable.
    public static func percentiles(of timesSeconds: [Int32], at percentiles: [Double]) -> [Int32] {
        guard !timesSeconds.isEmpty else { return percentiles.map { _ in RangeRaptorResult.unreachable } }
        let sorted = timesSeconds.sorted()
        return percentiles.map { sorted[rankIndex(percentile: $0, count: sorted.count)] }
    }

    /// The smallest time (unreachable when none is reachable or the input is empty).
    public static func minimum(of timesSeconds: [Int32]) -> Int32 {
        timesSeconds.min() ?? RangeRaptorResult.unreachable
    }
}
