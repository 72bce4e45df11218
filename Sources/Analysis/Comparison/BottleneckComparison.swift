import Foundation
import GeoCore
import Network

/// Two bottleneck results of the same demand (before and after a scenario): sections matched by line, tier and
/// station names, with their trains, capacity, load and v/c on both sides; sections only one side has are kept
/// (a closed or a new section).
public struct BottleneckComparison: Sendable {
    public struct Row: Sendable {
        public var line: String
        public var tier: Tier
        public var fromStation: String
        public var toStation: String
        public var geometry: Geometry?
        public var before: BottleneckSection?
        public var after: BottleneckSection?
        public var loadChange: Double { (after?.loadPerHour ?? 0) - (before?.loadPerHour ?? 0) }
    }

    public let rows: [Row]
    public let beforeLabel: String
    public let afterLabel: String
    public let demandTrips: Double

    public init(before: BottleneckResult, beforeTransit: TransitLayer, after: BottleneckResult, afterTransit: TransitLayer,
                beforeLabel: String, afterLabel: String) {
        struct Key: Hashable { var line: String; var tier: Tier; var from: String; var to: String }
        var rows: [Key: Row] = [:]
        var order: [Key] = []
        for (side, result, transit) in [(0, before, beforeTransit), (1, after, afterTransit)] {
            for s in result.sections {
                let key = Key(line: s.section.line, tier: s.section.tier, from: s.fromStation, to: s.toStation)
                if rows[key] == nil {
                    order.append(key)
                    let line = LineString([transit.coordinate(of: s.section.from), transit.coordinate(of: s.section.to)])
                    rows[key] = Row(line: key.line, tier: key.tier, fromStation: key.from, toStation: key.to,
                                    geometry: .lineString(line), before: nil, after: nil)
                }
                if side == 0 { rows[key]!.before = s } else { rows[key]!.after = s }
            }
        }
        self.rows = order.map { rows[$0]! }.sorted { a, b in
            abs(a.loadChange) != abs(b.loadChange) ? abs(a.loadChange) > abs(b.loadChange)
                : (a.line, a.fromStation, a.toStation) < (b.line, b.fromStation, b.toStation)
        }
        self.beforeLabel = beforeLabel; self.afterLabel = afterLabel
        demandTrips = before.demand.totalTrips
    }

    private static func vc(_ s: BottleneckSection?) -> Double? { s?.volumeOverCapacity }

    public var overloadedBefore: Int { rows.filter { (Self.vc($0.before) ?? 0) >= 1 }.count }
    public var overloadedAfter: Int { rows.filter { (Self.vc($0.after) ?? 0) >= 1 }.count }

    public var headline: String {
        let relieved = rows.filter { (Self.vc($0.before) ?? 0) >= 1 && (Self.vc($0.after) ?? 0) < 1 }.count
        return "sections at v/c ≥ 1: \(overloadedBefore) → \(overloadedAfter) (\(relieved) relieved); "
            + "\(rows.filter { $0.before == nil }.count) new sections, \(rows.filter { $0.after == nil }.count) closed"
    }

    private func properties(_ r: Row) -> [String: JSONValue] {
        func n(_ v: Double?, _ scale: Double = 1000) -> JSONValue { v.map { .number(($0 * scale).rounded() / scale) } ?? .null }
        return [
            "kind": "section_change", "line": .string(r.line), "tier": .string(r.tier.rawValue),
            "from_station": .string(r.fromStation), "to_station": .string(r.toStation),
            "before_trains_per_hour": n(r.before?.trainsPerHour), "after_trains_per_hour": n(r.after?.trainsPerHour),
            "before_load_per_hour": n(r.before?.loadPerHour, 1), "after_load_per_hour": n(r.after?.loadPerHour, 1),
            "load_change_per_hour": n(r.loadChange, 1),
            "before_v_c": n(Self.vc(r.before)), "after_v_c": n(Self.vc(r.after)),
            "status": .string(r.before == nil ? "new" : (r.after == nil ? "closed" : "both")),
        ]
    }

    public func featureCollection() -> FeatureCollection {
        FeatureCollection(rows.map { Feature(geometry: $0.geometry, properties: properties($0)) },
                          foreignMembers: ["headline": .string(headline)])
    }

    static let columns = ["line", "tier", "from_station", "to_station", "before_trains_per_hour", "after_trains_per_hour",
                          "before_load_per_hour", "after_load_per_hour", "load_change_per_hour", "before_v_c", "after_v_c", "status"]

    public func csv() -> String {
        Self.columns.joined(separator: ",") + "\n" + rows.map { r in
            let p = properties(r)
            return RingComparison.csvRow(p, Self.columns)
        }.joined()
    }

    public func markdown(top: Int = 20) -> String {
        var out = "# \(headline)\n\nBottlenecks with the same demand (\(Int(demandTrips.rounded())) trips) on both sides: "
            + "**before** \(beforeLabel), **after** \(afterLabel). The \(min(top, rows.count)) sections whose load changed most:\n\n"
        out += "| line | tier | from | to | load before (/h) | load after (/h) | v/c before | v/c after | status |\n"
        out += "|---|---|---|---|---:|---:|---:|---:|---|\n"
        for r in rows.prefix(top) {
            let p = properties(r)
            out += RingComparison.markdownRow(p, ["line", "tier", "from_station", "to_station", "before_load_per_hour", "after_load_per_hour", "before_v_c",
                           "after_v_c", "status"])
        }
        return out
    }
}
