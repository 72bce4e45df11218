/// A position in degrees, always labelled: longitude first, as in GeoJSON.
/// The coordinate reference system is not part of the value; APIs say which one they expect
/// (WGS-84 unless named otherwise, e.g. `GCJ02.toWGS84`).
public struct Coordinate: Hashable, Sendable, CustomStringConvertible {
    public var longitude: Double
    public var latitude: Double

    public init(longitude: Double, latitude: Double) {
        self.longitude = longitude
        self.latitude = latitude
    }

    /// True when the values are finite and within [-180, 180] × [-90, 90].
    public var isValidGeographic: Bool {
        longitude.isFinite && latitude.isFinite && abs(longitude) <= 180 && abs(latitude) <= 90
    }

    /// True within about 10 cm of (0, 0), in the Gulf of Guinea: a missing position written as zeros.
    public var isNullIsland: Bool { abs(longitude) < 1e-6 && abs(latitude) < 1e-6 }

    public var description: String { "(\(longitude), \(latitude))" }
}

/// A planar position in a projected CRS (metres unless the CRS says otherwise).
public struct PlanarPoint: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

public enum Earth {
    /// Mean Earth radius (IUGG), metres.
    public static let meanRadiusMeters = 6_371_008.8

    /// Great-circle distance on the mean sphere, metres.
    public static func haversineMeters(_ a: Coordinate, _ b: Coordinate) -> Double {
        let toRad = Double.pi / 180
        let dLat = (b.latitude - a.latitude) * toRad
        let dLon = (b.longitude - a.longitude) * toRad
        let s = sin(dLat / 2) * sin(dLat / 2)
            + cos(a.latitude * toRad) * cos(b.latitude * toRad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * meanRadiusMeters * asin(min(1, s.squareRoot()))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
