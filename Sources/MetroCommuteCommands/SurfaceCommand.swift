import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoGDAL
import GeoIO
import GeoPROJ
import NetworkBuild
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
            cell is a destination; every cell (or those in --mask) an origin. For each origin, door-to-door transit \
            times (the access profile at both ends, the direct trip without transit too) to every cell for every \
            departure minute of the window; a cell's time is --percentile over the window; pop_within_<cutoff> is \
            the population of the cells within the cutoff (the origin cell included). --opportunities sums another \
            column instead (<column>_within_<cutoff>): per cell (a `cell` column) or per district (`adcode`, or \
            `district`/`name` with an optional `city`), a district's value spread over its cells by population. \
            --core adds core_min: the inbound time from the cell to the core at the same percentile.

            Egress from stops to cells is computed once for the run (one access search per cell), then reused by \
            every origin (R5's propagation); -v prints the counters. Memory is estimated before the egress table \
            and the rows are allocated and checked against --max-memory; --summary reports the estimate and the peak.

            --shard i/n computes the origins whose cell index mod n is i and writes a shard file to -o; \
            `surface merge` combines the n shard files into the outputs of a one-process run, byte for byte.

            Outputs: -o surface.tif: one GeoTIFF, a band per measure (descriptions = measure names, nodata -9999; \
            a grid cell holds the population-weighted mean of the surface cells in it); --cells the cell points \
            (cell, district, population, [<column>,] the measures) as GeoJSON, GeoPackage, CSV, FlatGeobuf or \
            Shapefile (-f or the extension). -o surface.gpkg (or .geojson, .csv…) writes the cells instead, and \
            --raster r.tif the GeoTIFF, or --raster r.asc one ESRI ASCII grid per measure (r_pop_within_30.asc …). \
            --summary s.md or s.json: cells, people, medians and means of each measure, memory. A summary goes to \
            standard error too.

            Example:
              metrocommute surface jingjinji.mcnet --cell 1000 --cutoffs 30,45,60 --core 北京南 -o surface.tif \\
                  --cells surface.gpkg --summary surface.md
              metrocommute surface jingjinji.mcnet --cell 1000 --shard 0/4 -o s0.shard
              metrocommute surface merge s0.shard s1.shard s2.shard s3.shard -o surface.tif --cells surface.gpkg
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

    @Option(help: "Origins only in these polygons: GeoJSON, GeoPackage, Shapefile or FlatGeobuf (every cell stays a destination).")
    var mask: String?

    @Option(help: "Sum these opportunities instead of the population: a CSV keyed by cell, adcode or district name (with --column).")
    var opportunities: String?

    @Option(help: "The column of --opportunities to sum (e.g. jobs).")
    var column: String?

    @Option(help: "Most memory the run may take (estimated before the egress table and rows are allocated), e.g. 8G, 512M.")
    var maxMemory = "8G"

    @Flag(name: .shortAndLong, help: "Print the run's counters (egress searches, range runs) on standard error.")
    var verbose = false

    @OptionGroup(title: "Outputs") var outputs: SurfaceOutputOptions
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

    /// Names a measure column can take: letters, digits and underscores, not a column the cells have already.
    static func checkColumn(_ name: String) throws {
        let allowed = name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "_" }
        guard !name.isEmpty, name.count <= 40, allowed, !(name.first?.isNumber ?? true) else {
            throw ValidationError("--column \"\(name)\": give a column name of letters, digits and _ (at most 40), e.g. jobs")
        }
        guard !["cell", "district", "population", "pop", "core_min", "kind", "id"].contains(name.lowercased()) else {
            throw ValidationError("--column \(name) would clash with the cells' own columns: rename it in the file")
        }
    }

    func validate() throws {
        try out.requireOutput()
        try threads.validate()
        _ = try Self.parseCutoffs(cutoffs)
        guard cell >= 10 && cell <= 10_000 else { throw ValidationError("--cell must be 10…10000 m, not \(cell)") }
        guard (0...100).contains(percentile) else { throw ValidationError("--percentile must be 0…100") }
        guard MemoryLimit(parsing: maxMemory) != nil else {
            throw ValidationError("--max-memory must be a size such as 8G, 512M or 2000000000 (bytes), not \(maxMemory)")
        }
        if (opportunities == nil) != (column == nil) { throw ValidationError("--opportunities and --column go together") }
        if let column { try Self.checkColumn(column) }
        if let shard {
            _ = try Self.parseShard(shard)
            if outputs.raster != nil || outputs.cells != nil || outputs.summary != nil {
                throw ValidationError("--raster, --cells and --summary are written by `surface merge`, not by a shard")
            }
        } else {
            try outputs.validate(main: out.path)
        }
    }

    func run() throws {
        let reporter = out.reporter
        let started = Date()
        let limit = MemoryLimit(parsing: maxMemory) ?? .default
        let shardValue = try shard.map(Self.parseShard)
        let files = try shardValue == nil
            ? outputs.outputSet(main: out, inputs: [network, people.population, scenarioOptions.scenario, mask, opportunities])
            : out.outputSet(inputs: [network, people.population, scenarioOptions.scenario, mask, opportunities])
        reporter.stage("loading \(network)")
        let loaded = try scenarioOptions.load(network, reporter: reporter)
        let built = loaded.network
        guard !built.districts.isEmpty else {
            throw InputError(file: network, message: "the network has no districts: build it from a manifest with \"districts\"")
        }
        let cutoffList = try Self.parseCutoffs(cutoffs)
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
        let originCells = try mask.map { try SurfaceMask.origins(of: surface.cells, in: Self.readMask($0), file: $0) }
        let opportunityValues = try opportunities.map { file in
            try Self.readOpportunities(file, column: column!, districts: built.districts, cells: surface.cells)
        }
        for note in opportunityValues?.notes ?? [] { reporter.warning("\(opportunities!): \(note)") }
        let travel = try journey.travelParameters(network: built, percentiles: [percentile])
        let parameters = SurfaceParameters(cutoffsMinutes: cutoffList, travel: travel, threads: threads.count)
        let allOrigins = originCells?.count ?? surface.cells.count
        let shardOrigins = shardValue.map { s in (originCells ?? Array(surface.cells.indices)).filter { s.contains($0) }.count } ?? allOrigins
        reporter.stage("egress from \(built.transit.stopCount) stops to \(surface.cells.count) cells")
        let calculator = try AccessibilitySurface(network: built, cells: surface.cells, parameters: parameters,
                                                  opportunities: opportunityValues?.values, originCount: shardOrigins,
                                                  memoryLimit: limit)
        let prepared = Date()
        let (rows, counters) = calculator.run(shard: shardValue ?? .whole, origins: originCells, core: corePlace) { done, total in
            reporter.bar("surface: \(done) of \(total) origins", fraction: Double(done) / Double(max(1, total)))
        }
        let seconds = Date().timeIntervalSince(prepared)
        var options = travel.provenanceOptions
        options["cell_m"] = .number(cell)
        options["cutoffs_min"] = .array(cutoffList.map { .number(Double($0)) })
        options["core"] = core.map { .string($0) } ?? .null
        options["crs"] = .string(crs)
        options["population"] = try people.population.map { try Provenance.file($0) } ?? .string(source.label)
        options["mask"] = try mask.map { try Provenance.file($0) } ?? .null
        options["opportunities"] = try opportunities.map { file in
            var o = try Provenance.file(file)
            if case .object(var fields) = o { fields["column"] = .string(column!); o = .object(fields) }
            return o
        } ?? .null
        let provenance = try Provenance(command: "surface", options: options, profile: travel.profile, network: built,
                                        networkPath: network, scenario: loaded.provenance)
        let table = try SurfaceTable(metadata: provenance.jsonValue, crs: crs, cellMeters: cell, cutoffsMinutes: cutoffList,
                                     hasCore: corePlace != nil, districtNames: built.districts.map(\.name),
                                     shard: shardValue ?? .whole, cellCount: surface.cells.count, originCount: allOrigins,
                                     opportunity: column ?? SurfaceTable.population,
                                     rows: rows.map { (surface.cells[$0.cell], $0) },
                                     rowOpportunities: opportunityValues.map { o in rows.map { o.values[$0.cell] } })
        if shardValue != nil {
            try files.write(Data(table.shardText().utf8), to: out.path)
            try files.commit()
        } else {
            try outputs.write(table, main: out.path, into: files, memoryEstimate: calculator.memoryEstimate.bytes,
                              started: started, quiet: out.quiet)
        }
        if verbose || !out.quiet {
            reporter.done(String(format: "%d origins in %.1f s (%.1f ms per origin on %d threads; egress table %.1f s) → %@",
                                 counters.originCount, seconds, 1000 * seconds / Double(max(1, counters.originCount)), parameters.threads,
                                 prepared.timeIntervalSince(started), out.path))
        }
        if verbose {
            FileHandle.standardError.write(Data(("counters: stops \(counters.stopCount), destination cells \(counters.destinationCount), "
                + "egress searches \(counters.egressSearches), egress pairs \(counters.egressPairs), origins \(counters.originCount), "
                + "range runs \(counters.rangeRuns), stops propagated \(counters.propagatedStops); memory estimate "
                + "\(MemoryLimit.format(calculator.memoryEstimate.bytes)), peak resident "
                + "\(ProcessMemory.peakResidentBytes().map(MemoryLimit.format) ?? "unknown")\n").utf8))
        }
    }

    /// The mask's features in WGS-84 (any vector format by its extension; GeoJSON otherwise).
    static func readMask(_ path: String) throws -> [Feature] {
        try VectorInput.read(path: path, format: VectorInput.Format(extensionOf: path) ?? .geojson, crs: nil, layer: nil,
                             entry: "--mask", manifestPath: path).features
    }

    /// The opportunities of `file`'s `column`: keyed by a `cell` column, else by `adcode`/`code`, `district`/`name`
    /// (with `city` when there is one).
    static func readOpportunities(_ file: String, column: String, districts: [District], cells: [PopulationCell]) throws -> SurfaceOpportunities {
        var reader = try CsvReader(url: URL(fileURLWithPath: file), fileName: file)
        let value = try reader.requireColumn(column)
        let cellColumn = reader.column("cell")
        let codeColumn = reader.column("adcode") ?? reader.column("code")
        let nameColumn = reader.column("district") ?? reader.column("name")
        let cityColumn = reader.column("city")
        guard cellColumn != nil || codeColumn != nil || nameColumn != nil else {
            throw InputError(file: file, location: "line 1",
                             message: "needs a key column: cell, adcode (or code), or district (or name, with city) (header: \(reader.header.joined(separator: ",")))")
        }
        var entries: [SurfaceOpportunities.Entry] = []
        while let row = try reader.next() {
            guard let v = row.double(value) else { throw reader.error("\"\(row[value])\" is not a number", row: row, column: value) }
            if let cellColumn {
                entries.append(.init(key: row[cellColumn], value: v, line: row.lineNumber))
            } else if let codeColumn, !row.isBlank(codeColumn) {
                entries.append(.init(key: row[codeColumn], value: v, line: row.lineNumber))
            } else if let nameColumn, !row.isBlank(nameColumn) {
                let city = cityColumn.flatMap { row.isBlank($0) ? nil : row[$0].trimmingCharacters(in: .whitespaces) }
                entries.append(.init(key: row[nameColumn], city: city, value: v, line: row.lineNumber))
            } else {
                throw reader.error("no district given (adcode or name)", row: row)
            }
        }
        return cellColumn != nil
            ? try SurfaceOpportunities.perCell(name: column, entries: entries, cellCount: cells.count, file: file)
            : try SurfaceOpportunities.perDistrict(name: column, entries: entries, districts: districts, cells: cells, file: file)
    }
}

