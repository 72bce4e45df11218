import Foundation
import GeoCore
import GeoGEOS
import GeoPROJ
import Network

/// People at a point: a cell of a population surface, assigned to one district.
public struct PopulationCell: Sendable, Equatable {
    /// Cell centre, WGS-84.
    public var coordinate: Coordinate
    public var population: Double
    /// Index into `BuiltNetwork.districts`.
    public var district: Int

    public init(coordinate: Coordinate, population: Double, district: Int) {
        self.coordinate = coordinate; self.population = population; self.district = district
    }
}

/// Where people live inside the districts, as cells of at most `maxCellMeters` (default 1 km) with at least
/// `minCellsPerDistrict` (default 25) per district, so that district shares are computed from many points.
/// One interface, several sources: `UniformDistrictPopulation` (the district's census total spread evenly over
/// its main parts) and `GridPopulation` (people per cell from a raster in any CRS).
public protocol PopulationSource: Sendable {
    /// What the surface is made from, for provenance ("district-uniform", "grid pop.asc").
    var label: String { get }
    func surface(network: BuiltNetwork, crs: String) throws -> PopulationSurface
}

public struct PopulationSurface: Sendable, Equatable {
    public var label: String
    /// Ascending district, then row-major within the district's grid.
    public var cells: [PopulationCell]
    /// Remarks for the user (raster people outside every district, districts without raster cells).
    public var notes: [String]

    public init(label: String, cells: [PopulationCell], notes: [String] = []) {
        self.label = label; self.cells = cells; self.notes = notes
    }

    /// Cells of each district, by district index.
    public func cellIndicesByDistrict(count: Int) -> [[Int]] {
        var out = [[Int]](repeating: [], count: count)
        for (k, c) in cells.enumerated() where c.district < count { out[c.district].append(k) }
        return out
    }

    public static let maxCellMeters = 1_000.0
    public static let minCellsPerDistrict = 25
}

/// The district's census population spread evenly over its main parts (`RingDistrictShape`): a square grid in
/// the metric CRS with cells of min(1 km, √(area / 25)), shrunk by 1.5 until at least 25 cell centres lie
/// inside; each inside cell carries population / count. A district too thin for any centre gets one cell at
/// its representative point.
public struct UniformDistrictPopulation: PopulationSource {
    public var maxCellMeters: Double
    public var minCellsPerDistrict: Int
    public var label: String { "district-uniform" }

    public init(maxCellMeters: Double = PopulationSurface.maxCellMeters,
                minCellsPerDistrict: Int = PopulationSurface.minCellsPerDistrict) {
        precondition(maxCellMeters > 0 && minCellsPerDistrict >= 1, "positive cell size and count")
        self.maxCellMeters = maxCellMeters; self.minCellsPerDistrict = minCellsPerDistrict
    }

    public func surface(network: BuiltNetwork, crs: String) throws -> PopulationSurface {
        let transformer = try Transformer(from: "EPSG:4326", to: crs)
        var cells: [PopulationCell] = []
        for (i, d) in network.districts.enumerated() {
            let main = RingDistrictShape.mainParts(of: d.boundary).boundary
            let points = try Self.cellCentres(of: main, transformer: transformer, maxCellMeters: maxCellMeters,
                                              minCount: minCellsPerDistrict)
            let share = points.isEmpty ? 0 : d.population / Double(points.count)
            cells += points.map { PopulationCell(coordinate: $0, population: share, district: i) }
        }
        return PopulationSurface(label: label, cells: cells)
    }

    /// Centres (WGS-84) of the grid cells inside `boundary`, row-major from the south-west.
    static func cellCentres(of boundary: MultiPolygon, transformer: Transformer, maxCellMeters: Double,
                            minCount: Int) throws -> [Coordinate] {
        guard !boundary.polygons.isEmpty else { return [] }
        let planar = try transformer.transform(Geometry.multiPolygon(boundary))
        guard case .multiPolygon(let metric) = planar,
              let box = BoundingBox(covering: metric.polygons.flatMap(\.shell.coordinates)) else { return [] }
        let area = metric.polygons.reduce(0) { $0 + $1.planarArea }
        var cell = min(maxCellMeters, max(1, (area / Double(minCount)).squareRoot()))
        var found: [Coordinate] = []
        for _ in 0..<12 {
            found = []
            let x0 = (box.minLongitude / cell).rounded(.down) * cell, y0 = (box.minLatitude / cell).rounded(.down) * cell
            let columns = Int(((box.maxLongitude - x0) / cell).rounded(.up)), rows = Int(((box.maxLatitude - y0) / cell).rounded(.up))
            for r in 0..<max(rows, 1) {
                for c in 0..<max(columns, 1) {
                    let p = Coordinate(longitude: x0 + (Double(c) + 0.5) * cell, latitude: y0 + (Double(r) + 0.5) * cell)
                    if metric.polygons.contains(where: { PlaceRepresentativePoint.contains($0, p) }) { found.append(p) }
                }
            }
            if found.count >= minCount { break }
            cell /= 1.5
        }
        if found.isEmpty {
            return PlaceRepresentativePoint.point(inside: boundary).map { [$0] } ?? []
        }
        return try transformer.transform(found, direction: .inverse)
    }
}

