import GeoCore
import MapPreview
#if canImport(Glibc)
import Glibc
#endif

/// Small hand-made layers around Beijing South (116.3727, 39.8636).
enum Builders {
    static let beijingSouth = Coordinate(longitude: 116.3727, latitude: 39.8636)

    /// A ring of `count` points at `radiusDegrees` (latitude degrees; longitude stretched by 1/cos φ).
    static func circle(center: Coordinate = beijingSouth, radiusDegrees: Double, count: Int = 48, counterClockwise: Bool = true) -> LinearRing {
        let k = 1 / cos(center.latitude * Double.pi / 180)
        var points = (0..<count).map { i -> Coordinate in
            let a = 2 * Double.pi * Double(i) / Double(count)
            return Coordinate(longitude: center.longitude + radiusDegrees * k * cos(a), latitude: center.latitude + radiusDegrees * sin(a))
        }
        if !counterClockwise { points.reverse() }
        return LinearRing(points + [points[0]])
    }

    static func square(_ minLon: Double, _ minLat: Double, _ size: Double) -> Polygon {
        Polygon(shell: LinearRing([
            Coordinate(longitude: minLon, latitude: minLat), Coordinate(longitude: minLon + size, latitude: minLat),
            Coordinate(longitude: minLon + size, latitude: minLat + size), Coordinate(longitude: minLon, latitude: minLat + size),
            Coordinate(longitude: minLon, latitude: minLat),
        ]))
    }

    /// Three concentric rings, cutoff 30/45/60 min; the 60-minute one has a hole east of the centre, between
    /// the 45- and 60-minute edges, wound like the shell on purpose: with even-odd filling it is a hole
    /// whatever its winding (under the default nonzero rule it would be filled).
    static func rings() -> FeatureCollection {
        let k = 1 / cos(beijingSouth.latitude * Double.pi / 180)
        let holeCenter = Coordinate(longitude: beijingSouth.longitude + 0.28 * k, latitude: beijingSouth.latitude)
        return FeatureCollection([(30.0, 0.1), (45.0, 0.2), (60.0, 0.35)].map { cutoff, radius in
            let holes = cutoff == 60 ? [circle(center: holeCenter, radiusDegrees: 0.06, counterClockwise: true)] : []
            return Feature(geometry: .polygon(Polygon(shell: circle(radiusDegrees: radius), holes: holes)),
                           properties: ["cutoff_min": .number(cutoff)])
        })
    }

    static let hubRatings = ["zero-distance", "acceptable", "poor", "disconnected"]

    /// One hub per rating, plus one without geometry.
    static func hubs() -> FeatureCollection {
        var features = hubRatings.enumerated().map { i, rating in
            Feature(geometry: .point(Coordinate(longitude: 116.0 + 0.3 * Double(i), latitude: 39.5 + 0.1 * Double(i))),
                    properties: ["rating": .string(rating), "tiers": .array(["trunk", "metro"]), "name": .string("hub \(i)")])
        }
        features.append(Feature(geometry: nil, properties: ["rating": "poor", "name": "nowhere"]))
        return FeatureCollection(features)
    }
}
