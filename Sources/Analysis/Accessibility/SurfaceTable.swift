import Foundation
import GeoCore
import GeoPROJ
import Routing

/// The cells of an accessibility surface with their measures, as written: features of the origin cells (any
/// format of the commands' `FeatureOutputWriter`), grids (one per measure: ESRI ASCII grids, or the bands of one
/// GeoTIFF), and shard files that `merged` combines into the table of a one-process run.
///
/// A shard file is text: a first line `metrocommute surface shard 2`, `shard i/n`, `cells N`, one line of JSON
/// (the run's header: provenance, CRS, cell size, cutoffs, whether there is a core, the district names, what is
/// summed, the run's origin count), then one tab-separated row per origin of the shard (cell, longitude, latitude,
/// district, population, [the cell's opportunities,] the sums within each cutoff, core seconds or `-`), numbers in
/// Swift's shortest exact form, so merging loses nothing.
public struct SurfaceTable: Sendable, Equatable {
    public var metadata: JSONValue
    public var crs: String
    public var cellMeters: Double
    public var cutoffsMinutes: [Int]
    public var hasCore: Bool
    public var districtNames: [String]
    public var shard: SurfaceShard
    /// All cells of the surface (the destinations).
    public var cellCount: Int
    /// Origins of the whole run (every cell, or those in a mask), over all shards.
    public var originCount: Int
    /// What the sums count: `pop` (the population) or the name of the user's opportunity column.
    public var opportunity: String
    /// Rows of the shard's origins, ascending cell, with each cell.
    public var rows: [(cell: PopulationCell, row: SurfaceRow)]
    /// The opportunities of each row's own cell, in row order; nil when population is summed.
    public var rowOpportunities: [Double]?

    /// `opportunity` when population is summed.
    public static let population = "pop"

    public static func == (a: SurfaceTable, b: SurfaceTable) -> Bool {
        a.header == b.header && a.shard == b.shard && a.cellCount == b.cellCount
            && a.rows.map(\.cell) == b.rows.map(\.cell) && a.rows.map(\.row) == b.rows.map(\.row)
            && a.rowOpportunities == b.rowOpportunities
    }

    /// `metadata` is normalised to what a reader of the written JSON gets back, so that merged shards equal
    /// a one-process run byte for byte. `originCount` defaults to every cell.
    public init(metadata: JSONValue, crs: String, cellMeters: Double, cutoffsMinutes: [Int], hasCore: Bool,
                districtNames: [String], shard: SurfaceShard, cellCount: Int, originCount: Int? = nil,
                opportunity: String = SurfaceTable.population,
                rows: [(cell: PopulationCell, row: SurfaceRow)], rowOpportunities: [Double]? = nil) throws {
        precondition(rowOpportunities == nil || rowOpportunities!.count == rows.count, "one opportunity value per row")
        precondition((opportunity == Self.population) == (rowOpportunities == nil), "opportunities come with their values")
        self.metadata = .null; self.crs = crs; self.cellMeters = cellMeters; self.cutoffsMinutes = cutoffsMinutes
        self.hasCore = hasCore; self.districtNames = districtNames; self.shard = shard; self.cellCount = cellCount
        self.originCount = originCount ?? cellCount; self.opportunity = opportunity
        self.rows = rows; self.rowOpportunities = rowOpportunities
        self.metadata = try Self.readHeader(Self.headerLine(.object(["metadata": metadata])), file: "metadata").metadata
    }

    private var header: JSONValue {
        .object(["metadata": metadata, "crs": .string(crs), "cell_m": .number(cellMeters),
                 "cutoffs_min": .array(cutoffsMinutes.map { .number(Double($0)) }), "core": .bool(hasCore),
                 "districts": .array(districtNames.map { .string($0) }), "opportunity": .string(opportunity),
                 "origins": .number(Double(originCount))])
    }

    /// Whether the rows carry their own opportunity column.
    private var hasOpportunities: Bool { opportunity != Self.population }

    private static func headerLine(_ header: JSONValue) -> String {
        "{\"type\":\"FeatureCollection\",\"features\":[],\"header\":" + GeoJSONWriter().text(for: header) + "}"
    }

