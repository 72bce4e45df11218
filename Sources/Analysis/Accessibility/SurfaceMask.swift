import Foundation
import GeoCore
import GeoGEOS

/// The origin cells of a surface limited to a polygon layer (`surface --mask`): the cells whose centres lie in or
/// on one of its polygons (WGS-84). Every cell stays a destination.
public enum SurfaceMask {
    /// The polygons of `features` (polygons, multipolygons, and those inside geometry collections).
    static func polygons(of features: [Feature]) -> [Polygon] {
        func collect(_ g: Geometry) -> [Polygon] {
            switch g {
            case .polygon(let p): return [p]
            case .multiPolygon(let m): return m.polygons
            case .geometryCollection(let gs): return gs.flatMap(collect)
            default: return []
            }
        }
        return features.flatMap { $0.geometry.map(collect) ?? [] }
    }

    /// Indices of `cells` (ascending) inside the polygons of `features`, read from `file` (named in errors): a layer
    /// without polygons, or one covering none of the cells (outside the area), is an `InputError`.
    public static func origins(of cells: [PopulationCell], in features: [Feature], file: String) throws -> [Int] {
        let polygons = Self.polygons(of: features)
        guard !polygons.isEmpty else {
            throw InputError(file: file, message: "holds no polygon (\(features.count) features): a mask is a polygon layer")
        }
        let context = GEOSContext()
        var inside = [Bool](repeating: false, count: cells.count)
        for polygon in polygons {
            guard let box = BoundingBox(covering: polygon.shell.coordinates) else { continue }
            let candidates = cells.indices.filter { !inside[$0] && box.contains(cells[$0].coordinate) }
            guard !candidates.isEmpty else { continue }
            let prepared: PreparedGeometry
            do {
                prepared = try context.prepare(.polygon(polygon))
                for (k, hit) in zip(candidates, try prepared.intersects(candidates.map { cells[$0].coordinate })) where hit { inside[k] = true }
            } catch {
                throw InputError(file: file, message: "a mask polygon cannot be used: \(error)")
            }
        }
        let origins = cells.indices.filter { inside[$0] }
        guard !origins.isEmpty else {
            let mask = BoundingBox(covering: polygons.flatMap(\.shell.coordinates))
            let area = BoundingBox(covering: cells.map(\.coordinate))
            func text(_ b: BoundingBox?) -> String {
                guard let b else { return "empty" }
                return String(format: "lon %.3f…%.3f, lat %.3f…%.3f", b.minLongitude, b.maxLongitude, b.minLatitude, b.maxLatitude)
            }
            throw InputError(file: file, message: "the mask covers none of the \(cells.count) cells of the area "
                                 + "(mask \(text(mask)); cells \(text(area))): is it in another CRS, or another area?")
        }
        return origins
    }
}
