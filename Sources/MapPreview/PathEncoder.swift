import GeoCore

/// A position in tenths of a pixel: the precision written to the SVG.
struct TenthPoint: Hashable {
    var x: Int
    var y: Int
    init(_ p: PlanarPoint) {
        x = Int((p.x * 10).rounded())
        y = Int((p.y * 10).rounded())
    }
    var planar: PlanarPoint { PlanarPoint(x: Double(x) / 10, y: Double(y) / 10) }
}

/// The SVG path data of one feature, split by primitive (areas are filled, lines are not, points are markers).
struct EncodedFeature {
    var areal = ""
    var linear = ""
    var points = ""
    /// Polygons as simplified pixel rings (shell first), for label placement.
    var polygons: [[[PlanarPoint]]] = []
    /// Projected point positions, for marker labels.
    var pointPositions: [PlanarPoint] = []
}

/// Projects a geometry, simplifies it at a pixel tolerance (Douglas–Peucker) and writes compact path data:
/// an absolute `M` per part, then relative `l` steps in tenths of a pixel, `z` for rings.
struct PathEncoder {
    let projection: MapProjection
    let tolerancePixels: Double

    func encode(_ geometry: Geometry, pointRadius: Double) -> EncodedFeature {
        var out = EncodedFeature()
        append(geometry, pointRadius: pointRadius, to: &out)
        return out
    }

    private func append(_ geometry: Geometry, pointRadius: Double, to out: inout EncodedFeature) {
        switch geometry {
        case .point(let c):
            appendMarker(c, radius: pointRadius, to: &out)
        case .multiPoint(let cs):
            for c in cs { appendMarker(c, radius: pointRadius, to: &out) }
        case .lineString(let l):
            appendLine(l.coordinates, to: &out.linear)
        case .multiLineString(let ls):
            for l in ls { appendLine(l.coordinates, to: &out.linear) }
        case .polygon(let p):
            appendPolygons([p], to: &out)
        case .multiPolygon(let mp):
            appendPolygons(mp.polygons, to: &out)
        case .geometryCollection(let members):
            for m in members { append(m, pointRadius: pointRadius, to: &out) }
        }
    }

    private func appendMarker(_ c: Coordinate, radius: Double, to out: inout EncodedFeature) {
        let p = projection.project(c)
        out.pointPositions.append(p)
        let r = Int((radius * 10).rounded())
        let start = TenthPoint(PlanarPoint(x: p.x - radius, y: p.y))
        // A circle as two half-circle arcs.
        var d = "M"
        Self.appendPair(start.x, start.y, to: &d)
        d += "a"
        Self.appendNumbers([r, r, 0, 10, 0, 2 * r, 0], to: &d)
        d += "a"
        Self.appendNumbers([r, r, 0, 10, 0, -2 * r, 0], to: &d)
        d += "z"
        out.points += d
    }

    private func appendLine(_ coordinates: [Coordinate], to d: inout String) {
        guard !coordinates.isEmpty else { return }
        let simplified = Self.simplify(coordinates.map(projection.project), tolerance: tolerancePixels)
        var tenths = Self.deduplicated(simplified.map(TenthPoint.init))
        if tenths.count == 1 { tenths.append(tenths[0]) }  // a zero-length line still shows as a dot (round caps)
        Self.appendSubpath(tenths, closed: false, to: &d)
    }

    private func appendPolygons(_ polygons: [Polygon], to out: inout EncodedFeature) {
        var parts: [[[TenthPoint]]] = []
        for polygon in polygons {
            var rings: [[TenthPoint]] = []
            for (index, ring) in polygon.rings.enumerated() {
                var coordinates = ring.coordinates
                if coordinates.count > 1 && coordinates.first == coordinates.last { coordinates.removeLast() }
                guard !coordinates.isEmpty else { continue }
                var projected = coordinates.map(projection.project)
                projected.append(projected[0])
                var tenths = Self.deduplicated(Self.simplify(projected, tolerance: tolerancePixels).map(TenthPoint.init))
                if tenths.count > 1 && tenths.first == tenths.last { tenths.removeLast() }
                if tenths.count < 3 {
                    // A ring smaller than the tolerance: holes vanish; a shell stays only as its first point.
                    if index > 0 { continue }
                    tenths = [tenths[0]]
                }
                rings.append(tenths)
            }
            if !rings.isEmpty { parts.append(rings) }
        }
        // Parts collapsed to a point are dropped unless nothing else is left.
        let visible = parts.filter { $0[0].count >= 3 }
        for rings in (visible.isEmpty ? Array(parts.prefix(1)) : visible) {
            for ring in rings { Self.appendSubpath(ring, closed: ring.count >= 3, to: &out.areal) }
            out.polygons.append(rings.map { $0.map(\.planar) })
        }
    }

