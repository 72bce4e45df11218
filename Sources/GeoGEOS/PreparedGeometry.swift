internal import CGEOS
import GeoCore

/// A geometry indexed by GEOS for repeated predicates (many points against one district or isochrone).
/// Keeps its `GEOSContext` alive; like it, not Sendable.
public final class PreparedGeometry {
    private let context: GEOSContext
    /// The GEOS geometry the prepared one indexes; must outlive `prepared`.
    private let base: OpaquePointer
    private let prepared: OpaquePointer

    init(context: GEOSContext, geometry: Geometry) throws {
        self.context = context
        let base = try context.makeGEOS(geometry)
        context.resetErrors()
        // NULL on exception. The prepared geometry refers to `base`, which stays owned by us.
        guard let prepared = GEOSPrepare_r(context.handle, base) else {
            let error = context.error("prepare")
            context.destroy(base)
            throw error
        }
        self.base = base
        self.prepared = prepared
    }

    deinit {
        GEOSPreparedGeom_destroy_r(context.handle, prepared)
        context.destroy(base)
    }

    /// For each point, whether it lies in the interior of the geometry (not on its boundary).
    public func contains(_ points: [Coordinate]) throws -> [Bool] {
        try points.map { try test($0, "prepared contains") { GEOSPreparedContains_r(context.handle, prepared, $0) } }
    }

    /// For each point, whether it touches the geometry at all (interior or boundary).
    public func intersects(_ points: [Coordinate]) throws -> [Bool] {
        try points.map { try test($0, "prepared intersects") { GEOSPreparedIntersects_r(context.handle, prepared, $0) } }
    }

    public func contains(_ point: Coordinate) throws -> Bool {
        try test(point, "prepared contains") { GEOSPreparedContains_r(context.handle, prepared, $0) }
    }

    public func intersects(_ geometry: Geometry) throws -> Bool {
        try context.withGEOS(geometry) { g in
            context.resetErrors()
            // 1 true, 0 false, 2 on exception.
            let r = GEOSPreparedIntersects_r(context.handle, prepared, g)
            guard r != 2 else { throw context.error("prepared intersects") }
            return r == 1
        }
    }

    private func test(_ c: Coordinate, _ operation: String, _ predicate: (OpaquePointer) -> CChar) throws -> Bool {
        context.resetErrors()
        // NULL on exception.
        let point = try context.check(GEOSGeom_createPointFromXY_r(context.handle, c.longitude, c.latitude), operation)
        defer { context.destroy(point) }
        // 1 true, 0 false, 2 on exception.
        let r = predicate(point)
        guard r != 2 else { throw context.error(operation) }
        return r == 1
    }
}
