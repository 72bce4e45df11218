import Foundation
@testable import metrocommute_bench
import Testing

/// The pyraptor figures `raptor` compares against, read from the peer's `pyraptor.json`: a row without a range
/// query (the sampled synthetic feed, `--range-origins 0`) still gives the one-to-all figures, and the number of
/// range origins comes from the row.
@Suite(.tags(.fast)) struct PyraptorTimingTests {
    static func folder(rows: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pyraptor-timing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try #"{"rows": [\#(rows)]}"#.write(to: dir.appendingPathComponent("pyraptor.json"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func aRowWithoutARangeQueryKeepsItsOneToAllFigures() throws {
        let dir = try Self.folder(rows: #"{"feed": "synthetic", "query_median_s": 94.9, "query_mean_s": 96.1, "range_median_s": null, "range_origins": 0}"#)
        defer { try? FileManager.default.removeItem(at: dir) }
        let timing = try #require(RaptorBenchmark.loadPyraptorTiming(dir: dir.path, feed: "synthetic"))
        #expect(timing.queryMedian == 94.9 && timing.queryMean == 96.1)
        #expect(timing.rangeMedian == nil && timing.rangeOrigins == 0)
    }

    @Test func theRangeOriginsComeFromTheRowAndTheFeedIsMatched() throws {
        let dir = try Self.folder(rows: #"""
            {"feed": "nyc", "query_median_s": 0.147, "query_mean_s": 0.16, "range_median_s": 9.94, "range_origins": 5},
            {"feed": "synthetic", "query_median_s": 90, "query_mean_s": 91, "range_median_s": 1500, "range_origins": 1}
            """#)
        defer { try? FileManager.default.removeItem(at: dir) }
        let synthetic = try #require(RaptorBenchmark.loadPyraptorTiming(dir: dir.path, feed: "synthetic"))
        #expect(synthetic.rangeMedian == 1500 && synthetic.rangeOrigins == 1 && synthetic.queryMedian == 90)
        #expect(RaptorBenchmark.loadPyraptorTiming(dir: dir.path, feed: "nyc")?.rangeOrigins == 5)
        #expect(RaptorBenchmark.loadPyraptorTiming(dir: dir.path, feed: "cairns") == nil)
    }
}