struct SurfaceMerge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the shard files of one `surface --shard i/n` run into its outputs, byte-identical to a one-process run."
    )

    @Argument(help: "The n shard files (any order).")
    var shards: [String] = []

    @OptionGroup(title: "Outputs") var outputs: SurfaceOutputOptions
    @OptionGroup(title: "Output") var out: OutputOptions

    func validate() throws {
        try out.requireOutput()
        guard !shards.isEmpty else { throw ValidationError("give the shard files to merge") }
        try outputs.validate(main: out.path)
    }

    func run() throws {
        let started = Date()
        let files = try outputs.outputSet(main: out, inputs: shards)
        var tables: [SurfaceTable] = []
        for file in shards {
            guard let data = FileManager.default.contents(atPath: file) else { throw InputError(file: file, message: "cannot be read") }
            tables.append(try SurfaceTable.parse(shardText: String(decoding: data, as: UTF8.self), file: file))
        }
        let merged = try SurfaceTable.merged(tables, files: shards)
        tables = []
        try outputs.write(merged, main: out.path, into: files, memoryEstimate: nil, started: started, quiet: out.quiet)
        out.reporter.done("\(shards.count) shards, \(merged.rows.count) cells → \(out.path)")
    }
}

/// The outputs of `surface` and `surface merge`: -o (a GeoTIFF, or the cells), --cells, --raster, --summary.
struct SurfaceOutputOptions: ParsableArguments {
    @Option(help: "The cell points when -o is a GeoTIFF: .geojson, .gpkg, .csv, .fgb or .shp (or -f).")
    var cells: String?

