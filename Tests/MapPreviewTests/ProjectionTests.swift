import Foundation
import GeoCore
import TestSupport
import Testing
@testable import MapPreview

@Suite("Projection, fit and scale bar", .tags(.fast))
struct ProjectionTests {
    // The jingjinji districts' box (rounded), a realistic metropolitan extent.
    let box = BoundingBox(minLongitude: 113.7, minLatitude: 36.5, maxLongitude: 118.1, maxLatitude: 41.1)

    @Test func fitKeepsTheBoxInsideTheMarginsAndTouchesThemOnOneAxis() {
        let p = MapProjection(fitting: box, widthPixels: 960, heightPixels: 700, marginPixels: 28)
        let sw = p.project(Coordinate(longitude: box.minLongitude, latitude: box.minLatitude))
        let ne = p.project(Coordinate(longitude: box.maxLongitude, latitude: box.maxLatitude))
        // y grows downwards: south-west is bottom-left.
        #expect(sw.x >= 28 - 1e-9 && ne.x <= 960 - 28 + 1e-9)
        #expect(ne.y >= 28 - 1e-9 && sw.y <= 700 - 28 + 1e-9)
        #expect(sw.x < ne.x && ne.y < sw.y)
        // Fitted: on the limiting axis the box spans exactly the space between the margins.
        let usedX = (ne.x - sw.x) / (960 - 56), usedY = (sw.y - ne.y) / (700 - 56)
        #expect(abs(max(usedX, usedY) - 1) < 1e-9)
        // Centred.
        #expect(abs((sw.x + ne.x) / 2 - 480) < 1e-9 && abs((sw.y + ne.y) / 2 - 350) < 1e-9)
        // Aspect: horizontal/vertical pixel ratio = Δlon·cos(φ₀)/Δlat (computed here by hand).
        let expectedAspect = 4.4 * cos(38.8 * Double.pi / 180) / 4.6
        #expect(abs((ne.x - sw.x) / (sw.y - ne.y) - expectedAspect) < 1e-9)
    }

    @Test func fittedHeightFollowsTheAspectWithinLimits() {
        let h = MapProjection.fittedHeight(for: box, widthPixels: 960, marginPixels: 28, minimumHeightPixels: 300, maximumHeightPixels: 2000)
        // (960 − 56) · 4.6 / (4.4 · cos 38.8°) + 56 ≈ 1283.9, rounded up.
        let cosine: Double = cos(38.8 * Double.pi / 180)
        let expected: Double = 904.0 * 4.6 / (4.4 * cosine) + 56.0
        #expect(h == expected.rounded(.up))
        #expect(MapProjection.fittedHeight(for: box, widthPixels: 960, marginPixels: 28, minimumHeightPixels: 300, maximumHeightPixels: 900) == 900)
        let flat = BoundingBox(minLongitude: 100, minLatitude: 30, maxLongitude: 110, maxLatitude: 30.1)
        #expect(MapProjection.fittedHeight(for: flat, widthPixels: 960, marginPixels: 28, minimumHeightPixels: 480, maximumHeightPixels: 900) == 480)
    }

    @Test func projectAndUnprojectRoundTrip() {
        let p = MapProjection(fitting: box, widthPixels: 800, heightPixels: 800, marginPixels: 20)
        for c in [Coordinate(longitude: 116.3727, latitude: 39.8636), Coordinate(longitude: 113.7, latitude: 41.1)] {
            let back = p.unproject(p.project(c))
            #expect(abs(back.longitude - c.longitude) < 1e-12 && abs(back.latitude - c.latitude) < 1e-12)
        }
    }

    @Test func aSinglePointGetsTheMinimumSpan() {
        let point = BoundingBox(minLongitude: 116.37, minLatitude: 39.86, maxLongitude: 116.37, maxLatitude: 39.86)
        let p = MapProjection(fitting: point, widthPixels: 500, heightPixels: 500, marginPixels: 50)
        #expect(p.pixelsPerDegreeLatitude.isFinite && p.pixelsPerDegreeLatitude > 0)
        let c = p.project(Coordinate(longitude: 116.37, latitude: 39.86))
        #expect(abs(c.x - 250) < 1e-9 && abs(c.y - 250) < 1e-9)
    }

    /// The scale bar's ground length, measured independently: unproject its two ends at the map's centre and
    /// take the haversine distance (written out here, not GeoCore's) between them, east–west and north–south.
    @Test(arguments: [960.0, 400.0, 3000.0])
    func scaleBarMatchesHaversine(widthPixels: Double) {
        let p = MapProjection(fitting: box, widthPixels: widthPixels, heightPixels: widthPixels, marginPixels: 20)
        let bar = ScaleBar(metersPerPixel: p.metersPerPixelAtCenter, maximumPixels: 160)
        #expect(bar.lengthPixels <= 160 && bar.lengthPixels > 160 / 2.5 - 1e-9)
        let mantissa = bar.lengthMeters / pow(10, floor(log10(bar.lengthMeters)))
        #expect([1.0, 2.0, 5.0].contains { abs($0 - mantissa) < 1e-9 })

        func haversine(_ a: Coordinate, _ b: Coordinate) -> Double {
            let r = 6_371_008.8, rad = Double.pi / 180
            let sinLat: Double = sin((b.latitude - a.latitude) * rad / 2)
            let sinLon: Double = sin((b.longitude - a.longitude) * rad / 2)
            let h: Double = sinLat * sinLat + cos(a.latitude * rad) * cos(b.latitude * rad) * sinLon * sinLon
            return 2 * r * asin(sqrt(h))
        }
        let c = p.center
        let west = p.unproject(PlanarPoint(x: c.x - bar.lengthPixels / 2, y: c.y))
        let east = p.unproject(PlanarPoint(x: c.x + bar.lengthPixels / 2, y: c.y))
        let north = p.unproject(PlanarPoint(x: c.x, y: c.y - bar.lengthPixels / 2))
        let south = p.unproject(PlanarPoint(x: c.x, y: c.y + bar.lengthPixels / 2))
        // Along the parallel the great circle is a hair shorter than the parallel arc: < 0.01 % at this size.
        #expect(abs(haversine(west, east) - bar.lengthMeters) / bar.lengthMeters < 1e-4)
        #expect(abs(haversine(north, south) - bar.lengthMeters) / bar.lengthMeters < 1e-9)
    }

    @Test func scaleBarLabels() {
        #expect(ScaleBar(metersPerPixel: 400, maximumPixels: 160).label == "50 km")   // limit 64 km → 50 km
        #expect(ScaleBar(metersPerPixel: 400, maximumPixels: 160).lengthPixels == 125)
        #expect(ScaleBar(metersPerPixel: 5, maximumPixels: 160).label == "500 m")     // limit 800 m
        #expect(ScaleBar(metersPerPixel: 12, maximumPixels: 160).label == "1 km")     // limit 1.92 km
        #expect(ScaleBar(metersPerPixel: 1300, maximumPixels: 160).label == "200 km") // limit 208 km
    }
}
