import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import NetworkBuild
import Network

public struct Gaps: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(
        abstract: "Four-network integration gaps: hub transfers, last-mile gaps, missing links, district coverage.",
        discussion: """
            Writes a GeoJSON FeatureCollection whose features carry a `kind`: hub (rated transfers between the \
            tiers of a station complex), last_mile_gap (trunk/intercity/suburban station in a metro city with no \
            metro station within reach), missing_link (stations of two tiers close together but not in one hub), \
            uncovered_district (no rail station) and coverage (share of each district's people within reach of rail).
            --report writes a planner's report: Markdown (.md) sorted by severity, or CSV (.csv), one row per finding.

            Ratings use the walking time alone: zero-distance ≤ 3 min (the in-hub transfer figure of NDRC 2016 \
            guidance on integrated passenger hubs), acceptable ≤ 5 min, poor above, disconnected when no walk within \
            the hub radius. Thresholds: the defaults, then the manifest's "gaps" object (--manifest), then options.

            Coverage counts people in population cells of at most 1 km, at least 25 per district: the district's \
            census population spread uniformly over its main polygon parts, or a people-per-cell raster \
            (--population, an ESRI ASCII grid in any CRS: its .prj or --population-crs). A cell is covered when \
            its centre lies within --coverage-radius of a rail station.

            Example:
              metrocommute gaps jingjinji.mcnet -o gaps.geojson --report gaps.md
              metrocommute gaps jingjinji.mcnet --population pop.asc --population-crs EPSG:4547 -o gaps.geojson
            """
    )

    @Argument(help: "A network file written by `metrocommute build`.")
    var network: String

    @Option(help: "Report file: .md (Markdown) or .csv.")
    var report: String?

    @Option(help: "Area manifest whose \"gaps\" object sets thresholds (options below override it).")
    var manifest: String?

    @Option(help: "Hub radius, m: tier pairs with no walk within it are disconnected (default: the network's, 800).")
    var hubRadius: Double?

    @Option(help: "Zero-distance transfer, walking minutes (default 3, NDRC May 2016 hub opinion).")
    var zeroDistanceMin: Double?

    @Option(help: "Acceptable transfer, walking minutes (default 5).")
    var acceptableMin: Double?

    @Option(help: "Last-mile reach from a rail station to metro, crow-fly m (default 800).")
    var lastMileRadius: Double?

    @Option(help: "Metro stations a city needs to count as a metro city for last-mile gaps (default 3).")
    var metroCityMinStations: Int?

    @Option(help: "Missing-link search radius between tiers, crow-fly m (default 3000).")
    var missingLinkRadius: Double?

    @Option(help: "Station catchment for population coverage, m (default 800).")
    var coverageRadius: Double?

    @OptionGroup(title: "Population") var people: PopulationOptions
    @OptionGroup(title: "Scenario") var scenarioOptions: ScenarioOptions
    @OptionGroup(title: "Output format") var formatOptions: FormatOptions
    @OptionGroup(title: "Output") var out: OutputOptions
    @OptionGroup(title: "CSV") var csv: CSVOutputOptions

    enum ReportFormat { case markdown, csv }

    var reportFormat: ReportFormat? {
        guard let report else { return nil }
        switch URL(fileURLWithPath: report).pathExtension.lowercased() {
        case "md", "markdown": return .markdown
        case "csv": return .csv
        default: return nil
        }
    }

    public func validate() throws {
        try out.requireOutput()
        try formatOptions.check(path: out.path)
        if report != nil && reportFormat == nil {
            throw ValidationError("--report must end in .md or .csv, not \(report!)")
        }
        if report == "-" && out.path == "-" { throw ValidationError("only one of -o and --report can be standard output") }
        // Option values alone, each named (the manifest's are checked in run).
        for (option, value, range, unit) in [("--hub-radius", hubRadius, GapThresholds.radiusRangeMeters, "m"),
                                             ("--zero-distance-min", zeroDistanceMin, GapThresholds.minutesRange, "min"),
                                             ("--acceptable-min", acceptableMin, GapThresholds.minutesRange, "min"),
                                             ("--last-mile-radius", lastMileRadius, GapThresholds.radiusRangeMeters, "m"),
                                             ("--missing-link-radius", missingLinkRadius, GapThresholds.radiusRangeMeters, "m"),
                                             ("--coverage-radius", coverageRadius, GapThresholds.radiusRangeMeters, "m")] {
            if let value, !range.contains(value) {
                throw ValidationError("\(option) \(value) is not within \(Int(range.lowerBound))…\(Int(range.upperBound)) \(unit)")
            }
        }
        if let n = metroCityMinStations, n < 1 { throw ValidationError("--metro-city-min-stations must be at least 1") }
        if let problem = thresholds(manifest: nil).problem { throw ValidationError("thresholds: \(problem)") }
    }

    func thresholds(manifest: AreaManifest.GapThresholds?) -> GapThresholds {
        var t = GapThresholds()
        if let m = manifest {
            t.hubRadiusMeters = m.hubRadiusMeters ?? t.hubRadiusMeters
            t.zeroDistanceMinutes = m.zeroDistanceMinutes ?? t.zeroDistanceMinutes
            t.acceptableMinutes = m.acceptableMinutes ?? t.acceptableMinutes
            t.lastMileRadiusMeters = m.lastMileRadiusMeters ?? t.lastMileRadiusMeters
            t.metroCityMinimumStations = m.metroCityMinimumStations ?? t.metroCityMinimumStations
            t.missingLinkRadiusMeters = m.missingLinkRadiusMeters ?? t.missingLinkRadiusMeters
            t.coverageRadiusMeters = m.coverageRadiusMeters ?? t.coverageRadiusMeters
        }
        t.hubRadiusMeters = hubRadius ?? t.hubRadiusMeters
        t.zeroDistanceMinutes = zeroDistanceMin ?? t.zeroDistanceMinutes
        t.acceptableMinutes = acceptableMin ?? t.acceptableMinutes
        t.lastMileRadiusMeters = lastMileRadius ?? t.lastMileRadiusMeters
        t.metroCityMinimumStations = metroCityMinStations ?? t.metroCityMinimumStations
        t.missingLinkRadiusMeters = missingLinkRadius ?? t.missingLinkRadiusMeters
        t.coverageRadiusMeters = coverageRadius ?? t.coverageRadiusMeters
        return t
    }

    public func run() throws {
        let reporter = out.reporter
        let outputs = try out.outputSet(inputs: [network, manifest, people.population, scenarioOptions.scenario], others: [("--report", report)])
        var fromManifest: AreaManifest.GapThresholds?
        if let manifest { fromManifest = try AreaManifest.load(path: manifest).manifest.gaps }
        let chosen = thresholds(manifest: fromManifest)
        if let problem = chosen.problem {
            throw InputError(file: manifest ?? network, location: "gaps", message: problem)
        }
        reporter.stage("loading \(network)")
        let loaded = try scenarioOptions.load(network, reporter: reporter)
        let built = loaded.network
        reporter.stage("analysing gaps")
        if built.districts.isEmpty, people.population != nil {
            throw InputError(file: "--population", message: "the network has no districts: build it from a manifest with \"districts\"")
        }
        let surface = built.districts.isEmpty ? nil
            : try people.surface(network: built, crs: IntegrationGapAnalysis.localCRS(of: built), reporter: reporter)
        let result = try IntegrationGapAnalysis(thresholds: chosen).run(on: built, population: surface)

        let provenance = try Provenance(command: "gaps", options: [
            "hub_radius_m": chosen.hubRadiusMeters.map { .number($0) } ?? .null,
            "zero_distance_min": .number(chosen.zeroDistanceMinutes),
            "acceptable_min": .number(chosen.acceptableMinutes),
            "last_mile_radius_m": .number(chosen.lastMileRadiusMeters),
            "metro_city_min_stations": .number(Double(chosen.metroCityMinimumStations)),
            "missing_link_radius_m": .number(chosen.missingLinkRadiusMeters),
            "coverage_radius_m": .number(chosen.coverageRadiusMeters),
        ], profile: nil, network: built, networkPath: network, scenario: loaded.provenance)
        let reportData: Data?
        switch reportFormat {
        case .markdown: reportData = Data((result.markdown() + provenance.markdownSection).utf8)
        case .csv:
            var writer = CsvWriter()
            for row in result.csvRows() { writer.writeRow(row) }
            reportData = csv.bytes(provenance.heading(csv: writer.bytes))
        case nil: reportData = nil
        }
        if let report, let reportData { try outputs.write(reportData, to: report) }
        try formatOptions.write(result.featureCollection(), schema: IntegrationGapReport.featureSchema, provenance: provenance,
                                to: out.path, into: outputs)
        try outputs.commit()
        reporter.done("\(result.hubs.count) hubs, \(result.lastMileGaps.count) last-mile gaps, "
            + "\(result.missingLinks.count) missing links, \(result.uncoveredDistricts.count) districts without rail → \(out.path)")
        if !out.quiet {
            for sentence in result.summarySentences() { FileHandle.standardError.write(Data("  \(sentence)\n".utf8)) }
        }
    }
}
