import Foundation
import GeoCore
import GeoGEOS
import TestSupport
import Testing
@testable import Analysis

/// The traced outline of a cell set must be the cells exactly: checked against GEOS's union of unit squares.
@Suite(.tags(.fast)) struct ContourTracerTests {
    typealias Cell = TravelTimeGrid.Cell

    static func cells(_ rows: [String]) -> [Cell] {
        // Text rows top to bottom, "#" = in.
        var out: [Cell] = []
        for (k, line) in rows.enumerated() {
            for (i, ch) in line.enumerated() where ch == "#" { out.append(Cell(column: Int32(i), row: Int32(rows.count - 1 - k))) }
        }
        return out.sorted()
    }

    static func geometry(_ polygons: [ContourPolygon]) -> Geometry {
        func ring(_ r: [GridCorner]) -> LinearRing {
            LinearRing(r.map { Coordinate(longitude: Double($0.column), latitude: Double($0.row)) })
        }
        return .multiPolygon(MultiPolygon(polygons.map { GeoCore.Polygon(shell: ring($0.shell), holes: $0.holes.map(ring)) }))
    }

    static func squares(_ cells: [Cell]) -> [Geometry] {
        cells.map { c in
            let x = Double(c.column), y = Double(c.row)
            return .polygon(GeoCore.Polygon(shell: LinearRing([
                Coordinate(longitude: x, latitude: y), Coordinate(longitude: x + 1, latitude: y),
                Coordinate(longitude: x + 1, latitude: y + 1), Coordinate(longitude: x, latitude: y + 1),
                Coordinate(longitude: x, latitude: y)])))
        }
    }

    /// Valid, right-hand wound, and covering exactly the union of the cells' squares.
    static func checkExact(_ cells: [Cell], _ geos: GEOSContext) throws -> [ContourPolygon] {
        let polygons = try #require(ContourTracer.polygons(of: cells))
        let g = geometry(polygons)
        let reason = try geos.validityReason(g)
        #expect(try geos.isValid(g), "\(reason)")
        for p in polygons {
            #expect(ContourTracer.doubledSignedArea(p.shell) > 0)
            for h in p.holes { #expect(ContourTracer.doubledSignedArea(h) < 0) }
        }
        #expect(try geos.area(of: g) == Double(cells.count))
        let union = try geos.unaryUnion(squares(cells))
        #expect(try geos.area(of: geos.difference(union, g)) < 1e-9)
        #expect(try geos.area(of: geos.difference(g, union)) < 1e-9)
        return polygons
    }

    @Test func emptySetHasNoPolygon() {
        #expect(ContourTracer.polygons(of: [])?.isEmpty == true)
    }

    @Test func oneCellIsASquare() throws {
        let polygons = try Self.checkExact([Cell(column: 5, row: -3)], GEOSContext())
        #expect(polygons.count == 1)
        #expect(polygons[0].shell == [GridCorner(column: 6, row: -3), GridCorner(column: 6, row: -2), GridCorner(column: 5, row: -2),
                                      GridCorner(column: 5, row: -3), GridCorner(column: 6, row: -3)])
    }

    @Test func ringOfCellsHasAHole() throws {
        let polygons = try Self.checkExact(Self.cells(["###", "#.#", "###"]), GEOSContext())
        #expect(polygons.count == 1 && polygons[0].holes.count == 1)
        #expect(polygons[0].shell.count == 5, "collinear corners are dropped")
    }

    @Test func diagonalNeighboursStayApart() throws {
        let polygons = try Self.checkExact(Self.cells(["#.", ".#"]), GEOSContext())
        #expect(polygons.count == 2)
    }

    @Test func ringClosedOnlyAtACornerIsValid() throws {
        // A C shape whose two ends touch diagonally: one shell with a hole touching it at one corner.
        let polygons = try Self.checkExact(Self.cells(["###.", "#.#.", "#..#", "####"]), GEOSContext())
        #expect(polygons.count == 1)
        #expect(polygons[0].holes.count == 1)
    }

    @Test func islandInsideAHoleIsItsOwnPolygon() throws {
        let polygons = try Self.checkExact(Self.cells(["#####", "#...#", "#.#.#", "#...#", "#####"]), GEOSContext())
        #expect(polygons.count == 2)
        #expect(polygons.map(\.holes.count).sorted() == [0, 1])
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func randomCellSetsAreTracedExactly(seed: UInt64) throws {
        // Seeded LCG (Knuth MMIX constants); METROCOMMUTE_SEED overrides the base seed.
        var state = seed &+ (ProcessInfo.processInfo.environment["METROCOMMUTE_SEED"].flatMap(UInt64.init) ?? 0) &* 7919
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        let geos = GEOSContext()
        for density in [30, 50, 70] {
            var cells: [Cell] = []
            for row in 0..<14 { for column in 0..<14 where Int(next() % 100) < density { cells.append(Cell(column: Int32(column), row: Int32(row))) } }
            _ = try Self.checkExact(cells, geos)
        }
    }
}
