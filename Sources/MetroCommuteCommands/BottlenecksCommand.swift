import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Network
import Routing

public struct Bottlenecks: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(
        abstract: "Bottleneck sections: assign district-to-district demand, rank sections by load over capacity.",
        discussion: """
            Demand is a user OD table (--od: CSV with origin,destination,trips; districts by name, city + name or \
            code) or a gravity model (--gravity): T_ij = k·P_i·P_j·f(t_ij), f = exp(−β·t) with β = 0.05/min by \
            default (--deterrence power for t^−γ), t_ij the median travel time between the districts' points over \
            the window, intrazonal trips excluded, scaled to --commuters (rail commuters in the window) or \
            --commute-rate × the population of served districts (default 0.1, an assumption: docs/MODEL.md).

            A district's trips enter and leave at the stations its people reach: its population cells (as in \
            rings: district-uniform, or --population) through the profile's access and egress modes, each cell \
            split over the stations it reaches by exp(−0.05·access minutes), at most 4 stations per district.

            Each pair's trips depart uniformly over the window and take the fastest journey of their minute \
            (all-or-nothing). Section = consecutive stop pair of a line (route short name), one direction. \
            Capacity = trains per hour leaving the section in the window × passengers per train (metro 1460, \
            intercity 600, trunk 1200, suburban 1000, other 80; --capacity tier=N). The top sections get a \
            criticality: extra passenger-hours when the section is cut out, and trips left without a journey. \
            -o writes the ranked sections as GeoJSON; --report the top ones as Markdown or CSV.

            Example:
              metrocommute bottlenecks jingjinji.mcnet --depart 07:00 --window 120 --gravity -o sections.geojson --report top.md
            """
    )

    @Argument(help: "A network file written by `metrocommute build`.")
    var network: String

    @Option(help: "Report file: .md (Markdown) or .csv.")
    var report: String?

    @OptionGroup var model: BottlenecksArguments
    @OptionGroup(title: "Scenario") var scenarioOptions: ScenarioOptions
    @OptionGroup(title: "Output format") var formatOptions: FormatOptions
    @OptionGroup(title: "Output") var out: OutputOptions
    @OptionGroup(title: "CSV") var csv: CSVOutputOptions

    public func validate() throws {
        try out.requireOutput()
        try formatOptions.check(path: out.path)
        if let report, !["md", "csv"].contains(URL(fileURLWithPath: report).pathExtension.lowercased()) {
            throw ValidationError("--report must end in .md or .csv, not \(report)")
        }
        if report == "-" && out.path == "-" { throw ValidationError("only one of -o and --report can be standard output") }
    }

    public func run() throws {
        let reporter = out.reporter
        let outputs = try out.outputSet(inputs: [network, model.od, scenarioOptions.scenario], others: [("--report", report)])
        let start = Date()
        reporter.stage("loading \(network)")
        let loaded = try scenarioOptions.load(network, reporter: reporter)
        let built = loaded.network
        reporter.stage("demand zones and the stations their people reach")
        let analysis = try model.analysis(network: built, reporter: reporter)
        let demand = try model.demand(analysis, reporter: reporter)
        reporter.stage(String(format: "assigning %.0f trips over %d departure minutes", demand.totalTrips, model.journey.departures.window))
        var result = analysis.run(demand: demand)
        result.demandNote = try model.demandNote()
        let provenance = try Provenance(command: "bottlenecks", options: try model.provenanceOptions(), profile: nil, network: built,
                                        networkPath: network, scenario: loaded.provenance)
        var reportData: Data?
        if let report {
            if URL(fileURLWithPath: report).pathExtension.lowercased() == "csv" {
                var writer = CsvWriter()
                for row in result.csvRows(top: model.top) { writer.writeRow(row) }
                reportData = csv.bytes(provenance.heading(csv: writer.bytes))
            } else {
                reportData = Data((result.markdown(top: model.top, areaName: built.metadata.areaName) + provenance.markdownSection).utf8)
            }
        }
        if let report, let reportData { try outputs.write(reportData, to: report) }
        try formatOptions.write(result.featureCollection(transit: built.transit), schema: BottleneckResult.featureSchema,
                                provenance: provenance, to: out.path, into: outputs)
        try outputs.commit()
        reporter.done(String(format: "%d sections ranked in %.2f s → %@", result.sections.count,
                             Date().timeIntervalSince(start), out.path))
        if !out.quiet {
            for sentence in result.summarySentences() { FileHandle.standardError.write(Data("  \(sentence)\n".utf8)) }
        }
    }
}

