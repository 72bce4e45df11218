import GeoCore
import GeoPROJ
import Network

extension BuiltNetwork {
    /// The metric CRS every analysis projects into: the network's `local_crs` definition when it has one,
    /// else the UTM zone of `point` (EPSG:3857 without a point, e.g. for an empty network).
    public func metricCRS(near point: Coordinate?) -> String {
        if let crs = metadata.localCRS { return crs.definition }
        guard let point else { return "EPSG:3857" }
        return LocalCRS.utm(for: point)
    }
}
