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
        abstract: "Commute rings: median travel time from every district to a core; the 1-hour commute circle.",
        discussion: """
            Every district is represented by up to --points points on a grid inside its main polygon parts \
            (stray parts far from the district are dropped) and up to --station-points of its rail and metro \
            stations, all weighted equally. Without a population raster nothing says where people live: the grid \
            is area-uniform, the stations stand for residents living by them (0 turns them off). From each point, one range-RAPTOR over the window gives the \
            travel time to the core per departure minute; the district's time is the median over all points and \
            minutes. Classes follow the budget: ≤budget/2, ≤3·budget/4, ≤budget, >budget (≤30, ≤45, ≤60, >60).

            --mode drive: each point's time is the drive to the core on the road graph (manifest `roads`), free \
            flow, one-way links respected, with walks of up to 500 m (crow-fly × detour, walking speed) onto and \
            off the road; --mode walk: on foot only. There is no departure window: a district's time is the \
            median over its points, and the itinerary is "walk → drive → walk".

            Output: one feature per district (district, city, population, travel_time_min, class, itinerary of \
            the best point at its median minute, area_km2), then the union of the districts within the budget \
            (kind commute_circle). --summary writes districts, population and area per class as CSV; the same \
            table is shown on standard error.

            Example:
              metrocommute rings jingjinji.mcnet --core 东城区 --budget 60 --depart 07:00 --window 120 \\
                  -o districts.geojson --summary summary.csv
              metrocommute rings coquimbo.mcnet --mode drive --core 12 --budget 30 --station-points 0 -o drive.geojson
            """
    )

    @Argument(help: "A network file written by `metrocommute build`.")
    var network: String

    @Option(parsing: .unconditional, help: "The core: a station, a district or lon,lat.")
    var core: String

    @Option(help: "Commute budget, minutes.")
    var budget = 60.0

    @Option(help: "Representative points per district.")
    var points = 9

    @Option(help: "Stations inside a district added as further points (0 = grid points only).")
    var stationPoints = 9

    @Option(help: "Longest access/egress walk, crow-fly metres.")
    var accessRadius = AccessParameters.defaultMaxRadiusMeters

    @Option(help: "Class summary CSV file.")
    var summary: String?

    @OptionGroup(title: "Mode") var travelMode: ModeOptions
    @OptionGroup(title: "Grid") var metricCRS: MetricCRSOptions
    @OptionGroup var journey: JourneyOptions<MorningPeakDepartures>
    @OptionGroup(title: "Threads") var threads: ThreadOptions
    @OptionGroup(title: "Output") var out: OutputOptions

    private var mode: TravelMode { travelMode.mode }

    @Option(name: .customLong("workers"), help: .private)
    var renamedWorkers: Int?

    public mutating func validate() throws {
        threads.threads = try RenamedOption.value(new: threads.threads, newName: "--threads", old: renamedWorkers,
                                                  oldName: "--workers", quiet: out.quiet)
        renamedWorkers = nil
        try threads.validate()
        try out.requireOutput()
        guard budget > 0 && budget <= 24 * 60 else { throw ValidationError("--budget must be 1…1440 minutes") }
        guard (1...100).contains(points) else { throw ValidationError("--points must be 1…100") }
        guard (0...100).contains(stationPoints) else { throw ValidationError("--station-points must be 0…100") }
        guard accessRadius >= 0 && accessRadius <= 20_000 else { throw ValidationError("--access-radius must be 0…20000 m") }
        if summary == "-" && out.path == "-" { throw ValidationError("only one of -o and --summary can be standard output") }
    }

    public func run() throws {
        let reporter = out.reporter
        reporter.stage("loading \(network)")
        let built = try BuiltNetwork(contentsOfFile: network)
        guard !built.districts.isEmpty else {
            throw InputError(file: network, message: "the network has no districts: build it from a manifest with \"districts\"")
        }
        let places = try PlaceResolver(network: built, accessRadiusMeters: accessRadius).resolve(core, argument: "--core")
        guard places.count == 1 else {
            throw InputError(file: "--core", message: "\"\(core)\" gives \(places.count) places; the core must be one")
        }
        let travel = try journey.travelParameters(network: built, percentiles: [50], accessRadiusMeters: accessRadius,
                                                  windowMinutes: mode == .transit ? nil : 1)
        let parameters = RingParameters(budgetMinutes: budget, pointsPerDistrict: points,
                                        stationPointsPerDistrict: stationPoints, travel: travel, workerCount: threads.count,
                                        mode: mode)
        let chosenCRS = metricCRS.chosen(for: built, near: places[0].coordinate)
        reporter.stage("rings around \(places[0].name): \(built.districts.count) districts × "
                       + (mode == .transit ? "\(travel.windowMinutes) departures" : "--mode \(mode.rawValue)"))
        let started = Date()
        let analysis = try RingAnalysis(network: built, core: places[0], parameters: parameters, crs: chosenCRS)
        let seconds = Date().timeIntervalSince(started)
        try AtomicFile.write(GeoJSONWriter().data(for: analysis.featureCollection()), to: out.path)
        if let summary { try AtomicFile.write(Data(analysis.summaryCSV().utf8), to: summary) }
        reporter.done(String(format: "%d districts in %.2f s → ", analysis.districts.count, seconds) + out.path)
        if !out.quiet { FileHandle.standardError.write(Data(analysis.summaryTable().utf8)) }
    }
}
