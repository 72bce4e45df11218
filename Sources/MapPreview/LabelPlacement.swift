import GeoCore

/// An axis-aligned pixel rectangle.
struct PixelRect: Hashable {
    var minX: Double, minY: Double, maxX: Double, maxY: Double

    init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX; self.minY = minY; self.maxX = maxX; self.maxY = maxY
    }

    init(centerX: Double, centerY: Double, width: Double, height: Double) {
        self.init(minX: centerX - width / 2, minY: centerY - height / 2, maxX: centerX + width / 2, maxY: centerY + height / 2)
    }

    func intersects(_ o: PixelRect) -> Bool { minX < o.maxX && o.minX < maxX && minY < o.maxY && o.minY < maxY }
    func contains(_ o: PixelRect) -> Bool { o.minX >= minX && o.maxX <= maxX && o.minY >= minY && o.maxY <= maxY }

    /// The four corners, the four edge midpoints and the centre.
    var samplePoints: [PlanarPoint] {
        let mx = (minX + maxX) / 2, my = (minY + maxY) / 2
        return [(minX, minY), (mx, minY), (maxX, minY), (minX, my), (mx, my), (maxX, my), (minX, maxY), (mx, maxY), (maxX, maxY)]
            .map { PlanarPoint(x: $0.0, y: $0.1) }
    }
}

/// Estimated rendered width of a label: CJK ideographs one em, Latin about 0.6 em (over-estimated slightly,
/// so that a label judged to fit does fit with the fallback fonts).
enum TextMetrics {
    static func widthPixels(_ text: String, fontSizePixels: Double) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x2E80...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFF00...0xFF60: ems += 1.0
            case 0x20: ems += 0.3
            case 0x41...0x5A, 0x30...0x39, 0x4D, 0x57: ems += 0.66
            default: ems += 0.58
            }
        }
        return ems * fontSizePixels
    }
}

/// Greedy label placement: a label is kept when its box lies in the allowed area, inside its polygon and clear
/// of every box placed or reserved before it.
struct LabelPlacer {
    let bounds: PixelRect
    private(set) var occupied: [PixelRect]
    private let padding = 2.0

    init(bounds: PixelRect, reserved: [PixelRect]) {
        self.bounds = bounds
        occupied = reserved
    }

    mutating func reserve(_ rect: PixelRect) { occupied.append(rect) }

    func isFree(_ rect: PixelRect) -> Bool {
        guard bounds.contains(rect) else { return false }
        let padded = PixelRect(minX: rect.minX - padding, minY: rect.minY - padding, maxX: rect.maxX + padding, maxY: rect.maxY + padding)
        return !occupied.contains { $0.intersects(padded) }
    }

    /// Places a box of `width × height` inside `rings` (a polygon: shell then holes) near its visual centre.
    mutating func placeInside(rings: [[PlanarPoint]], width: Double, height: Double) -> PixelRect? {
        for candidate in Self.interiorCandidates(rings, count: 6) {
            let rect = PixelRect(centerX: candidate.x, centerY: candidate.y, width: width, height: height)
            guard isFree(rect), rect.samplePoints.allSatisfy({ Self.contains(rings, $0) }) else { continue }
            occupied.append(rect)
            return rect
        }
        return nil
    }

    /// Places a box beside a marker at `point`: right, left, above, below.
    mutating func placeBeside(_ point: PlanarPoint, gap: Double, width: Double, height: Double) -> PixelRect? {
        let candidates = [
            PixelRect(minX: point.x + gap, minY: point.y - height / 2, maxX: point.x + gap + width, maxY: point.y + height / 2),
            PixelRect(minX: point.x - gap - width, minY: point.y - height / 2, maxX: point.x - gap, maxY: point.y + height / 2),
            PixelRect(centerX: point.x, centerY: point.y - gap - height / 2, width: width, height: height),
            PixelRect(centerX: point.x, centerY: point.y + gap + height / 2, width: width, height: height),
        ]
        for rect in candidates where isFree(rect) {
            occupied.append(rect)
            return rect
        }
        return nil
    }

    /// Points inside the polygon, best first by distance to its boundary (a coarse pole of inaccessibility on
    /// a 16 × 16 grid over the shell's box).
    static func interiorCandidates(_ rings: [[PlanarPoint]], count: Int) -> [PlanarPoint] {
        guard let shell = rings.first, shell.count >= 3 else { return [] }
        let minX = shell.map(\.x).min()!, maxX = shell.map(\.x).max()!
        let minY = shell.map(\.y).min()!, maxY = shell.map(\.y).max()!
        let steps = 16
        var scored: [(point: PlanarPoint, distance: Double)] = []
        for i in 0..<steps {
            for j in 0..<steps {
                let p = PlanarPoint(x: minX + (Double(i) + 0.5) * (maxX - minX) / Double(steps),
                                    y: minY + (Double(j) + 0.5) * (maxY - minY) / Double(steps))
                guard contains(rings, p) else { continue }
                scored.append((p, boundaryDistance(rings, p)))
            }
        }
        return scored.enumerated().sorted { a, b in
            a.element.distance != b.element.distance ? a.element.distance > b.element.distance : a.offset < b.offset
        }.prefix(count).map(\.element.point)
    }

    /// Even–odd containment over all rings (holes cut out), as SVG draws them.
    static func contains(_ rings: [[PlanarPoint]], _ p: PlanarPoint) -> Bool {
        var inside = false
        for ring in rings where ring.count >= 3 {
            var j = ring.count - 1
            for i in 0..<ring.count {
                let a = ring[i], b = ring[j]
                if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
                j = i
            }
        }
        return inside
    }

    static func boundaryDistance(_ rings: [[PlanarPoint]], _ p: PlanarPoint) -> Double {
        var best = Double.infinity
        for ring in rings where ring.count >= 2 {
            var j = ring.count - 1
            for i in 0..<ring.count {
                best = min(best, PathEncoder.segmentDistance(p, ring[j], ring[i]))
                j = i
            }
        }
        return best
    }

    /// Shoelace area of a ring in square pixels (absolute).
    static func area(_ ring: [PlanarPoint]) -> Double {
        guard ring.count >= 3 else { return 0 }
        var sum = 0.0
        var j = ring.count - 1
        for i in 0..<ring.count {
            sum += (ring[j].x - ring[i].x) * (ring[j].y + ring[i].y)
            j = i
        }
        return abs(sum) / 2
    }
}
