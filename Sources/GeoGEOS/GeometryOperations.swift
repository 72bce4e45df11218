internal import CGEOS
import GeoCore

/// Geometry operations on GeoCore values. All planar, in the coordinates' own units.
extension GEOSContext {
    // MARK: Measures

    /// Planar area in squared coordinate units (m² for a metric CRS; meaningless degree² for lon/lat).
    public func area(of geometry: Geometry) throws -> Double {
        try withGEOS(geometry) { g in
            var area = 0.0
            resetErrors()
            // Returns 0 on exception, 1 on success.
            guard GEOSArea_r(handle, g, &area) == 1 else { throw error("area") }
            return area
        }
    }

    /// Planar length (perimeter for polygons) in coordinate units.
    public func length(of geometry: Geometry) throws -> Double {
        try withGEOS(geometry) { g in
            var length = 0.0
            resetErrors()
            // Returns 0 on exception, 1 on success.
            guard GEOSLength_r(handle, g, &length) == 1 else { throw error("length") }
            return length
        }
    }

    /// Area in m² of a longitude/latitude geometry after `project` maps it into a metric CRS, e.g.
    /// `{ try transformer.transform($0) }` with a GeoPROJ `Transformer` to a local CRS (`LocalCRS`).
    public func areaSquareMeters(of geometry: Geometry,
                                 projectedBy project: (Geometry) throws -> Geometry) throws -> Double {
        try area(of: project(geometry))
    }

    // MARK: Constructive operations

    /// The geometry grown (or shrunk, for negative `distance`) by `distance` coordinate units; round joins and
    /// caps approximated with `quadrantSegments` segments per quarter circle.
    public func buffer(_ geometry: Geometry, distance: Double, quadrantSegments: Int = 8) throws -> Geometry {
        precondition(quadrantSegments > 0, "quadrantSegments must be positive")
        return try withGEOS(geometry) { g in
            resetErrors()
            // NULL on exception.
            return try takeResult(GEOSBuffer_r(handle, g, distance, Int32(clamping: quadrantSegments)), "buffer")
        }
    }

    /// The union of many geometries in one pass (cascaded union).
    public func unaryUnion(_ geometries: [Geometry]) throws -> Geometry {
        try withGEOS(.geometryCollection(geometries)) { g in
            resetErrors()
            // NULL on exception.
            return try takeResult(GEOSUnaryUnion_r(handle, g), "union")
        }
    }

    public func union(_ a: Geometry, _ b: Geometry) throws -> Geometry {
        try binary(a, b, "union") { GEOSUnion_r(handle, $0, $1) }
    }

    public func intersection(_ a: Geometry, _ b: Geometry) throws -> Geometry {
        try binary(a, b, "intersection") { GEOSIntersection_r(handle, $0, $1) }
    }

    /// The part of `a` not in `b`.
    public func difference(_ a: Geometry, _ b: Geometry) throws -> Geometry {
        try binary(a, b, "difference") { GEOSDifference_r(handle, $0, $1) }
    }

    private func binary(_ a: Geometry, _ b: Geometry, _ operation: String,
                        _ call: (OpaquePointer, OpaquePointer) -> OpaquePointer?) throws -> Geometry {
        try withGEOS(a) { ga in
            try withGEOS(b) { gb in
                resetErrors()
                // NULL on exception.
                return try takeResult(call(ga, gb), operation)
            }
        }
    }

    /// A valid geometry covering the same points (GEOS make-valid, "linework" method): a bow-tie becomes two
    /// triangles; collapsed parts may come back as lines or points inside a collection.
    public func makeValid(_ geometry: Geometry) throws -> Geometry {
        try withGEOS(geometry) { g in
            resetErrors()
            // NULL on exception.
            return try takeResult(GEOSMakeValid_r(handle, g), "make valid")
        }
    }

    /// Douglas-Peucker simplification that keeps the topology (no self-intersections, holes stay inside).
    public func simplifyPreservingTopology(_ geometry: Geometry, tolerance: Double) throws -> Geometry {
        try withGEOS(geometry) { g in
            resetErrors()
            // NULL on exception.
            return try takeResult(GEOSTopologyPreserveSimplify_r(handle, g, tolerance), "simplify")
        }
    }

    /// The concave hull of the geometry's positions. `ratio` 1 gives the convex hull, smaller values follow the
    /// points more closely (GEOS: ratio of the longest edge length range).
    public func concaveHull(of geometry: Geometry, ratio: Double, allowHoles: Bool = false) throws -> Geometry {
        precondition((0...1).contains(ratio), "concave hull ratio must be in 0...1")
        return try withGEOS(geometry) { g in
            resetErrors()
            // NULL on exception.
            return try takeResult(GEOSConcaveHull_r(handle, g, ratio, allowHoles ? 1 : 0), "concave hull")
        }
    }

    // MARK: Validity

    public func isValid(_ geometry: Geometry) throws -> Bool {
        try withGEOS(geometry) { g in
            resetErrors()
            // 1 valid, 0 invalid, 2 on exception.
            let result = GEOSisValid_r(handle, g)
            guard result != 2 else { throw error("validity check") }
            return result == 1
        }
    }

    /// GEOS's validity text: "Valid Geometry", or the problem and where, e.g. "Self-intersection[1 1]".
    public func validityReason(_ geometry: Geometry) throws -> String {
        try withGEOS(geometry) { g in
            resetErrors()
            // NULL on exception; the string is ours to free with GEOSFree_r.
            let reason = try check(GEOSisValidReason_r(handle, g), "validity reason")
            defer { GEOSFree_r(handle, reason) }
            return String(cString: reason)
        }
    }

    // MARK: Reading

    /// Parses WKT ("POLYGON ((0 0, 1 0, 1 1, 0 0))"); malformed text throws GEOS's parse message.
    public func geometry(fromWKT wkt: String) throws -> Geometry {
        resetErrors()
        // NULL on exception.
        let reader = try check(GEOSWKTReader_create_r(handle), "create WKT reader")
        defer { GEOSWKTReader_destroy_r(handle, reader) }
        // NULL on a parse error.
        let g = try check(GEOSWKTReader_read_r(handle, reader, wkt), "read WKT")
        defer { destroy(g) }
        return try makeGeometry(g).rightHandOriented()
    }

    // MARK: Prepared geometry

    /// A prepared copy of `geometry` for many fast point-in-polygon / intersection tests.
    public func prepare(_ geometry: Geometry) throws -> PreparedGeometry {
        try PreparedGeometry(context: self, geometry: geometry)
    }
}
