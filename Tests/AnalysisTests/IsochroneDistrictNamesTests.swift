import Foundation
import GeoCore
import GeoPROJ
import Network
import Testing
import TestSupport
@testable import Analysis

/// The districts an isochrone ring meets, found from its cells (with a population surface: `serve` and the commands)
/// and by intersecting the whole ring with each district (without one): the same names for random cell sets over
/// irregular districts — a triangle, a thin sliver narrower than a cell (met by cells whose centre lies outside it),
/// a district with a hole, and one far away.
@Suite(.tags(.fast)) struct IsochroneDistrictNamesTests {
    static let crs = PopulationSurfaceTests.crs
    static let x0 = PopulationSurfaceTests.x0, y0 = PopulationSurfaceTests.y0

    static func polygon(_ corners: [(Double, Double)], holes: [[(Double, Double)]] = []) throws -> MultiPolygon {
        let t = try Transformer(from: crs, to: "EPSG:4326")
        func ring(_ points: [(Double, Double)]) throws -> LinearRing {
            LinearRing(try (points + [points[0]]).map { try t.transform(Coordinate(longitude: x0 + $0.0, latitude: y0 + $0.1)) })
        }
        return MultiPolygon([Polygon(shell: try ring(corners), holes: try holes.map(ring))])
    }

    static func network() throws -> BuiltNetwork {
        let districts = [
            District(name: "三角区", population: 5_000, boundary: try polygon([(0, 0), (4_000, 0), (0, 3_000)])),
            District(name: "细长区", population: 100, boundary: try polygon([(4_100, 0), (4_160, 0), (4_160, 5_000), (4_100, 5_000)])),
            District(name: "环区", population: 8_000,
                     boundary: try polygon([(5_000, 0), (9_000, 0), (9_000, 4_000), (5_000, 4_000)],
                                           holes: [[(6_000, 1_000), (8_000, 1_000), (8_000, 3_000), (6_000, 3_000)]])),
            District(name: "远区", population: 1_000, boundary: try polygon([(30_000, 30_000), (31_000, 30_000), (31_000, 31_000)])),
        ]
        return BuiltNetwork(metadata: .init(areaName: "hand"), transit: .empty, districts: districts)
    }

    @Test func cellsGiveTheOverlaysNames() throws {
        let network = try Self.network()
        let surface = try UniformDistrictPopulation().surface(network: network, crs: Self.crs)
        let withSurface = try PopulationCoverageTests.calculator(network, population: surface)
        let withoutSurface = try PopulationCoverageTests.calculator(network, population: nil)
        var random = SplitMix64(seed: 18)
        var compared = 0, sliverMet = 0
        for _ in 0..<60 {
            // Up to 12 cells of 1 km anywhere over the first three districts (columns 500…509, rows 4317…4321).
            var cells = Set<TravelTimeGrid.Cell>()
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                cells.insert(.init(column: Int32.random(in: 500...509, using: &random), row: Int32.random(in: 4317...4321, using: &random)))
            }
            let sorted = cells.sorted()
            let grid = TravelTimeGrid(crs: Self.crs, cellMeters: 1000, cells: sorted,
                                      travelTimesSeconds: sorted.map { _ in Int32.random(in: 60...1_800, using: &random) })
            let a = try withSurface.contour(grid, origin: "o"), b = try withoutSurface.contour(grid, origin: "o")
            #expect(a.map(\.districts) == b.map(\.districts), "cells \(sorted)")
            #expect(a.map(\.adcodes) == b.map(\.adcodes))
            compared += a.count
            sliverMet += a.filter { $0.districts.contains("细长区") }.count
        }
        #expect(compared > 60 && sliverMet > 0, "the sliver was never met: \(sliverMet) of \(compared)")
    }
}
