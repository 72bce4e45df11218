import Foundation
import GeoCore

/// Two rings analyses of the same districts (before and after a scenario) side by side: per district the travel
/// time, class, share within the budget and people within it, before and after, and what changed; the headline is
/// the change in people within the budget of the core.
public struct RingComparison: Sendable {
    public let before: RingAnalysis
    public let after: RingAnalysis
    public let beforeLabel: String
    public let afterLabel: String

    public init(before: RingAnalysis, after: RingAnalysis, beforeLabel: String, afterLabel: String) {
        precondition(before.districts.count == after.districts.count, "the same districts on both sides")
        self.before = before; self.after = after; self.beforeLabel = beforeLabel; self.afterLabel = afterLabel
    }

    public var peopleGained: Double { after.populationWithinBudget.rounded() - before.populationWithinBudget.rounded() }

    /// One line: "+1.2 M people within 60 min of 北京南 (8.7 M → 9.9 M); circle 6 → 7 districts".
    public var headline: String {
        let budget = RingComparison.number(before.parameters.budgetMinutes)
        let inBefore = before.circleDistricts.count, inAfter = after.circleDistricts.count
        return "\(RingComparison.signedPeople(peopleGained)) people within \(budget) min of \(before.core.name) "
            + "(\(RingComparison.people(before.populationWithinBudget)) → \(RingComparison.people(after.populationWithinBudget))); "
            + "circle \(inBefore) → \(inAfter) districts"
    }

    /// Districts whose time, share or circle membership changed, largest gain of people first.
    public var changedDistricts: [Int] {
        before.districts.indices.filter { i in
            let b = before.districts[i], a = after.districts[i]
            return b.medianSeconds != a.medianSeconds || b.populationWithinBudget != a.populationWithinBudget || b.inCircle != a.inCircle
        }.sorted { i, j in
            let gi = after.districts[i].populationWithinBudget - before.districts[i].populationWithinBudget
            let gj = after.districts[j].populationWithinBudget - before.districts[j].populationWithinBudget
            return gi != gj ? gi > gj : i < j
        }
    }

    private func properties(_ i: Int) -> [String: JSONValue] {
        let b = before.districts[i], a = after.districts[i]
        let labels = before.parameters.classLabels
        func minutes(_ s: Int32?) -> JSONValue { s.map { .number(RingAnalysis.minutes($0)) } ?? .null }
        var change: JSONValue = .null
        if let x = b.medianSeconds, let y = a.medianSeconds { change = .number(RingAnalysis.minutes(y) - RingAnalysis.minutes(x)) }
        let status = a.inCircle == b.inCircle ? (a.inCircle ? "in_both" : "out_both") : (a.inCircle ? "entered" : "left")
        return [
            "kind": "district_change",
            "district": .string(b.name),
            "city": b.cityName.map { .string($0) } ?? .null,
            "adcode": b.code.map { .number(Double($0)) } ?? .null,
            "population": .number(b.population),
            "before_travel_time_min": minutes(b.medianSeconds),
            "after_travel_time_min": minutes(a.medianSeconds),
            "change_min": change,
            "before_class": .string(labels[b.classIndex]),
            "after_class": .string(labels[a.classIndex]),
            "before_share": .number((b.shareWithinBudget * 10_000).rounded() / 10_000),
            "after_share": .number((a.shareWithinBudget * 10_000).rounded() / 10_000),
            "people_gained": .number(a.populationWithinBudget.rounded() - b.populationWithinBudget.rounded()),
            "circle": .string(status),
        ]
    }

    /// One feature per district (kind `district_change`), then the circle before and after (kinds
    /// `commute_circle_before`, `commute_circle_after`) for `preview` to draw as layers.
    public func featureCollection() throws -> FeatureCollection {
        var features = before.districts.indices.map { i in
            Feature(geometry: .multiPolygon(before.districts[i].boundary), properties: properties(i))
        }
        for (side, analysis, label) in [("before", before, beforeLabel), ("after", after, afterLabel)] {
            if var circle = try analysis.featureCollection().features.first(where: { $0.properties["kind"] == "commute_circle" }) {
                circle.properties["kind"] = .string("commute_circle_\(side)")
                circle.properties["scenario"] = .string(label)
                features.append(circle)
            }
        }
        return FeatureCollection(features, foreignMembers: ["headline": .string(headline)])
    }

    /// CSV: one row per district with the before and after values.
    public func csv() -> String {
        let columns = ["district", "city", "adcode", "population", "before_travel_time_min", "after_travel_time_min", "change_min",
                       "before_class", "after_class", "before_share", "after_share", "people_gained", "circle"]
        var out = columns.joined(separator: ",") + "\n"
        for i in before.districts.indices {
            let p = properties(i)
            out += RingComparison.csvRow(p, columns)
        }
        return out
    }

    /// Markdown: the headline first, then the districts that changed.
    public func markdown() -> String {
        var out = "# \(headline)\n\n"
        out += "Rings around \(before.core.name), budget \(RingComparison.number(before.parameters.budgetMinutes)) min, "
            + "percentile \(RingComparison.number(before.parameters.percentile)): **before** \(beforeLabel), **after** \(afterLabel).\n\n"
        let changed = changedDistricts
        if changed.isEmpty {
            out += "No district's travel time, share or circle membership changed.\n"
            return out
        }
        out += "| district | city | before (min) | after (min) | share before | share after | people gained | circle |\n"
        out += "|---|---|---:|---:|---:|---:|---:|---|\n"
        for i in changed {
            let p = properties(i)
            out += "| \(p["district"]!.stringValue ?? "") | \(p["city"]?.stringValue ?? "") | "
                + "\(RingComparison.text(p["before_travel_time_min"]!)) | \(RingComparison.text(p["after_travel_time_min"]!)) | "
                + "\(RingComparison.text(p["before_share"]!)) | \(RingComparison.text(p["after_share"]!)) | "
                + "\(RingComparison.text(p["people_gained"]!)) | \(p["circle"]!.stringValue ?? "") |\n"
        }
        return out
    }

    /// One CSV record of `columns` of a property row, with its line end.
    static func csvRow(_ p: [String: JSONValue], _ columns: [String]) -> String {
        columns.map { cell(p[$0] ?? .null) }.joined(separator: ",") + "\n"
    }

    /// One Markdown table row of `columns` of a property row, with its line end.
    static func markdownRow(_ p: [String: JSONValue], _ columns: [String]) -> String {
        "| " + columns.map { text(p[$0] ?? .null) }.joined(separator: " | ") + " |\n"
    }

    /// A CSV field (`CSVField`: quoted where needed, formulas neutralised).
    static func cell(_ v: JSONValue) -> String {
        if case .string(let s) = v { return CSVField.encoded(s) }
        return text(v)
    }

    /// A value as plain text (Markdown tables).
    static func text(_ v: JSONValue) -> String {
        switch v {
        case .null: return ""
        case .string(let s): return s.replacingOccurrences(of: "|", with: "\\|")
        case .number(let d): return number(d)
        case .bool(let b): return b ? "true" : "false"
        default: return ""
        }
    }

    static func number(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(format: "%.4g", d) }

    static func people(_ n: Double) -> String {
        let a = abs(n)
        if a >= 1_000_000 { return String(format: "%.2f M", n / 1_000_000) }
        if a >= 10_000 { return String(format: "%.0f k", n / 1_000) }
        return String(Int64(n.rounded()))
    }

    static func signedPeople(_ n: Double) -> String { (n >= 0 ? "+" : "−") + people(abs(n)) }
}