    private static func readHeader(_ line: String, file: String) throws -> (metadata: JSONValue, header: JSONValue) {
        let collection = try GeoJSONReader.read(data: Data(line.utf8), fileName: file)
        guard let h = collection.foreignMembers["header"] else { throw InputError(file: file, message: "no surface header") }
        guard case .object(let o) = h, let m = o["metadata"] else { throw InputError(file: file, message: "no metadata in the surface header") }
        return (m, h)
    }

    // MARK: Shard files

    public static let magic = "metrocommute surface shard 2"

    public func shardText() -> String {
        var out = "\(Self.magic)\nshard \(shard)\ncells \(cellCount)\n" + Self.headerLine(header) + "\n"
        for (k, (cell, row)) in rows.enumerated() {
            var fields = ["\(row.cell)", "\(cell.coordinate.longitude)", "\(cell.coordinate.latitude)", "\(cell.district)",
                          "\(cell.population)"]
            if let own = rowOpportunities { fields.append("\(own[k])") }
            fields += row.populationWithin.map { "\($0)" }
            fields.append(row.coreSeconds.map { "\($0)" } ?? "-")
            out += fields.joined(separator: "\t") + "\n"
        }
        return out
    }

    /// Reads a shard file's text (`file` names it in errors).
    public static func parse(shardText text: String, file: String) throws -> SurfaceTable {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func fail(_ line: Int, _ message: String) -> InputError { InputError(file: file, location: "line \(line)", message: message) }
        guard lines.count >= 4, lines[0] == magic else {
            throw InputError(file: file, message: "not a surface shard file (written by `metrocommute surface --shard i/n`)")
        }
        let shardParts = lines[1].hasPrefix("shard ") ? lines[1].dropFirst(6).split(separator: "/").compactMap { Int($0) } : []
        guard shardParts.count == 2, shardParts[1] >= 1, (0..<shardParts[1]).contains(shardParts[0]) else { throw fail(2, "expected `shard i/n`") }
        guard lines[2].hasPrefix("cells "), let cellCount = Int(lines[2].dropFirst(6)), cellCount >= 0 else { throw fail(3, "expected `cells N`") }
        let (metadata, header) = try readHeader(lines[3], file: file)
        guard case .object(let h) = header, let crs = h["crs"]?.stringValue, let cell = h["cell_m"]?.doubleValue,
              case .array(let cutoffValues)? = h["cutoffs_min"], case .bool(let hasCore)? = h["core"],
              case .array(let names)? = h["districts"], let opportunity = h["opportunity"]?.stringValue,
              let originCount = h["origins"]?.intValue, (0...cellCount).contains(originCount) else {
            throw fail(4, "incomplete surface header")
        }
        let cutoffs = cutoffValues.compactMap(\.intValue)
        let districtNames = names.compactMap(\.stringValue)
        let own = opportunity == population ? 0 : 1
        var rows: [(cell: PopulationCell, row: SurfaceRow)] = []
        var rowOpportunities: [Double] = []
        for (k, line) in lines.enumerated().dropFirst(4) where !line.isEmpty {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6 + own + cutoffs.count, let index = Int(f[0]), (0..<cellCount).contains(index),
                  let lon = Double(f[1]), let lat = Double(f[2]), let district = Int(f[3]), let population = Double(f[4]) else {
                throw fail(k + 1, "malformed row")
            }
            if own == 1 {
                guard let value = Double(f[5]) else { throw fail(k + 1, "malformed row") }
                rowOpportunities.append(value)
            }
            let within = f[5 + own ..< 5 + own + cutoffs.count].compactMap { Double($0) }
            let core = f.last! == "-" ? nil : Int32(f.last!)
            guard within.count == cutoffs.count, f.last! == "-" || core != nil else { throw fail(k + 1, "malformed row") }
            rows.append((PopulationCell(coordinate: Coordinate(longitude: lon, latitude: lat), population: population, district: district),
                         SurfaceRow(cell: index, populationWithin: within, coreSeconds: core)))
        }
        return try SurfaceTable(metadata: metadata, crs: crs, cellMeters: cell, cutoffsMinutes: cutoffs, hasCore: hasCore,
                                districtNames: districtNames, shard: SurfaceShard(index: shardParts[0], count: shardParts[1]),
                                cellCount: cellCount, originCount: originCount, opportunity: opportunity, rows: rows,
                                rowOpportunities: own == 1 ? rowOpportunities : nil)
    }

