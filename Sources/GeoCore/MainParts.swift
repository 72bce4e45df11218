#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Polygon {
    /// Shoelace area of the shell less the holes, in degree² (planar on longitude/latitude): only for comparing
    /// nearby polygons; use GeoGEOS in a metric CRS for real areas.
    public var planarArea: Double {
        abs(shell.signedPlanarArea) - holes.reduce(0) { $0 + abs($1.signedPlanarArea) }
    }
}

extension MultiPolygon {
    /// The largest part and every part whose bounding box lies within `maxGapKilometers` of the largest part's
    /// bounding box, and how many parts lie farther away. Boundary files sometimes carry stray parts far from
    /// their district (in the jingjinji data, 河东区 of Tianjin has 4 of its 5 parts near 113.7°E 36.6°N, about
    /// 500 km away); readers warn about them and analyses leave them out.
    public func mainParts(maxGapKilometers: Double = 50) -> (parts: MultiPolygon, farPartCount: Int) {
        let usable = polygons.filter { $0.shell.coordinates.count >= 4 }
        guard let largest = usable.max(by: { $0.planarArea < $1.planarArea }),
              let main = BoundingBox(covering: largest.shell.coordinates) else { return (self, 0) }
        let kmPerDegreeLatitude = Earth.meanRadiusMeters * Double.pi / 180 / 1000
        let kmPerDegreeLongitude = kmPerDegreeLatitude * cos(main.center.latitude * Double.pi / 180)
        var kept: [Polygon] = []
        for p in polygons {
            guard let b = BoundingBox(covering: p.shell.coordinates) else { continue }
            let gapLongitude = max(0, max(b.minLongitude - main.maxLongitude, main.minLongitude - b.maxLongitude))
            let gapLatitude = max(0, max(b.minLatitude - main.maxLatitude, main.minLatitude - b.maxLatitude))
            let gapKm = ((gapLongitude * kmPerDegreeLongitude) * (gapLongitude * kmPerDegreeLongitude)
                         + (gapLatitude * kmPerDegreeLatitude) * (gapLatitude * kmPerDegreeLatitude)).squareRoot()
            if gapKm <= maxGapKilometers { kept.append(p) }
        }
        return (MultiPolygon(kept), polygons.count - kept.count)
    }
}
