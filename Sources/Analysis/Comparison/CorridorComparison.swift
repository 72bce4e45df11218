import Foundation
import GeoCore
import Network

/// Two corridor analyses of the same core (before and after a scenario), matched by district: trains per hour,
/// median time and each verdict (bus-like, within budget, suburban candidate) on both sides.
public struct CorridorComparison: Sendable {
    public let before: CorridorAnalysis
    public let after: CorridorAnalysis
    public let beforeLabel: String
    public let afterLabel: String
    /// District indices of the corridors on either side, in the before side's order, then the after side's new ones.
    public let districts: [Int]

    public init(before: CorridorAnalysis, after: CorridorAnalysis, beforeLabel: String, afterLabel: String) {
        self.before = before; self.after = after; self.beforeLabel = beforeLabel; self.afterLabel = afterLabel
        var seen = Set<Int>(), order: [Int] = []
        for c in before.corridors + after.corridors where seen.insert(c.districtIndex).inserted { order.append(c.districtIndex) }
        districts = order
    }

    private func pair(_ i: Int) -> (Corridor?, Corridor?) {
        (before.corridors.first { $0.districtIndex == i }, after.corridors.first { $0.districtIndex == i })
    }

    public var headline: String {
        let b = before.corridors.filter(before.isBusLike).count, a = after.corridors.filter(after.isBusLike).count
        let bb = before.corridors.filter(before.meetsBudget).count, ab = after.corridors.filter(after.meetsBudget).count
        return "bus-like corridors from \(before.core.name): \(b) → \(a); within \(Int(before.parameters.budgetMinutes)) min: \(bb) → \(ab)"
    }

    private func properties(_ i: Int) -> [String: JSONValue] {
        let (b, a) = pair(i)
        let c = (a ?? b)!
        func minutes(_ s: Int32?) -> JSONValue { s.map { .number((Double($0) / 6).rounded() / 10) } ?? .null }
        func tph(_ c: Corridor?) -> JSONValue { c.map { .number(($0.trainsPerHour * 100).rounded() / 100) } ?? .null }
        func verdict(_ c: Corridor?, _ analysis: CorridorAnalysis, _ test: (CorridorAnalysis, Corridor) -> Bool) -> JSONValue {
            c.map { .bool(test(analysis, $0)) } ?? .null
        }
        return [
            "kind": "corridor_change", "district": .string(c.district), "city": c.city.map { .string($0) } ?? .null,
            "adcode": c.adcode.map { .number(Double($0)) } ?? .null,
            "before_trains_per_hour": tph(b), "after_trains_per_hour": tph(a),
            "before_median_min": minutes(b?.medianSeconds), "after_median_min": minutes(a?.medianSeconds),
            "before_bus_like": verdict(b, before) { $0.isBusLike($1) }, "after_bus_like": verdict(a, after) { $0.isBusLike($1) },
            "before_within_budget": verdict(b, before) { $0.meetsBudget($1) }, "after_within_budget": verdict(a, after) { $0.meetsBudget($1) },
            "before_suburban_candidate": verdict(b, before) { $0.isSuburbanCandidate($1) },
            "after_suburban_candidate": verdict(a, after) { $0.isSuburbanCandidate($1) },
        ]
    }

    static let columns = ["district", "city", "adcode", "before_trains_per_hour", "after_trains_per_hour", "before_median_min",
                          "after_median_min", "before_bus_like", "after_bus_like", "before_within_budget", "after_within_budget",
                          "before_suburban_candidate", "after_suburban_candidate"]

    /// One line per corridor along the after side's path (the before side's when the after side has none).
    public func featureCollection(network: BuiltNetwork) -> FeatureCollection {
        let afterFeatures = after.featureCollection(network: network).features
        let beforeFeatures = before.featureCollection(network: network).features
        func geometry(_ analysis: CorridorAnalysis, _ features: [Feature], _ i: Int) -> Geometry? {
            analysis.corridors.firstIndex { $0.districtIndex == i }.flatMap { features[$0].geometry }
        }
        return FeatureCollection(districts.map { i in
            Feature(geometry: geometry(after, afterFeatures, i) ?? geometry(before, beforeFeatures, i), properties: properties(i))
        }, foreignMembers: ["headline": .string(headline)])
    }

    public func csv() -> String {
        Self.columns.joined(separator: ",") + "\n" + districts.map { i in
            let p = properties(i)
            return RingComparison.csvRow(p, Self.columns)
        }.joined()
    }

    public func markdown() -> String {
        var out = "# \(headline)\n\nCorridors: **before** \(beforeLabel), **after** \(afterLabel).\n\n"
        out += "| district | city | trains/h before | after | median before (min) | after | bus-like before | after | ≤ budget before | after |\n"
        out += "|---|---|---:|---:|---:|---:|---|---|---|---|\n"
        for i in districts {
            let p = properties(i)
            out += RingComparison.markdownRow(p, ["district", "city", "before_trains_per_hour", "after_trains_per_hour", "before_median_min", "after_median_min",
                           "before_bus_like", "after_bus_like", "before_within_budget", "after_within_budget"])
        }
        return out
    }
}
