import GeoCore
import Network

/// Small hand-built inputs shared by the Network tests.
enum NetworkFixtures {
    static func stop(_ key: String, _ name: String, _ lon: Double, _ lat: Double, parent: String? = nil,
                     source: String = "test") -> TransitInput.Stop {
        TransitInput.Stop(key: key, name: name, coordinate: Coordinate(longitude: lon, latitude: lat),
                          parentKey: parent, source: source)
    }

    static func route(_ key: String, _ tier: Tier) -> TransitInput.Route {
        TransitInput.Route(key: key, shortName: key, longName: "Route \(key)", gtfsRouteType: nil, tier: tier,
                           tierReason: "test fixture", source: "test")
    }

    /// A trip with equal arrival and departure at each stop.
    static func trip(_ key: String, route: Int, tier: Tier, stops: [Int], times: [Int32], name: String = "") -> TransitInput.Trip {
        TransitInput.Trip(key: key, route: route, name: name, tier: tier, stops: stops,
                          arrivalSeconds: times, departureSeconds: times)
    }

    /// Independent great-circle distance (haversine on a 6 371 008.8 m sphere), written out here so the tests
    /// do not rely on `Earth.haversineMeters`.
    static func haversine(_ lon1: Double, _ lat1: Double, _ lon2: Double, _ lat2: Double) -> Double {
        let r = 6_371_008.8, rad = Double.pi / 180
        let dphi = (lat2 - lat1) * rad, dl = (lon2 - lon1) * rad
        let h = pow(sin(dphi / 2), 2) + cos(lat1 * rad) * cos(lat2 * rad) * pow(sin(dl / 2), 2)
        return 2 * r * asin(sqrt(h))
    }

    /// Metres north of a point, as a latitude offset in degrees on the same sphere.
    static func degreesNorth(_ meters: Double) -> Double { meters / (6_371_008.8 * Double.pi / 180) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
