import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Network
import Routing

public struct Rings: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(
        abstract: "Commute rings: the share of every district's people within the budget of a core; the 1-hour commute circle.",
        discussion: """
            People live in population cells of at most 1 km, at least 25 per district: the district's census \
            population spread uniformly over its main polygon parts (stray parts far away are dropped), or a \
            people-per-cell raster (--population, an ESRI ASCII grid in any CRS: its .prj or --population-crs). \
            Each cell's door-to-door times to the core (--direction inbound, the morning commute; outbound: from \
            the core, the evening return) are computed for every departure minute of the window; trips longer \
            than --max-trip count as unreachable; the cell's time is --percentile over the window (median). A \
            district's share_within_budget is the population of its cells within --budget; the district is \
            in_circle when that share is at least --min-share (0.5). Its travel_time_min is the population-weighted \
            median of its cells' times and its class that median's band: ≤budget/2, ≤3·budget/4, ≤budget, >budget.

            --mode drive: each cell's time is the drive to the core on the road graph (manifest `roads`), free \
            flow, one-way links respected, with walks of up to 500 m (crow-fly × detour, walking speed) onto and \
            off the road; --mode walk: on foot only. There is no departure window.

            Output: one feature per district (district, city, adcode, population, travel_time_min, class, \
            share_within_budget, population_within_budget, travel_time_within_budget_min, in_circle, cells, \
            itinerary of the best cell, area_km2), then the union of the districts in the circle (kind \
            commute_circle). --summary writes districts, population and area per class, the circle and the people \
            within the budget as CSV; the same table is shown on standard error.

            Example:
              metrocommute rings jingjinji.mcnet --core 北京南 --budget 60 --depart 07:00 --window 120 \\
                  -o districts.geojson --summary summary.csv
              metrocommute rings jingjinji.mcnet --core 北京南 --population pop.asc --population-crs EPSG:4547 -o r.geojson
              metrocommute rings coquimbo.mcnet --mode drive --core 12 --budget 30 -o drive.geojson
            """
    )

    @Argument(help: "A network file written by `metrocommute build`.")
    var network: String

    @Option(help: ArgumentHelp("Rerun with each key default one step down and up (feeder speeds ±20 %, change minimums ±2 min, longest trip ±30 min, minimum share ±0.1) and write how the circle's population moves (CSV); the table goes to standard error.",
                               valueName: "csv"))
    var sensitivity: String?

    @Option(name: .customLong("points"), help: .private)
    var removedPoints: Int?

    @Option(name: .customLong("station-points"), help: .private)
    var removedStationPoints: Int?

    @Option(help: "Class summary CSV file.")
    var summary: String?

    @OptionGroup var ring: RingsArguments
    @OptionGroup(title: "Scenario") var scenarioOptions: ScenarioOptions
    @OptionGroup(title: "Output format") var formatOptions: FormatOptions
    @OptionGroup(title: "Output") var out: OutputOptions
    @OptionGroup(title: "CSV") var csv: CSVOutputOptions

    @Option(name: .customLong("workers"), help: .private)
    var renamedWorkers: Int?

    public mutating func validate() throws {
        ring.threads.threads = try RenamedOption.value(new: ring.threads.threads, newName: "--threads", old: renamedWorkers,
                                                       oldName: "--workers", quiet: out.quiet)
        renamedWorkers = nil
        try ring.threads.validate()
        try out.requireOutput()
        try formatOptions.check(path: out.path)
        for (value, name) in [(removedPoints, "--points"), (removedStationPoints, "--station-points")] where value != nil {
            if !out.quiet {
                ProgressReporter().warning("\(name) is ignored since 0.2.0: districts are represented by population cells")
            }
        }
        if summary == "-" && out.path == "-" { throw ValidationError("only one of -o and --summary can be standard output") }
    }

    public func run() throws {
        let reporter = out.reporter
        let outputs = try out.outputSet(inputs: [network, ring.people.population, scenarioOptions.scenario],
                                        others: [("--summary", summary), ("--sensitivity", sensitivity)])
        reporter.stage("loading \(network)")
        let loaded = try scenarioOptions.load(network, reporter: reporter)
        let built = loaded.network
        let started = Date()
        let study = try ring.analyse(network: built, networkPath: network, reporter: reporter)
        let (analysis, comparison, places, chosenCRS, cells, parameters) =
            (study.analysis, study.comparison, study.places, study.crs, study.cells, study.parameters)
        let seconds = Date().timeIntervalSince(started)
        let provenance = try Provenance(command: "rings", options: try ring.provenanceOptions(travel: parameters.travel, crs: chosenCRS),
                                        profile: ring.mode == .transit ? parameters.travel.profile : nil, network: built,
                                        networkPath: network, scenario: loaded.provenance)
        let features = try analysis.featureCollection()
        if let summary { try outputs.write(csv.bytes(provenance.heading(csv: analysis.summaryCSV(comparison: comparison))), to: summary) }
        if let sensitivity {
            let study = try RingSensitivity(network: built, core: places[0], parameters: parameters, population: cells,
                                            crs: chosenCRS, base: analysis) { done, total in
                reporter.stage("sensitivity: \(done) of \(total) runs")
            }
            try outputs.write(csv.bytes(provenance.heading(csv: study.csv())), to: sensitivity)
            if !out.quiet { FileHandle.standardError.write(Data(study.table().utf8)) }
        }
        try formatOptions.write(features, schema: RingAnalysis.featureSchema, provenance: provenance, to: out.path, into: outputs)
        try outputs.commit()
        reporter.done(String(format: "%d districts in %.2f s → ", analysis.districts.count, seconds) + out.path)
        if !out.quiet { FileHandle.standardError.write(Data(analysis.summaryTable(comparison: comparison).utf8)) }
    }
}

