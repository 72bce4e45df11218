import GeoCore

/// One point guaranteed inside a (multi)polygon, to stand for a district in travel-time queries.
///
/// Method: take the part with the largest area; if its area centroid (planar on lon/lat, fine at district
/// scale) lies inside it (holes excluded), use it; otherwise cut the part with the horizontal line through the
/// centroid's latitude (or, if that misses, through the middle of its latitude range) and take the middle of the
/// widest inside stretch. Population-weighted points are the commute-rings analysis's business.
public enum PlaceRepresentativePoint {
    public static func point(inside boundary: MultiPolygon) -> Coordinate? {
        let parts = boundary.polygons.filter { $0.shell.coordinates.count >= 4 }
        guard let part = parts.max(by: { $0.planarArea < $1.planarArea }) else { return nil }
        return point(inside: part)
    }

    public static func point(inside polygon: Polygon) -> Coordinate? {
        let ring = polygon.shell.coordinates
        guard ring.count >= 4 else { return nil }
        if let c = centroid(polygon), contains(polygon, c) { return c }
        let lats = ring.map(\.latitude)
        var candidates: [Double] = []
        if let c = centroid(polygon) { candidates.append(c.latitude) }
        let lo = lats.min()!, hi = lats.max()!
        candidates.append((lo + hi) / 2)
        // Nudge off vertex latitudes, where crossings are ambiguous.
        for k in 1...8 { candidates.append(lo + (hi - lo) * Double(k) / 9) }
        for latitude in candidates {
            if let c = widestStretchMiddle(polygon, latitude: latitude), contains(polygon, c) { return c }
        }
        return nil
    }

    static func centroid(_ p: Polygon) -> Coordinate? {
        var a = 0.0, cx = 0.0, cy = 0.0
        let x0 = p.shell.coordinates[0].longitude, y0 = p.shell.coordinates[0].latitude
        for (k, ring) in p.rings.enumerated() {
            var ra = 0.0, rx = 0.0, ry = 0.0
            let c = ring.coordinates
            guard c.count >= 4 else { continue }
            for i in 0..<(c.count - 1) {
                let xa = c[i].longitude - x0, ya = c[i].latitude - y0
                let xb = c[i + 1].longitude - x0, yb = c[i + 1].latitude - y0
                let cross = xa * yb - xb * ya
                ra += cross; rx += (xa + xb) * cross; ry += (ya + yb) * cross
            }
            // Shell counts positive, holes negative, whatever their winding.
            let sign: Double = (k == 0) == (ra > 0) ? 1 : -1
            a += sign * ra; cx += sign * rx; cy += sign * ry
        }
        guard abs(a) > 0 else { return nil }
        return Coordinate(longitude: x0 + cx / (3 * a), latitude: y0 + cy / (3 * a))
    }

    /// Even-odd rule over all rings: inside the shell and outside every hole.
    public static func contains(_ p: Polygon, _ point: Coordinate) -> Bool {
        var inside = false
        for ring in p.rings {
            let c = ring.coordinates
            var j = c.count - 1
            for i in 0..<c.count {
                let a = c[i], b = c[j]
                if (a.latitude > point.latitude) != (b.latitude > point.latitude) {
                    let x = a.longitude + (point.latitude - a.latitude) / (b.latitude - a.latitude) * (b.longitude - a.longitude)
                    if point.longitude < x { inside.toggle() }
                }
                j = i
            }
        }
        return inside
    }

    static func widestStretchMiddle(_ p: Polygon, latitude y: Double) -> Coordinate? {
        var xs: [Double] = []
        for ring in p.rings {
            let c = ring.coordinates
            for i in 0..<(c.count - 1) {
                let a = c[i], b = c[i + 1]
                if (a.latitude > y) != (b.latitude > y) {
                    xs.append(a.longitude + (y - a.latitude) / (b.latitude - a.latitude) * (b.longitude - a.longitude))
                }
            }
        }
        xs.sort()
        var best: (width: Double, middle: Double)?
        var i = 0
        while i + 1 < xs.count {
            let w = xs[i + 1] - xs[i]
            if best == nil || w > best!.width { best = (w, (xs[i] + xs[i + 1]) / 2) }
            i += 2
        }
        return best.map { Coordinate(longitude: $0.middle, latitude: y) }
    }
}
