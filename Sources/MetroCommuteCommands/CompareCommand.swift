import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Network
import Scenarios

/// `compare <analysis>`: one analysis on the network before and after a scenario, and what changed.
public struct Compare: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(
        abstract: "Compare an analysis before and after a scenario: what a proposed line or service change gains.",
        discussion: """
            Each side is the network file with a scenario applied in memory (--before base: the network as built). \
            Outputs: -o a GeoJSON of the differences with the before and after layers `preview` draws, --report a \
            Markdown report whose first line is the headline, --csv the same table as CSV.

            Example:
              metrocommute compare rings jingjinji.mcnet --after GeoData/scenarios/jingxiong.json --core 北京西 \\
                  -o diff.geojson --report diff.md --csv diff.csv
            """,
        subcommands: [CompareRings.self, CompareIsochrone.self, CompareGaps.self, CompareBottlenecks.self, CompareCorridors.self, CompareTravelTime.self]
    )
}

/// `--before`, `--after` and the comparison's three outputs.
struct ComparisonOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The before side: base (the network as built) or a scenario file.", valueName: "base|file"))
    var before = "base"

    @Option(help: ArgumentHelp("The after side: a scenario file (or base).", valueName: "base|file"))
    var after: String

    @Option(help: "Markdown report (first line: the headline).")
    var report: String?

    @Option(help: "CSV of the per-feature differences.")
    var csv: String?

    func validate() throws {
        if before == after { throw ValidationError("--before and --after are the same (\(before)): nothing to compare") }
    }

    /// The network file with each side's scenario applied; the sides' labels.
    func sides(_ networkPath: String, reporter: ProgressReporter) throws
        -> (before: LoadedNetwork, after: LoadedNetwork) {
        let built = try BuiltNetwork(contentsOfFile: networkPath)
        func side(_ name: String) throws -> LoadedNetwork {
            guard name != "base" else { return LoadedNetwork(network: built, scenario: nil) }
            reporter.stage("applying scenario \(name)")
            let scenario = try ScenarioFile.read(path: name)
            let (network, report) = try ScenarioApplication.apply(scenario, to: built)
            for line in report { reporter.done("scenario \(line)") }
            return LoadedNetwork(network: network, scenario: scenario)
        }
        return (try side(before), try side(after))
    }

    /// A comparison's start: its outputs checked before any work (`outputSet`), then both sides loaded.
    func begin(_ network: String, out: OutputOptions) throws -> (outputs: OutputSet, before: LoadedNetwork, after: LoadedNetwork) {
        let outputs = try outputSet(out, network: network)
        out.reporter.stage("loading \(network)")
        let (before, after) = try sides(network, reporter: out.reporter)
        return (outputs, before, after)
    }

    /// Every output of a comparison, checked before any work against each other and the inputs (all or nothing).
    func outputSet(_ out: OutputOptions, network: String) throws -> OutputSet {
        try out.outputSet(inputs: [network, before == "base" ? nil : before, after == "base" ? nil : after],
                          others: [("--report", report), ("--csv", csv)])
    }

    /// Writes a comparison's outputs into `outputs` — the features to -o, the report (Markdown with the provenance
    /// section) and the CSV where asked — commits them together and reports the headline.
    func finish(features: FeatureCollection, csv text: String, markdown: String, headline: String, provenance: Provenance,
                out: OutputOptions, outputs: OutputSet) throws {
        try outputs.write(GeoJSONWriter().data(for: provenance.annotating(features)), to: out.path)
        if let report { try outputs.write(Data((markdown + "\n" + provenance.markdownSection).utf8), to: report) }
        if let csv { try outputs.write(provenance.heading(csv: text), to: csv) }
        try outputs.commit()
        out.reporter.done(headline)
    }

    static func label(_ side: LoadedNetwork) -> String { side.scenario.map { "\($0.name) (\($0.path))" } ?? "base network" }

    /// Provenance `scenario` member of a comparison: both sides.
    static func provenance(_ before: LoadedNetwork, _ after: LoadedNetwork) -> JSONValue {
        .object(["before": before.provenance, "after": after.provenance])
    }
}

