import GeoCore
import GeoPROJ
import Network

/// The manifest's `local_crs` against the area it is for: a projected CRS is not enough, it must be meant for
/// the area (PROJ's area of use, when it knows one, must reach the area) and keep distances there (its scale,
/// measured against great-circle distances over the area, within 1 %). Web Mercator passes the first test and
/// fails the second (it stretches lengths by 1 / cos latitude, 30 % at 40° N); a UTM zone on the other side of
/// the world fails both. Either would give wrong areas, coverage and grids without a word.
enum LocalCRSCheck {
    /// Largest accepted |scale − 1| over the area. A Gauss–Krüger zone 5° from its central meridian stays under
    /// 0.3 %; the sphere used for the comparison adds at most 0.3 %.
    static let maxScaleError = 0.01

    /// Throws an `InputError` at `local_crs` naming the CRS and the reason; `area` is the districts' box (or the
    /// stations'), described as `areaSource`.
    static func check(_ crs: LocalCRSDefinition, area: BoundingBox, areaSource: String, manifestPath: String) throws {
        let description = try CRSDescription(of: crs.definition)
        let named = description.name.isEmpty ? "\"\(crs.definition)\"" : "\"\(crs.definition)\" (\(description.name))"
        let suggestion = "; choose a projected CRS made for the area, e.g. its UTM zone \(utmZone(of: area)) or omit local_crs"
        let box = Self.text(area)
        if let use = description.areaOfUse, !overlaps(use, area) {
            throw InputError(file: manifestPath, location: "local_crs",
                             message: "\(named) is meant for \(text(use)), which does not reach the area (\(box), \(areaSource))" + suggestion)
        }
        let transformer = try Transformer(from: "EPSG:4326", to: crs.definition)
        var worst = 0.0, worstPlace = Coordinate(longitude: area.minLongitude, latitude: area.minLatitude)
        let steps = 4
        for i in 0...steps {
            for j in 0...steps {
                let p = Coordinate(longitude: area.minLongitude + (area.maxLongitude - area.minLongitude) * Double(i) / Double(steps),
                                   latitude: area.minLatitude + (area.maxLatitude - area.minLatitude) * Double(j) / Double(steps))
                for q in [Coordinate(longitude: p.longitude + 0.01, latitude: p.latitude),
                          Coordinate(longitude: p.longitude, latitude: p.latitude + 0.01)] {
                    let a = try? transformer.forward(p), b = try? transformer.forward(q)
                    guard let a, let b, a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite else {
                        throw InputError(file: manifestPath, location: "local_crs",
                                         message: "\(named) cannot project the area (\(box), \(areaSource))" + suggestion)
                    }
                    let planar = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                    let error = abs(planar / Earth.haversineMeters(p, q) - 1)
                    if !(error <= worst) { worst = error; worstPlace = p }
                }
            }
        }
        guard worst <= maxScaleError else {
            let percent = worst.isFinite ? "\(Int((worst * 100).rounded())) %" : "an unbounded factor"
            throw InputError(file: manifestPath, location: "local_crs",
                             message: "\(named) distorts distances by \(percent) over the area (at "
                                 + "\(degrees(worstPlace.longitude, "E", "W")) \(degrees(worstPlace.latitude, "N", "S")); "
                                 + "more than \(Int(maxScaleError * 100)) %), so areas and distances would be wrong" + suggestion)
        }
    }

    /// True when the boxes share a point; `use` may cross the antimeridian.
    static func overlaps(_ use: BoundingBox, _ area: BoundingBox) -> Bool {
        guard use.minLatitude <= area.maxLatitude, area.minLatitude <= use.maxLatitude else { return false }
        let ranges = use.minLongitude <= use.maxLongitude
            ? [(use.minLongitude, use.maxLongitude)] : [(use.minLongitude, 180.0), (-180.0, use.maxLongitude)]
        return ranges.contains { $0.0 <= area.maxLongitude && area.minLongitude <= $0.1 }
    }

    /// The WGS 84 UTM zone of the box's centre ("EPSG:32650").
    static func utmZone(of area: BoundingBox) -> String {
        let lon = (area.minLongitude + area.maxLongitude) / 2, lat = (area.minLatitude + area.maxLatitude) / 2
        let zone = min(60, max(1, Int(((lon + 180) / 6).rounded(.down)) + 1))
        return "EPSG:\(lat >= 0 ? 32600 + zone : 32700 + zone)"
    }

    static func degrees(_ value: Double, _ positive: String, _ negative: String) -> String {
        "\((abs(value) * 10).rounded() / 10)°\(value >= 0 ? positive : negative)"
    }

    static func text(_ box: BoundingBox) -> String {
        "\(degrees(box.minLongitude, "E", "W"))–\(degrees(box.maxLongitude, "E", "W")), "
            + "\(degrees(box.minLatitude, "N", "S"))–\(degrees(box.maxLatitude, "N", "S"))"
    }
}
