import Foundation
import GeoCore
import GeoIO
import GeoPROJ
import Network
import Routing
import Testing
@testable import Analysis

/// Population surfaces on hand-made districts and rasters whose sums are known, and the rings shares they give.
/// The district is a 4 km × 3 km rectangle in UTM 50N (EPSG:32650) around 117°E 39°N, built in metres and
/// converted to WGS-84, so cell counts can be worked out by hand.
@Suite(.tags(.fast)) struct PopulationSurfaceTests {
    static let crs = "EPSG:32650"
    /// Lower-left corner of the district in EPSG:32650 metres (a multiple of 1,000 so cells align).
    static let x0 = 500_000.0, y0 = 4_317_000.0

    static func rectangle(width: Double, height: Double) throws -> MultiPolygon {
        let t = try Transformer(from: crs, to: "EPSG:4326")
        let corners = [(x0, y0), (x0 + width, y0), (x0 + width, y0 + height), (x0, y0 + height), (x0, y0)]
        let ring = try corners.map { try t.transform(Coordinate(longitude: $0.0, latitude: $0.1)) }
        return MultiPolygon([Polygon(shell: LinearRing(ring), holes: [])])
    }

    static func network(population: Double = 12_000, width: Double = 4_000, height: Double = 3_000,
                        transit: TransitLayer = .empty) throws -> BuiltNetwork {
        let d = District(name: "甲区", cityName: "测试市", code: 110_999, population: population,
                         boundary: try rectangle(width: width, height: height))
        return BuiltNetwork(metadata: .init(areaName: "hand"), transit: transit, districts: [d])
    }

    /// 4 km × 3 km with at most 1 km cells and at least 25: √(12 km² / 25) = 693 m cells; the grid starts at the
    /// multiple of 693 below x0/y0, so count the centres inside by hand-independent arithmetic here.
    @Test func uniformCellsCoverTheDistrictEvenly() throws {
        let network = try Self.network()
        let surface = try UniformDistrictPopulation().surface(network: network, crs: Self.crs)
        #expect(surface.cells.count >= 25)
        #expect(abs(surface.cells.reduce(0) { $0 + $1.population } - 12_000) < 1e-6)
        #expect(Set(surface.cells.map(\.population)).count == 1)
        // Every centre lies inside the rectangle.
        let t = try Transformer(from: "EPSG:4326", to: Self.crs)
        for c in surface.cells {
            let p = try t.transform(c.coordinate)
            #expect(p.longitude > Self.x0 && p.longitude < Self.x0 + 4_000, "\(p)")
            #expect(p.latitude > Self.y0 && p.latitude < Self.y0 + 3_000, "\(p)")
        }
        // A district of 100 km² gets 1 km cells: 10 × 10 = 100 centres.
        let big = try UniformDistrictPopulation().surface(network: try Self.network(width: 10_000, height: 10_000), crs: Self.crs)
        #expect(big.cells.count == 100)
    }

    @Test func asciiGridReadsHeaderValuesAndNodata() throws {
        let text = """
            NCOLS 3
            nrows 2
            xllcorner 500000
            yllcorner 4317000
            cellsize 1000
            NODATA_value -1
            1 2 -1
            4 5 6
            """
        let grid = try ASCIIGridReader.parse(bytes: Array(text.utf8), fileName: "pop.asc", crs: Self.crs)
        #expect(grid.columnCount == 3 && grid.rowCount == 2 && grid.cellSize == 1000)
        #expect(grid.values == [1, 2, nil, 4, 5, 6])
        #expect(grid.total == 18)
        // Row 0 is the northern row: its centre is 1.5 km above the lower-left corner.
        #expect(grid.centre(column: 0, row: 0) == (x: 500_500, y: 4_318_500))
        let short = #expect(throws: InputError.self) {
            try ASCIIGridReader.parse(bytes: Array("ncols 2\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2 3".utf8),
                                      fileName: "short.asc", crs: Self.crs)
        }
        #expect(short?.description == "short.asc: line 6: the grid ends after 3 of 4 values")
        let word = #expect(throws: InputError.self) {
            try ASCIIGridReader.parse(bytes: Array("ncols 1\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\nabc".utf8),
                                      fileName: "w.asc", crs: Self.crs)
        }
        #expect(word?.description.hasPrefix("w.asc: line 6: unknown header key \"abc\"") == true)
    }

    /// A 4 × 3 raster of 1 km cells exactly on the district: people per cell as written, nothing outside.
    /// A 2 km raster cell is split into 2 × 2 parts of a quarter each.
    @Test func gridPopulationKeepsItsSums() throws {
        let network = try Self.network()
        let values: [Double?] = [1, 2, 3, 4,
                                 5, 6, 7, 8,
                                 9, 10, 11, 12]
        let grid = RasterGrid(columnCount: 4, rowCount: 3, minX: Self.x0, minY: Self.y0, cellSize: 1000, values: values, crs: Self.crs)
        let surface = try GridPopulation(grid: grid, name: "pop.asc").surface(network: network, crs: Self.crs)
        #expect(abs(surface.cells.reduce(0) { $0 + $1.population } - 78) < 1e-9)
        #expect(surface.notes.isEmpty)
        // 12 cells are fewer than 25: split into 2 × 2 (48 parts, a quarter each).
        #expect(surface.cells.count == 48)
        let coarse = RasterGrid(columnCount: 2, rowCount: 2, minX: Self.x0, minY: Self.y0 - 1_000, cellSize: 2_000,
                                values: [100, 200, 300, 400], crs: Self.crs)
        let split = try GridPopulation(grid: coarse, name: "coarse.asc").surface(network: network, crs: Self.crs)
        // Parts of 1 km: the southern row of parts (y0 − 1 km … y0) is outside the district: 2 km × 1 km of
        // the lower cells, i.e. half of each: 150 + 200 people outside, 650 inside.
        #expect(abs(split.cells.reduce(0) { $0 + $1.population } - 650) < 1e-9)
        #expect(split.notes == ["350 people of the grid lie outside every district"])
        let negative = RasterGrid(columnCount: 1, rowCount: 1, minX: Self.x0, minY: Self.y0, cellSize: 1000, values: [-3], crs: Self.crs)
        #expect(throws: InputError.self) { try GridPopulation(grid: negative, name: "n.asc").surface(network: network, crs: Self.crs) }
    }

    /// A raster carrying the uniform surface's own cells (same centres, same people) gives the same rings.
    @Test func uniformRasterReproducesTheDistrictUniformResult() throws {
        let network = try Self.network(width: 10_000, height: 10_000)
        let uniform = try UniformDistrictPopulation().surface(network: network, crs: Self.crs)
        let grid = RasterGrid(columnCount: 10, rowCount: 10, minX: Self.x0, minY: Self.y0, cellSize: 1000,
                              values: [Double?](repeating: 120, count: 100), crs: Self.crs)
        let raster = try GridPopulation(grid: grid, name: "u.asc").surface(network: network, crs: Self.crs)
        #expect(raster.cells.count == uniform.cells.count)
        let a = Set(uniform.cells.map { "\(($0.coordinate.longitude * 1e6).rounded()),\(($0.coordinate.latitude * 1e6).rounded()),\($0.population)" })
        let b = Set(raster.cells.map { "\(($0.coordinate.longitude * 1e6).rounded()),\(($0.coordinate.latitude * 1e6).rounded()),\($0.population)" })
        #expect(a == b)
        let core = Place(id: "centre", name: "centre", kind: .point,
                         coordinate: try Transformer(from: Self.crs, to: "EPSG:4326")
                            .transform(Coordinate(longitude: Self.x0 + 5_000, latitude: Self.y0 + 5_000)))
        let travel = TravelTimeParameters(firstDepartureSeconds: 8 * 3600, windowMinutes: 1)
        let parameters = RingParameters(budgetMinutes: 60, travel: travel, threads: 1, mode: .walk)
        let r1 = try RingAnalysis(network: network, core: core, parameters: parameters, population: uniform, crs: Self.crs)
        let r2 = try RingAnalysis(network: network, core: core, parameters: parameters, population: raster, crs: Self.crs)
        #expect(r1.districts.map { $0.shareWithinBudget } == r2.districts.map { $0.shareWithinBudget })
        #expect(RingAnalysis.featureSchema.mismatch(in: try r1.featureCollection()) == nil)
        #expect(r1.districts.map { $0.medianSeconds } == r2.districts.map { $0.medianSeconds })
        // Walking 1.2 m/s × 1.3 detour for 60 min reaches 3,323 m crow-fly: cells whose centre is within that
        // of the core, counted here by hand from the 1 km lattice (offsets ±0.5, ±1.5, … km): 32 of 100.
        var near = 0
        for i in 0..<10 { for j in 0..<10 {
            let dx = (Double(i) - 4.5) * 1000, dy = (Double(j) - 4.5) * 1000
            if (dx * dx + dy * dy).squareRoot() * 1.3 / 1.2 <= 3600 { near += 1 }
        } }
        #expect(abs(r1.districts[0].shareWithinBudget - Double(near) / 100) < 0.0101, "near \(near)")
    }
}
