import Foundation
import GeoCore
import Network

/// The road-gap findings as GeoJSON features, a Markdown report and a CSV table, each in severity order.
/// Every feature has `kind` (`unconnected_road`, `lane_drop`, `class_drop`, `border_crossings`) and
/// `severity_rank` (1 = most severe within its kind), plus the sortable figures of its kind.
public struct RoadGapReport {
    public let findings: RoadGapFindings
    public let network: BuiltNetwork

    public init(findings: RoadGapFindings, network: BuiltNetwork) {
        self.findings = findings
        self.network = network
    }

    private func districtName(_ i: Int?) -> JSONValue { i.map { .string(network.districts[$0].name) } ?? .null }
    private func districtText(_ i: Int?) -> String { i.map { network.districts[$0].name } ?? "" }
    private func rounded(_ x: Double, _ places: Double = 1) -> Double { (x * places).rounded() / places }

    // MARK: GeoJSON

    /// The layers of `featureCollection()`, one per kind, the same columns for every area. An unconnected road
    /// is a point or a line (below half a metre), so its layer takes any geometry.
    public static let featureSchema: FeatureSchema = {
        let drop: [FeatureSchema.Field] = [
            .init("severity_rank", .integer), .init("lanes_before", .integer), .init("lanes_after", .integer),
            .init("class_before", .string), .init("class_after", .string), .init("capacity_before_per_hour", .real),
            .init("capacity_after_per_hour", .real), .init("capacity_drop_per_hour", .real), .init("link_before", .string),
            .init("link_after", .string), .init("name_before", .string), .init("name_after", .string),
            .init("through_junction", .boolean), .init("district", .string),
        ]
        return FeatureSchema([
            .init("unconnected_road", .any, [
                .init("severity_rank", .integer), .init("gap_m", .real), .init("class_from", .string),
                .init("class_to", .string), .init("link_from", .string), .init("link_to", .string),
                .init("name_from", .string), .init("name_to", .string), .init("network_distance_m", .real),
                .init("district_from", .string), .init("district_to", .string), .init("crosses_boundary", .boolean),
            ]),
            .init("lane_drop", .point, drop),
            .init("class_drop", .point, drop),
            .init("border_crossings", .multiPoint, [
                .init("severity_rank", .integer), .init("district_a", .string), .init("district_b", .string),
                .init("crossings", .integer), .init("capacity_per_hour", .real), .init("capacity_a_to_b_per_hour", .real),
                .init("capacity_b_to_a_per_hour", .real),
            ]),
        ])
    }()

