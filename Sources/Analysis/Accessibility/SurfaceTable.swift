import Foundation
import GeoCore
import GeoPROJ
import Routing

/// The cells of an accessibility surface with their measures, as written: a GeoJSON of cells, ESRI ASCII grids
/// (one per measure), and shard files that `merged` combines into the table of a one-process run.
///
/// A shard file is text: a first line `metrocommute surface shard 1`, `shard i/n`, `cells N`, one line of JSON
/// (the run's header: provenance, CRS, cell size, cutoffs, whether there is a core, the district names), then one
/// tab-separated row per origin of the shard (cell, longitude, latitude, district, population, people within each
/// cutoff, core seconds or `-`), numbers in Swift's shortest exact form, so merging loses nothing.
public struct SurfaceTable: Sendable, Equatable {
    public var metadata: JSONValue
    public var crs: String
    public var cellMeters: Double
    public var cutoffsMinutes: [Int]
    public var hasCore: Bool
    public var districtNames: [String]
    public var shard: SurfaceShard
    /// All cells of the surface.
    public var cellCount: Int
    /// Rows of the shard's origins, ascending cell, with each cell.
    public var rows: [(cell: PopulationCell, row: SurfaceRow)]

    public static func == (a: SurfaceTable, b: SurfaceTable) -> Bool {
        a.header == b.header && a.shard == b.shard && a.cellCount == b.cellCount
            && a.rows.map(\.cell) == b.rows.map(\.cell) && a.rows.map(\.row) == b.rows.map(\.row)
    }

    /// `metadata` is normalised to what a reader of the written JSON gets back, so that merged shards equal
    /// a one-process run byte for byte.
    public init(metadata: JSONValue, crs: String, cellMeters: Double, cutoffsMinutes: [Int], hasCore: Bool,
                districtNames: [String], shard: SurfaceShard, cellCount: Int,
                rows: [(cell: PopulationCell, row: SurfaceRow)]) throws {
        self.metadata = .null; self.crs = crs; self.cellMeters = cellMeters; self.cutoffsMinutes = cutoffsMinutes
        self.hasCore = hasCore; self.districtNames = districtNames; self.shard = shard; self.cellCount = cellCount
        self.rows = rows
        self.metadata = try Self.readHeader(Self.headerLine(.object(["metadata": metadata])), file: "metadata").metadata
    }

    private var header: JSONValue {
        .object(["metadata": metadata, "crs": .string(crs), "cell_m": .number(cellMeters),
                 "cutoffs_min": .array(cutoffsMinutes.map { .number(Double($0)) }), "core": .bool(hasCore),
                 "districts": .array(districtNames.map { .string($0) })])
    }

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

    public static let magic = "metrocommute surface shard 1"

