import Analysis
import ArgumentParser
import Foundation
import GeoGDAL
import GeoCore
import GeoIO
import GeoPROJ
import Network
import Routing

public struct Isochrone: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(
        abstract: "Commute isochrones: areas reached within each cutoff, as GeoJSON polygons.",
        discussion: """
            Travel times are computed on a grid of square cells in a local metric CRS (the manifest's local_crs, \
            else the UTM zone of the first origin): per departure minute, the best of arriving at a stop by \
            range-RAPTOR and walking on to the cell (within the access radius) and walking straight from the \
            origin; on streets when the network has them. A cell belongs to a cutoff's area when the chosen \
            percentile of its times over the window is within the cutoff; with several percentiles (--percentile 10,50,90) \
            each gets its own ring set, lowest first. Each area is traced exactly along cell \
            edges (holes and separate parts kept), returned to WGS-84 and checked with GEOS.

            --mode drive: by car on the road graph (manifest `roads`), free flow, one-way links respected: the \
            origin snaps to the nearest road node within 500 m (walked crow-fly × detour at walking speed); a cell \
            takes the time of a reached road node plus a crow-fly walk (× detour, walking speed) from the node to \
            its centre, within the hop radius (the cell size, at least 100 m), or the direct walk from the origin \
            within 500 m. --mode walk: on foot only, on streets when the network has them. Neither varies by \
            departure minute: the window collapses to one minute (window_min 1) and the percentile is moot (the \
            first given is used); \
            features carry mode.

            Properties per feature: origin, cutoff_min, area_km2, pop_covered (people of the population cells whose \
            centre lies inside the area), districts (touched), depart, window_min, percentile, cell_m, crs.

            People live in population cells of at most 1 km, at least 25 per district: the district's census \
            population spread uniformly over its main polygon parts, or a people-per-cell raster (--population, an \
            ESRI ASCII grid in any CRS: its .prj or --population-crs).

            Examples:
              metrocommute isochrone jingjinji.mcnet --from 北京南 --depart 08:00 --window 60 -o rings.geojson
              metrocommute isochrone jingjinji.mcnet --from 北京南 --percentile 10,50,90 --cutoffs 30,60 -o spread.geojson
              metrocommute isochrone jingjinji.mcnet --from 116.397,39.909 --from 天津 --combine min \\
                  --cutoffs 30,60,90 --raster grid.asc -o rings.geojson
              metrocommute isochrone helsinki.mcnet --mode drive --from 24.944,60.171 --cutoffs 5,10 -o drive.geojson
            """
    )

    @Argument(help: "A network file written by `metrocommute build`.")
    var network: String

    @Option(name: .customLong("from"), parsing: .unconditionalSingleValue,
            help: "Origin: lon,lat, a station or a district name (repeat for several).")
    var origins: [String] = []

    @Option(help: "Cutoffs in minutes, ascending, comma-separated.")
    var cutoffs = "15,30,45,60"

    @Option(help: "Cell size, metres.")
    var cell = 200.0

    @Option(help: "Several origins: separate (one ring set each) or min (fastest origin per departure minute).")
    var combine = IsochroneParameters.Combine.separate

    @Option(help: "Also write the travel-time grid (minutes) as an ESRI ASCII grid (.asc).")
    var raster: String?

    @Option(help: ArgumentHelp("Most memory the travel-time grid and its contours may take, e.g. 8G, 512M (default 8G); a grid needing more is refused before it is made.",
                               valueName: "size"))
    var maxMemory = "8G"

    @OptionGroup(title: "Population") var people: PopulationOptions
    @OptionGroup(title: "Mode") var travelMode: ModeOptions
    @OptionGroup(title: "Grid") var metricCRS: MetricCRSOptions
    @OptionGroup var journey: JourneyOptions<PeakHourDepartures>
    @OptionGroup(title: "Percentiles") var percentiles: PercentileOptions
    @OptionGroup(title: "Scenario") var scenarioOptions: ScenarioOptions
    @OptionGroup(title: "Output format") var formatOptions: FormatOptions
    @OptionGroup(title: "Output") var out: OutputOptions

    private var mode: TravelMode { travelMode.mode }

    @Option(help: .hidden)
    var timingRepeats = 0

    func parsedCutoffs() throws -> [Int] {
        let items = cutoffs.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var values: [Int] = []
        for item in items {
            guard let v = Int(item), v > 0, v <= 24 * 60 else {
                throw ValidationError("--cutoffs: \"\(item)\" is not a whole number of minutes between 1 and 1440")
            }
            values.append(v)
        }
        guard zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw ValidationError("--cutoffs must ascend without repeats: \(cutoffs)")
        }
        return values
    }

    public func validate() throws {
        try out.requireOutput()
        try formatOptions.check(path: out.path)
        guard !origins.isEmpty else { throw ValidationError("give at least one --from") }
        _ = try parsedCutoffs()
        guard cell >= 10 && cell <= 10_000 else { throw ValidationError("--cell must be 10…10000 m") }
        guard MemoryLimit(parsing: maxMemory) != nil else {
            throw ValidationError("--max-memory must be a size such as 8G, 512M or 2000000000 (bytes), not \(maxMemory)")
        }
        if raster != nil && origins.count > 1 && combine != .minimum {
            throw ValidationError("--raster needs one origin or --combine min")
        }
        if raster != nil && percentileValues.count > 1 { throw ValidationError("--raster needs one --percentile") }
    }

    /// The percentiles to draw rings for: driving and walking do not vary by minute, so one is enough.
    var percentileValues: [Double] { mode == .transit ? percentiles.values : [percentiles.values[0]] }

    public func run() throws {
        let reporter = out.reporter
        // The raster's CRS goes beside it (name.prj): an output too.
        let prj = raster.flatMap { $0 == "-" ? nil : URL(fileURLWithPath: $0).deletingPathExtension().appendingPathExtension("prj").path }
        let outputs = try out.outputSet(inputs: [network, people.population, scenarioOptions.scenario],
                                        others: [("--raster", raster), ("--raster's .prj", prj)])
        reporter.stage("loading \(network)")
        let loaded = try scenarioOptions.load(network, reporter: reporter)
        let built = loaded.network
        let resolver = PlaceResolver(network: built, accessRadiusMeters: journey.feeders.accessRadius)
        let places = try resolver.resolveAll(origins, argument: "--from")
        let chosenCRS = metricCRS.chosen(for: built, near: places[0].coordinate)
        reporter.stage("\(mode == .transit ? "" : mode.rawValue + " ")isochrones from \(places.map(\.name).joined(separator: ", ")) in \(chosenCRS)")
        if built.districts.isEmpty, people.population != nil {
            throw InputError(file: "--population", message: "the network has no districts: build it from a manifest with \"districts\"")
        }
        let surface = built.districts.isEmpty ? nil : try people.surface(network: built, crs: chosenCRS, reporter: reporter)
        var calculators: [IsochroneCalculator] = []
        var results: [IsochroneResult] = []
        for percentile in percentileValues {
            let travel = try journey.travelParameters(network: built, percentiles: [percentile],
                                                      windowMinutes: mode == .transit ? nil : 1)
            var parameters = IsochroneParameters(cutoffsMinutes: try parsedCutoffs(), travel: travel, cellMeters: cell,
                                                 combine: combine, mode: mode)
            parameters.memoryLimit = MemoryLimit(parsing: maxMemory) ?? .default
            let calculator = try IsochroneCalculator(network: built, parameters: parameters, crs: chosenCRS,
                                                     population: surface)
            calculators.append(calculator)
            results.append(try calculator.run(origins: places))
        }
        var collection = results[0].featureCollection()
        for result in results.dropFirst() { collection.features += result.featureCollection().features }
        var options = results[0].parameters.travel.provenanceOptions
        options["percentiles"] = .array(percentileValues.map { .number($0) })
        options["mode"] = .string(mode.rawValue)
        options["from"] = .array(origins.map { .string($0) })
        options["cutoffs_min"] = .array(try parsedCutoffs().map { .number(Double($0)) })
        options["cell_m"] = .number(cell)
        options["combine"] = .string(combine.rawValue)
        options["crs"] = .string(chosenCRS)
        let provenance = try Provenance(command: "isochrone", options: options,
                                        profile: mode == .transit ? results[0].parameters.travel.profile : nil,
                                        network: built, networkPath: network, scenario: loaded.provenance)
        // The ASCII raster has no room for it; the GeoJSON carries it.
        if let raster, let grid = results[0].grids.first?.grid, ["tif", "tiff"].contains(URL(fileURLWithPath: raster).pathExtension.lowercased()) {
            let m = RasterASCIIGrid.minutes(of: grid)
            do {
                // GDAL writes the file itself: into the set's temporary path, committed below.
                try GDALContext.forCommand().writeCloudOptimizedGeoTIFF(RasterBandContent(
                    width: m.width, height: m.height, west: m.west, north: m.north, cellSize: grid.cellMeters, values: m.values,
                    noData: Double(RasterASCIIGrid.nodataValue), crs: grid.crs, description: "travel time, minutes"),
                    to: try outputs.temporaryPath(for: raster))
            } catch let error as GDALError {
                throw InputError(file: raster, message: error.message)
            }
        } else if let raster, let grid = results[0].grids.first?.grid {
            try outputs.write(Data(RasterASCIIGrid.text(of: grid).utf8), to: raster)
            // The grid's CRS beside it (name.prj), so GIS software places the raster without being told.
            if let prj, let wkt = try CRSDescription(of: grid.crs).esriWKT {
                try outputs.write(Data(wkt.utf8), to: prj)
            }
        }
        try formatOptions.write(collection, schema: IsochroneResult.featureSchema, provenance: provenance, to: out.path, into: outputs)
        try outputs.commit()
        let rings = results.flatMap { result in result.rings.map { (result.parameters.percentile, $0) } }
        reporter.done("\(rings.count) rings → \(out.path)")
        if timingRepeats > 0 {
            // Benchmark aid: the same computation again, timed in process (network loaded, PROJ/GEOS ready).
            var milliseconds: [Double] = []
            for _ in 0..<timingRepeats {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try calculators[0].run(origins: places)
                milliseconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            milliseconds.sort()
            let median = milliseconds[milliseconds.count / 2]
            FileHandle.standardError.write(Data(String(format: "timing: %d runs × %d origins: median %.3f ms per run, %.3f ms per origin\n",
                                                       timingRepeats, places.count, median, median / Double(places.count)).utf8))
        }
        if !out.quiet {
            for (percentile, r) in rings {
                let label = results.count > 1 ? " (\(TravelTimeArguments.columnName(percentile: percentile)))" : ""
                let line = "  \(r.origin) ≤\(r.cutoffMinutes) min\(label): " + String(format: "%.1f km², %.0f people, ", r.areaSquareKilometers,
                                  r.populationCovered) + "\(r.districts.count) districts\n"
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
    }
}
