import Analysis
import GeoCore
import GeoGEOS
import Network
import Testing
import TestSupport

@Suite(.tags(.fast)) struct PlaceRepresentativePointTests {
    static func ring(_ xy: [(Double, Double)]) -> LinearRing {
        LinearRing(xy.map { Coordinate(longitude: 116 + $0.0 / 100, latitude: 39 + $0.1 / 100) })
    }

    /// A U of 3 × 3 units with a 1 × 2 notch from the top: area 7, centroid x = 1.5 (symmetry),
    /// y = (9 · 1.5 − 2 · 2) / 7 = 1.357, which lies in the notch (outside). The scan line y = 1.357 crosses at
    /// x = 0, 1, 2, 3: stretches [0, 1] and [2, 3] are equally wide, the first is taken → (0.5, 1.357).
    @Test func uShapeFallsBackToTheWidestStretch() throws {
        let u = Polygon(shell: Self.ring([(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3), (0, 0)]))
        let p = try #require(PlaceRepresentativePoint.point(inside: u))
        #expect(abs(p.longitude - (116 + 0.5 / 100)) < 1e-12)
        #expect(abs(p.latitude - (39 + 9.5 / 7 / 100)) < 1e-12)
        #expect(PlaceRepresentativePoint.contains(u, p))
    }

    /// A square with a centred hole: the centroid (1.5, 1.5) is in the hole; the result must be inside the shell
    /// and outside the hole. The larger part of a multipolygon wins.
    @Test func holesAndParts() throws {
        let square = Polygon(shell: Self.ring([(0, 0), (3, 0), (3, 3), (0, 3), (0, 0)]),
                             holes: [Self.ring([(1, 1), (1, 2), (2, 2), (2, 1), (1, 1)])])
        let p = try #require(PlaceRepresentativePoint.point(inside: square))
        #expect(PlaceRepresentativePoint.contains(square, p))
        #expect(!(p.longitude > 116.01 && p.longitude < 116.02 && p.latitude > 39.01 && p.latitude < 39.02))
        let small = Polygon(shell: Self.ring([(10, 10), (10.5, 10), (10.5, 10.5), (10, 10.5), (10, 10)]))
        let q = try #require(PlaceRepresentativePoint.point(inside: MultiPolygon([small, square])))
        #expect(q.longitude < 116.03)
        #expect(PlaceRepresentativePoint.point(inside: MultiPolygon([])) == nil)
    }

    /// Every jingjinji district's point lies inside its boundary according to GEOS (an independent test).
    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "needs ../shared/data (jingjinji)"))
    func everyJingjinjiDistrictPointIsInside() throws {
        let network = try AreaNetworks.built("jingjinji")
        #expect(network.districts.count == 66)
        let geos = GEOSContext()
        for d in network.districts {
            let p = try #require(PlaceRepresentativePoint.point(inside: d.boundary), "\(d.name)")
            let prepared = try geos.prepare(.multiPolygon(d.boundary))
            #expect(try prepared.contains(p), "\(d.name) \(p)")
        }
    }
}