/// The options of a rings analysis (core, budget, share, direction, percentile, population, mode, grid, journey,
/// threads), shared by `rings` and `compare rings`.
struct RingsArguments: ParsableArguments {
    @Option(parsing: .unconditional, help: "The core: a station, a district or lon,lat.")
    var core: String

    @Option(help: "Commute budget, minutes.")
    var budget = 60.0

    @Option(help: "A district is in the circle when at least this share of its people is within the budget, 0…1.")
    var minShare = 0.5

    @Option(help: "inbound: from each cell to the core (morning); outbound: from the core (evening).")
    var direction = CommuteDirection.inbound

    @Option(help: "Percentile of each cell's travel times over the window, 0…100.")
    var percentile = 50.0

    @OptionGroup(title: "Population") var people: PopulationOptions
    @OptionGroup(title: "Mode") var travelMode: ModeOptions
    @OptionGroup(title: "Grid") var metricCRS: MetricCRSOptions
    @OptionGroup var journey: JourneyOptions<MorningPeakDepartures>
    @OptionGroup(title: "Threads") var threads: ThreadOptions

    var mode: TravelMode { travelMode.mode }

    func validate() throws {
        guard budget > 0 && budget <= 24 * 60 else { throw ValidationError("--budget must be 1…1440 minutes") }
        guard minShare > 0 && minShare <= 1 else { throw ValidationError("--min-share must be within (0, 1]") }
        guard (0...100).contains(percentile) else { throw ValidationError("--percentile must be 0…100") }
    }

    /// One run's results: the analysis, the rail-walk comparison (transit with another profile), and what it used.
    struct Study {
        var analysis: RingAnalysis
        var comparison: RingAnalysis?
        var places: [Place]
        var crs: String
        var cells: PopulationSurface
        var parameters: RingParameters
    }

    /// The rings of `built` (the network file `networkPath`, for messages).
    func analyse(network built: BuiltNetwork, networkPath: String, reporter: ProgressReporter,
                 railWalkComparison: Bool = true) throws -> Study {
        guard !built.districts.isEmpty else {
            throw InputError(file: networkPath, message: "the network has no districts: build it from a manifest with \"districts\"")
        }
        let places = try PlaceResolver(network: built, accessRadiusMeters: journey.feeders.accessRadius).resolve(core, argument: "--core")
        guard places.count == 1 else {
            throw InputError(file: "--core", message: "\"\(core)\" gives \(places.count) places; the core must be one")
        }
        let travel = try journey.travelParameters(network: built, percentiles: [percentile],
                                                  windowMinutes: mode == .transit ? nil : 1)
        let parameters = RingParameters(budgetMinutes: budget, travel: travel, minShare: minShare, direction: direction,
                                        threads: threads.count, mode: mode)
        let chosenCRS = metricCRS.chosen(for: built, near: places[0].coordinate)
        reporter.stage("rings around \(places[0].name): \(built.districts.count) districts × "
                       + (mode == .transit ? "\(travel.windowMinutes) departures" : "--mode \(mode.rawValue)"))
        let cells = try people.surface(network: built, crs: chosenCRS, reporter: reporter)
        let analysis = try RingAnalysis(network: built, core: places[0], parameters: parameters, population: cells,
                                        crs: chosenCRS)
        // The 0.1 model beside any other transit profile, for the summary: how much the feeders add.
        var comparison: RingAnalysis?
        if railWalkComparison && mode == .transit && travel.profile.name != AccessProfile.railWalk.name {
            reporter.stage("the same circle by rail and walking (rail-walk), for comparison")
            var railWalk = parameters
            railWalk.travel.profile = .railWalk
            comparison = try RingAnalysis(network: built, core: places[0], parameters: railWalk, population: cells, crs: chosenCRS)
        }
        return Study(analysis: analysis, comparison: comparison, places: places, crs: chosenCRS, cells: cells, parameters: parameters)
    }

    /// The resolved model values of this run, for the outputs' provenance.
    func provenanceOptions(travel: TravelTimeParameters, crs: String) throws -> [String: JSONValue] {
        var options = travel.provenanceOptions
        options["mode"] = .string(mode.rawValue)
        options["core"] = .string(core)
        options["budget_min"] = .number(budget)
        options["min_share"] = .number(minShare)
        options["direction"] = .string(direction.rawValue)
        options["population"] = try people.population.map { try Provenance.file($0) } ?? .null
        options["crs"] = .string(crs)
        return options
    }
}
