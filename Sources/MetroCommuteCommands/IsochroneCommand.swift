import Analysis
import ArgumentParser
import Foundation
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
            percentile of its times over the window is within the cutoff. Each area is traced exactly along cell \
            edges (holes and separate parts kept), returned to WGS-84 and checked with GEOS.

            --mode drive: by car on the road graph (manifest `roads`), free flow, one-way links respected: the \
            origin snaps to the nearest road node within 500 m (walked crow-fly × detour at walking speed); a cell \
            takes the time of a reached road node plus a crow-fly walk (× detour, walking speed) from the node to \
            its centre, within the hop radius (the cell size, at least 100 m), or the direct walk from the origin \
            within 500 m. --mode walk: on foot only, on streets when the network has them. Neither varies by \
            departure minute: the window collapses to one minute (window_min 1) and the percentile is moot; \
            features carry mode.

            Properties per feature: origin, cutoff_min, area_km2, pop_covered (area-weighted from districts), \
            districts (touched), depart, window_min, percentile, cell_m, crs.

            Examples:
              metrocommute isochrone jingjinji.mcnet --from 北京南 --depart 08:00 --window 60 -o rings.geojson
              metrocommute isochrone jingjinji.mcnet --from 116.397,39.909 --from 天津 --combine min \\
                  --cutoffs 30,60,90 --raster grid.asc -o rings.geojson
              metrocommute isochrone helsinki.mcnet --mode drive --from 24.944,60.171 --cutoffs 5,10 -o drive.geojson
            """
    )

    @Argument(help: "A network file written by `metrocommute build`.")
    var network: String

    @Option(name: .customLong("from"), help: "Origin: lon,lat, a station or a district name (repeat for several).")
    var origins: [String]

    @Option(help: "transit (rail + walk), drive (road graph, free flow) or walk.")
    var mode = "transit"

    @Option(help: "First departure, HH:MM on the service day.")
    var depart = "08:00"

    @Option(help: "Departure window, minutes (one departure per minute).")
    var window = 60

    @Option(help: "Cutoffs in minutes, ascending, comma-separated.")
    var cutoffs = "15,30,45,60"

    @Option(help: "Percentile of the travel times over the window that must be within a cutoff.")
    var percentile = 50.0

    @Option(help: "Cell size, metres.")
    var cell = 200.0

    @Option(help: "Several origins: separate (one ring set each) or min (fastest origin per departure minute).")
    var combine = "separate"

    @Option(help: "Longest access/egress walk, crow-fly metres.")
    var accessRadius = AccessParameters.defaultMaxRadiusMeters

    @Option(help: "Most vehicles per journey.")
    var maxRides = 8

    @Option(help: "Metric CRS of the grid (default: the network's local_crs, else UTM).")
    var crs: String?

    @Option(help: "Also write the travel-time grid (minutes) as an ESRI ASCII grid (.asc).")
    var raster: String?

    @Option(name: .shortAndLong, help: "Output GeoJSON file, or - for standard output.")
    var output: String

    @Flag(name: .shortAndLong, help: "No progress on standard error.")
    var quiet = false

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
        guard !origins.isEmpty else { throw ValidationError("give at least one --from") }
        guard TravelMode(rawValue: mode) != nil else { throw ValidationError("--mode must be one of \(TravelMode.choices), not \(mode)") }
        _ = try parsedCutoffs()
        guard IsochroneParameters.Combine(rawValue: combine) != nil else {
            throw ValidationError("--combine must be separate or min, not \(combine)")
        }
        guard (1...24 * 60).contains(window) else { throw ValidationError("--window must be 1…1440 minutes") }
        guard percentile >= 0 && percentile <= 100 else { throw ValidationError("--percentile must be within 0…100") }
        guard cell >= 10 && cell <= 10_000 else { throw ValidationError("--cell must be 10…10000 m") }
        guard accessRadius >= 0 && accessRadius <= 20_000 else { throw ValidationError("--access-radius must be 0…20000 m") }
        guard (0...50).contains(maxRides) else { throw ValidationError("--max-rides must be 0…50") }
        if raster != nil && origins.count > 1 && combine != "min" {
            throw ValidationError("--raster needs one origin or --combine min")
        }
    }

    public func run() throws {
        let reporter = ProgressReporter(quiet: quiet)
        reporter.stage("loading \(network)")
        let built = try BuiltNetwork(contentsOfFile: network)
        let departure = try TravelTimeArguments.parseClock(depart)
        let resolver = PlaceResolver(network: built, accessRadiusMeters: accessRadius)
        let places = try resolver.resolveAll(origins, argument: "--from")
        let travelMode = TravelMode(rawValue: mode)!
        let travel = TravelTimeParameters(
            firstDepartureSeconds: departure, windowMinutes: travelMode == .transit ? window : 1, percentiles: [percentile],
            raptor: RaptorParameters(maxRides: maxRides),
            access: AccessParameters(build: built.metadata.parameters, maxRadiusMeters: accessRadius))
        let parameters = IsochroneParameters(cutoffsMinutes: try parsedCutoffs(), travel: travel, cellMeters: cell,
                                             combine: IsochroneParameters.Combine(rawValue: combine)!, mode: travelMode)
        let chosenCRS = crs ?? IsochroneCalculator.localCRS(of: built, near: places[0].coordinate)
        reporter.stage("\(travelMode == .transit ? "" : travelMode.rawValue + " ")isochrones from \(places.map(\.name).joined(separator: ", ")) in \(chosenCRS)")
        let calculator = try IsochroneCalculator(network: built, parameters: parameters, crs: chosenCRS)
        let result = try calculator.run(origins: places)
        try write(GeoJSONWriter().data(for: result.featureCollection()), to: output)
        if let raster, let grid = result.grids.first?.grid {
            try AtomicFile.write(Data(RasterASCIIGrid.text(of: grid).utf8), to: raster)
            // The grid's CRS beside it (name.prj), so GIS software places the raster without being told.
            if raster != "-", let wkt = try CRSDescription(of: grid.crs).esriWKT {
                let prj = URL(fileURLWithPath: raster).deletingPathExtension().appendingPathExtension("prj").path
                try AtomicFile.write(Data(wkt.utf8), to: prj)
            }
        }
        reporter.done("\(result.rings.count) rings → \(output)")
        if timingRepeats > 0 {
            // Benchmark aid: the same computation again, timed in process (network loaded, PROJ/GEOS ready).
            var milliseconds: [Double] = []
            for _ in 0..<timingRepeats {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try calculator.run(origins: places)
                milliseconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            milliseconds.sort()
            let median = milliseconds[milliseconds.count / 2]
            FileHandle.standardError.write(Data(String(format: "timing: %d runs × %d origins: median %.3f ms per run, %.3f ms per origin\n",
                                                       timingRepeats, places.count, median, median / Double(places.count)).utf8))
        }
        if !quiet {
            for r in result.rings {
                let line = "  \(r.origin) ≤\(r.cutoffMinutes) min: " + String(format: "%.1f km², %.0f people, ", r.areaSquareKilometers,
                                  r.populationCovered) + "\(r.districts.count) districts\n"
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
    }

    private func write(_ data: Data, to path: String) throws {
        if path == "-" { FileHandle.standardOutput.write(data) } else { try AtomicFile.write(data, to: path) }
    }
}
