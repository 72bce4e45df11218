import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Network
import Routing

public struct Corridors: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(
        abstract: "Commuter corridors from a core: service frequency and door-to-door time against bus-like operation and the 1-hour goal.",
        discussion: """
            A corridor joins the core to the centre of another district (its representative point). Corridors are \
            chosen by demand: gravity, population / distance², or the trips of an OD file (--od, as in \
            bottlenecks: origin,destination,trips between districts; the core's district is one end), keeping the \
            --top ones, at least --min-share of the demand or --min-commuters. Gravity commuters in the window: \
            --commuters, or --commute-rate × the population of the districts considered (default 0.1, an \
            assumption: docs/MODEL.md). Corridors are drawn along the rail legs of \
            the median journey over the window. For each: trains per hour by tier leaving the board station of each \
            rail leg in the window and calling later at its alight station (the thinnest leg is the corridor's), \
            median and best door-to-door time, first and last train, changes of the median journey and the share \
            of departures whose fastest journey changes trains; verdicts: bus-like (a train every \
            --bus-like-headway minutes or more often) and within --budget. Ranked by demand × shortfall; a corridor \
            whose path uses a trunk or intercity line without bus-like service is a candidate for suburban trains \
            on the existing line.

            Example:
              metrocommute corridors jingjinji.mcnet --core 北京南 --depart 07:00 --window 120 -o corridors.geojson \\
                  --report corridors.md --csv corridors.csv
            """)

    @Argument(help: "A network file written by `metrocommute build`.")
    var network: String

    @OptionGroup var corridor: CorridorArguments
    @Option(help: "Markdown report (first line: the headline).")
    var report: String?
    @Option(help: "CSV of the corridors.")
    var csv: String?
    @OptionGroup(title: "Scenario") var scenarioOptions: ScenarioOptions
    @OptionGroup(title: "Output") var out: OutputOptions

    public func validate() throws { try out.requireOutput() }

    public func run() throws {
        let reporter = out.reporter
        let outputs = try out.outputSet(inputs: [network, scenarioOptions.scenario, corridor.od], others: [("--report", report), ("--csv", csv)])
        reporter.stage("loading \(network)")
        let loaded = try scenarioOptions.load(network, reporter: reporter)
        let analysis = try corridor.analyse(network: loaded.network, reporter: reporter)
        let provenance = try Provenance(command: "corridors", options: corridor.provenanceOptions(analysis.parameters),
                                        profile: analysis.parameters.travel.profile, network: loaded.network, networkPath: network,
                                        scenario: loaded.provenance)
        try outputs.write(GeoJSONWriter().data(for: provenance.annotating(analysis.featureCollection(network: loaded.network))), to: out.path)
        if let report { try outputs.write(Data((analysis.markdown() + "\n" + provenance.markdownSection).utf8), to: report) }
        if let csv { try outputs.write(provenance.heading(csv: analysis.csv()), to: csv) }
        try outputs.commit()
        reporter.done(analysis.headline)
    }
}

/// The options of a corridor analysis, shared by `corridors` and `compare corridors`.
struct CorridorArguments: ParsableArguments {
    @Option(parsing: .unconditional, help: "The core: a station, a district or lon,lat.")
    var core: String

    @Option(help: "inbound: from each district to the core (morning); outbound: from the core.")
    var direction = CommuteDirection.inbound

    @Option(help: "Bus-like operation: a train at least every this many minutes in the window.")
    var busLikeHeadway = 10.0

    @Option(help: "The door-to-door goal, minutes (median over the window).")
    var budget = 60.0

    @Option(help: "Corridors kept, by demand (0: all).")
    var top = 20

    @Option(help: "Keep only corridors with at least this share of the demand, 0…1.")
    var minShare = 0.0

    @Option(help: "Keep only corridors with at least this many commuters in the window.")
    var minCommuters = 0.0

    @Option(help: "OD CSV (origin,destination,trips for the window): corridor demand from the trips to (inbound) or from the core's district.")
    var od: String?

    @Option(help: "Gravity: commuters to (inbound) or from the core in the window over all corridors.")
    var commuters: Double?

    @Option(help: "Gravity: share of the considered districts' population commuting, when --commuters is not given (default 0.1, an assumption).")
    var commuteRate: Double?

    @OptionGroup var journey: JourneyOptions<MorningPeakDepartures>

    func validate() throws {
        guard busLikeHeadway > 0 && busLikeHeadway <= 240 else { throw ValidationError("--bus-like-headway must be within (0, 240] minutes") }
        guard budget > 0 && budget <= 1440 else { throw ValidationError("--budget must be 1…1440 minutes") }
        guard top >= 0 else { throw ValidationError("--top cannot be negative") }
        guard (0...1).contains(minShare) else { throw ValidationError("--min-share must be within 0…1") }
        guard minCommuters >= 0 && minCommuters <= GravityParameters.totalTripsRange.upperBound else {
            throw ValidationError("--min-commuters \(minCommuters) must be within 0…1e12")
        }
        try CommuterDemandCheck.validate(commuters: commuters, commuteRate: commuteRate, od: od,
                                         scaleGiven: commuters != nil || commuteRate != nil)
    }

    func analyse(network built: BuiltNetwork, reporter: ProgressReporter) throws -> CorridorAnalysis {
        guard !built.districts.isEmpty else {
            throw InputError(file: "--core", message: "the network has no districts: corridors join the core to districts")
        }
        let places = try PlaceResolver(network: built, accessRadiusMeters: journey.feeders.accessRadius).resolve(core, argument: "--core")
        guard places.count == 1 else { throw InputError(file: "--core", message: "\"\(core)\" gives \(places.count) places; the core must be one") }
        let travel = try journey.travelParameters(network: built, percentiles: [50])
        let parameters = CorridorParameters(travel: travel, direction: direction, busLikeHeadwayMinutes: busLikeHeadway,
                                            budgetMinutes: budget, top: top == 0 ? nil : top, minDemandShare: minShare,
                                            minCommuters: minCommuters, totalCommuters: commuters,
                                            commuteRate: commuteRate ?? GravityParameters.defaultCommuteShare)
        var matrix: DemandMatrix?
        if let od {
            guard CorridorAnalysis.coreDistrict(network: built, core: places[0]) != nil else {
                throw InputError(file: "--core", message: "\"\(core)\" lies in no district: an --od file's corridors join the core's district to the others")
            }
            reporter.stage("reading \(od)")
            matrix = try DemandODFile.read(path: od, zones: CorridorAnalysis.zones(network: built, parameters: parameters))
        }
        reporter.stage("corridors from \(places[0].name): \(built.districts.count) districts × \(travel.windowMinutes) departures")
        return CorridorAnalysis(network: built, core: places[0], parameters: parameters, od: matrix)
    }

    func provenanceOptions(_ p: CorridorParameters) -> [String: JSONValue] {
        var options = p.provenanceOptions(core: core)
        options["min_commuters"] = .number(minCommuters)
        if let od {
            options["demand"] = (try? Provenance.file(od)) ?? .string(od)
        } else {
            options["demand"] = "gravity: population / distance^2"
            options["commuters"] = p.totalCommuters.map { .number($0) } ?? .null
            options["commute_rate"] = .number(p.commuteRate)
            options["commute_rate_source"] = commuters == nil && commuteRate == nil ? "assumption (docs/MODEL.md)" : "user"
        }
        return options
    }
}
