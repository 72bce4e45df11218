import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Network
import Routing

// The options several commands share, declared once: one name, one range and one message per option. Each group
// checks its own values in validate(): a bad value is one `InputError` line naming the option (exit status 1),
// a missing or conflicting option a `ValidationError` with the usage (64). Commands add their own options.

/// `-o/--output` and `-q/--quiet`.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output file, or - for standard output.")
    var output: String?

    @Flag(name: .shortAndLong, help: "Nothing on standard error but errors: no progress, summary or warnings.")
    var quiet = false

    /// Where to write: the file given, else standard output.
    var path: String { output ?? "-" }

    var reporter: ProgressReporter { ProgressReporter(quiet: quiet) }

    func validate() throws {
        if output?.isEmpty == true { throw InputError(file: "--output", message: "empty: give a file, or - for standard output") }
    }

    /// For the commands whose output must be named.
    func requireOutput() throws {
        guard output != nil else { throw ValidationError("missing -o/--output: give the output file, or - for standard output") }
    }
}

/// Defaults of `--depart` and `--window`, which differ by command (a peak hour for trips, the morning peak for
/// commuting from every district).
protocol DepartureDefaults {
    static var depart: String { get }
    static var window: Int { get }
}

/// 08:00 for an hour: `traveltime`, `isochrone`.
enum PeakHourDepartures: DepartureDefaults {
    static var depart: String { "08:00" }
    static var window: Int { 60 }
}

/// 07:00 for two hours: `rings`, `bottlenecks`.
enum MorningPeakDepartures: DepartureDefaults {
    static var depart: String { "07:00" }
    static var window: Int { 120 }
}

/// `--depart` and `--window`: one departure per minute of the window.
struct DepartureOptions<Defaults: DepartureDefaults>: ParsableArguments {
    static var windowRange: ClosedRange<Int> { 1...(24 * 60) }

    @Option(help: "First departure, HH:MM on the network's service day (00:00…47:59).")
    var depart: String = Defaults.depart

    @Option(help: "Departure window, minutes, 1…1440 (one departure per minute).")
    var window: Int = Defaults.window

    func validate() throws {
        _ = try firstDepartureSeconds()
        guard Self.windowRange.contains(window) else { throw InputError(file: "--window", message: "\(window) is not within 1…1440 minutes") }
    }

    /// `--depart` in seconds after the service day's midnight.
    func firstDepartureSeconds() throws -> Int32 {
        try TravelTimeArguments.parseClock(depart, argument: "--depart")
    }
}

/// `--percentile`: one value or a comma list.
struct PercentileOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Percentile of the travel times over the window, 0…100, or a comma list of up to \(TravelTimeParameters.maxPercentileCount) (e.g. 5,50,95); default 50.",
                               valueName: "p[,p…]"))
    var percentile: String?

    func validate() throws { _ = try Self.parse(percentile, option: "--percentile") }

    /// The percentiles, ascending (`[50]` when none is given).
    var values: [Double] { (try? Self.parse(percentile, option: "--percentile")) ?? [50] }

    /// `text` parsed as a percentile list, errors naming `option`.
    static func parse(_ text: String?, option: String) throws -> [Double] {
        guard let text else { return [50] }
        return try TravelTimeArguments.parsePercentiles(text, argument: option)
    }
}

/// `--max-rides`: the RAPTOR round limit.
struct RoutingOptions: ParsableArguments {
    static let maxRidesRange = 0...20

    static let maxTripRange = 1.0...1_440.0

    @Option(help: "Most vehicles ridden in one journey, 0…20 (0: walking only).")
    var maxRides = 8

    @Option(help: "Longest door-to-door trip, minutes, 1…1440; longer journeys count as unreachable (default 120).")
    var maxTrip = Double(TravelTimeParameters.defaultMaxTripSeconds) / 60

    func validate() throws {
        guard Self.maxRidesRange.contains(maxRides) else { throw InputError(file: "--max-rides", message: "\(maxRides) is not within 0…20") }
        guard Self.maxTripRange.contains(maxTrip) else { throw InputError(file: "--max-trip", message: "\(maxTrip) is not within 1…1440 minutes") }
    }

    var maxTripSeconds: Int32 { Int32((maxTrip * 60).rounded()) }
}

