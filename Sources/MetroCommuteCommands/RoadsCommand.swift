import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Network

public struct Roads: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(
        abstract: "Find road network gaps: unconnected dead ends (断头路), lane/class drops and thin district border crossings.",
        discussion: """
            Needs a network built from a manifest with a `roads` input (GeoJSON road layer or OSM file) and, \
            for border crossings and the districts of each finding, `districts`.

            Writes GeoJSON features with a `kind` (unconnected_road, lane_drop, class_drop, border_crossings) \
            and sortable figures (gap_m, lanes_before, lanes_after, crossings, capacity_per_hour, severity_rank).
            --report writes the same findings as Markdown (.md) or CSV (.csv), most severe first.

            Example:
              metrocommute roads coquimbo.mcnet -o road-gaps.geojson --report road-gaps.md
            """
    )

    @Argument(help: "A network file written by `metrocommute build` (with roads).")
    var network: String

    @Option(help: "Also write a report: .md (Markdown) or .csv.")
    var report: String?

    @Option(help: "Lowest road class analysed (motorway, trunk, primary, secondary, tertiary, unclassified, residential, …).")
    var minClass = "tertiary"

    @Option(help: "Largest gap between a dead end and a similar road, metres.")
    var maxGapM = 500.0

    @Option(help: "Dead ends this close to the edge of the road data are skipped, metres.")
    var edgeMarginM = 200.0

    @Option(help: "A nearby road counts as connected when reachable within this factor × the gap.")
    var detourFactor = 3.0

    @OptionGroup(title: "Output format") var formatOptions: FormatOptions
    @OptionGroup(title: "Output") var out: OutputOptions
    @OptionGroup(title: "CSV") var csv: CSVOutputOptions

    public func validate() throws {
        try out.requireOutput()
        try formatOptions.check(path: out.path)
        guard RoadClass(name: minClass) != nil else {
            throw ValidationError("--min-class \(minClass) is not a road class (\(RoadClass.allCases.map(\.name).joined(separator: ", ")))")
        }
        // Finite and bounded: the segment grid's cells are --max-gap-m wide (--max-gap-m 1e-300 took 0.7 s and
        // 90 MB on four links; inf made the search radius NaN).
        guard (10...10_000).contains(maxGapM) else { throw ValidationError("--max-gap-m \(maxGapM) is not within 10…10000 m") }
        guard (0...100_000).contains(edgeMarginM) else { throw ValidationError("--edge-margin-m \(edgeMarginM) is not within 0…100000 m") }
        guard (1...100).contains(detourFactor) else { throw ValidationError("--detour-factor \(detourFactor) is not within 1…100") }
        if let report, !(report.hasSuffix(".md") || report.hasSuffix(".csv")) {
            throw ValidationError("--report must end in .md or .csv")
        }
    }

    public func run() throws {
        let outputs = try out.outputSet(inputs: [network], others: [("--report", report)])
        let built = try BuiltNetwork(contentsOfFile: network)
        guard built.roads.nodeCount > 0 else {
            throw InputError(file: network, message: "the network has no road graph: add a `roads` input to the manifest and rebuild")
        }
        var options = RoadGapOptions()
        options.minimumClass = RoadClass(name: minClass)!
        options.maxGapMeters = maxGapM
        options.edgeMarginMeters = edgeMarginM
        options.detourFactor = detourFactor
        let findings = try RoadGapAnalysis(network: built, options: options).run()
        let result = RoadGapReport(findings: findings, network: built)
        let provenance = try Provenance(command: "roads", options: [
            "min_class": .string(minClass), "max_gap_m": .number(maxGapM), "edge_margin_m": .number(edgeMarginM),
            "detour_factor": .number(detourFactor),
        ], profile: nil, network: built, networkPath: network)
        if let report {
            let data = report.hasSuffix(".csv") ? csv.bytes(provenance.heading(csv: result.csv()))
                : Data((result.markdown() + provenance.markdownSection).utf8)
            try outputs.write(data, to: report)
        }
        try formatOptions.write(result.featureCollection(), schema: RoadGapReport.featureSchema, provenance: provenance, to: out.path, into: outputs)
        try outputs.commit()
        if !out.quiet {
            let lane = findings.capacityDrops.filter { $0.kind == .laneDrop }.count
            out.reporter.done("""
                \(findings.unconnected.count) unconnected roads (\(findings.unconnected.filter(\.crossesBoundary).count) across a border), \
                \(lane) lane drops, \(findings.capacityDrops.count - lane) class drops, \
                \(findings.borderCrossings.count) district pairs → \(out.path)
                """)
        }
    }
}