    public func featureCollection() -> FeatureCollection {
        var features: [Feature] = []
        let g = network.roads
        for (rank, u) in findings.unconnected.enumerated() {
            // Below half a metre the two ends print as one position: write the dead end as a point.
            let geometry: Geometry = u.gapMeters < 0.5 ? .point(u.deadEndCoordinate)
                : .lineString(LineString([u.deadEndCoordinate, u.targetCoordinate]))
            features.append(Feature(geometry: geometry, properties: [
                "kind": "unconnected_road", "severity_rank": .number(Double(rank + 1)),
                "gap_m": .number(rounded(u.gapMeters)),
                "class_from": .string(u.classFrom.name), "class_to": .string(u.classTo.name),
                "link_from": .string(g.links.keys[u.linkFrom.index]), "link_to": .string(g.links.keys[u.linkTo.index]),
                "name_from": .string(g.links.names[u.linkFrom.index]), "name_to": .string(g.links.names[u.linkTo.index]),
                "network_distance_m": u.networkMeters.map { .number(rounded($0)) } ?? .null,
                "district_from": districtName(u.districtFrom), "district_to": districtName(u.districtTo),
                "crosses_boundary": .bool(u.crossesBoundary),
            ]))
        }
        for (rank, d) in findings.capacityDrops.enumerated() {
            features.append(Feature(geometry: .point(d.coordinate), properties: [
                "kind": .string(d.kind.rawValue), "severity_rank": .number(Double(rank + 1)),
                "lanes_before": d.lanesBefore > 0 ? .number(Double(d.lanesBefore)) : .null,
                "lanes_after": d.lanesAfter > 0 ? .number(Double(d.lanesAfter)) : .null,
                "class_before": .string(d.classBefore.name), "class_after": .string(d.classAfter.name),
                "capacity_before_per_hour": .number(d.capacityBeforePerHour),
                "capacity_after_per_hour": .number(d.capacityAfterPerHour),
                "capacity_drop_per_hour": .number(d.capacityDropPerHour),
                "link_before": .string(g.links.keys[d.linkBefore.index]), "link_after": .string(g.links.keys[d.linkAfter.index]),
                "name_before": .string(g.links.names[d.linkBefore.index]), "name_after": .string(g.links.names[d.linkAfter.index]),
                "through_junction": .bool(!d.atDegreeTwoNode), "district": districtName(d.district),
            ]))
        }
        for (rank, c) in findings.borderCrossings.enumerated() {
            let geometry: Geometry = c.borderPoints.count == 1 ? .point(c.borderPoints[0]) : .multiPoint(c.borderPoints)
            features.append(Feature(geometry: geometry, properties: [
                "kind": "border_crossings", "severity_rank": .number(Double(rank + 1)),
                "district_a": districtName(c.districtA), "district_b": districtName(c.districtB),
                "crossings": .number(Double(c.crossings)), "capacity_per_hour": .number(c.capacityPerHour),
                "capacity_a_to_b_per_hour": .number(c.capacityAToBPerHour),
                "capacity_b_to_a_per_hour": .number(c.capacityBToAPerHour),
            ]))
        }
        return FeatureCollection(features)
    }

    // MARK: CSV

    public static let csvColumns = [
        "kind", "severity_rank", "longitude", "latitude", "gap_m", "class_from", "class_to", "lanes_before", "lanes_after",
        "capacity_before_per_hour", "capacity_after_per_hour", "district_a", "district_b", "crosses_boundary",
        "crossings", "capacity_per_hour", "link_from", "link_to", "name_from", "name_to",
    ]