/// The demand, capacity and journey options of a bottleneck analysis, shared by `bottlenecks` and `compare bottlenecks`.
struct BottlenecksArguments: ParsableArguments {
    @Option(help: "OD CSV: origin,destination,trips for the whole window.")
    var od: String?

    @Flag(help: "Gravity-model demand between districts.")
    var gravity = false

    @Option(help: "Gravity deterrence: exponential (exp(−β·t)) or power (t^−γ).")
    var deterrence = "exponential"

    @Option(help: "β of the exponential deterrence, per minute.")
    var beta = 0.05

    @Option(help: "γ of the power deterrence.")
    var gamma = 2.0

    @Option(help: "Rail commuters in the window: the gravity total (default: --commute-rate × population of served districts).")
    var commuters: Double?

    @Option(help: "Share of the served population commuting by rail in the window, when --commuters is not given (default 0.1, an assumption).")
    var commuteRate: Double?

    @Option(name: .customLong("total-trips"), help: .hidden) var oldTotalTrips: Double?
    @Option(name: .customLong("commute-share"), help: .hidden) var oldCommuteShare: Double?

    @OptionGroup(title: "Population") var population: PopulationOptions

    @Option(parsing: .singleValue, help: "Passengers per train of a tier, e.g. --capacity trunk=600 (repeatable).")
    var capacity: [String] = []

    @Option(help: "Sections in the report and given a criticality.")
    var top = 10

    @OptionGroup var journey: JourneyOptions<MorningPeakDepartures>
    @OptionGroup(title: "Threads") var threads: ThreadOptions

    func validate() throws {
        if (od != nil) == gravity { throw ValidationError("give exactly one of --od FILE and --gravity") }
        if top < 0 { throw ValidationError("--top cannot be negative") }
        // Each number named by its option, then the library's own checks.
        if !(beta >= 0 && beta <= 100) { throw ValidationError("--beta \(beta) is not within 0…100 per minute") }
        if !(gamma >= 0 && gamma <= 100) { throw ValidationError("--gamma \(gamma) is not within 0…100") }
        try CommuterDemandCheck.validate(commuters: try totalCommuters(), commuteRate: try rate(), od: od,
                                         scaleGiven: commuters != nil || commuteRate != nil || oldTotalTrips != nil || oldCommuteShare != nil)
        if let problem = try gravityParameters().problem { throw ValidationError(problem) }
        if let problem = try capacityParameters().problem { throw ValidationError("--capacity: \(problem)") }
    }

    func gravityParameters() throws -> GravityParameters {
        let f: DemandDeterrence
        switch deterrence.lowercased() {
        case "exponential", "exp": f = .exponential(betaPerMinute: beta)
        case "power": f = .power(exponent: gamma)
        default: throw ValidationError("--deterrence must be exponential or power, not \(deterrence)")
        }
        return GravityParameters(deterrence: f, totalTrips: try totalCommuters(), commuteShare: try rate())
    }

    /// How the demand was sized, for the report: the OD file, the user's total or rate, or the assumed rate.
    func demandNote() throws -> String {
        if let od { return "from \(od)" }
        if let n = try totalCommuters() { return String(format: "gravity scaled to --commuters %.0f", n) }
        if commuteRate != nil || oldCommuteShare != nil { return "gravity scaled to --commute-rate \(try rate()) × the served population" }
        return "gravity scaled to --commute-rate \(try rate()) × the served population: an assumption (docs/MODEL.md); "
            + "give --commuters from a survey where known"
    }