    /// The shards `tables` (named `files` in errors) combined: every shard i/n of one run exactly once.
    public static func merged(_ tables: [SurfaceTable], files: [String]) throws -> SurfaceTable {
        guard let first = tables.first else { throw InputError(file: "merge", message: "no shard files given") }
        let n = first.shard.count
        var seen = [String?](repeating: nil, count: n)
        for (t, file) in zip(tables, files) {
            guard t.header == first.header, t.cellCount == first.cellCount, t.shard.count == n else {
                throw InputError(file: file, message: "comes from another run than \(files[0]) (network, options or shard count differ)")
            }
            if let other = seen[t.shard.index] {
                throw InputError(file: file, message: "shard \(t.shard) is also given as \(other)")
            }
            seen[t.shard.index] = file
        }
        if let missing = seen.firstIndex(where: { $0 == nil }) {
            throw InputError(file: files[0], message: "shard \(missing)/\(n) of this run is missing")
        }
        var all: [(cell: PopulationCell, row: SurfaceRow, own: Double?)] = []
        for t in tables {
            for (k, r) in t.rows.enumerated() { all.append((r.cell, r.row, t.rowOpportunities?[k])) }
        }
        all.sort { $0.row.cell < $1.row.cell }
        guard all.count == first.originCount, zip(all, all.dropFirst()).allSatisfy({ $0.row.cell < $1.row.cell }) else {
            throw InputError(file: files[0], message: "the shards do not hold every origin once (\(all.count) rows for \(first.originCount) origins)")
        }
        return try SurfaceTable(metadata: first.metadata, crs: first.crs, cellMeters: first.cellMeters,
                                cutoffsMinutes: first.cutoffsMinutes, hasCore: first.hasCore, districtNames: first.districtNames,
                                shard: .whole, cellCount: first.cellCount, originCount: first.originCount,
                                opportunity: first.opportunity, rows: all.map { ($0.cell, $0.row) },
                                rowOpportunities: first.rowOpportunities == nil ? nil : all.map { $0.own ?? 0 })
    }

    // MARK: Outputs

    /// `pop_within_<cutoff>` (or `<opportunity>_within_<cutoff>`) for each cutoff, then `core_min` with a core.
    public var measureNames: [String] { cutoffsMinutes.map { "\(opportunity)_within_\($0)" } + (hasCore ? ["core_min"] : []) }

    private static func minutes(_ s: Int32) -> Double { (Double(s) / 6).rounded() / 10 }

    /// The value of measure `m` (index into `measureNames`) for row `k`; nil for a core not reached.
    private func measure(_ m: Int, row k: Int) -> Double? {
        let row = rows[k].row
        if m < cutoffsMinutes.count { return row.populationWithin[m] }
        return row.coreSeconds.map(Self.minutes)
    }

    /// The features' schema: one point layer `cell` (table `surface_cells`): cell, district, population, the
    /// cell's own opportunities (when they are not the population), the measures.
    public var featureSchema: FeatureSchema {
        var fields: [FeatureSchema.Field] = [.init("cell", .integer), .init("district", .string), .init("population", .real)]
        if hasOpportunities { fields.append(.init(opportunity, .real)) }
        fields += measureNames.map { .init($0, .real) }
        return FeatureSchema([.init("cell", table: "surface_cells", .point, fields)])
    }

    /// One point feature per origin cell, `featureSchema`'s columns; the run's provenance as `metadata`.
    public func featureCollection() -> FeatureCollection {
        let names = measureNames
        let features = rows.enumerated().map { k, entry -> Feature in
            let (cell, row) = entry
            var p: [String: JSONValue] = ["cell": .number(Double(row.cell)), "population": .number(cell.population),
                                          "district": cell.district < districtNames.count ? .string(districtNames[cell.district]) : .null]
            if let own = rowOpportunities { p[opportunity] = .number(own[k]) }
            for (m, name) in names.enumerated() { p[name] = measure(m, row: k).map { .number($0) } ?? .null }
            return Feature(geometry: .point(cell.coordinate), properties: p)
        }
        return FeatureCollection(features, foreignMembers: ["metadata": metadata])
    }