struct CompareRings: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rings",
        abstract: "Rings before and after: per district the travel time, class, share and people within the budget.")

    @Argument(help: "A network file written by `metrocommute build`.")
    var network: String

    @OptionGroup var ring: RingsArguments
    @OptionGroup(title: "Comparison") var comparison: ComparisonOptions
    @OptionGroup(title: "Output") var out: OutputOptions

    mutating func validate() throws {
        try out.requireOutput()
        try ring.threads.validate()
    }

    func run() throws {
        let reporter = out.reporter
        let (outputs, before, after) = try comparison.begin(network, out: out)
        let a = try ring.analyse(network: before.network, networkPath: network, reporter: reporter, railWalkComparison: false)
        let b = try ring.analyse(network: after.network, networkPath: network, reporter: reporter, railWalkComparison: false)
        let diff = RingComparison(before: a.analysis, after: b.analysis, beforeLabel: ComparisonOptions.label(before),
                                  afterLabel: ComparisonOptions.label(after))
        let provenance = try Provenance(command: "compare rings",
                                        options: try ring.provenanceOptions(travel: a.parameters.travel, crs: a.crs),
                                        profile: ring.mode == .transit ? a.parameters.travel.profile : nil,
                                        network: before.network, networkPath: network,
                                        scenario: ComparisonOptions.provenance(before, after))
        try comparison.finish(features: try diff.featureCollection(), csv: diff.csv(), markdown: diff.markdown(), headline: diff.headline,
                              provenance: provenance, out: out, outputs: outputs)
    }
}

struct CompareIsochrone: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "isochrone",
        abstract: "Isochrones before and after: per cutoff the area gained and lost (polygons) and the people covered.")

    @Argument(help: "A network file written by `metrocommute build`.")
    var network: String

    @Option(name: .customLong("from"), parsing: .unconditional, help: "Origin: lon,lat, a station or a district name.")
    var origin: String

    @Option(help: "Cutoffs in minutes, ascending, comma-separated.")
    var cutoffs = "15,30,45,60"

    @Option(help: "Cell size, metres, 10…10000.")
    var cell = 200.0

    @Option(help: "Percentile of the travel times over the window, 0…100.")
    var percentile = 50.0

    @OptionGroup(title: "Population") var people: PopulationOptions
    @OptionGroup(title: "Mode") var travelMode: ModeOptions
    @OptionGroup(title: "Grid") var metricCRS: MetricCRSOptions
    @OptionGroup var journey: JourneyOptions<PeakHourDepartures>
    @OptionGroup(title: "Comparison") var comparison: ComparisonOptions
    @OptionGroup(title: "Output") var out: OutputOptions

    func parsedCutoffs() throws -> [Int] {
        let values = cutoffs.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard values.allSatisfy({ $0 != nil && $0! > 0 && $0! <= 1440 }) else {
            throw ValidationError("--cutoffs: whole minutes between 1 and 1440, comma-separated")
        }
        let v = values.map { $0! }
        guard zip(v, v.dropFirst()).allSatisfy({ $0 < $1 }) else { throw ValidationError("--cutoffs must ascend without repeats") }
        return v
    }

    mutating func validate() throws {
        try out.requireOutput()
        _ = try parsedCutoffs()
        guard cell >= 10 && cell <= 10_000 else { throw ValidationError("--cell must be 10…10000 m") }
        guard (0...100).contains(percentile) else { throw ValidationError("--percentile must be 0…100") }
    }

    func run() throws {
        let reporter = out.reporter
        let (outputs, before, after) = try comparison.begin(network, out: out)
        let mode = travelMode.mode
        func isochrones(_ built: BuiltNetwork) throws -> IsochroneResult {
            let places = try PlaceResolver(network: built, accessRadiusMeters: journey.feeders.accessRadius).resolveAll([origin], argument: "--from")
            let crs = metricCRS.chosen(for: built, near: places[0].coordinate)
            let surface = built.districts.isEmpty ? nil : try people.surface(network: built, crs: crs, reporter: reporter)
            let travel = try journey.travelParameters(network: built, percentiles: [percentile], windowMinutes: mode == .transit ? nil : 1)
            let parameters = IsochroneParameters(cutoffsMinutes: try parsedCutoffs(), travel: travel, cellMeters: cell,
                                                 combine: .separate, mode: mode)
            return try IsochroneCalculator(network: built, parameters: parameters, crs: crs, population: surface).run(origins: places)
        }
        let a = try isochrones(before.network), b = try isochrones(after.network)
        let diff = try IsochroneComparison(before: a, after: b, beforeLabel: ComparisonOptions.label(before),
                                           afterLabel: ComparisonOptions.label(after))
        var options = a.parameters.travel.provenanceOptions
        options["mode"] = .string(mode.rawValue)
        options["from"] = .string(origin)
        options["cutoffs_min"] = .array(try parsedCutoffs().map { .number(Double($0)) })
        options["cell_m"] = .number(cell)
        options["crs"] = .string(a.crs)
        let provenance = try Provenance(command: "compare isochrone", options: options,
                                        profile: mode == .transit ? a.parameters.travel.profile : nil, network: before.network,
                                        networkPath: network, scenario: ComparisonOptions.provenance(before, after))
        try comparison.finish(features: diff.featureCollection(), csv: diff.csv(), markdown: diff.markdown(), headline: diff.headline,
                              provenance: provenance, out: out, outputs: outputs)
    }
}

