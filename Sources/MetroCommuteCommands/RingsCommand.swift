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

    @Option(help: "The core: a station, a district or lon,lat.")
    var core: String

    @Option(help: "transit (rail + walk), drive (road graph, free flow) or walk.")
    var mode = "transit"

    @Option(help: "Commute budget, minutes.")
    var budget = 60.0

    @Option(help: "First departure, HH:MM on the service day.")
    var depart = "07:00"

    @Option(help: "Departure window, minutes.")
    var window = 120

    @Option(help: "Representative points per district.")
    var points = 9

    @Option(help: "Stations inside a district added as further points (0 = grid points only).")
    var stationPoints = 9

    @Option(help: "Longest access/egress walk, crow-fly metres.")
    var accessRadius = AccessParameters.defaultMaxRadiusMeters

    @Option(help: "Most vehicles per journey.")
    var maxRides = 8

    @Option(help: "Parallel workers (default: the processors available).")
    var workers: Int?

    @Option(help: "Metric CRS for areas (default: the network's local_crs, else UTM).")
    var crs: String?

    @Option(name: .shortAndLong, help: "Output GeoJSON file, or - for standard output.")
    var output: String

    @Option(help: "Class summary CSV file.")
    var summary: String?

    @Flag(name: .shortAndLong, help: "No progress or table on standard error.")
    var quiet = false

    public func validate() throws {
        guard TravelMode(rawValue: mode) != nil else { throw ValidationError("--mode must be one of \(TravelMode.choices), not \(mode)") }
        guard budget > 0 && budget <= 24 * 60 else { throw ValidationError("--budget must be 1…1440 minutes") }
        guard (1...24 * 60).contains(window) else { throw ValidationError("--window must be 1…1440 minutes") }
        guard (1...100).contains(points) else { throw ValidationError("--points must be 1…100") }
        guard (0...100).contains(stationPoints) else { throw ValidationError("--station-points must be 0…100") }
        guard accessRadius >= 0 && accessRadius <= 20_000 else { throw ValidationError("--access-radius must be 0…20000 m") }
        guard (0...50).contains(maxRides) else { throw ValidationError("--max-rides must be 0…50") }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        if summary == "-" && output == "-" { throw ValidationError("only one of -o and --summary can be standard output") }
    }

    public func run() throws {
        let reporter = ProgressReporter(quiet: quiet)
        reporter.stage("loading \(network)")
        let built = try BuiltNetwork(contentsOfFile: network)
        guard !built.districts.isEmpty else {
            throw InputError(file: network, message: "the network has no districts: build it from a manifest with \"districts\"")
        }
        let departure = try TravelTimeArguments.parseClock(depart)
        let places = try PlaceResolver(network: built, accessRadiusMeters: accessRadius).resolve(core, argument: "--core")
        guard places.count == 1 else {
            throw InputError(file: "--core", message: "\"\(core)\" gives \(places.count) places; the core must be one")
        }
        let travelMode = TravelMode(rawValue: mode)!
        let travel = TravelTimeParameters(
            firstDepartureSeconds: departure, windowMinutes: travelMode == .transit ? window : 1, percentiles: [50],
            raptor: RaptorParameters(maxRides: maxRides),
            access: AccessParameters(build: built.metadata.parameters, maxRadiusMeters: accessRadius))
        let parameters = RingParameters(budgetMinutes: budget, travel: travel, threads: workers, mode: travelMode)
        let chosenCRS = crs ?? IsochroneCalculator.localCRS(of: built, near: places[0].coordinate)
        reporter.stage("rings around \(places[0].name): \(built.districts.count) districts × "
                       + (travelMode == .transit ? "\(window) departures" : "--mode \(travelMode.rawValue)"))
        let started = Date()
        let population = try UniformDistrictPopulation().surface(network: built, crs: chosenCRS)
        let analysis = try RingAnalysis(network: built, core: places[0], parameters: parameters, population: population,
                                        crs: chosenCRS)
        let seconds = Date().timeIntervalSince(started)
        try write(GeoJSONWriter().data(for: analysis.featureCollection()), to: output)
        if let summary { try write(Data(analysis.summaryCSV().utf8), to: summary) }
        reporter.done(String(format: "%d districts in %.2f s → ", analysis.districts.count, seconds) + output)
        if !quiet { FileHandle.standardError.write(Data(analysis.summaryTable().utf8)) }
    }

    private func write(_ data: Data, to path: String) throws {
        if path == "-" { FileHandle.standardOutput.write(data) } else { try AtomicFile.write(data, to: path) }
    }
}