    @Option(help: "The grids when -o holds the cells: r.tif (one GeoTIFF, a band per measure) or r.asc (r_<measure>.asc each).")
    var raster: String?

    @Option(help: "A summary of the surface: .md (Markdown) or .json.")
    var summary: String?

    @OptionGroup(title: "Cell format") var format: FormatOptions

    static func isGeoTIFF(_ path: String) -> Bool { ["tif", "tiff"].contains(URL(fileURLWithPath: path).pathExtension.lowercased()) }

    /// Where the cells and the grids go, given -o.
    func targets(main: String) -> (cells: String?, raster: String?) {
        Self.isGeoTIFF(main) ? (cells, main) : (main, raster)
    }

    /// ASCII grid files: `<stem>_<measure>.asc` for each measure.
    static func asciiPath(_ raster: String, measure: String) -> String {
        let stem = raster.lowercased().hasSuffix(".asc") ? String(raster.dropLast(4)) : raster
        return "\(stem)_\(measure).asc"
    }

    func validate(main: String) throws {
        if Self.isGeoTIFF(main) {
            if raster != nil { throw ValidationError("-o is the GeoTIFF already: give --cells for the cell points, not --raster") }
        } else if cells != nil {
            throw ValidationError("-o holds the cells: --cells is for when -o is a GeoTIFF (.tif)")
        }
        let (cellsPath, rasterPath) = targets(main: main)
        if let cellsPath { try format.check(path: cellsPath) }
        if rasterPath == "-" { throw ValidationError("the grids cannot go to standard output: give a file") }
        if let summary {
            guard summary != "-" else { return }
            guard ["md", "json"].contains(URL(fileURLWithPath: summary).pathExtension.lowercased()) else {
                throw ValidationError("--summary \(summary): give a .md (Markdown) or .json file")
            }
        }
    }

