import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Network
import Routing

/// `surface`: the accessibility surface of an area's districts, whole or by shards, and `surface merge`.
public struct Surface: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(
        abstract: "Accessibility surface: for every population cell, the people reachable within each cutoff, and the time to a core.",
        subcommands: [SurfaceRun.self, SurfaceMerge.self],
        defaultSubcommand: SurfaceRun.self
    )
}

struct SurfaceRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Compute a surface (the default: `surface net.mcnet …` is `surface run net.mcnet …`).",
        discussion: """
            Cells are the population cells of the districts (as in rings): at most --cell metres, at least 25 per \
            district, district populations spread uniformly, or a people-per-cell raster (--population). Every \
            cell is an origin and a destination. For each origin, door-to-door transit times (the access profile \
            at both ends, the direct trip without transit too) to every cell for every departure minute of the \
            window; a cell's time is --percentile over the window; pop_within_<cutoff> is the population of the \
            cells within the cutoff (the origin cell included). --core adds core_min: the inbound time from the \
            cell to the core at the same percentile.

            Egress from stops to cells is computed once for the run (one access search per cell), then reused by \
            every origin (R5's propagation); -v prints the counters.

            --shard i/n computes the origins whose cell index mod n is i and writes a shard file to -o; \
            `surface merge` combines the n shard files into the outputs of a one-process run, byte for byte.

            Outputs: -o a GeoJSON of cell points (cell, district, population, pop_within_<cutoff>…, core_min); \
            --raster r.asc one ESRI ASCII grid per measure (r_pop_within_30.asc …, r_core_min.asc; GeoTIFF \
            belongs to the GDAL module and is not written yet); a summary on standard error.

            Example:
              metrocommute surface jingjinji.mcnet --cell 1000 --cutoffs 30,45,60 --core 北京南 -o surface.geojson --raster surface.asc
              metrocommute surface jingjinji.mcnet --cell 1000 --shard 0/4 -o s0.shard
              metrocommute surface merge s0.shard s1.shard s2.shard s3.shard -o surface.geojson
            """
    )

    @Argument(help: "A network file written by `metrocommute build`.")
    var network: String

    @Option(help: "Largest population cell, metres (cells of districts from their census population).")
    var cell = 1_000.0

    @Option(help: "Cutoffs in minutes, ascending, comma-separated.")
    var cutoffs = "30,45,60"

    @Option(parsing: .unconditional, help: "A core (station, district or lon,lat): adds each cell's inbound time to it.")
    var core: String?

    @Option(help: "Percentile of each cell's travel times over the window, 0…100.")
    var percentile = 50.0

    @Option(help: ArgumentHelp("Compute only origin cells whose index mod n is i; -o gets a shard file for `surface merge`.",
                               valueName: "i/n"))
    var shard: String?

    @Option(help: "Also write one ESRI ASCII grid per measure: <name>_<measure>.asc.")
    var raster: String?

    @Flag(name: .shortAndLong, help: "Print the run's counters (egress searches, range runs) on standard error.")
    var verbose = false

    @OptionGroup(title: "Population") var people: PopulationOptions
    @OptionGroup(title: "Grid") var metricCRS: MetricCRSOptions
    @OptionGroup var journey: JourneyOptions<MorningPeakDepartures>
    @OptionGroup(title: "Threads") var threads: ThreadOptions
    @OptionGroup(title: "Scenario") var scenarioOptions: ScenarioOptions
    @OptionGroup(title: "Output") var out: OutputOptions

    static func parseCutoffs(_ text: String) throws -> [Int] {
        var values: [Int] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let v = Int(item), v > 0, v <= 24 * 60 else {
                throw ValidationError("--cutoffs: \"\(item)\" is not a whole number of minutes between 1 and 1440")
            }
            values.append(v)
        }
        guard zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw ValidationError("--cutoffs must ascend without repeats: \(text)")
        }
        return values
    }

    static func parseShard(_ text: String) throws -> SurfaceShard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 1_000_000 else {
            throw ValidationError("--shard: \"\(text)\" is not i/n (e.g. 0/4)")
        }
        guard (0..<n).contains(i) else { throw ValidationError("--shard \(text): the index must be 0…\(n - 1)") }
        return SurfaceShard(index: i, count: n)
    }

    func validate() throws {
        try out.requireOutput()
        try threads.validate()
        _ = try Self.parseCutoffs(cutoffs)
        guard cell >= 10 && cell <= 10_000 else { throw ValidationError("--cell must be 10…10000 m, not \(cell)") }
        guard (0...100).contains(percentile) else { throw ValidationError("--percentile must be 0…100") }
        if let shard {
            _ = try Self.parseShard(shard)
            if raster != nil { throw ValidationError("--raster is written by `surface merge`, not by a shard") }
        }
        if out.path == "-" && shard == nil && raster == "-" { throw ValidationError("only one of -o and --raster can be standard output") }
    }

    func run() throws {
        let reporter = out.reporter
        let started = Date()
        reporter.stage("loading \(network)")
        let loaded = try scenarioOptions.load(network, reporter: reporter)
        let built = loaded.network
        guard !built.districts.isEmpty else {
            throw InputError(file: network, message: "the network has no districts: build it from a manifest with \"districts\"")
        }
        let cutoffList = try Self.parseCutoffs(cutoffs)
        let shardValue = try shard.map(Self.parseShard) ?? .whole
        var corePlace: Place?
        if let core {
            let places = try PlaceResolver(network: built, accessRadiusMeters: journey.feeders.accessRadius).resolve(core, argument: "--core")
            guard places.count == 1 else { throw InputError(file: "--core", message: "\"\(core)\" gives \(places.count) places; the core must be one") }
            corePlace = places[0]
        }
        let near = corePlace?.coordinate ?? built.districts.lazy.compactMap { $0.boundary.polygons.first?.shell.coordinates.first }.first
            ?? Coordinate(longitude: 0, latitude: 0)
        let crs = metricCRS.chosen(for: built, near: near)
        let source: any PopulationSource = people.population == nil ? UniformDistrictPopulation(maxCellMeters: cell) : try people.source()
        let surface = try source.surface(network: built, crs: crs)
        for note in surface.notes { reporter.warning("\(source.label): \(note)") }
        let travel = try journey.travelParameters(network: built, percentiles: [percentile])
        let parameters = SurfaceParameters(cutoffsMinutes: cutoffList, travel: travel, threads: threads.count)
        reporter.stage("egress from \(built.transit.stopCount) stops to \(surface.cells.count) cells")
        let calculator = AccessibilitySurface(network: built, cells: surface.cells, parameters: parameters)
        let prepared = Date()
        let (rows, counters) = calculator.run(shard: shardValue, core: corePlace) { done, total in
            reporter.bar("surface: \(done) of \(total) origins", fraction: Double(done) / Double(max(1, total)))
        }
        let seconds = Date().timeIntervalSince(prepared)
        var options = travel.provenanceOptions
        options["cell_m"] = .number(cell)
        options["cutoffs_min"] = .array(cutoffList.map { .number(Double($0)) })
        options["core"] = core.map { .string($0) } ?? .null
        options["crs"] = .string(crs)
        options["population"] = try people.population.map { try Provenance.file($0) } ?? .string(source.label)
        let provenance = try Provenance(command: "surface", options: options, profile: travel.profile, network: built,
                                        networkPath: network, scenario: loaded.provenance)
        let table = try SurfaceTable(metadata: provenance.jsonValue, crs: crs, cellMeters: cell, cutoffsMinutes: cutoffList,
                                     hasCore: corePlace != nil, districtNames: built.districts.map(\.name), shard: shardValue,
                                     cellCount: surface.cells.count,
                                     rows: rows.map { (surface.cells[$0.cell], $0) })
        if shard != nil {
            try AtomicFile.write(Data(table.shardText().utf8), to: out.path)
        } else {
            try SurfaceMerge.write(table, to: out.path, raster: raster)
        }
        if verbose || !out.quiet {
            reporter.done(String(format: "%d origins in %.1f s (%.1f ms per origin on %d threads; egress table %.1f s) → %@",
                                 counters.originCount, seconds, 1000 * seconds / Double(max(1, counters.originCount)), parameters.threads,
                                 prepared.timeIntervalSince(started), out.path))
        }
        if verbose {
            FileHandle.standardError.write(Data(("counters: stops \(counters.stopCount), destination cells \(counters.destinationCount), "
                + "egress searches \(counters.egressSearches), egress pairs \(counters.egressPairs), origins \(counters.originCount), "
                + "range runs \(counters.rangeRuns), stops propagated \(counters.propagatedStops)\n").utf8))
        }
        if !out.quiet && shard == nil { FileHandle.standardError.write(Data(table.summaryLines().map { $0 + "\n" }.joined().utf8)) }
    }
}

