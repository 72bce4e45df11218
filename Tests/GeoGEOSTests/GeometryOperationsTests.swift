import Foundation
import GeoCore
import GeoGEOS
import TestSupport
import Testing

/// Small geometries whose answers follow from school geometry; each expected figure says how it was derived.
@Suite(.tags(.fast)) struct GeometryOperationsTests {
    static func square(_ x0: Double, _ y0: Double, side: Double) -> LinearRing {
        LinearRing([
            Coordinate(longitude: x0, latitude: y0), Coordinate(longitude: x0 + side, latitude: y0),
            Coordinate(longitude: x0 + side, latitude: y0 + side), Coordinate(longitude: x0, latitude: y0 + side),
            Coordinate(longitude: x0, latitude: y0),
        ])
    }

    /// Every polygon in `g` is right-hand oriented: shells counter-clockwise, holes clockwise.
    static func isRightHand(_ g: Geometry) -> Bool {
        func ok(_ p: Polygon) -> Bool { p.shell.isCounterClockwise && p.holes.allSatisfy { !$0.isCounterClockwise } }
        switch g {
        case .polygon(let p): return ok(p)
        case .multiPolygon(let mp): return mp.polygons.allSatisfy(ok)
        case .geometryCollection(let gs): return gs.allSatisfy(isRightHand)
        default: return true
        }
    }

    static func polygons(_ g: Geometry) -> [Polygon] {
        switch g {
        case .polygon(let p): return [p]
        case .multiPolygon(let mp): return mp.polygons
        case .geometryCollection(let gs): return gs.flatMap(polygons)
        default: return []
        }
    }

    @Test func areasOfSquaresAndHoles() throws {
        let geos = GEOSContext()
        let square = Polygon(shell: Self.square(0, 0, side: 10))
        #expect(try geos.area(of: .polygon(square)) == 100)  // 10 × 10
        #expect(try geos.length(of: .polygon(square)) == 40)  // 4 × 10
        let holed = Polygon(shell: Self.square(0, 0, side: 10), holes: [Self.square(2, 2, side: 4).reversed()])
        #expect(try geos.area(of: .polygon(holed)) == 84)  // 100 − 4 × 4
        #expect(try geos.length(of: .polygon(holed)) == 56)  // 40 + 16
        let two = Geometry.multiPolygon(MultiPolygon([holed, Polygon(shell: Self.square(20, 0, side: 3))]))
        #expect(try geos.area(of: two) == 93)  // 84 + 9
        // Orientation does not change the area.
        #expect(try geos.area(of: .polygon(Polygon(shell: Self.square(0, 0, side: 10).reversed()))) == 100)
        #expect(try geos.area(of: .point(Coordinate(longitude: 1, latitude: 1))) == 0)
    }

    @Test(arguments: [(100.0, 8), (1000.0, 16), (2.5, 32)])
    func bufferOfPointIsACircle(radius: Double, quadrantSegments: Int) throws {
        let geos = GEOSContext()
        let disc = try geos.buffer(.point(Coordinate(longitude: 500, latitude: -300)), distance: radius,
                                   quadrantSegments: quadrantSegments)
        let area = try geos.area(of: disc)
        let circle = Double.pi * radius * radius
        #expect(abs(area - circle) / circle < 0.01, "area \(area) vs πr² \(circle)")
        // Inscribed regular polygon with 4·q sides: (n/2) r² sin(2π/n).
        let n = Double(4 * quadrantSegments)
        let inscribed = n / 2 * radius * radius * sin(2 * Double.pi / n)
        #expect(abs(area - inscribed) / inscribed < 1e-9)
        #expect(Self.isRightHand(disc))
        guard case .polygon = disc else { Issue.record("buffer of a point is not a polygon: \(disc.typeName)"); return }
    }

    @Test func unionIntersectionDifferenceOfOverlappingSquares() throws {
        let geos = GEOSContext()
        let a = Geometry.polygon(Polygon(shell: Self.square(0, 0, side: 2)))
        let b = Geometry.polygon(Polygon(shell: Self.square(1, 1, side: 2)))
        let union = try geos.unaryUnion([a, b])
        guard case .polygon(let p) = union else { Issue.record("union is \(union.typeName)"); return }
        #expect(p.holes.isEmpty)
        #expect(p.shell.coordinates.count == 9)  // an L-shaped octagon: 8 corners + closing position
        #expect(try geos.area(of: union) == 7)  // 4 + 4 − 1 overlap
        #expect(try geos.area(of: geos.union(a, b)) == 7)
        #expect(try geos.area(of: geos.intersection(a, b)) == 1)
        #expect(try geos.area(of: geos.difference(a, b)) == 3)
        #expect(Self.isRightHand(union))
        // Disjoint squares: empty intersection, represented as an empty multi-polygon.
        let far = Geometry.polygon(Polygon(shell: Self.square(10, 10, side: 1)))
        let empty = try geos.intersection(a, far)
        #expect(empty == .multiPolygon(MultiPolygon([])))
        #expect(try geos.unaryUnion([]).allCoordinates.isEmpty)
    }

    static let bowTie = Polygon(shell: LinearRing([
        Coordinate(longitude: 0, latitude: 0), Coordinate(longitude: 2, latitude: 2),
        Coordinate(longitude: 2, latitude: 0), Coordinate(longitude: 0, latitude: 2),
        Coordinate(longitude: 0, latitude: 0),
    ]))

    @Test func validityReasonNamesTheSelfIntersection() throws {
        let geos = GEOSContext()
        #expect(try geos.isValid(.polygon(Self.bowTie)) == false)
        let reason = try geos.validityReason(.polygon(Self.bowTie))
        // The two edges cross at (1, 1).
        #expect(reason == "Self-intersection[1 1]", "GEOS said \(reason)")
        let square = Geometry.polygon(Polygon(shell: Self.square(0, 0, side: 1)))
        #expect(try geos.isValid(square))
        #expect(try geos.validityReason(square) == "Valid Geometry")
    }

    @Test func makeValidSplitsABowTieIntoTwoTriangles() throws {
        let geos = GEOSContext()
        let fixed = try geos.makeValid(.polygon(Self.bowTie))
        #expect(try geos.isValid(fixed))
        let parts = Self.polygons(fixed)
        #expect(parts.count == 2)
        // Each triangle has base 2 and height 1: area 1 each.
        for part in parts { #expect(abs(try geos.area(of: .polygon(part)) - 1) < 1e-12) }
        #expect(Self.isRightHand(fixed))
    }

    @Test func errorsCarryGEOSMessages() throws {
        let geos = GEOSContext()
        let parse = try #require(throws: GEOSError.self) { try geos.geometry(fromWKT: "POLYGUN ((0 0, 1 0))") }
        #expect(parse.operation == "read WKT")
        #expect(parse.message.contains("ParseException"), "GEOS said \(parse.message)")
        // An unclosed ring is refused by GEOS itself, with its own words.
        let open = Polygon(shell: LinearRing([
            Coordinate(longitude: 0, latitude: 0), Coordinate(longitude: 1, latitude: 0),
            Coordinate(longitude: 1, latitude: 1), Coordinate(longitude: 0, latitude: 1),
        ]))
        let ring = try #require(throws: GEOSError.self) { try geos.area(of: .polygon(open)) }
        #expect(ring.message.contains("closed linestring"), "GEOS said \(ring.message)")
        #expect(ring.description.hasPrefix("GEOS make linear ring failed: "))
        // The context is still usable after errors, and an old message does not leak into a later success.
        #expect(try geos.area(of: .polygon(Polygon(shell: Self.square(0, 0, side: 3)))) == 9)
    }

    @Test func wktReadingOrientsPolygons() throws {
        let geos = GEOSContext()
        // Clockwise shell and counter-clockwise hole, as many tools write them.
        let g = try geos.geometry(fromWKT: "POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))")
        guard case .polygon(let p) = g else { Issue.record("not a polygon"); return }
        #expect(p.shell.isCounterClockwise)
        #expect(p.holes.count == 1 && !p.holes[0].isCounterClockwise)
        #expect(try geos.area(of: g) == 96)
    }

    /// GEOS 3.11 writes clockwise shells from overlay and buffer; everything we return must be right-hand.
    @Test func returnedPolygonsAreCounterClockwiseShellsWithClockwiseHoles() throws {
        let geos = GEOSContext()
        let holed = Geometry.polygon(Polygon(shell: Self.square(0, 0, side: 10), holes: [Self.square(3, 3, side: 4)]))
        let other = Geometry.polygon(Polygon(shell: Self.square(8, 8, side: 5).reversed()))
        let results: [Geometry] = [
            try geos.buffer(holed, distance: 0.5), try geos.buffer(holed, distance: -0.5),
            try geos.unaryUnion([holed, other]), try geos.difference(holed, other),
            try geos.intersection(holed, other), try geos.makeValid(holed),
            try geos.simplifyPreservingTopology(holed, tolerance: 0.1),
        ]
        for r in results {
            #expect(Self.isRightHand(r), "\(r)")
            #expect(!Self.polygons(r).isEmpty)
        }
        // The holes survive where they should.
        #expect(Self.polygons(results[2]).first?.holes.count == 1)
        #expect(try geos.area(of: results[2]) == 100 - 16 + 25 - 4)
    }

    @Test func simplifyKeepsTopologyAndArea() throws {
        let geos = GEOSContext()
        // A circle of radius 100 drawn with 2,000 vertices, with a small hole near its edge.
        let n = 2000
        let circle = (0...n).map { i -> Coordinate in
            let a = 2 * Double.pi * Double(i % n) / Double(n)
            return Coordinate(longitude: 100 * cos(a), latitude: 100 * sin(a))
        }
        let hole = Self.square(90, -2, side: 4).reversed()  // 4 m square whose right edge is 6 m inside the edge
        let polygon = Geometry.polygon(Polygon(shell: LinearRing(circle), holes: [hole]))
        let simple = try geos.simplifyPreservingTopology(polygon, tolerance: 1.0)
        guard case .polygon(let p) = simple else { Issue.record("not a polygon"); return }
        #expect(p.shell.coordinates.count < 100, "\(p.shell.coordinates.count) vertices left")
        #expect(p.holes.count == 1)
        #expect(try geos.isValid(simple))
        let before = try geos.area(of: polygon), after = try geos.area(of: simple)
        #expect(abs(after - before) / before < 0.01)
        // Every simplified shell vertex is an original one (Douglas-Peucker keeps a subset).
        let original = Set(circle)
        #expect(p.shell.coordinates.allSatisfy { original.contains($0) })
        #expect(Self.isRightHand(simple))
    }

    @Test func concaveHullContainsEveryPoint() throws {
        let geos = GEOSContext()
        var rng = SplitMix64(seed: 20240611)
        // Points in a C shape (an annulus sector), where a concave hull should be much smaller than the convex one.
        let points = (0..<800).map { _ -> Coordinate in
            let a = Double.random(in: 0.3...(2 * Double.pi - 0.3), using: &rng)
            let r = Double.random(in: 80...100, using: &rng)
            return Coordinate(longitude: r * cos(a), latitude: r * sin(a))
        }
        let hull = try geos.concaveHull(of: .multiPoint(points), ratio: 0.1)
        guard case .polygon = hull else { Issue.record("hull is \(hull.typeName)"); return }
        #expect(try geos.isValid(hull))
        #expect(Self.isRightHand(hull))
        let prepared = try geos.prepare(hull)
        #expect(try prepared.intersects(points).allSatisfy { $0 })
        // ratio 1 is the convex hull; compare with an independent monotone-chain convex hull.
        let convex = try geos.concaveHull(of: .multiPoint(points), ratio: 1)
        let convexArea = ConvexHull.area(points)
        #expect(abs(try geos.area(of: convex) - convexArea) / convexArea < 1e-9)
        #expect(try geos.area(of: hull) < 0.9 * convexArea)
    }

    @Test func preparedContainsAgreesWithNaiveRayCasting() throws {
        let geos = GEOSContext()
        // A star with a square hole: concave, with an interior ring.
        let star = (0...10).map { i -> Coordinate in
            let a = Double.pi / 2 + Double(i % 10) * Double.pi / 5
            let r = i % 2 == 0 ? 10.0 : 4.0
            return Coordinate(longitude: r * cos(a), latitude: r * sin(a))
        }
        let polygon = Polygon(shell: LinearRing(star), holes: [Self.square(-1.5, -1.5, side: 3)])
        var rng = SplitMix64(seed: 7)
        let points = (0..<5000).map { _ in
            Coordinate(longitude: Double.random(in: -11...11, using: &rng), latitude: Double.random(in: -11...11, using: &rng))
        }
        let prepared = try geos.prepare(.polygon(polygon))
        let fast = try prepared.contains(points)
        let naive = points.map { NaivePointInPolygon.contains(polygon, $0) }
        #expect(fast == naive)
        #expect(fast.filter { $0 }.count > 500)  // the test sees both answers
        #expect(try prepared.contains(Coordinate(longitude: 0, latitude: 0)) == false)  // in the hole
        #expect(try prepared.contains(Coordinate(longitude: 0, latitude: 7)) == true)  // in the top arm
    }
}

/// Even-odd ray casting over all rings, written here as the naive reference.
enum NaivePointInPolygon {
    static func contains(_ polygon: Polygon, _ p: Coordinate) -> Bool {
        var inside = false
        for ring in polygon.rings {
            let c = ring.coordinates
            for i in 0..<(c.count - 1) {
                let a = c[i], b = c[i + 1]
                if (a.latitude > p.latitude) != (b.latitude > p.latitude) {
                    let x = a.longitude + (p.latitude - a.latitude) / (b.latitude - a.latitude) * (b.longitude - a.longitude)
                    if p.longitude < x { inside.toggle() }
                }
            }
        }
        return inside
    }
}

/// Andrew's monotone chain convex hull area, as an independent check of GEOS's ratio-1 hull.
enum ConvexHull {
    static func area(_ points: [Coordinate]) -> Double {
        let ps = points.sorted { ($0.longitude, $0.latitude) < ($1.longitude, $1.latitude) }
        func cross(_ o: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Double {
            (a.longitude - o.longitude) * (b.latitude - o.latitude) - (a.latitude - o.latitude) * (b.longitude - o.longitude)
        }
        var lower: [Coordinate] = [], upper: [Coordinate] = []
        for p in ps {
            while lower.count >= 2 && cross(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 { lower.removeLast() }
            lower.append(p)
        }
        for p in ps.reversed() {
            while upper.count >= 2 && cross(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 { upper.removeLast() }
            upper.append(p)
        }
        let hull = Array(lower.dropLast() + upper.dropLast())
        var twice = 0.0
        for i in 0..<hull.count {
            let a = hull[i], b = hull[(i + 1) % hull.count]
            twice += a.longitude * b.latitude - b.longitude * a.latitude
        }
        return abs(twice) / 2
    }
}

