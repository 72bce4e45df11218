import Foundation
import GeoCore
import GeoGEOS
import GeoIO
import GeoPROJ
import Network
import Routing
import Testing
@testable import Analysis

/// Isochrone `pop_covered` and gaps coverage counted on population surfaces whose sums are known: the 4 km × 3 km
/// district of `PopulationSurfaceTests` (EPSG:32650, lower-left corner 500 000, 4 317 000) under a 4 × 3 raster of
/// 1 km cells holding 1…12 people, row by row from the north. The district has 12 < 25 cells, so each is split
/// into 2 × 2 parts of 500 m carrying a quarter of its value (sums of quarters are exact in binary).
@Suite(.tags(.fast)) struct PopulationCoverageTests {
    static let crs = PopulationSurfaceTests.crs

    static func gridSurface() throws -> (network: BuiltNetwork, surface: PopulationSurface) {
        let text = """
            ncols 4
            nrows 3
            xllcorner 500000
            yllcorner 4317000
            cellsize 1000
            1 2 3 4
            5 6 7 8
            9 10 11 12
            """
        let grid = try ASCIIGridReader.parse(bytes: Array(text.utf8), fileName: "pop.asc", crs: crs)
        let network = try PopulationSurfaceTests.network(population: 78)
        let surface = try GridPopulation(grid: grid, name: "pop.asc").surface(network: network, crs: crs)
        #expect(surface.cells.count == 48)
        #expect(surface.cells.reduce(0) { $0 + $1.population } == 78)
        return (network, surface)
    }

    static func calculator(_ network: BuiltNetwork, population: PopulationSurface?) throws -> IsochroneCalculator {
        let travel = TravelTimeParameters(firstDepartureSeconds: 8 * 3600, windowMinutes: 10, percentiles: [50])
        return try IsochroneCalculator(network: network,
                                       parameters: IsochroneParameters(cutoffsMinutes: [15, 30], travel: travel, cellMeters: 1000),
                                       crs: crs, population: population)
    }

    /// Grid cells of 1 km in EPSG:32650 are the raster's cells: column 500 is x 500 000…501 000, row 4317 is
    /// y 4 317 000…4 318 000 (the raster's southern row: 9 10 11 12).
    @Test func isochronePolygonCountsTheCellsInside() throws {
        let (network, surface) = try Self.gridSurface()
        let reached = TravelTimeGrid(crs: Self.crs, cellMeters: 1000,
                                     cells: [.init(column: 500, row: 4317), .init(column: 501, row: 4317),
                                             .init(column: 500, row: 4318), .init(column: 503, row: 4319)],
                                     travelTimesSeconds: [60, 120, 600, 1200])
        let rings = try Self.calculator(network, population: surface).contour(reached, origin: "o")
        // ≤ 15 min: raster cells 9, 10 and 5; ≤ 30 min adds the north-east corner cell, 4.
        #expect(rings.map(\.populationCovered) == [24, 28])
        #expect(rings.map(\.districts) == [["甲区"], ["甲区"]])
        // A cell outside the district holds nobody.
        let outside = TravelTimeGrid(crs: Self.crs, cellMeters: 1000, cells: [.init(column: 499, row: 4317)],
                                     travelTimesSeconds: [60])
        #expect(try Self.calculator(network, population: surface).contour(outside, origin: "o").map(\.populationCovered) == [0, 0])
    }

    /// Without a surface the figure stays area-weighted: three of the twelve km² hold 3/12 of the 78 people.
    @Test func isochroneWithoutSurfaceIsAreaWeighted() throws {
        let (network, _) = try Self.gridSurface()
        let reached = TravelTimeGrid(crs: Self.crs, cellMeters: 1000,
                                     cells: [.init(column: 500, row: 4317), .init(column: 501, row: 4317),
                                             .init(column: 500, row: 4318)],
                                     travelTimesSeconds: [60, 120, 600])
        let ring = try #require(try Self.calculator(network, population: nil).contour(reached, origin: "o").first)
        #expect(abs(ring.populationCovered - 78 * 3 / 12) < 0.01, "\(ring.populationCovered)")
    }

    /// A station on the corner shared by raster cells 5, 6, 9 and 10: of each cell's four 500 m parts, three have
    /// their centre within 800 m (offsets 250/250 → 354 m, 250/750 → 791 m; 750/750 → 1 061 m), the parts of the
    /// other cells are at least 1 275 m away. Covered: ¾ × (5 + 6 + 9 + 10) = 22.5 of 78.
    @Test func coverageCountsTheCellsWithinTheRadius() throws {
        let (network, surface) = try Self.gridSurface()
        let coverage = try GapCoverage(context: GEOSContext(), localCRS: Self.crs, radiusMeters: 800)
        let corner = Coordinate(longitude: 501_000, latitude: 4_318_000)
        let people = try coverage.coveredPeople(surface, stations: [corner], districtCount: network.districts.count)
        #expect(people.covered == [22.5] && people.total == [78])
        // A second station at the far corner adds cell 4's parts within 800 m: three of four, 3.
        let two = try coverage.coveredPeople(surface, stations: [corner, Coordinate(longitude: 504_000, latitude: 4_320_000)],
                                             districtCount: 1)
        #expect(two.covered == [22.5 + 3])
        let none = try coverage.coveredPeople(surface, stations: [Coordinate(longitude: 510_000, latitude: 4_318_000)],
                                              districtCount: 1)
        #expect(none.covered == [0] && none.total == [78])
    }

    /// District-uniform cells: a radius reaching the whole district covers the census population exactly, and the
    /// share follows the cells.
    @Test func uniformSurfaceCoverageOfTheWholeDistrict() throws {
        let network = try PopulationSurfaceTests.network()
        let surface = try UniformDistrictPopulation().surface(network: network, crs: Self.crs)
        let coverage = try GapCoverage(context: GEOSContext(), localCRS: Self.crs, radiusMeters: 5_000)
        let centre = Coordinate(longitude: 502_000, latitude: 4_318_500)
        let people = try coverage.coveredPeople(surface, stations: [centre], districtCount: 1)
        #expect(abs(people.covered[0] - 12_000) < 1e-6 && abs(people.total[0] - 12_000) < 1e-6)
    }
}