    // MARK: - Path text

    private static func appendSubpath(_ points: [TenthPoint], closed: Bool, to d: inout String) {
        guard let first = points.first else { return }
        d += "M"
        appendPair(first.x, first.y, to: &d)
        if points.count > 1 {
            d += "l"
            var previous = first
            var deltas: [Int] = []
            deltas.reserveCapacity(2 * points.count)
            for p in points.dropFirst() {
                deltas.append(p.x - previous.x)
                deltas.append(p.y - previous.y)
                previous = p
            }
            appendNumbers(deltas, to: &d)
        }
        if closed { d += "z" }
    }

    private static func appendPair(_ x: Int, _ y: Int, to d: inout String) {
        appendNumbers([x, y], to: &d)
    }

    /// Numbers in tenths, separated by a space unless the next one starts with "-", or starts with "." after a
    /// number that already has a decimal point (SVG's number grammar then ends the previous number there).
    static func appendNumbers(_ values: [Int], to d: inout String) {
        var previousHasPoint: Bool?
        for v in values {
            let text = tenthsText(v)
            if let previousHasPoint, let c = text.first {
                let delimits = c == "-" || (c == "." && previousHasPoint)
                if !delimits { d += " " }
            }
            d += text
            previousHasPoint = v % 10 != 0
        }
    }

    /// 12 → "1.2", -5 → "-.5", 30 → "3", 0 → "0".
    static func tenthsText(_ v: Int) -> String {
        let magnitude = abs(v)
        let whole = magnitude / 10, fraction = magnitude % 10
        var s = v < 0 ? "-" : ""
        if fraction == 0 { s += String(whole) }
        else if whole == 0 { s += ".\(fraction)" }
        else { s += "\(whole).\(fraction)" }
        return s
    }

    // MARK: - Simplification

    static func deduplicated(_ points: [TenthPoint]) -> [TenthPoint] {
        var out: [TenthPoint] = []
        out.reserveCapacity(points.count)
        for p in points where out.last != p { out.append(p) }
        return out
    }

    /// Douglas–Peucker: keeps the first and last point and every point farther than `tolerance` from the chord
    /// of its kept neighbours. A closed ring (first = last) is split at its farthest point from the start.
    static func simplify(_ points: [PlanarPoint], tolerance: Double) -> [PlanarPoint] {
        guard points.count > 2, tolerance > 0 else { return points }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        var stack: [(Int, Int)] = [(0, points.count - 1)]
        while let (start, end) = stack.popLast() {
            guard end > start + 1 else { continue }
            var farthest = start, farthestDistance = -1.0
            for i in (start + 1)..<end {
                let distance = segmentDistance(points[i], points[start], points[end])
                if distance > farthestDistance { farthestDistance = distance; farthest = i }
            }
            let isClosedStart = start == 0 && end == points.count - 1 && points[start] == points[end]
            if farthestDistance > tolerance || isClosedStart {
                keep[farthest] = true
                stack.append((start, farthest))
                stack.append((farthest, end))
            }
        }
        return points.indices.filter { keep[$0] }.map { points[$0] }
    }

    /// Distance from `p` to the segment `a`–`b` (to `a` when the segment has no length).
    static func segmentDistance(_ p: PlanarPoint, _ a: PlanarPoint, _ b: PlanarPoint) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let lengthSquared = dx * dx + dy * dy
        var t = 0.0
        if lengthSquared > 0 { t = max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared)) }
        let ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y
        return (ex * ex + ey * ey).squareRoot()
    }
}
