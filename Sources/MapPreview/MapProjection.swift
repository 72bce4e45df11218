import GeoCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Equirectangular projection scaled by the cosine of a reference latitude, fitted to a box of pixels.
///
/// `x = (longitude − λ₀)·cos φ₀·k + x₀`, `y = −(latitude − φ₀)·k + y₀` (SVG: y grows downwards).
/// At the reference latitude both axes have the same scale, so the map is conformal there and the scale bar
/// drawn for the centre is exact along the parallel and the meridian; for a metropolitan area (a few degrees)
/// the distortion elsewhere stays within a few per cent.
public struct MapProjection: Hashable, Sendable {
    /// Longitude and latitude mapped to `center` pixels.
    public let referenceCoordinate: Coordinate
    /// Pixels per degree of latitude (`k`).
    public let pixelsPerDegreeLatitude: Double
    /// `cos φ₀`, clamped away from zero near the poles.
    public let cosineReferenceLatitude: Double
    /// Pixel position of `referenceCoordinate`.
    public let center: PlanarPoint

    public init(referenceCoordinate: Coordinate, pixelsPerDegreeLatitude: Double, center: PlanarPoint) {
        precondition(pixelsPerDegreeLatitude > 0 && pixelsPerDegreeLatitude.isFinite, "scale must be positive")
        self.referenceCoordinate = referenceCoordinate
        self.pixelsPerDegreeLatitude = pixelsPerDegreeLatitude
        self.cosineReferenceLatitude = max(0.01, cos(referenceCoordinate.latitude * .pi / 180))
        self.center = center
    }

    /// The projection centred on `box` whose image fits `widthPixels × heightPixels` less `marginPixels` on
    /// each side. A box without extent (one point) is given a span of `minimumSpanDegrees`.
    public init(fitting box: BoundingBox, widthPixels: Double, heightPixels: Double, marginPixels: Double,
                minimumSpanDegrees: Double = 0.01) {
        precondition(widthPixels > 2 * marginPixels && heightPixels > 2 * marginPixels, "margins leave no room")
        let reference = box.center
        let cosine = max(0.01, cos(reference.latitude * .pi / 180))
        let spanLongitude = max(box.maxLongitude - box.minLongitude, minimumSpanDegrees)
        let spanLatitude = max(box.maxLatitude - box.minLatitude, minimumSpanDegrees)
        let scale = min((widthPixels - 2 * marginPixels) / (spanLongitude * cosine),
                        (heightPixels - 2 * marginPixels) / spanLatitude)
        self.init(referenceCoordinate: reference, pixelsPerDegreeLatitude: scale,
                  center: PlanarPoint(x: widthPixels / 2, y: heightPixels / 2))
    }

    /// The pixel height that shows `box` at `widthPixels` wide with the same margins, within the limits.
    public static func fittedHeight(for box: BoundingBox, widthPixels: Double, marginPixels: Double,
                                    minimumHeightPixels: Double, maximumHeightPixels: Double,
                                    minimumSpanDegrees: Double = 0.01) -> Double {
        let cosine = max(0.01, cos(box.center.latitude * .pi / 180))
        let spanLongitude = max(box.maxLongitude - box.minLongitude, minimumSpanDegrees)
        let spanLatitude = max(box.maxLatitude - box.minLatitude, minimumSpanDegrees)
        let height = (widthPixels - 2 * marginPixels) * spanLatitude / (spanLongitude * cosine) + 2 * marginPixels
        return min(maximumHeightPixels, max(minimumHeightPixels, height.rounded(.up)))
    }

    public func project(_ c: Coordinate) -> PlanarPoint {
        PlanarPoint(x: center.x + (c.longitude - referenceCoordinate.longitude) * cosineReferenceLatitude * pixelsPerDegreeLatitude,
                    y: center.y - (c.latitude - referenceCoordinate.latitude) * pixelsPerDegreeLatitude)
    }

    public func unproject(_ p: PlanarPoint) -> Coordinate {
        Coordinate(longitude: referenceCoordinate.longitude + (p.x - center.x) / (cosineReferenceLatitude * pixelsPerDegreeLatitude),
                   latitude: referenceCoordinate.latitude - (p.y - center.y) / pixelsPerDegreeLatitude)
    }

    /// Ground metres per pixel at the reference latitude (the same along both axes there), on the mean sphere.
    public var metersPerPixelAtCenter: Double {
        Earth.meanRadiusMeters * .pi / 180 / pixelsPerDegreeLatitude
    }
}
