import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoGDAL
import GeoIO
import Network
import NetworkExport
import Routing

public struct Export: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(
        abstract: "Export a built network for GIS: stations, lines with trains per hour, hubs with transfer times, districts.",
        discussion: """
            Layers: stations (one point per stop: name, tiers, top tier, hub, source), lines (one LineString per \
            pattern, i.e. route and stop sequence: route, tier, trips, trains_per_hour over the window's \
            departures from the first stop, first/last departure), hubs (one point per station complex: \
            name, tiers, member stops, min/max walking transfer time between members, seconds) and districts \
            (boundaries: name, city, adcode, population).

            The format follows the output's extension: .gpkg writes a GeoPackage with one table per layer and a \
            schema that is the same for every area (lists as JSON text, times as HH:MM:SS text), byte-identical \
            between runs; .geojson/.json (or -) writes one GeoJSON FeatureCollection whose features carry `kind` \
            (station, line, hub, district). Coordinates are WGS-84.

            Example:
              metrocommute export jingjinji.mcnet -o jingjinji.gpkg --depart 07:00 --window 120
            """
    )

    @Argument(help: "A network file written by `metrocommute build`.")
    var network: String

    @OptionGroup(title: "Departures") var departures: DepartureOptions<MorningPeakDepartures>

    @OptionGroup(title: "Scenario") var scenarioOptions: ScenarioOptions
    @OptionGroup(title: "Output format") var formatOptions: FormatOptions
    @OptionGroup(title: "Output") var out: OutputOptions

    public func validate() throws {
        try out.requireOutput()
        let ext = URL(fileURLWithPath: out.path).pathExtension.lowercased()
        guard formatOptions.format != nil || out.path == "-" || ["gpkg", "fgb", "csv", "geojson", "json"].contains(ext) else {
            throw InputError(file: "--output", message: "\"\(out.path)\": give a .gpkg, .fgb, .csv, .geojson or .json file (or -f), or - for GeoJSON on standard output")
        }
        try formatOptions.check(path: out.path)
    }

    public func run() throws {
        let reporter = out.reporter
        let outputs = try out.outputSet(inputs: [network, scenarioOptions.scenario])
        reporter.stage("loading \(network)")
        let loaded = try scenarioOptions.load(network, reporter: reporter)
        let built = loaded.network
        let layers = NetworkExportLayers(built, firstDepartureSeconds: try departures.firstDepartureSeconds(),
                                         windowMinutes: departures.window)
        // Tables have no member for it; the GeoJSON carries it.
        let provenance = try Provenance(command: "export", options: [
            "depart": .string(ServiceClock.format(try departures.firstDepartureSeconds())), "window_min": .number(Double(departures.window)),
        ], profile: nil, network: built, networkPath: network, scenario: loaded.provenance)
        try formatOptions.write(layers.featureCollection, schema: NetworkExportLayers.featureSchema, provenance: provenance,
                                to: out.path, into: outputs)
        try outputs.commit()
        reporter.done("\(layers.stations.count) stations, \(layers.lines.count) lines, \(layers.hubs.count) hubs, "
                      + "\(layers.districts.count) districts → \(out.path)")
    }
}
