import GeoCore

/// The usable shape of a district boundary and the points that stand for it in commute analyses.
///
/// Main parts: boundary files sometimes carry stray parts far from the district (in the jingjinji data, 河东区 of
/// Tianjin has 4 of its 5 parts near 113.7°E 36.6°N, about 500 km away). The main parts are the largest part and
/// every part whose bounding box lies within `maxGapKilometers` (default 50 km) of the largest part's bounding
/// box; the others are dropped (and counted) for representative points, district areas, population overlays and
/// the commute-circle union.
///
/// Representative points: a regular grid over the main parts' bounding box, refined (3×3, 4×4, … 15×15 cells)
/// until at least `count` cell centres fall inside; if more, `count` of them are taken evenly spread through the
/// row-major order. Each point stands for the same share of the district's area (area-uniform weights). Without
/// a population raster nothing better is possible: a "population-weighted" choice would need to know where in
/// the district people live, and a district total does not say. If no grid point falls inside (very thin
/// shapes), the single point of `PlaceRepresentativePoint` is used.
public enum RingDistrictShape {
    public struct MainParts: Sendable, Equatable {
        public var boundary: MultiPolygon
        public var droppedPartCount: Int
    }

    public static func mainParts(of boundary: MultiPolygon, maxGapKilometers: Double = 50) -> MainParts {
        let (parts, far) = boundary.mainParts(maxGapKilometers: maxGapKilometers)
        return MainParts(boundary: parts, droppedPartCount: far)
    }

    /// Up to `count` points inside the main parts (see the type's note), row-major from the south-west.
    public static func representativePoints(of boundary: MultiPolygon, count: Int = 9) -> [Coordinate] {
        precondition(count >= 1, "at least one point")
        let main = mainParts(of: boundary).boundary
        guard let box = BoundingBox(covering: main.polygons.flatMap(\.shell.coordinates)) else { return [] }
        func inside(_ c: Coordinate) -> Bool { main.polygons.contains { PlaceRepresentativePoint.contains($0, c) } }
        var found: [Coordinate] = []
        let minimumSide = count == 1 ? 1 : 3
        for k in max(minimumSide, Int(Double(count).squareRoot().rounded(.up)))...15 {
            found = []
            let w = (box.maxLongitude - box.minLongitude) / Double(k)
            let h = (box.maxLatitude - box.minLatitude) / Double(k)
            for row in 0..<k {
                for column in 0..<k {
                    let c = Coordinate(longitude: box.minLongitude + (Double(column) + 0.5) * w,
                                       latitude: box.minLatitude + (Double(row) + 0.5) * h)
                    if inside(c) { found.append(c) }
                }
            }
            if found.count >= count { break }
        }
        if found.count > count {
            found = (0..<count).map { found[(2 * $0 + 1) * found.count / (2 * count)] }
        }
        if found.isEmpty, let single = PlaceRepresentativePoint.point(inside: main) { found = [single] }
        return found
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
