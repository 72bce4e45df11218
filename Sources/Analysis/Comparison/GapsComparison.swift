import Foundation
import GeoCore
import Network

/// Two integration-gap reports (before and after a scenario): hubs where tiers meet whose tiers or worst transfer
/// rating changed, hubs that appeared or went, and the counts of last-mile gaps, missing links and people near rail.
public struct GapsComparison: Sendable {
    public struct HubChange: Sendable, Equatable {
        public var name: String
        public var position: Coordinate
        public var before: HubFinding?
        public var after: HubFinding?
        public var status: String {
            switch (before, after) {
            case (nil, _?): return "new"
            case (_?, nil): return "gone"
            case (let b?, let a?): return b.tiers != a.tiers ? "tiers_changed" : (b.worstRating != a.worstRating ? "rating_changed" : "unchanged")
            case (nil, nil): return "unchanged"
            }
        }
    }

    public let before: IntegrationGapReport
    public let after: IntegrationGapReport
    public let beforeLabel: String
    public let afterLabel: String
    /// Hubs whose status is not `unchanged`, by name.
    public let hubChanges: [HubChange]

    public init(before: IntegrationGapReport, after: IntegrationGapReport, beforeLabel: String, afterLabel: String) {
        self.before = before; self.after = after; self.beforeLabel = beforeLabel; self.afterLabel = afterLabel
        var byName: [String: (HubFinding?, HubFinding?)] = [:]
        for h in before.hubs { byName[h.name, default: (nil, nil)].0 = h }
        for h in after.hubs { byName[h.name, default: (nil, nil)].1 = h }
        hubChanges = byName.keys.sorted().compactMap { name in
            let (b, a) = byName[name]!
            let change = HubChange(name: name, position: (a ?? b)!.position, before: b, after: a)
            return change.status == "unchanged" ? nil : change
        }
    }

    public var headline: String {
        "hubs where tiers meet \(before.hubs.count) → \(after.hubs.count) (\(hubChanges.count) changed); last-mile gaps "
            + "\(before.lastMileGaps.count) → \(after.lastMileGaps.count); missing links \(before.missingLinks.count) → "
            + "\(after.missingLinks.count); people near rail \(RingComparison.people(before.coveredPopulation)) → "
            + "\(RingComparison.people(after.coveredPopulation))"
    }

    private func properties(_ c: HubChange) -> [String: JSONValue] {
        func tiers(_ h: HubFinding?) -> JSONValue { h.map { .string($0.tiers.map(\.rawValue).joined(separator: "+")) } ?? .null }
        return [
            "kind": "hub_change", "hub": .string(c.name), "status": .string(c.status),
            "before_tiers": tiers(c.before), "after_tiers": tiers(c.after),
            "before_rating": c.before.map { .string($0.worstRating.rawValue) } ?? .null,
            "after_rating": c.after.map { .string($0.worstRating.rawValue) } ?? .null,
        ]
    }

    public func featureCollection() -> FeatureCollection {
        FeatureCollection(hubChanges.map { Feature(geometry: .point($0.position), properties: properties($0)) },
                          foreignMembers: ["headline": .string(headline)])
    }

    public func csv() -> String {
        let columns = ["hub", "status", "before_tiers", "after_tiers", "before_rating", "after_rating"]
        return columns.joined(separator: ",") + "\n" + hubChanges.map { RingComparison.csvRow(properties($0), columns) }.joined()
    }

    public func markdown() -> String {
        var out = "# \(headline)\n\nIntegration gaps: **before** \(beforeLabel), **after** \(afterLabel).\n\n"
        if hubChanges.isEmpty { return out + "No hub's tiers or transfer rating changed.\n" }
        out += "| hub | status | tiers before | tiers after | rating before | rating after |\n|---|---|---|---|---|---|\n"
        for c in hubChanges {
            let p = properties(c)
            out += RingComparison.markdownRow(p, ["hub", "status", "before_tiers", "after_tiers", "before_rating", "after_rating"])
        }
        return out
    }
}