struct SurfaceMerge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the shard files of one `surface --shard i/n` run into its outputs, byte-identical to a one-process run."
    )

    @Argument(help: "The n shard files (any order).")
    var shards: [String] = []

    @Option(help: "Also write one ESRI ASCII grid per measure: <name>_<measure>.asc.")
    var raster: String?

    @OptionGroup(title: "Output") var out: OutputOptions

    func validate() throws {
        try out.requireOutput()
        guard !shards.isEmpty else { throw ValidationError("give the shard files to merge") }
    }

    func run() throws {
        var tables: [SurfaceTable] = []
        for file in shards {
            guard let data = FileManager.default.contents(atPath: file) else { throw InputError(file: file, message: "cannot be read") }
            tables.append(try SurfaceTable.parse(shardText: String(decoding: data, as: UTF8.self), file: file))
        }
        let merged = try SurfaceTable.merged(tables, files: shards)
        try Self.write(merged, to: out.path, raster: raster)
        out.reporter.done("\(shards.count) shards, \(merged.rows.count) cells → \(out.path)")
        if !out.quiet { FileHandle.standardError.write(Data(merged.summaryLines().map { $0 + "\n" }.joined().utf8)) }
    }

    /// The GeoJSON to `path` and, with `raster`, one grid per measure beside it.
    static func write(_ table: SurfaceTable, to path: String, raster: String?) throws {
        var grids: [(String, Data)] = []
        if let raster {
            let stem = raster.hasSuffix(".asc") ? String(raster.dropLast(4)) : raster
            grids = try table.asciiGrids().map { ("\(stem)_\($0.measure).asc", Data($0.text.utf8)) }
        }
        try AtomicFile.write(GeoJSONWriter().data(for: table.featureCollection()), to: path)
        for (file, data) in grids { try AtomicFile.write(data, to: file) }
    }
}