    /// The measures on a north-up grid of `cellMeters` in `crs` (the grid of the cells of the districts, whose
    /// centres lie at the middle of its cells): a grid cell holds the population-weighted mean of the surface
    /// cells whose centres fall in it (the plain mean where they hold nobody; the core time: of those reaching the
    /// core), nil where there is none.
    public struct Grid: Sendable, Equatable {
        public var width: Int
        public var height: Int
        /// West and north edges, metres in `crs`.
        public var west: Double
        public var north: Double
        public var cellMeters: Double
        public var crs: String
        /// Per measure (`measureNames`), row by row from the north.
        public var measures: [(name: String, values: [Double?])]

        public static func == (a: Grid, b: Grid) -> Bool {
            a.width == b.width && a.height == b.height && a.west == b.west && a.north == b.north
                && a.cellMeters == b.cellMeters && a.crs == b.crs
                && a.measures.map(\.name) == b.measures.map(\.name) && a.measures.map(\.values) == b.measures.map(\.values)
        }
    }

    public func grid() throws -> Grid? {
        let transformer = try Transformer(from: "EPSG:4326", to: crs)
        let planar = try transformer.transform(rows.map(\.cell.coordinate))
        let columns = planar.map { Int(($0.longitude / cellMeters).rounded(.down)) }
        let rowsXY = planar.map { Int(($0.latitude / cellMeters).rounded(.down)) }
        guard let c0 = columns.min(), let c1 = columns.max(), let r0 = rowsXY.min(), let r1 = rowsXY.max() else { return nil }
        let width = c1 - c0 + 1, height = r1 - r0 + 1
        var measures: [(String, [Double?])] = []
        for (m, name) in measureNames.enumerated() {
            var sum = [Double](repeating: 0, count: width * height), plain = sum, weight = sum
            var count = [Int](repeating: 0, count: width * height)
            for k in rows.indices {
                guard let value = measure(m, row: k) else { continue }
                // North-up: row 0 is the northernmost.
                let g = (r1 - rowsXY[k]) * width + (columns[k] - c0)
                let w = rows[k].cell.population
                sum[g] += value * w; weight[g] += w; plain[g] += value; count[g] += 1
            }
            measures.append((name, (0..<(width * height)).map { g -> Double? in
                guard count[g] > 0 else { return nil }
                return weight[g] > 0 ? sum[g] / weight[g] : plain[g] / Double(count[g])
            }))
        }
        return Grid(width: width, height: height, west: Double(c0) * cellMeters, north: Double(r1 + 1) * cellMeters,
                    cellMeters: cellMeters, crs: crs, measures: measures)
    }

    /// One ESRI ASCII grid per measure (`grid()`): sums written whole, minutes with one decimal, NODATA where
    /// there is no cell.
    public func asciiGrids() throws -> [(measure: String, text: String)] {
        guard let grid = try grid() else { return [] }
        let nodata = RasterASCIIGrid.nodataValue
        return grid.measures.enumerated().map { m, entry in
            var text = "ncols \(grid.width)\nnrows \(grid.height)\n"
            text += "xllcorner \(RasterASCIIGrid.number(grid.west))\n"
            text += "yllcorner \(RasterASCIIGrid.number(grid.north - Double(grid.height) * grid.cellMeters))\n"
            text += "cellsize \(RasterASCIIGrid.number(grid.cellMeters))\nNODATA_value \(nodata)\n"
            for r in 0..<grid.height {
                let line = (0..<grid.width).map { c -> String in
                    guard let v = entry.values[r * grid.width + c] else { return "\(nodata)" }
                    return m < cutoffsMinutes.count ? String(Int(v.rounded())) : String(format: "%.1f", v)
                }
                text += line.joined(separator: " ") + "\n"
            }
            return (entry.name, text)
        }
    }

    /// The summary of the outputs (cells, people, opportunities, per measure its median over origins, its
    /// population-weighted median and mean); memory and time are the command's to add.
    public func summary() -> SurfaceSummary { SurfaceSummary(self) }

    /// Lines for standard error: cells, people, the population-weighted mean and median of each measure.
    public func summaryLines() -> [String] { summary().lines }
}
