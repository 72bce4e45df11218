#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// GCJ-02 ("Mars coordinates"), the obfuscated system that Chinese web maps (Amap, Tencent) use by law.
///
/// The forward map is the widely published formula: offsets from two trigonometric series in
/// (longitude − 105°, latitude − 35°), turned from metres into degrees on the Krasovsky 1940 ellipsoid.
/// Outside a rough bounding box of China (longitude 72.004…137.8347, latitude 0.8293…55.8271) there is
/// no offset. The inverse has no closed form; it is found by fixed-point iteration.
public enum GCJ02 {
    /// Krasovsky 1940 semi-major axis, metres, as used by the formula.
    static let semiMajorAxisMeters = 6_378_245.0
    /// Krasovsky 1940 first eccentricity squared, as used by the formula.
    static let eccentricitySquared = 0.00669342162296594323

    /// Whether the formula applies an offset here (the usual rough box, not the real border).
    public static func isOffsetApplied(at c: Coordinate) -> Bool {
        c.longitude >= 72.004 && c.longitude <= 137.8347 && c.latitude >= 0.8293 && c.latitude <= 55.8271
    }

    /// WGS-84 → GCJ-02.
    public static func fromWGS84(_ wgs: Coordinate) -> Coordinate {
        guard isOffsetApplied(at: wgs) else { return wgs }
        let (dLon, dLat) = offsetDegrees(wgs)
        return Coordinate(longitude: wgs.longitude + dLon, latitude: wgs.latitude + dLat)
    }

    /// GCJ-02 → WGS-84: iterate w ← w − (fromWGS84(w) − gcj) until the forward of w is within 1e-10°
    /// (about 0.01 mm) of the input. Converges in a few steps since the offset varies slowly.
    /// A GCJ-02 point outside the rough box is returned unchanged.
    public static func toWGS84(_ gcj: Coordinate) -> Coordinate {
        guard isOffsetApplied(at: gcj) else { return gcj }
        var w = gcj
        for _ in 0..<30 {
            let f = fromWGS84(w)
            let eLon = f.longitude - gcj.longitude
            let eLat = f.latitude - gcj.latitude
            if abs(eLon) < 1e-10 && abs(eLat) < 1e-10 { break }
            w = Coordinate(longitude: w.longitude - eLon, latitude: w.latitude - eLat)
        }
        return w
    }

    /// The GCJ-02 offset at a WGS-84 position, in degrees of longitude and latitude.
    static func offsetDegrees(_ c: Coordinate) -> (longitude: Double, latitude: Double) {
        let x = c.longitude - 105
        let y = c.latitude - 35
        let shiftLat = latitudeSeries(x, y)
        let shiftLon = longitudeSeries(x, y)
        let phi = c.latitude * .pi / 180
        let s = sin(phi)
        let w = 1 - eccentricitySquared * s * s
        let sqrtW = w.squareRoot()
        // Meridian and prime-vertical radii of curvature on the Krasovsky ellipsoid.
        let meridianRadius = semiMajorAxisMeters * (1 - eccentricitySquared) / (w * sqrtW)
        let primeVerticalRadius = semiMajorAxisMeters / sqrtW
        let dLat = shiftLat * 180 / (meridianRadius * .pi)
        let dLon = shiftLon * 180 / (primeVerticalRadius * cos(phi) * .pi)
        return (dLon, dLat)
    }

    /// Shared periodic terms of both series, in x (the longitude offset from 105°).
    private static func periodicInX(_ x: Double) -> Double {
        (20 * sin(6 * x * .pi) + 20 * sin(2 * x * .pi)) * 2 / 3
    }

    private static func latitudeSeries(_ x: Double, _ y: Double) -> Double {
        var r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        r += periodicInX(x)
        r += (20 * sin(y * .pi) + 40 * sin(y / 3 * .pi)) * 2 / 3
        r += (160 * sin(y / 12 * .pi) + 320 * sin(y * .pi / 30)) * 2 / 3
        return r
    }

    private static func longitudeSeries(_ x: Double, _ y: Double) -> Double {
        var r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        r += periodicInX(x)
        r += (20 * sin(x * .pi) + 40 * sin(x / 3 * .pi)) * 2 / 3
        r += (150 * sin(x / 12 * .pi) + 300 * sin(x / 30 * .pi)) * 2 / 3
        return r
    }
}

/// BD-09, Baidu's system: a further small rotation and scaling applied on top of GCJ-02 (anywhere, no box).
public enum BD09 {
    /// The constant of the published formula, π · 3000 / 180.
    static let xPi = Double.pi * 3000.0 / 180.0

    /// GCJ-02 → BD-09.
    public static func fromGCJ02(_ gcj: Coordinate) -> Coordinate {
        let x = gcj.longitude, y = gcj.latitude
        let z = (x * x + y * y).squareRoot() + 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) + 0.000003 * cos(x * xPi)
        return Coordinate(longitude: z * cos(theta) + 0.0065, latitude: z * sin(theta) + 0.006)
    }

    /// BD-09 → GCJ-02: the published approximate inverse as a start, then fixed-point iteration until
    /// the forward of the estimate is within 1e-10° of the input.
    public static func toGCJ02(_ bd: Coordinate) -> Coordinate {
        let x = bd.longitude - 0.0065, y = bd.latitude - 0.006
        let z = (x * x + y * y).squareRoot() - 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) - 0.000003 * cos(x * xPi)
        var g = Coordinate(longitude: z * cos(theta), latitude: z * sin(theta))
        for _ in 0..<20 {
            let f = fromGCJ02(g)
            let eLon = f.longitude - bd.longitude
            let eLat = f.latitude - bd.latitude
            if abs(eLon) < 1e-10 && abs(eLat) < 1e-10 { break }
            g = Coordinate(longitude: g.longitude - eLon, latitude: g.latitude - eLat)
        }
        return g
    }

    /// WGS-84 → BD-09 (through GCJ-02).
    public static func fromWGS84(_ wgs: Coordinate) -> Coordinate { fromGCJ02(GCJ02.fromWGS84(wgs)) }

    /// BD-09 → WGS-84 (through GCJ-02).
    public static func toWGS84(_ bd: Coordinate) -> Coordinate { GCJ02.toWGS84(toGCJ02(bd)) }
}
