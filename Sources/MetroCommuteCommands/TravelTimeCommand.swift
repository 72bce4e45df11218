import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Network
import Routing

public struct TravelTime: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(
        commandName: "traveltime",
        abstract: "Travel times between places over a departure window (range-RAPTOR, 1-minute steps): min and percentiles.",
        discussion: """
            Places (--from, --to; repeat the option for several): lon,lat (WGS-84); a station name, exact or \
            normalised (北京南站 = 北京南; a hub name picks all its stops); a district name (one point inside it); \
            or a .csv (id,lon,lat) / .geojson file of points. Prefix station:, district: or point: to force a kind.

            Rules: walk to stops within --walk-radius (street graph when the network has one, else crow-fly × \
            detour at the network's walking speed); board a vehicle at least --board-slack seconds after reaching \
            its stop; change by one walking transfer from the network's table (walk + minimum transfer time by \
            tier pair); walk to the destination; the direct walk also counts. Times in the matrix are minutes with \
            one decimal; unreachable is empty. The matrix (CSV) goes to -o, else to standard output; with --explain \
            only the itinerary is printed unless -o is given.

            --mode drive: by car on the network's road graph (manifest `roads`) at free-flow speeds, one-way \
            links respected; each place snaps to the nearest road node within 500 m (where a drive can start, \
            resp. end) and the connector is walked crow-fly × detour factor at the network's walking speed; a \
            direct walk within 500 m also counts. --mode walk: on foot only (street graph when the network has \
            one, no distance limit). Driving and walking do not vary by departure minute: --depart, --window and \
            the RAPTOR options are ignored and min and every percentile column hold the same value.

            Examples:
              metrocommute traveltime jingjinji.mcnet --from 北京南 --to 天津 --to 廊坊 --depart 08:00 --window 60 \\
                  --percentile 5,50,95 -o matrix.csv
              metrocommute traveltime jingjinji.mcnet --from 北京南 --to 天津 --depart 08:00 --explain
              metrocommute traveltime coquimbo.mcnet --mode drive --from 12 --to 85 -o drive.csv
            """
    )

    @Argument(help: "A network file written by `metrocommute build`.")
    var network: String

    @Option(name: .customLong("from"), parsing: .unconditionalSingleValue, help: "Origin place (repeatable).")
    var origins: [String] = []

    @Option(name: .customLong("to"), parsing: .unconditionalSingleValue, help: "Destination place (repeatable).")
    var destinations: [String] = []

    @OptionGroup(title: "Mode") var travelMode: ModeOptions
    @OptionGroup var journey: JourneyOptions<PeakHourDepartures>
    @OptionGroup(title: "Percentiles") var percentiles: PercentileOptions

    private var mode: TravelMode { travelMode.mode }

    @Option(help: "Seconds between reaching a stop and the earliest departure one can board there.")
    var boardSlack = 60

    @Flag(help: "Print the itinerary of the (single) pair at its median departure minute to standard output.")
    var explain = false

    @OptionGroup(title: "Scenario") var scenarioOptions: ScenarioOptions
    @OptionGroup(title: "Output") var out: OutputOptions
    @OptionGroup(title: "CSV") var csv: CSVOutputOptions

    @Option(name: .customLong("percentiles"), help: .private)
    var renamedPercentiles: String?

    @Option(name: .customLong("walk-radius"), help: .private)
    var renamedWalkRadius: Double?

    public mutating func validate() throws {
        percentiles.percentile = try RenamedOption.value(new: percentiles.percentile, newName: "--percentile",
                                                         old: renamedPercentiles, oldName: "--percentiles", quiet: out.quiet)
        renamedPercentiles = nil
        try percentiles.validate()
        if let old = renamedWalkRadius {
            guard (0...20_000).contains(old) else { throw InputError(file: "--walk-radius", message: "\(old) is not within 0…20000 m") }
            if !out.quiet { ProgressReporter().warning("--walk-radius is deprecated; use --access-radius") }
            journey.feeders.accessRadius = old
            renamedWalkRadius = nil
        }
        // Every argument checked before any work, so a mistake leaves no output file.
        try journey.feeders.validate()
        guard (0...3600).contains(boardSlack) else { throw InputError(file: "--board-slack", message: "\(boardSlack) is not within 0…3600 s") }
        guard !origins.isEmpty else { throw InputError(file: "--from", message: "give at least one origin") }
        guard !destinations.isEmpty else { throw InputError(file: "--to", message: "give at least one destination") }
    }

    public func run() throws {
        // --explain prints to standard output; the matrix goes to -o, else (without --explain) there too.
        let matrixPath: String? = explain && out.output == nil ? nil : out.path
        let outputs = OutputSet.forCommand(inputs: [network, scenarioOptions.scenario] + origins + destinations)
        try outputs.add(explain ? "-" : nil, option: "--explain")
        try outputs.add(matrixPath, option: "-o/--output")
        let loaded = try scenarioOptions.load(network, reporter: out.reporter)
        let built = loaded.network
        let resolver = PlaceResolver(network: built, accessRadiusMeters: journey.feeders.accessRadius)
        let from = try resolver.resolveAll(origins, argument: "--from")
        let to = try resolver.resolveAll(destinations, argument: "--to")
        if explain && (from.count != 1 || to.count != 1) {
            throw InputError(file: "--explain", message: "explains one pair: give one origin and one destination (got \(from.count) × \(to.count))")
        }
        let parameters = try journey.travelParameters(network: built, percentiles: percentiles.values,
                                                      boardSlackSeconds: Int32(boardSlack))

        let reporter = out.reporter
        let started = Date()
        if mode != .transit {
            let search = try SingleModeSearch(network: built, mode: mode,
                                              parameters: SingleModeParameters(access: parameters.access))
            if explain {
                search.run(from: search.sourceEnd(at: from[0].coordinate))
                let text = Self.explanation(search.trip(to: search.targetEnd(at: to[0].coordinate)), mode: mode,
                                            from: from[0], to: to[0])
                try outputs.write(Data(text.utf8), to: "-")
                guard matrixPath != nil else { return try outputs.commit() }
            }
            let matrix = TravelTimeMatrix(origins: from, destinations: to, parameters: parameters, search: search) { done, total in
                reporter.bar("travel times", fraction: Double(done) / Double(total))
            }
            let target = try write(matrix, network: built, parameters: parameters, scenario: loaded.provenance, into: outputs)
            reporter.done(String(format: "traveltime --mode %@: %d origins × %d destinations in %.2f s%@", mode.rawValue,
                                 from.count, to.count, Date().timeIntervalSince(started), target == "-" ? "" : " → \(target)"))
            return
        }
        if explain {
            let explanation = TravelTimeExplanation(network: built, origin: from[0], destination: to[0], parameters: parameters)
            try outputs.write(Data(explanation.text.utf8), to: "-")
            guard matrixPath != nil else { return try outputs.commit() }
        }
        let matrix = TravelTimeMatrix(network: built, origins: from, destinations: to, parameters: parameters) { done, total in
            reporter.bar("travel times", fraction: Double(done) / Double(total))
        }
        let target = try write(matrix, network: built, parameters: parameters, scenario: loaded.provenance, into: outputs)
        reporter.done(String(format: "traveltime: %d origins × %d destinations, %d departure minutes from %@ in %.2f s%@",
                             from.count, to.count, parameters.windowMinutes, ServiceClock.format(parameters.firstDepartureSeconds),
                             Date().timeIntervalSince(started), target == "-" ? "" : " → \(target)"))
    }

    /// Writes the matrix, headed by its provenance, to `--output` (standard output by default) and commits the
    /// outputs; returns where the matrix went.
    private func write(_ matrix: TravelTimeMatrix, network built: BuiltNetwork, parameters: TravelTimeParameters,
                       scenario: JSONValue, into outputs: OutputSet) throws -> String {
        var options = parameters.provenanceOptions
        options["mode"] = .string(mode.rawValue)
        let provenance = try Provenance(command: "traveltime", options: options,
                                        profile: mode == .transit ? parameters.profile : nil, network: built, networkPath: network,
                                        scenario: scenario)
        try outputs.write(csv.bytes(provenance.heading(csv: matrix.csv())), to: out.path)
        try outputs.commit()
        return out.path
    }

    /// The legs of one driving or walking trip, one per line.
    static func explanation(_ trip: SingleModeTrip?, mode: TravelMode, from: Place, to: Place) -> String {
        var text = "\(from.name) → \(to.name) (\(mode.rawValue), free flow)\n"
        guard let trip else { return text + "  unreachable\n" }
        func minutes(_ ms: UInt64) -> String { String(format: "%.1f min", Double(ms) / 60_000) }
        if trip.isDirectWalk {
            text += "  walk crow-fly \(minutes(UInt64(trip.networkMilliseconds)))\n"
        } else {
            text += String(format: "  walk %.0f m to the network: ", trip.originConnectorMeters) + minutes(UInt64(trip.originConnectorMilliseconds)) + "\n"
            text += "  \(mode == .drive ? "drive" : "walk on streets") \(minutes(UInt64(trip.networkMilliseconds)))\n"
            text += String(format: "  walk %.0f m to the destination: ", trip.destinationConnectorMeters) + minutes(UInt64(trip.destinationConnectorMilliseconds)) + "\n"
        }
        return text + "  total \(minutes(trip.totalMilliseconds))\n"
    }
}