/// How travellers reach the first station and leave the last: a named profile, or explicit mode lists.
struct AccessOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Access/egress profile: commuter (walk, bicycle, e-bike or feeder bus to the station; walk, bicycle or bus at the work end) or rail-walk (a walk of at most --access-radius, the 0.2 model).",
                               valueName: "name"))
    var profile = "commuter"

    @Option(help: ArgumentHelp("Access modes, overriding the profile's: a comma list of walk, bicycle, e-bike, bus, car.",
                               valueName: "modes"))
    var access: String?

    @Option(help: ArgumentHelp("Egress modes, overriding the profile's: a comma list of walk, bicycle, e-bike, bus.",
                               valueName: "modes"))
    var egress: String?

    @Option(help: "Longest walk to or from a station, crow-fly metres, 0…20000 (the walking leg of every profile).")
    var accessRadius = AccessParameters.defaultMaxRadiusMeters

    func validate() throws {
        guard (0...20_000).contains(accessRadius) else {
            throw InputError(file: "--access-radius", message: "\(accessRadius) is not within 0…20000 m")
        }
        _ = try resolved()
    }

    /// The profile with `--access`/`--egress` applied.
    func resolved() throws -> AccessProfile {
        guard var p = AccessProfile.named[profile] else {
            throw InputError(file: "--profile", message: "unknown profile \"\(profile)\": use \(AccessProfile.named.keys.sorted().joined(separator: " or "))")
        }
        func modes(_ text: String, option: String, egress: Bool) throws -> [AccessMode] {
            let list = try text.split(separator: ",").map { item -> AccessMode in
                let word = item.trimmingCharacters(in: .whitespaces)
                guard let m = AccessMode(rawValue: word) else {
                    throw InputError(file: option, message: "unknown mode \"\(word)\": use \(AccessMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                if egress && !m.servesEgress { throw InputError(file: option, message: "\(word) is an access mode only (park-and-ride)") }
                return m
            }
            guard !list.isEmpty else { throw InputError(file: option, message: "give at least one mode") }
            return list
        }
        if let access { p = AccessProfile(name: p.name + "+access", access: try modes(access, option: "--access", egress: false), egress: p.egress) }
        if let egress { p = AccessProfile(name: p.name + "+egress", access: p.access, egress: try modes(egress, option: "--egress", egress: true)) }
        return p
    }
}

/// What every transit analysis asks of its journeys: the departures (`--depart`, `--window`), the routing
/// (`--max-rides`, `--max-trip`) and the access profile, each under its own title in the help.
struct JourneyOptions<Defaults: DepartureDefaults>: ParsableArguments {
    @OptionGroup(title: "Departures") var departures: DepartureOptions<Defaults>
    @OptionGroup(title: "Routing") var routing: RoutingOptions
    @OptionGroup(title: "Access and egress") var feeders: AccessOptions

    /// The travel-time parameters of these options on `network`; `windowMinutes` overrides `--window` (1 for the
    /// modes that do not vary by minute).
    func travelParameters(network: BuiltNetwork, percentiles: [Double],
                          boardSlackSeconds: Int32 = 60, windowMinutes: Int? = nil) throws -> TravelTimeParameters {
        TravelTimeParameters(
            firstDepartureSeconds: try departures.firstDepartureSeconds(), windowMinutes: windowMinutes ?? departures.window,
            percentiles: percentiles, raptor: RaptorParameters(maxRides: routing.maxRides, boardSlackSeconds: boardSlackSeconds),
            access: AccessParameters(build: network.metadata.parameters, maxRadiusMeters: feeders.accessRadius),
            profile: try feeders.resolved(), maxTripSeconds: routing.maxTripSeconds)
    }
}

/// `--threads`, for the commands that work in parallel.
struct ThreadOptions: ParsableArguments {
    static let range = 1...256

    @Option(help: "Worker threads, 1…256 (default: the processors available).")
    var threads: Int?

    func validate() throws {
        if let threads, !Self.range.contains(threads) { throw InputError(file: "--threads", message: "\(threads) is not within 1…256") }
    }

    var count: Int { threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount) }
}

/// `--mode`: how a traveller goes door to door.
struct ModeOptions: ParsableArguments {
    @Option(help: "transit (rail + walk), drive (road graph, free flow) or walk.")
    var mode = TravelMode.transit
}

/// `--crs`: the metric coordinate system that grids and areas are computed in.
struct MetricCRSOptions: ParsableArguments {
    @Option(help: "Metric CRS of grids and areas (default: the network's local_crs, else the UTM zone of the first place).")
    var crs: String?

    /// `--crs`, else the network's local CRS, else the UTM zone at `place`.
    func chosen(for network: BuiltNetwork, near place: Coordinate) -> String {
        crs ?? IsochroneCalculator.localCRS(of: network, near: place)
    }
}

/// `--population` and `--population-crs`: where people live (rings, isochrones, gaps).
struct PopulationOptions: ParsableArguments {
    @Option(help: "People per cell: an ESRI ASCII grid (.asc) in any CRS (default: district populations spread uniformly).")
    var population: String?

    @Option(help: "CRS of the --population grid when it has no .prj beside it (e.g. EPSG:4547).")
    var populationCrs: String?

    /// The grid of --population, else the districts' populations spread uniformly.
    func source() throws -> any PopulationSource {
        guard let population else { return UniformDistrictPopulation() }
        return GridPopulation(grid: try ASCIIGridReader.read(path: population, crs: populationCrs), name: population)
    }

    /// The surface in `crs`, its notes reported as warnings.
    func surface(network: BuiltNetwork, crs: String, reporter: ProgressReporter) throws -> PopulationSurface {
        let source = try source()
        let surface = try source.surface(network: network, crs: crs)
        for note in surface.notes { reporter.warning("\(source.label): \(note)") }
        return surface
    }
}

/// An option renamed in 0.2.0 and kept, hidden, for one release: its value counts when the new name is not given,
/// with one warning line (none under -q).
enum RenamedOption {
    static func value<Value>(new: Value?, newName: String, old: Value?, oldName: String, quiet: Bool) throws -> Value? {
        guard let old else { return new }
        guard new == nil else { throw ValidationError("\(oldName) is the old name of \(newName): give only \(newName)") }
        if !quiet { ProgressReporter().warning("\(oldName) is deprecated; use \(newName)") }
        return old
    }
}

extension TravelMode: ExpressibleByArgument {}

extension CommuteDirection: ExpressibleByArgument {}

extension IsochroneParameters.Combine: ExpressibleByArgument {
    public static var allValueStrings: [String] { ["separate", "min"] }
}
