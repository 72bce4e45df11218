import Foundation
import GeoCore
import Network
import Routing

/// How the commute circle moves when each key default goes one documented step down and up (docs/MODEL.md):
/// feeder speeds ±20 %, same-stop change and hub transfer minimums ±2 min, the longest trip ±30 min and the
/// minimum share ±0.1. Each variant reruns the rings with that one value changed (the minimum share only
/// re-reduces the same cell times).
public struct RingSensitivity: Sendable {
    public struct Row: Sendable, Equatable {
        public var parameter: String
        /// "base", "down" or "up".
        public var step: String
        /// The value used, in words ("e-bike 16 km/h").
        public var value: String
        public var circleDistricts: Int
        public var circlePopulation: Double
        public var populationWithinBudget: Double
    }

    public let rows: [Row]

    /// The variants of `parameters` (on `network`), with the base first.
    public static func variants(of parameters: RingParameters, network: BuiltNetwork)
        -> [(parameter: String, step: String, value: String, parameters: RingParameters)] {
        var out: [(String, String, String, RingParameters)] = [("base", "base", parameters.travel.profile.name, parameters)]
        let profile = parameters.travel.profile
        for (label, factor) in [("down", 0.8), ("up", 1.2)] {
            var p = parameters
            var changed = profile
            for mode in [AccessMode.bicycle, .ebike, .bus, .car] {
                var m = changed.parameters(of: mode)!
                m.speedMetersPerSecond *= factor
                switch mode {
                case .bicycle: changed.bicycle = m
                case .ebike: changed.ebike = m
                case .bus: changed.bus = m
                case .car: changed.car = m
                case .walk: break
                }
            }
            p.travel.profile = changed
            out.append(("feeder speeds", label, String(format: "× %.1f (e-bike %.0f km/h)", factor, changed.ebike.speedMetersPerSecond * 3.6), p))
        }
        let table = parameters.travel.raptor.sameStopChange ?? network.metadata.parameters.minTransfer
        for (label, delta) in [("down", Int32(-120)), ("up", Int32(120))] {
            var p = parameters
            var t = table
            for a in Tier.allCases { for b in Tier.allCases where a.rank <= b.rank {
                t = t.setting(a, b, seconds: max(0, table.seconds(a, b) + delta))
            } }
            p.travel.raptor.sameStopChange = t
            out.append(("same-stop change minimums", label, "\(delta > 0 ? "+" : "−")2 min (rail ↔ rail \(ServiceClock.minutes(t.seconds(.trunk, .trunk))) min)", p))
        }
        for (label, delta) in [("down", Int32(-1_800)), ("up", Int32(1_800))] {
            var p = parameters
            p.travel.maxTripSeconds = max(60, parameters.travel.maxTripSeconds + delta)
            out.append(("longest trip", label, "\(p.travel.maxTripSeconds / 60) min", p))
        }
        for (label, delta) in [("down", -0.1), ("up", 0.1)] {
            var p = parameters
            p.minShare = min(1, max(0.05, parameters.minShare + delta))
            out.append(("minimum share", label, String(format: "%.0f %%", p.minShare * 100), p))
        }
        return out
    }

    /// Runs every variant. `progress(done, total)` after each.
    public init(network: BuiltNetwork, core: Place, parameters: RingParameters, population: PopulationSurface,
                crs: String, base: RingAnalysis? = nil, progress: (Int, Int) -> Void = { _, _ in }) throws {
        let variants = Self.variants(of: parameters, network: network)
        var rows: [Row] = []
        var baseAnalysis = base
        for (k, v) in variants.enumerated() {
            let analysis: RingAnalysis
            if k == 0, let base {
                analysis = base
            } else if v.parameter == "minimum share", let b = baseAnalysis {
                analysis = b.reclassified(minShare: v.parameters.minShare)
            } else {
                analysis = try RingAnalysis(network: network, core: core, parameters: v.parameters, population: population, crs: crs)
            }
            if k == 0 { baseAnalysis = analysis }
            let circle = analysis.circleDistricts
            rows.append(Row(parameter: v.parameter, step: v.step, value: v.value, circleDistricts: circle.count,
                            circlePopulation: circle.reduce(0) { $0 + $1.population },
                            populationWithinBudget: analysis.populationWithinBudget))
            progress(k + 1, variants.count)
        }
        self.rows = rows
    }

    /// `parameter,step,value,circle_districts,circle_population,circle_population_change,population_within_budget`.
    public func csv() -> String {
        let base = rows.first?.circlePopulation ?? 0
        var text = "parameter,step,value,circle_districts,circle_population,circle_population_change,population_within_budget\n"
        for r in rows {
            text += CSVField.record([r.parameter, r.step, r.value, "\(r.circleDistricts)", "\(Int(r.circlePopulation.rounded()))",
                                     "\(Int((r.circlePopulation - base).rounded()))", "\(Int(r.populationWithinBudget.rounded()))"])
        }
        return text
    }

    /// An aligned text table of the same.
    public func table() -> String {
        let base = rows.first?.circlePopulation ?? 0
        var lines = ["sensitivity of the circle's population (base \(Int(base.rounded())) people):"]
        for r in rows.dropFirst() {
            lines.append(String(format: "  %@ %@ (%@): %d districts, %.0f people (%+.0f)", r.parameter, r.step, r.value,
                                r.circleDistricts, r.circlePopulation, r.circlePopulation - base))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension RingAnalysis {
    /// The same cell times reduced with another minimum share.
    public func reclassified(minShare: Double) -> RingAnalysis {
        var p = parameters
        p.minShare = minShare
        return RingAnalysis(parameters: p, core: core, crs: crs, populationLabel: populationLabel, cells: cells,
                            cellSeconds: cellSeconds,
                            districts: districts.map { d in
                                var copy = d
                                copy.inCircle = d.shareWithinBudget >= minShare && d.shareWithinBudget > 0
                                return copy
                            })
    }
}