    /// The output set of the run: -o, --cells, the grid files, --summary (measure names unknown yet: ASCII grids are
    /// added when written).
    func outputSet(main out: OutputOptions, inputs: [String?]) throws -> OutputSet {
        let (cellsPath, rasterPath) = targets(main: out.path)
        var others: [(option: String, path: String?)] = [("--summary", summary)]
        if Self.isGeoTIFF(out.path) { others.append(("--cells", cellsPath)) } else if let rasterPath, Self.isGeoTIFF(rasterPath) {
            others.append(("--raster", rasterPath))
        }
        return try out.outputSet(inputs: inputs, others: others)
    }

    /// Writes every output of `table` into `files` and commits: grids, then the summary (with the peak resident set
    /// so far: the outputs are made in memory by then), then the cells last (their non-GeoJSON writers write whole
    /// files themselves).
    func write(_ table: SurfaceTable, main: String, into files: OutputSet, memoryEstimate: Int?, started: Date, quiet: Bool) throws {
        let (cellsPath, rasterPath) = targets(main: main)
        if let rasterPath, let grid = try table.grid() {
            if Self.isGeoTIFF(rasterPath) {
                let noData = Double(RasterASCIIGrid.nodataValue)
                let bands = grid.measures.map { m in
                    RasterBandContent(width: grid.width, height: grid.height, west: grid.west, north: grid.north,
                                      cellSize: grid.cellMeters, values: m.values.map { Float($0 ?? noData) }, noData: noData,
                                      crs: grid.crs, description: m.name)
                }
                do {
                    try GDALContext().writeCloudOptimizedGeoTIFF(bands: bands, to: try files.temporaryPath(for: rasterPath))
                } catch let error as GDALError {
                    throw InputError(file: rasterPath, message: error.message)
                }
            } else {
                let prj = try CRSDescription(of: table.crs).esriWKT
                for (measure, text) in try table.asciiGrids() {
                    let path = Self.asciiPath(rasterPath, measure: measure)
                    try files.add(path, option: "--raster")
                    try files.write(Data(text.utf8), to: path)
                    if let prj {
                        let prjPath = URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension("prj").path
                        try files.add(prjPath, option: "--raster's .prj")
                        try files.write(Data(prj.utf8), to: prjPath)
                    }
                }
            }
        }
        let collection = cellsPath == nil ? nil : table.featureCollection()
        var summary = table.summary()
        summary.memoryEstimateBytes = memoryEstimate
        summary.peakResidentBytes = ProcessMemory.peakResidentBytes()
        summary.seconds = Date().timeIntervalSince(started)
        if let path = self.summary {
            let text = path.lowercased().hasSuffix(".json") ? GeoJSONWriter().text(for: summary.json) + "\n" : summary.markdown
            try files.write(Data(text.utf8), to: path)
        }
        if let cellsPath, let collection {
            try format.write(collection, schema: table.featureSchema, provenance: nil, to: cellsPath, into: files)
        }
        try files.commit()
        if !quiet { FileHandle.standardError.write(Data(summary.lines.map { $0 + "\n" }.joined().utf8)) }
    }
}
