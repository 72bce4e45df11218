import Routing
import TestSupport
import Testing

@Suite(.tags(.fast)) struct TravelTimePercentilesTests {
    let never = RangeRaptorResult.unreachable

    /// Sorted [300, 600, 900, ∞]: p5 → index ⌈0.2⌉−1 = 0 → 300; p50 → ⌈2⌉−1 = 1 → 600; p75 → 2 → 900;
    /// p76 → ⌈3.04⌉−1 = 3 → ∞; p0 → clamped to 0 → 300; p100 → ∞.
    @Test func handWorkedNearestRank() {
        let times: [Int32] = [900, 300, never, 600]
        #expect(TravelTimePercentiles.percentiles(of: times, at: [0, 5, 50, 75, 76, 100]) == [300, 300, 600, 900, never, never])
        #expect(TravelTimePercentiles.minimum(of: times) == 300)
        #expect(TravelTimePercentiles.minimum(of: []) == never)
        #expect(TravelTimePercentiles.percentiles(of: [], at: [50]) == [never])
    }

    /// Against the textbook definition: the smallest listed value v with #{x ≤ v} ≥ p/100 · n.
    @Test func matchesDefinitionOnRandomLists() {
        var rng = SplitMix64(seed: TestSeed.base &+ 7)
        for _ in 0..<200 {
            let n = Int.random(in: 1...130, using: &rng)
            let times = (0..<n).map { _ in Bool.random(using: &rng) && Bool.random(using: &rng) ? never : Int32.random(in: 0...7200, using: &rng) }
            for p in [1.0, 5, 25, 50, 75, 95, 99, 100] {
                let expected = times.sorted().first { v in Double(times.filter { $0 <= v }.count) >= p / 100 * Double(n) - 1e-9 }!
                #expect(TravelTimePercentiles.percentiles(of: times, at: [p]) == [expected], "n \(n), p \(p)")
            }
        }
    }
}