/// People per cell from a raster (ESRI ASCII grid, later GeoTIFF) in any CRS. Cells larger than 1 km are
/// split into k × k equal parts (k = ⌈size / 1 km⌉) carrying 1/k² of the value each; a district with fewer
/// than 25 parts has its parts split again. Each part goes to the district whose main parts contain its
/// centre; people outside every district are left out and reported. A district the raster gives no people
/// keeps its census population spread uniformly (reported). Negative values are an error.
public struct GridPopulation: PopulationSource {
    public var grid: RasterGrid
    public var name: String
    public var label: String { "grid \(name)" }

    public init(grid: RasterGrid, name: String) { self.grid = grid; self.name = name }

    public func surface(network: BuiltNetwork, crs: String) throws -> PopulationSurface {
        guard let gridCRS = grid.crs else { throw InputError(file: name, message: "the grid's CRS is unknown") }
        if let k = grid.values.firstIndex(where: { ($0 ?? 0) < 0 }) {
            throw InputError(file: name, location: "row \(k / grid.columnCount + 1), column \(k % grid.columnCount + 1)",
                             message: "a population cannot be negative (\(grid.values[k]!))")
        }
        let toWGS84 = try Transformer(from: gridCRS, to: "EPSG:4326")
        let mains = network.districts.map { RingDistrictShape.mainParts(of: $0.boundary).boundary }
        let boxes = mains.map { BoundingBox(covering: $0.polygons.flatMap(\.shell.coordinates)) }
        func district(of c: Coordinate) -> Int? {
            for i in mains.indices {
                guard let b = boxes[i], b.contains(c) else { continue }
                if mains[i].polygons.contains(where: { PlaceRepresentativePoint.contains($0, c) }) { return i }
            }
            return nil
        }
        let metresPerUnit = toWGS84.sourceIsGeographic ? Earth.meanRadiusMeters * Double.pi / 180 : 1
        let split = max(1, Int((grid.cellSize * metresPerUnit / PopulationSurface.maxCellMeters).rounded(.up)))
        // Parts of each cell, assigned to districts.
        func parts(column: Int, row: Int, k: Int, value: Double) throws -> [(Coordinate, Double)] {
            let step = grid.cellSize / Double(k)
            let west = grid.minX + Double(column) * grid.cellSize
            let south = grid.minY + Double(grid.rowCount - 1 - row) * grid.cellSize
            var planar: [Coordinate] = []
            for r in 0..<k { for c in 0..<k {
                planar.append(Coordinate(longitude: west + (Double(c) + 0.5) * step, latitude: south + (Double(r) + 0.5) * step))
            } }
            let geographic = try toWGS84.transform(planar)
            return geographic.map { ($0, value / Double(k * k)) }
        }
        var byDistrict = [[(column: Int, row: Int, value: Double)]](repeating: [], count: mains.count)
        var cellsByDistrict = [[PopulationCell]](repeating: [], count: mains.count)
        var outside = 0.0
        for row in 0..<grid.rowCount {
            for column in 0..<grid.columnCount {
                guard let v = grid.value(column: column, row: row), v > 0 else { continue }
                for (c, p) in try parts(column: column, row: row, k: split, value: v) {
                    if let i = district(of: c) {
                        cellsByDistrict[i].append(PopulationCell(coordinate: c, population: p, district: i))
                        byDistrict[i].append((column, row, v))
                    } else { outside += p }
                }
            }
        }
        var notes: [String] = []
        if outside > 0 { notes.append(String(format: "%.0f people of the grid lie outside every district", outside)) }
        var cells: [PopulationCell] = []
        for i in mains.indices {
            var own = cellsByDistrict[i]
            if own.isEmpty {
                notes.append("\(network.districts[i].name): no people in the grid; census population spread uniformly")
                let centres = try UniformDistrictPopulation.cellCentres(
                    of: mains[i], transformer: try Transformer(from: "EPSG:4326", to: crs),
                    maxCellMeters: PopulationSurface.maxCellMeters, minCount: PopulationSurface.minCellsPerDistrict)
                let share = centres.isEmpty ? 0 : network.districts[i].population / Double(centres.count)
                own = centres.map { PopulationCell(coordinate: $0, population: share, district: i) }
            } else if own.count < PopulationSurface.minCellsPerDistrict {
                // Split this district's cells further until it has enough parts inside.
                let sources = Set(byDistrict[i].map { "\($0.column),\($0.row)" })
                var k = split
                while own.count < PopulationSurface.minCellsPerDistrict && k < split * 64 {
                    k *= 2
                    own = []
                    for key in sources.sorted() {
                        let xy = key.split(separator: ",").map { Int($0)! }
                        let v = grid.value(column: xy[0], row: xy[1])!
                        for (c, p) in try parts(column: xy[0], row: xy[1], k: k, value: v) where district(of: c) == i {
                            own.append(PopulationCell(coordinate: c, population: p, district: i))
                        }
                    }
                }
            }
            cells += own
        }
        return PopulationSurface(label: label, cells: cells, notes: notes)
    }
}