    public func shardText() -> String {
        var out = "\(Self.magic)\nshard \(shard)\ncells \(cellCount)\n" + Self.headerLine(header) + "\n"
        for (cell, row) in rows {
            var fields = ["\(row.cell)", "\(cell.coordinate.longitude)", "\(cell.coordinate.latitude)", "\(cell.district)",
                          "\(cell.population)"]
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
              case .array(let names)? = h["districts"] else { throw fail(4, "incomplete surface header") }
        let cutoffs = cutoffValues.compactMap(\.intValue)
        let districtNames = names.compactMap(\.stringValue)
        var rows: [(cell: PopulationCell, row: SurfaceRow)] = []
        for (k, line) in lines.enumerated().dropFirst(4) where !line.isEmpty {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6 + cutoffs.count, let index = Int(f[0]), (0..<cellCount).contains(index),
                  let lon = Double(f[1]), let lat = Double(f[2]), let district = Int(f[3]), let population = Double(f[4]) else {
                throw fail(k + 1, "malformed row")
            }
            let within = f[5 ..< 5 + cutoffs.count].compactMap { Double($0) }
            let core = f.last! == "-" ? nil : Int32(f.last!)
            guard within.count == cutoffs.count, f.last! == "-" || core != nil else { throw fail(k + 1, "malformed row") }
            rows.append((PopulationCell(coordinate: Coordinate(longitude: lon, latitude: lat), population: population, district: district),
                         SurfaceRow(cell: index, populationWithin: within, coreSeconds: core)))
        }
        return try SurfaceTable(metadata: metadata, crs: crs, cellMeters: cell, cutoffsMinutes: cutoffs, hasCore: hasCore,
                                districtNames: districtNames, shard: SurfaceShard(index: shardParts[0], count: shardParts[1]),
                                cellCount: cellCount, rows: rows)
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
        let rows = tables.flatMap(\.rows).sorted { $0.row.cell < $1.row.cell }
        guard rows.count == first.cellCount, rows.enumerated().allSatisfy({ $0.offset == $0.element.row.cell }) else {
            throw InputError(file: files[0], message: "the shards do not hold every cell once (\(rows.count) rows for \(first.cellCount) cells)")
        }
        return try SurfaceTable(metadata: first.metadata, crs: first.crs, cellMeters: first.cellMeters,
                                cutoffsMinutes: first.cutoffsMinutes, hasCore: first.hasCore, districtNames: first.districtNames,
                                shard: .whole, cellCount: first.cellCount, rows: rows)
    }

    // MARK: Outputs

    public var measureNames: [String] { cutoffsMinutes.map { "pop_within_\($0)" } + (hasCore ? ["core_min"] : []) }

    private static func minutes(_ s: Int32) -> Double { (Double(s) / 6).rounded() / 10 }

    /// One point feature per cell: cell, district, population, pop_within_<cutoff>…, core_min (with a core).
    public func featureCollection() -> FeatureCollection {
        let features = rows.map { cell, row -> Feature in
            var p: [String: JSONValue] = ["cell": .number(Double(row.cell)), "population": .number(cell.population),
                                          "district": cell.district < districtNames.count ? .string(districtNames[cell.district]) : .null]
            for (k, c) in cutoffsMinutes.enumerated() { p["pop_within_\(c)"] = .number(row.populationWithin[k]) }
            if hasCore { p["core_min"] = row.coreSeconds.map { .number(Self.minutes($0)) } ?? .null }
            return Feature(geometry: .point(cell.coordinate), properties: p)
        }
        return FeatureCollection(features, foreignMembers: ["metadata": metadata])
    }

    /// One ESRI ASCII grid per measure (`measureNames`), cells of `cellMeters` in `crs`: a grid cell holds the
    /// population-weighted mean of the surface cells whose centres fall in it (core time: of those reaching the
    /// core); NODATA where there is none. People within a cutoff are written whole, minutes with one decimal.
    public func asciiGrids() throws -> [(measure: String, text: String)] {
        let transformer = try Transformer(from: "EPSG:4326", to: crs)
        let planar = try transformer.transform(rows.map(\.cell.coordinate))
        let columns = planar.map { Int(($0.longitude / cellMeters).rounded(.down)) }
        let rowsXY = planar.map { Int(($0.latitude / cellMeters).rounded(.down)) }
        guard let c0 = columns.min(), let c1 = columns.max(), let r0 = rowsXY.min(), let r1 = rowsXY.max() else { return [] }
        let width = c1 - c0 + 1, height = r1 - r0 + 1
        let nodata = RasterASCIIGrid.nodataValue
        var out: [(String, String)] = []
        for (m, name) in measureNames.enumerated() {
            var sum = [Double](repeating: 0, count: width * height), weight = sum, count = [Int](repeating: 0, count: width * height)
            for (k, entry) in rows.enumerated() {
                let value: Double
                if m < cutoffsMinutes.count { value = entry.row.populationWithin[m] } else {
                    guard let s = entry.row.coreSeconds else { continue }
                    value = Double(s) / 60
                }
                let g = (rowsXY[k] - r0) * width + (columns[k] - c0)
                sum[g] += value * entry.cell.population; weight[g] += entry.cell.population
                count[g] += 1
            }
            var text = "ncols \(width)\nnrows \(height)\n"
            text += "xllcorner \(RasterASCIIGrid.number(Double(c0) * cellMeters))\nyllcorner \(RasterASCIIGrid.number(Double(r0) * cellMeters))\n"
            text += "cellsize \(RasterASCIIGrid.number(cellMeters))\nNODATA_value \(nodata)\n"
            for r in stride(from: height - 1, through: 0, by: -1) {
                var line: [String] = []
                for c in 0..<width {
                    let g = r * width + c
                    guard count[g] > 0 else { line.append("\(nodata)"); continue }
                    let v = weight[g] > 0 ? sum[g] / weight[g] : 0
                    line.append(m < cutoffsMinutes.count ? String(Int(v.rounded())) : String(format: "%.1f", v))
                }
                text += line.joined(separator: " ") + "\n"
            }
            out.append((name, text))
        }
        return out
    }

    /// Lines for standard error: cells, people, the population-weighted mean of each measure.
    public func summaryLines() -> [String] {
        let people = rows.reduce(0) { $0 + $1.cell.population }
        var lines = [String(format: "%d cells, %.0f people (%@)", rows.count, people, crs)]
        for (k, c) in cutoffsMinutes.enumerated() {
            let mean = people > 0 ? rows.reduce(0) { $0 + $1.row.populationWithin[k] * $1.cell.population } / people : 0
            lines.append(String(format: "people within %d min, population-weighted mean over cells: %.0f", c, mean))
        }
        if hasCore {
            let reaching = rows.filter { $0.row.coreSeconds != nil }
            let w = reaching.reduce(0) { $0 + $1.cell.population }
            let mean = w > 0 ? reaching.reduce(0) { $0 + Double($1.row.coreSeconds!) / 60 * $1.cell.population } / w : 0
            lines.append(String(format: "core reached from %d of %d cells (%.1f %% of people), mean %.1f min", reaching.count, rows.count,
                                people > 0 ? 100 * w / people : 0, mean))
        }
        return lines
    }
}