    /// --commuters, or its old name --total-trips (hidden, one release).
    func totalCommuters() throws -> Double? {
        try RenamedOption.value(new: commuters, newName: "--commuters", old: oldTotalTrips, oldName: "--total-trips", quiet: true)
    }

    /// --commute-rate, or its old name --commute-share (hidden, one release), else the default.
    func rate() throws -> Double {
        try RenamedOption.value(new: commuteRate, newName: "--commute-rate", old: oldCommuteShare, oldName: "--commute-share", quiet: true)
            ?? GravityParameters.defaultCommuteShare
    }

    func capacityParameters() throws -> SectionCapacityParameters {
        var values: [Tier: Double] = [:]
        for item in capacity {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let tier = Tier(rawValue: parts[0].lowercased()), let n = Double(parts[1]) else {
                throw ValidationError("--capacity expects tier=passengers (tiers: \(Tier.allCases.map(\.rawValue).joined(separator: ", "))), not \(item)")
            }
            values[tier] = n
        }
        return SectionCapacityParameters(passengersPerTrain: values)
    }

    /// The analysis on `built` (zones, assignment and capacity parameters).
    func analysis(network built: BuiltNetwork, reporter: ProgressReporter) throws -> BottleneckAnalysis {
        let assignment = AssignmentParameters(
            firstDepartureSeconds: try journey.departures.firstDepartureSeconds(), windowMinutes: journey.departures.window,
            raptor: RaptorParameters(maxRides: journey.routing.maxRides),
            access: AccessParameters(build: built.metadata.parameters, maxRadiusMeters: journey.feeders.accessRadius),
            profile: try journey.feeders.resolved(), maxTripSeconds: journey.routing.maxTripSeconds,
            threads: threads.count)
        let surface = try population.surface(network: built, crs: built.metricCRS(near: built.districts.first.flatMap {
            PlaceRepresentativePoint.point(inside: $0.boundary) }), reporter: reporter)
        return BottleneckAnalysis(network: built, parameters: BottleneckParameters(
            assignment: assignment, capacity: try capacityParameters(), criticalityCount: top), population: surface)
    }

    /// The OD file's demand, or the gravity model's on `analysis`.
    func demand(_ analysis: BottleneckAnalysis, reporter: ProgressReporter) throws -> DemandMatrix {
        if let od {
            reporter.stage("reading \(od)")
            return try analysis.demand(odFile: od)
        }
        reporter.stage("gravity demand (\(analysis.zones.count) districts)")
        return analysis.gravityDemand(try gravityParameters())
    }

    func provenanceOptions() throws -> [String: JSONValue] {
        let passengers = try capacityParameters().passengersPerTrain
        return [
            "depart": .string(ServiceClock.format(try journey.departures.firstDepartureSeconds())),
            "window_min": .number(Double(journey.departures.window)),
            "max_rides": .number(Double(journey.routing.maxRides)), "access": "walk",
            "demand": try od.map { try Provenance.file($0) } ?? "gravity", "deterrence": .string(deterrence.lowercased()),
            "beta_per_min": .number(beta), "gamma": .number(gamma), "commuters": try totalCommuters().map { .number($0) } ?? .null,
            "commute_rate": .number(try rate()), "commute_rate_source": (try totalCommuters()) == nil && commuteRate == nil
                && oldCommuteShare == nil ? "assumption (docs/MODEL.md)" : "user",
            "population": .string(population.population ?? "district-uniform"), "top": .number(Double(top)),
            "capacity": .object(Dictionary(uniqueKeysWithValues: passengers.map { ($0.key.rawValue, .number($0.value)) })),
        ]
    }
}
