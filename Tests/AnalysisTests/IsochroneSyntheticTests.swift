import Foundation
import GeoCore
import GeoGEOS
import GeoPROJ
import Network
import Routing
import TestSupport
import Testing
@testable import Analysis

/// Walking-only networks whose isochrones follow by hand.
@Suite(.tags(.fast)) struct IsochroneSyntheticTests {
    static let origin = Coordinate(longitude: 116.9, latitude: 39.9)
    static let metersPerDegreeLatitude = Earth.meanRadiusMeters * Double.pi / 180

    /// A point `east`/`north` metres from `origin` (local equirectangular offsets, exact enough over 2 km).
    static func offset(_ east: Double, _ north: Double, from o: Coordinate = origin) -> Coordinate {
        Coordinate(longitude: o.longitude + east / (metersPerDegreeLatitude * cos(o.latitude * Double.pi / 180)),
                   latitude: o.latitude + north / metersPerDegreeLatitude)
    }

    static func network(streets: StreetGraph = .empty) -> BuiltNetwork {
        BuiltNetwork(metadata: .init(areaName: "synthetic", localCRS: LocalCRSDefinition("EPSG:4548")), transit: .empty, streets: streets)
    }

    /// A square street grid `spacing` metres apart, `half` intersections each side of the origin; intersections
    /// for which `keep` is false (a lake) are left out, with their streets.
    static func streetGrid(spacing: Double, half: Int, keep: (Double, Double) -> Bool = { _, _ in true }) -> StreetGraph {
        var index: [Int: UInt32] = [:]
        var coordinates: [Coordinate] = []
        func key(_ i: Int, _ j: Int) -> Int { (i + half) * (2 * half + 1) + (j + half) }
        for i in -half...half {
            for j in -half...half where keep(Double(i) * spacing, Double(j) * spacing) {
                index[key(i, j)] = UInt32(coordinates.count)
                coordinates.append(offset(Double(i) * spacing, Double(j) * spacing))
            }
        }
        var arcs: [(tail: UInt32, head: UInt32, lengthMillimeters: UInt32)] = []
        for i in -half...half {
            for j in -half...half {
                guard let a = index[key(i, j)] else { continue }
                for (di, dj) in [(1, 0), (0, 1)] where i + di <= half && j + dj <= half {
                    guard let b = index[key(i + di, j + dj)] else { continue }
                    let mm = UInt32((Earth.haversineMeters(coordinates[Int(a)], coordinates[Int(b)]) * 1000).rounded())
                    arcs.append((a, b, mm)); arcs.append((b, a, mm))
                }
            }
        }
        return StreetGraph(nodeCoordinates: coordinates, arcs: arcs)
    }

    static func calculator(_ network: BuiltNetwork, cutoffs: [Int], cell: Double, hop: Double? = nil) throws -> IsochroneCalculator {
        let travel = TravelTimeParameters(firstDepartureSeconds: 8 * 3600, windowMinutes: 10, percentiles: [50])
        return try IsochroneCalculator(network: network,
                                       parameters: IsochroneParameters(cutoffsMinutes: cutoffs, travel: travel, cellMeters: cell,
                                                                       streetHopMeters: hop),
                                       crs: "EPSG:4548")
    }

    static let place = Place(id: "o", name: "o", kind: .point, coordinate: origin)

    static func polygons(_ g: Geometry?) -> [GeoCore.Polygon] {
        switch g {
        case .polygon(let p): return [p]
        case .multiPolygon(let mp): return mp.polygons
        default: return []
        }
    }

    @Test func crowFlyWalkIsADiscOfSpeedTimesTimeOverDetour() throws {
        let calc = try Self.calculator(Self.network(), cutoffs: [5, 10, 15], cell: 20)
        let result = try calc.run(origins: [Self.place])
        #expect(result.crs == "EPSG:4548")
        #expect(IsochroneResult.featureSchema.mismatch(in: result.featureCollection()) == nil)
        let geos = GEOSContext()
        let back = try Transformer(from: "EPSG:4326", to: "EPSG:4548")
        for ring in result.rings {
            // Hand figure: r = 1.2 m/s × t / 1.3 (AccessParameters defaults), area = π r².
            let r = 1.2 * Double(ring.cutoffMinutes * 60) / 1.3
            let expected = Double.pi * r * r / 1e6
            #expect(abs(ring.areaSquareKilometers - expected) / expected < 0.02, "cutoff \(ring.cutoffMinutes): \(ring.areaSquareKilometers) vs π r² \(expected)")
            let g = try #require(ring.geometry)
            #expect(try geos.isValid(g))
            let parts = Self.polygons(g)
            #expect(parts.count == 1 && parts[0].holes.isEmpty, "a disc is one polygon without holes")
            #expect(parts[0].shell.isCounterClockwise)
            // The WGS-84 polygon, projected again, has the cell area (6-decimal rounding moves corners ≤ 0.06 m).
            let area = try geos.area(of: back.transform(g)) / 1e6
            #expect(abs(area - ring.areaSquareKilometers) / ring.areaSquareKilometers < 0.002)
            // Inside at 0.9 r in every direction, outside at 1.1 r.
            let prepared = try geos.prepare(g)
            for angle in stride(from: 0.0, to: 2 * Double.pi, by: Double.pi / 4) {
                #expect(try prepared.contains(Self.offset(0.9 * r * cos(angle), 0.9 * r * sin(angle))))
                #expect(try !prepared.contains(Self.offset(1.1 * r * cos(angle), 1.1 * r * sin(angle))))
            }
        }
    }

    @Test func streetGridWalkIsADiamond() throws {
        // Streets every 20 m: the walked distance is the Manhattan distance, so the 10-minute region is the
        // square |x| + |y| ≤ v·t = 720 m (area 2 r² = 1.0368 km²), widened by the final hop of ≤ 20 m crow-fly.
        let calc = try Self.calculator(Self.network(streets: Self.streetGrid(spacing: 20, half: 45)), cutoffs: [10], cell: 20, hop: 20)
        let ring = try #require(try calc.run(origins: [Self.place]).rings.first)
        let r = 1.2 * 600.0
        let expected = 2 * r * r / 1e6
        #expect(abs(ring.areaSquareKilometers - expected) / expected < 0.06, "\(ring.areaSquareKilometers) vs 2 r² \(expected)")
        let geos = GEOSContext()
        let g = try #require(ring.geometry)
        #expect(try geos.isValid(g))
        let prepared = try geos.prepare(g)
        #expect(try prepared.contains(Self.offset(0.9 * r, 0)))
        #expect(try prepared.contains(Self.offset(0, -0.9 * r)))
        #expect(try prepared.contains(Self.offset(0.4 * r, 0.4 * r)))       // Manhattan 0.8 r
        #expect(try !prepared.contains(Self.offset(0.6 * r, 0.6 * r)))      // Manhattan 1.2 r, crow-fly only 0.85 r
    }

    @Test func lakeWithoutStreetsBecomesAHole() throws {
        // No street within 200 m of a point 450 m east of the origin: cells there are never reached.
        let lake = (x: 450.0, y: 0.0, radius: 200.0)
        let graph = Self.streetGrid(spacing: 20, half: 45) { x, y in
            (x - lake.x) * (x - lake.x) + (y - lake.y) * (y - lake.y) > lake.radius * lake.radius
        }
        let calc = try Self.calculator(Self.network(streets: graph), cutoffs: [5, 15], cell: 20, hop: 20)
        let rings = try calc.run(origins: [Self.place]).rings
        let geos = GEOSContext()
        // 5 min (360 m walked) stops short of the lake: no hole.
        let five = Self.polygons(rings[0].geometry)
        #expect(five.count == 1 && five[0].holes.isEmpty)
        // 15 min (1,080 m walked) goes round it: one hole, containing the lake centre.
        let g = try #require(rings[1].geometry)
        #expect(try geos.isValid(g))
        let parts = Self.polygons(g)
        #expect(parts.count == 1)
        #expect(parts.first?.holes.count == 1)
        let prepared = try geos.prepare(g)
        #expect(try !prepared.contains(Self.offset(lake.x, lake.y)))
        #expect(try !prepared.contains(Self.offset(lake.x + 150, lake.y)))
        #expect(try prepared.contains(Self.offset(lake.x, lake.y + 260)))   // the shore north of the lake
        #expect(try prepared.contains(Self.offset(lake.x - 260, lake.y)))
        // The hole is the lake less the hop-wide shore: between π·(180 m)² and π·(200 m)².
        let hole = try #require(parts.first?.holes.first)
        let back = try Transformer(from: "EPSG:4326", to: "EPSG:4548")
        let holeArea = try geos.area(of: back.transform(.polygon(GeoCore.Polygon(shell: hole.reversed()))))
        #expect(holeArea > Double.pi * 170 * 170 && holeArea < Double.pi * 200 * 200, "hole \(holeArea) m²")
    }

    @Test func severalOriginsCombineByMinimum() throws {
        let second = Place(id: "p", name: "p", kind: .point, coordinate: Self.offset(3000, 0))
        let travel = TravelTimeParameters(firstDepartureSeconds: 8 * 3600, windowMinutes: 5, percentiles: [50])
        func run(_ combine: IsochroneParameters.Combine) throws -> IsochroneResult {
            try IsochroneCalculator(network: Self.network(),
                                    parameters: IsochroneParameters(cutoffsMinutes: [10], travel: travel, cellMeters: 25, combine: combine),
                                    crs: "EPSG:4548").run(origins: [Self.place, second])
        }
        let separate = try run(.separate)
        #expect(separate.rings.map(\.origin) == ["o", "p"])
        let combined = try run(.minimum)
        #expect(combined.rings.map(\.origin) == ["o+p"])
        // Two discs 3 km apart (radius 554 m) do not overlap: the union is both, as two parts.
        #expect(Self.polygons(combined.rings[0].geometry).count == 2)
        #expect(combined.rings[0].cellCount == separate.rings[0].cellCount + separate.rings[1].cellCount)
    }

    @Test func rasterHasHeaderAndNodata() throws {
        let calc = try Self.calculator(Self.network(), cutoffs: [2], cell: 50)
        let grid = try #require(try calc.run(origins: [Self.place]).grids.first?.grid)
        let text = RasterASCIIGrid.text(of: grid)
        let lines = text.split(separator: "\n")
        let header = Dictionary(uniqueKeysWithValues: lines.prefix(6).map { line -> (String, String) in
            let f = line.split(separator: " "); return (String(f[0]), String(f[1]))
        })
        let ncols = try #require(Int(header["ncols"] ?? "")), nrows = try #require(Int(header["nrows"] ?? ""))
        #expect(header["cellsize"] == "50" && header["NODATA_value"] == "-9999")
        #expect(lines.count == 6 + nrows)
        let values = lines.dropFirst(6).map { $0.split(separator: " ").map { Double($0)! } }
        #expect(values.allSatisfy { $0.count == ncols })
        // Corners of the bounding square of a disc are outside it; the minimum is near the origin (≤ 1 min).
        #expect(values[0][0] == -9999)
        #expect(values.joined().filter { $0 >= 0 }.min()! <= 1)
        #expect(values.joined().filter { $0 >= 0 }.count == grid.cells.count)
    }
}

#if canImport(Glibc)
import Glibc
#endif