struct CompareGaps: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "Integration gaps before and after (default thresholds): hubs whose tiers or transfer rating changed, counts.")

    @Argument(help: "A network file written by `metrocommute build`.")
    var network: String

    @OptionGroup(title: "Population") var people: PopulationOptions
    @OptionGroup(title: "Comparison") var comparison: ComparisonOptions
    @OptionGroup(title: "Output") var out: OutputOptions

    mutating func validate() throws { try out.requireOutput() }

    func run() throws {
        let reporter = out.reporter
        let (outputs, before, after) = try comparison.begin(network, out: out)
        func gaps(_ built: BuiltNetwork) throws -> IntegrationGapReport {
            let surface = built.districts.isEmpty ? nil
                : try people.surface(network: built, crs: IntegrationGapAnalysis.localCRS(of: built), reporter: reporter)
            return try IntegrationGapAnalysis(thresholds: GapThresholds()).run(on: built, population: surface)
        }
        let diff = GapsComparison(before: try gaps(before.network), after: try gaps(after.network),
                                  beforeLabel: ComparisonOptions.label(before), afterLabel: ComparisonOptions.label(after))
        let provenance = try Provenance(command: "compare gaps", options: [:], profile: nil, network: before.network,
                                        networkPath: network, scenario: ComparisonOptions.provenance(before, after))
        try comparison.finish(features: diff.featureCollection(), csv: diff.csv(), markdown: diff.markdown(), headline: diff.headline,
                              provenance: provenance, out: out, outputs: outputs)
    }
}

struct CompareTravelTime: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traveltime",
        abstract: "Travel times before and after between places: per pair min and percentiles, and the change.")

    @Argument(help: "A network file written by `metrocommute build`.")
    var network: String

    @Option(name: .customLong("from"), parsing: .unconditionalSingleValue, help: "Origin (repeat for several).")
    var origins: [String] = []

    @Option(name: .customLong("to"), parsing: .unconditionalSingleValue, help: "Destination (repeat for several).")
    var destinations: [String] = []

    @OptionGroup var journey: JourneyOptions<PeakHourDepartures>
    @OptionGroup(title: "Percentiles") var percentiles: PercentileOptions
    @OptionGroup(title: "Comparison") var comparison: ComparisonOptions
    @OptionGroup(title: "Output") var out: OutputOptions

    mutating func validate() throws {
        try out.requireOutput()
        guard !origins.isEmpty, !destinations.isEmpty else { throw ValidationError("give at least one --from and one --to") }
    }

    func run() throws {
        let reporter = out.reporter
        let (outputs, before, after) = try comparison.begin(network, out: out)
        let radius = journey.feeders.accessRadius
        let first = PlaceResolver(network: before.network, accessRadiusMeters: radius)
        let second = PlaceResolver(network: after.network, accessRadiusMeters: radius)
        // A place on both sides: a station only one side has (added or closed by a scenario) is its position on
        // the other, with the same id, so that the pairs line up.
        func both(_ texts: [String], _ argument: String) throws -> ([Place], [Place]) {
            var a: [Place] = [], b: [Place] = []
            for text in texts {
                let x = try? first.resolve(text, argument: argument), y = try? second.resolve(text, argument: argument)
                guard let found = x ?? y else { _ = try second.resolve(text, argument: argument); continue }
                for place in found {
                    func at(_ resolver: PlaceResolver) throws -> Place {
                        var p = try resolver.resolve("\(place.coordinate.longitude),\(place.coordinate.latitude)", argument: argument)[0]
                        p.id = place.id; p.name = place.name
                        return p
                    }
                    a.append(x == nil ? try at(first) : place)
                    if let y, let same = y.first(where: { $0.id == place.id }) { b.append(same) } else { b.append(try at(second)) }
                }
            }
            return (a, b)
        }
        let (fromA, fromB) = try both(origins, "--from"), (toA, toB) = try both(destinations, "--to")
        func matrix(_ built: BuiltNetwork, _ from: [Place], _ to: [Place]) throws -> TravelTimeMatrix {
            let parameters = try journey.travelParameters(network: built, percentiles: percentiles.values)
            return TravelTimeMatrix(network: built, origins: from, destinations: to, parameters: parameters) { _, _ in }
        }
        let a = try matrix(before.network, fromA, toA), b = try matrix(after.network, fromB, toB)
        let diff = TravelTimeComparison(before: a, after: b, beforeLabel: ComparisonOptions.label(before),
                                        afterLabel: ComparisonOptions.label(after))
        let provenance = try Provenance(command: "compare traveltime", options: [:], profile: nil, network: before.network,
                                        networkPath: network, scenario: ComparisonOptions.provenance(before, after))
        try outputs.write(provenance.heading(csv: diff.csv()), to: out.path)
        if let report = comparison.report { try outputs.write(Data((diff.markdown() + "\n" + provenance.markdownSection).utf8), to: report) }
        try outputs.commit()
        reporter.done(diff.headline)
    }
}

