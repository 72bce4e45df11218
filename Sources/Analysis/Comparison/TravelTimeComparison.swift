import Foundation
import GeoCore

/// Two travel-time matrices of the same places (before and after a scenario): per pair the minimum and each
/// percentile before and after, and the change of the first percentile.
public struct TravelTimeComparison: Sendable {
    public let before: TravelTimeMatrix
    public let after: TravelTimeMatrix
    public let beforeLabel: String
    public let afterLabel: String

    public init(before: TravelTimeMatrix, after: TravelTimeMatrix, beforeLabel: String, afterLabel: String) {
        precondition(before.rows.count == after.rows.count, "the same pairs on both sides")
        self.before = before; self.after = after; self.beforeLabel = beforeLabel; self.afterLabel = afterLabel
    }

    private var label: String { TravelTimeArguments.columnName(percentile: before.parameters.percentiles.first ?? 50) }

    /// Change of the first percentile in minutes per pair (nil where either side is unreachable).
    public var changesMinutes: [Double?] {
        zip(before.rows, after.rows).map { b, a in
            guard let x = b.summary.percentileSeconds.first ?? nil, let y = a.summary.percentileSeconds.first ?? nil else { return nil }
            return Double(y - x) / 60
        }
    }

    public var headline: String {
        let changes = changesMinutes
        let faster = changes.filter { ($0 ?? 0) < 0 }.count, slower = changes.filter { ($0 ?? 0) > 0 }.count
        let newlyReached = zip(before.rows, after.rows).filter { ($0.summary.percentileSeconds.first ?? nil) == nil
            && ($1.summary.percentileSeconds.first ?? nil) != nil }.count
        if before.rows.count == 1, let c = changes[0] {
            return String(format: "%@ → %@: %@ %.1f min (%@)", before.rows[0].fromID, before.rows[0].toID,
                          c <= 0 ? "−" : "+", abs(c), label)
        }
        return "\(before.rows.count) pairs (\(label)): \(faster) faster, \(slower) slower, \(newlyReached) newly reachable"
    }

    /// CSV: from_id, to_id, then before_min, after_min, before_pNN, after_pNN … and change_pNN (minutes).
    public func csv() -> String {
        let names = ["min"] + before.parameters.percentiles.map(TravelTimeArguments.columnName)
        var out = (["from_id", "to_id"] + names.flatMap { ["before_\($0)", "after_\($0)"] } + ["change_\(label)"]).joined(separator: ",") + "\n"
        for (k, (b, a)) in zip(before.rows, after.rows).enumerated() {
            let bv = [b.summary.minimumSeconds] + b.summary.percentileSeconds
            let av = [a.summary.minimumSeconds] + a.summary.percentileSeconds
            var fields = [CSVField.encoded(b.fromID), CSVField.encoded(b.toID)]
            for i in bv.indices { fields += [TravelTimeMatrix.minutesText(bv[i]), TravelTimeMatrix.minutesText(av[i])] }
            fields.append(changesMinutes[k].map { String(format: "%.1f", $0) } ?? "")
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    public func markdown() -> String {
        var out = "# \(headline)\n\nTravel times: **before** \(beforeLabel), **after** \(afterLabel).\n\n"
        out += "| from | to | before (\(label), min) | after (\(label), min) | change (min) |\n|---|---|---:|---:|---:|\n"
        for (k, (b, a)) in zip(before.rows, after.rows).enumerated() {
            out += "| \(b.fromID) | \(b.toID) | \(TravelTimeMatrix.minutesText(b.summary.percentileSeconds.first ?? nil)) | "
                + "\(TravelTimeMatrix.minutesText(a.summary.percentileSeconds.first ?? nil)) | "
                + "\(changesMinutes[k].map { String(format: "%.1f", $0) } ?? "") |\n"
        }
        return out
    }
}