    /// One row per finding, kinds in the order unconnected roads, capacity drops, border crossings.
    public func csv() -> String {
        let g = network.roads
        var rows: [[String]] = [Self.csvColumns]
        func number(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.1f", x) }
        func coord(_ c: Coordinate) -> [String] { [String(format: "%.6f", c.longitude), String(format: "%.6f", c.latitude)] }
        for (rank, u) in findings.unconnected.enumerated() {
            rows.append(["unconnected_road", String(rank + 1)] + coord(u.deadEndCoordinate) + [
                String(format: "%.1f", u.gapMeters), u.classFrom.name, u.classTo.name, "", "", "", "",
                districtText(u.districtFrom), districtText(u.districtTo), u.crossesBoundary ? "true" : "false", "", "",
                g.links.keys[u.linkFrom.index], g.links.keys[u.linkTo.index],
                g.links.names[u.linkFrom.index], g.links.names[u.linkTo.index]])
        }
        for (rank, d) in findings.capacityDrops.enumerated() {
            rows.append([d.kind.rawValue, String(rank + 1)] + coord(d.coordinate) + [
                "", d.classBefore.name, d.classAfter.name, d.lanesBefore > 0 ? String(d.lanesBefore) : "",
                d.lanesAfter > 0 ? String(d.lanesAfter) : "", number(d.capacityBeforePerHour), number(d.capacityAfterPerHour),
                districtText(d.district), districtText(d.district), "", "", "",
                g.links.keys[d.linkBefore.index], g.links.keys[d.linkAfter.index],
                g.links.names[d.linkBefore.index], g.links.names[d.linkAfter.index]])
        }
        for (rank, c) in findings.borderCrossings.enumerated() {
            rows.append(["border_crossings", String(rank + 1)] + coord(c.borderPoints[0]) + [
                "", "", "", "", "", "", "", districtText(c.districtA), districtText(c.districtB), "true",
                String(c.crossings), number(c.capacityPerHour), "", "", "", ""])
        }
        // Road names and keys come from the data: formulas neutralised (CSVField).
        return rows.map { CSVField.record($0) }.joined()
    }

    // MARK: Markdown

    /// A Markdown report: counts, then one table per kind (at most `limit` rows each), most severe first.
    public func markdown(limit: Int = 50) -> String {
        let g = network.roads
        func cell(_ s: String) -> String { s.isEmpty ? "–" : s.replacingOccurrences(of: "|", with: "\\|") }
        var out = "# Road network gaps: \(network.metadata.areaName)\n\n"
        out += "Road graph: \(g.nodeCount) nodes, \(g.linkCount) links, \(g.arcCount) arcs; \(network.districts.count) districts.\n\n"
        out += "- Unconnected roads (dead ends near a similar road): \(findings.unconnected.count)"
        out += " (\(findings.unconnected.filter(\.crossesBoundary).count) across a district border; "
        out += "\(findings.deadEndsExamined) dead ends of significant roads examined, \(findings.deadEndsNearEdge) skipped near the data edge)\n"
        out += "- Lane drops: \(findings.capacityDrops.filter { $0.kind == .laneDrop }.count); "
        out += "class drops: \(findings.capacityDrops.filter { $0.kind == .classDrop }.count)\n"
        out += "- Neighbouring district pairs: \(findings.borderCrossings.count) "
        out += "(\(findings.borderCrossings.filter { $0.crossings == 0 }.count) without any road crossing)\n\n"

        out += "## Unconnected roads (断头路), border-crossing first, then class, then gap\n\n"
        out += "| # | gap m | class | to class | from road | to road | districts | crosses border |\n|---|---|---|---|---|---|---|---|\n"
        for (i, u) in findings.unconnected.prefix(limit).enumerated() {
            out += "| \(i + 1) | \(String(format: "%.0f", u.gapMeters)) | \(u.classFrom.name) | \(u.classTo.name) | "
            out += "\(cell(g.links.names[u.linkFrom.index])) (\(cell(g.links.keys[u.linkFrom.index]))) | "
            out += "\(cell(g.links.names[u.linkTo.index])) (\(cell(g.links.keys[u.linkTo.index]))) | "
            out += "\(cell(districtText(u.districtFrom))) → \(cell(districtText(u.districtTo))) | \(u.crossesBoundary ? "yes" : "no") |\n"
        }
        out += "\n## Capacity drops, largest capacity lost first\n\n"
        out += "| # | kind | lanes | class | capacity veh/h | road | district |\n|---|---|---|---|---|---|---|\n"
        for (i, d) in findings.capacityDrops.prefix(limit).enumerated() {
            let lanes = "\(d.lanesBefore > 0 ? String(d.lanesBefore) : "?") → \(d.lanesAfter > 0 ? String(d.lanesAfter) : "?")"
            out += "| \(i + 1) | \(d.kind.rawValue) | \(lanes) | \(d.classBefore.name) → \(d.classAfter.name) | "
            out += "\(Int(d.capacityBeforePerHour)) → \(Int(d.capacityAfterPerHour)) | \(cell(g.links.names[d.linkBefore.index])) | "
            out += "\(cell(districtText(d.district))) |\n"
        }
        out += "\n## District border crossings, least capacity first\n\n"
        out += "| # | district A | district B | crossings | capacity veh/h (A→B + B→A) |\n|---|---|---|---|---|\n"
        for (i, c) in findings.borderCrossings.prefix(limit).enumerated() {
            out += "| \(i + 1) | \(cell(districtText(c.districtA))) | \(cell(districtText(c.districtB))) | \(c.crossings) | "
            out += "\(Int(c.capacityPerHour)) (\(Int(c.capacityAToBPerHour)) + \(Int(c.capacityBToAPerHour))) |\n"
        }
        return out
    }
}
