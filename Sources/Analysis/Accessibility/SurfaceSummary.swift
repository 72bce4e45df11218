import Foundation
import GeoCore

/// What a surface amounts to, for standard error and `--summary` (Markdown or JSON): cells and origins, the people
/// (and opportunities) of the origin cells, and per measure its median over the origin cells, its population-
/// weighted median (the value half the people live at or below: the lower weighted median) and mean; for the core,
/// how many cells and people reach it. The run's memory (estimate, peak resident set) and time are added by the
/// command; they are the only parts that differ between a one-process run and merged shards.
public struct SurfaceSummary: Sendable, Equatable {
    public struct Measure: Sendable, Equatable {
        public var name: String
        /// Origin cells with a value (every origin for the sums; those reaching the core for `core_min`).
        public var cells: Int
        public var median: Double?
        public var populationWeightedMedian: Double?
        public var populationWeightedMean: Double?
    }

    public var cells: Int
    public var origins: Int
    public var opportunity: String
    public var population: Double
    /// The origin cells' own opportunities; nil when population is summed.
    public var opportunities: Double?
    public var measures: [Measure]
    /// People in the origin cells that reach the core (with a core).
    public var populationReachingCore: Double?
    public var crs: String
    /// Added by the command: the estimate checked against `--max-memory`, the peak resident set, the seconds.
    public var memoryEstimateBytes: Int?
    public var peakResidentBytes: Int?
    public var seconds: Double?

    init(_ table: SurfaceTable) {
        cells = table.cellCount
        origins = table.rows.count
        opportunity = table.opportunity
        crs = table.crs
        let weights = table.rows.map(\.cell.population)
        population = weights.reduce(0, +)
        opportunities = table.rowOpportunities?.reduce(0, +)
        var measures: [Measure] = []
        for (m, name) in table.measureNames.enumerated() {
            var pairs: [(value: Double, weight: Double)] = []
            for (k, entry) in table.rows.enumerated() {
                if m < table.cutoffsMinutes.count {
                    pairs.append((entry.row.populationWithin[m], weights[k]))
                } else if let s = entry.row.coreSeconds {
                    pairs.append((Double(s) / 60, weights[k]))
                }
            }
            measures.append(Self.measure(name, pairs))
        }
        self.measures = measures
        populationReachingCore = table.hasCore ? table.rows.filter { $0.row.coreSeconds != nil }.reduce(0) { $0 + $1.cell.population } : nil
    }

    static func measure(_ name: String, _ pairs: [(value: Double, weight: Double)]) -> Measure {
        let sorted = pairs.sorted { $0.value < $1.value }
        guard !sorted.isEmpty else { return Measure(name: name, cells: 0) }
        let n = sorted.count
        let median = n % 2 == 1 ? sorted[n / 2].value : (sorted[n / 2 - 1].value + sorted[n / 2].value) / 2
        let total = sorted.reduce(0) { $0 + $1.weight }
        var weightedMedian: Double?, mean: Double?
        if total > 0 {
            var running = 0.0
            for p in sorted {
                running += p.weight
                if running >= total / 2 { weightedMedian = p.value; break }
            }
            mean = sorted.reduce(0) { $0 + $1.value * $1.weight } / total
        }
        return Measure(name: name, cells: n, median: median, populationWeightedMedian: weightedMedian, populationWeightedMean: mean)
    }

    private static func number(_ v: Double?, minutes: Bool) -> String {
        guard let v else { return "–" }
        return minutes ? String(format: "%.1f", v) : String(format: "%.0f", v)
    }

    /// Lines for standard error.
    public var lines: [String] {
        var out = [String(format: "%d origins of %d cells, %.0f people (%@)", origins, cells, population, crs)]
        if let opportunities { out.append(String(format: "%@ in the origin cells: %.0f", opportunity, opportunities)) }
        for m in measures {
            let minutes = m.name == "core_min"
            out.append("\(m.name): median \(Self.number(m.median, minutes: minutes)), population-weighted median "
                       + "\(Self.number(m.populationWeightedMedian, minutes: minutes)), mean \(Self.number(m.populationWeightedMean, minutes: minutes))"
                       + (minutes ? String(format: " (core reached from %d of %d cells, %.1f %% of people)", m.cells, origins,
                                           population > 0 ? 100 * (populationReachingCore ?? 0) / population : 0) : ""))
        }
        if let memoryEstimateBytes, let peakResidentBytes {
            out.append("memory: estimate \(MemoryLimit.format(memoryEstimateBytes)), peak resident \(MemoryLimit.format(peakResidentBytes))")
        }
        return out
    }

    /// A Markdown report.
    public var markdown: String {
        var text = "# Accessibility surface\n\n| | |\n|---|---|\n"
        text += "| cells (destinations) | \(cells) |\n| origins | \(origins) |\n"
        text += "| people in the origin cells | \(Self.number(population, minutes: false)) |\n"
        if let opportunities { text += "| \(opportunity) in the origin cells | \(Self.number(opportunities, minutes: false)) |\n" }
        if let p = populationReachingCore { text += "| people in cells reaching the core | \(Self.number(p, minutes: false)) |\n" }
        text += "| grid CRS | \(crs) |\n"
        if let memoryEstimateBytes { text += "| memory estimate | \(MemoryLimit.format(memoryEstimateBytes)) |\n" }
        if let peakResidentBytes { text += "| peak resident memory | \(MemoryLimit.format(peakResidentBytes)) |\n" }
        if let seconds { text += String(format: "| wall time | %.1f s |\n", seconds) }
        text += "\n| measure | cells | median | population-weighted median | population-weighted mean |\n|---|---:|---:|---:|---:|\n"
        for m in measures {
            let minutes = m.name == "core_min"
            text += "| \(m.name) | \(m.cells) | \(Self.number(m.median, minutes: minutes)) | "
                + "\(Self.number(m.populationWeightedMedian, minutes: minutes)) | \(Self.number(m.populationWeightedMean, minutes: minutes)) |\n"
        }
        return text
    }

    /// The same as JSON (sorted keys).
    public var json: JSONValue {
        func n(_ v: Double?) -> JSONValue { v.map { .number($0) } ?? .null }
        return .object([
            "cells": .number(Double(cells)), "origins": .number(Double(origins)), "opportunity": .string(opportunity),
            "population": .number(population), "opportunities": n(opportunities),
            "population_reaching_core": n(populationReachingCore), "crs": .string(crs),
            "memory_estimate_bytes": n(memoryEstimateBytes.map(Double.init)), "peak_resident_bytes": n(peakResidentBytes.map(Double.init)),
            "seconds": n(seconds),
            "measures": .array(measures.map { m in
                .object(["name": .string(m.name), "cells": .number(Double(m.cells)), "median": n(m.median),
                         "population_weighted_median": n(m.populationWeightedMedian), "population_weighted_mean": n(m.populationWeightedMean)])
            }),
        ])
    }
}