struct CompareBottlenecks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bottlenecks",
        abstract: "Bottlenecks before and after with the same demand (the before side's): load and v/c per section.")

    @Argument(help: "A network file written by `metrocommute build`.")
    var network: String

    @OptionGroup var model: BottlenecksArguments
    @OptionGroup(title: "Comparison") var comparison: ComparisonOptions
    @OptionGroup(title: "Output") var out: OutputOptions

    mutating func validate() throws { try out.requireOutput() }

    func run() throws {
        let reporter = out.reporter
        let (outputs, before, after) = try comparison.begin(network, out: out)
        let first = try model.analysis(network: before.network, reporter: reporter)
        let second = try model.analysis(network: after.network, reporter: reporter)
        // One demand for both sides (districts are the zones on both): the change is the network's, not the demand's.
        let demand = try model.demand(first, reporter: reporter)
        reporter.stage(String(format: "assigning %.0f trips on both sides", demand.totalTrips))
        let diff = BottleneckComparison(before: first.run(demand: demand), beforeTransit: before.network.transit,
                                        after: second.run(demand: demand), afterTransit: after.network.transit,
                                        beforeLabel: ComparisonOptions.label(before), afterLabel: ComparisonOptions.label(after))
        let provenance = try Provenance(command: "compare bottlenecks", options: try model.provenanceOptions(), profile: nil,
                                        network: before.network, networkPath: network,
                                        scenario: ComparisonOptions.provenance(before, after))
        try comparison.finish(features: diff.featureCollection(), csv: diff.csv(), markdown: diff.markdown(), headline: diff.headline,
                              provenance: provenance, out: out, outputs: outputs)
    }
}

struct CompareCorridors: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corridors",
        abstract: "Corridors before and after: trains per hour, median time and each verdict per district.")

    @Argument(help: "A network file written by `metrocommute build`.")
    var network: String

    @OptionGroup var corridor: CorridorArguments
    @OptionGroup(title: "Comparison") var comparison: ComparisonOptions
    @OptionGroup(title: "Output") var out: OutputOptions

    mutating func validate() throws { try out.requireOutput() }

    func run() throws {
        let reporter = out.reporter
        let (outputs, before, after) = try comparison.begin(network, out: out)
        let a = try corridor.analyse(network: before.network, reporter: reporter)
        let b = try corridor.analyse(network: after.network, reporter: reporter)
        let diff = CorridorComparison(before: a, after: b, beforeLabel: ComparisonOptions.label(before), afterLabel: ComparisonOptions.label(after))
        let provenance = try Provenance(command: "compare corridors", options: corridor.provenanceOptions(a.parameters),
                                        profile: a.parameters.travel.profile, network: before.network, networkPath: network,
                                        scenario: ComparisonOptions.provenance(before, after))
        try comparison.finish(features: diff.featureCollection(network: after.network), csv: diff.csv(), markdown: diff.markdown(), headline: diff.headline,
                              provenance: provenance, out: out, outputs: outputs)
    }
}
