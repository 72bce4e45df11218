import GeoCore

/// An equirectangular plane around a reference latitude/longitude, in metres: enough for the sub-kilometre
/// distances of the road-gap analysis (scale error below 0.5 % within ±50 km of the reference).
struct RoadPlane {
    let origin: Coordinate
    let metersPerDegreeLatitude = Earth.meanRadiusMeters * Double.pi / 180
    let metersPerDegreeLongitude: Double

    init(origin: Coordinate) {
        self.origin = origin
        metersPerDegreeLongitude = metersPerDegreeLatitude * cos(origin.latitude * Double.pi / 180)
    }

    func point(_ c: Coordinate) -> SIMD2<Double> {
        SIMD2((c.longitude - origin.longitude) * metersPerDegreeLongitude, (c.latitude - origin.latitude) * metersPerDegreeLatitude)
    }

    func coordinate(_ p: SIMD2<Double>) -> Coordinate {
        Coordinate(longitude: origin.longitude + p.x / metersPerDegreeLongitude, latitude: origin.latitude + p.y / metersPerDegreeLatitude)
    }

    /// The point of segment ab nearest to p and its parameter t ∈ [0, 1].
    static func nearest(on a: SIMD2<Double>, _ b: SIMD2<Double>, to p: SIMD2<Double>) -> (point: SIMD2<Double>, t: Double) {
        let d = b - a
        let l2 = (d * d).sum()
        guard l2 > 0 else { return (a, 0) }
        let t = max(0, min(1, ((p - a) * d).sum() / l2))
        return (a + d * t, t)
    }
}

func simd_length(_ v: SIMD2<Double>) -> Double { ((v * v).sum()).squareRoot() }

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
