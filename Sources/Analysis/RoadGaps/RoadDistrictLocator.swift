import GeoCore
import GeoGEOS
import Network

/// Which district holds a position (first district in network order whose polygon contains it), with GEOS
/// prepared polygons and a bounding-box prefilter. Not Sendable (owns a GEOS context).
final class RoadDistrictLocator {
    let districts: [District]
    private let boxes: [BoundingBox?]
    private let prepared: [PreparedGeometry]
    let geos: GEOSContext

    init(districts: [District]) throws {
        self.districts = districts
        let context = GEOSContext()
        geos = context
        boxes = districts.map { Geometry.multiPolygon($0.boundary).boundingBox }
        prepared = try districts.map { try context.prepare(.multiPolygon($0.boundary)) }
    }

    func district(of c: Coordinate) throws -> Int? {
        for i in districts.indices {
            guard let b = boxes[i], b.contains(c) else { continue }
            if try prepared[i].intersects([c])[0] { return i }
        }
        return nil
    }

    func districts(of points: [Coordinate]) throws -> [Int?] {
        var result = [Int?](repeating: nil, count: points.count)
        for i in districts.indices {
            guard let b = boxes[i] else { continue }
            let inside = points.indices.filter { result[$0] == nil && b.contains(points[$0]) }
            guard !inside.isEmpty else { continue }
            let hits = try prepared[i].intersects(inside.map { points[$0] })
            for (k, p) in inside.enumerated() where hits[k] { result[p] = i }
        }
        return result
    }

    /// Pairs of districts whose polygons touch or overlap (bounding boxes first).
    func touchingPairs() throws -> [(Int, Int)] {
        var pairs: [(Int, Int)] = []
        for i in districts.indices {
            guard let a = boxes[i] else { continue }
            for j in (i + 1)..<districts.count {
                guard let b = boxes[j], a.minLongitude <= b.maxLongitude, b.minLongitude <= a.maxLongitude,
                      a.minLatitude <= b.maxLatitude, b.minLatitude <= a.maxLatitude else { continue }
                if try prepared[i].intersects(.multiPolygon(districts[j].boundary)) { pairs.append((i, j)) }
            }
        }
        return pairs
    }

    /// The common border of two touching districts: the middle position of its longest line, and its total
    /// length in metres (lines only; a touch at a point has length 0). Nil when they do not meet.
    func sharedBorder(_ i: Int, _ j: Int, plane: RoadPlane) throws -> (point: Coordinate, meters: Double)? {
        let shared = try geos.intersection(.multiPolygon(districts[i].boundary), .multiPolygon(districts[j].boundary))
        var lines: [[Coordinate]] = []
        func collect(_ g: Geometry) {
            switch g {
            case .lineString(let l): lines.append(l.coordinates)
            case .multiLineString(let ls): lines += ls.map(\.coordinates)
            case .polygon(let p): lines.append(p.shell.coordinates)  // overlapping slivers: their outline
            case .multiPolygon(let mp): lines += mp.polygons.map(\.shell.coordinates)
            case .geometryCollection(let gs): gs.forEach(collect)
            case .point, .multiPoint: break
            }
        }
        collect(shared)
        guard let first = shared.allCoordinates.first else { return nil }
        var total = 0.0, best: (meters: Double, line: [Coordinate])?
        for line in lines {
            var m = 0.0
            for k in 1..<max(1, line.count) { m += simd_length(plane.point(line[k]) - plane.point(line[k - 1])) }
            total += m
            if best == nil || m > best!.meters { best = (m, line) }
        }
        let point = best.map { $0.line[$0.line.count / 2] } ?? first
        return (point, total)
    }
}
