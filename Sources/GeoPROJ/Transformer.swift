internal import CPROJ
import GeoCore

/// Which way a `Transformer` runs: source → target (`forward`) or target → source (`inverse`).
public enum TransformDirection: Sendable {
    case forward
    case inverse
}

/// Transforms coordinates between two CRSs PROJ understands ("EPSG:4547", "wgs84", PROJ strings, WKT).
///
/// Axis order is always the "visualisation" order: longitude then latitude for geographic CRSs, easting then
/// northing for projected ones, whatever the CRS's official axis order is (EPSG:4326 is officially lat, lon).
/// When a side is projected, the `Coordinate`-based methods carry x (easting) in `longitude` and y (northing)
/// in `latitude`; prefer `forward`/`inverse` with `PlanarPoint` where one side is geographic.
///
/// Not Sendable: it owns a PROJ context, which must not be shared between tasks. Make one per task.
public final class Transformer {
    /// The source CRS as given.
    public let sourceCRS: String
    /// The target CRS as given.
    public let targetCRS: String
    public let sourceIsGeographic: Bool
    public let targetIsGeographic: Bool

    private let session: PROJSession
    private let operation: OpaquePointer

    public init(from source: String, to target: String) throws {
        sourceCRS = source
        targetCRS = target
        session = PROJSession()
        let sourceObject = try CRSDefinition.open(source, in: session)
        defer { proj_destroy(sourceObject) }
        let targetObject = try CRSDefinition.open(target, in: session)
        defer { proj_destroy(targetObject) }
        sourceIsGeographic = CRSDefinition.isGeographic(sourceObject, in: session)
        targetIsGeographic = CRSDefinition.isGeographic(targetObject, in: session)

        session.resetErrors()
        // Returns NULL when PROJ finds no operation between the two CRSs.
        guard let candidate = proj_create_crs_to_crs_from_pj(session.context, sourceObject, targetObject, nil, nil)
        else { throw session.error("no coordinate operation from \"\(source)\" to \"\(target)\"") }
        defer { proj_destroy(candidate) }
        // Returns NULL on failure; the result is a new object, the candidate is still ours to destroy.
        guard let normalized = proj_normalize_for_visualization(session.context, candidate) else {
            throw session.error("cannot normalise the axis order of \"\(source)\" → \"\(target)\"")
        }
        operation = normalized
    }

    deinit {
        proj_destroy(operation)
        // `session` (and with it the PJ_CONTEXT) is released after this, once the operation is gone.
    }

    /// Transforms one position (x = longitude/easting, y = latitude/northing).
    public func transform(x: Double, y: Double, direction: TransformDirection = .forward) throws -> (x: Double, y: Double) {
        session.resetErrors()
        proj_errno_reset(operation)
        // proj_trans reports failure by returning HUGE_VAL (infinity) in every component.
        let output = proj_trans(operation, pjDirection(direction), proj_coord(x, y, 0, .infinity))
        let outX = output.xy.x, outY = output.xy.y
        guard outX.isFinite, outY.isFinite else { throw pointError(x: x, y: y, direction: direction) }
        return (outX, outY)
    }

    /// Transforms one position; see the type's note on what the fields hold for projected CRSs.
    public func transform(_ c: Coordinate, direction: TransformDirection = .forward) throws -> Coordinate {
        let r = try transform(x: c.longitude, y: c.latitude, direction: direction)
        return Coordinate(longitude: r.x, latitude: r.y)
    }

    /// Geographic source → target: a longitude/latitude to a planar point (metres for projected targets).
    public func forward(_ c: Coordinate) throws -> PlanarPoint {
        precondition(sourceIsGeographic, "forward(_:) needs a geographic source CRS; \(sourceCRS) is not")
        let r = try transform(x: c.longitude, y: c.latitude, direction: .forward)
        return PlanarPoint(x: r.x, y: r.y)
    }

    /// Target → geographic source: a planar point back to longitude/latitude.
    public func inverse(_ p: PlanarPoint) throws -> Coordinate {
        precondition(sourceIsGeographic, "inverse(_:) needs a geographic source CRS; \(sourceCRS) is not")
        let r = try transform(x: p.x, y: p.y, direction: .inverse)
        return Coordinate(longitude: r.x, latitude: r.y)
    }

    /// Transforms many positions in one PROJ call (proj_trans_generic, in place on a copy).
    /// Throws on the first position that fails, naming its index and value.
    public func transform(_ coordinates: [Coordinate], direction: TransformDirection = .forward) throws -> [Coordinate] {
        guard !coordinates.isEmpty else { return [] }
        var output = coordinates
        let stride = MemoryLayout<Coordinate>.stride
        // Stored-property offsets give typed pointers to each field (documented use of offset(of:)).
        let longitudeOffset = MemoryLayout<Coordinate>.offset(of: \.longitude)!
        let latitudeOffset = MemoryLayout<Coordinate>.offset(of: \.latitude)!
        session.resetErrors()
        proj_errno_reset(operation)
        output.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress!
            let xs = (base + longitudeOffset).assumingMemoryBound(to: Double.self)
            let ys = (base + latitudeOffset).assumingMemoryBound(to: Double.self)
            // Failed points come back as HUGE_VAL; the return value (points processed) is not an error count.
            _ = proj_trans_generic(operation, pjDirection(direction),
                                   xs, stride, coordinates.count,
                                   ys, stride, coordinates.count,
                                   nil, 0, 0, nil, 0, 0)
        }
        if let bad = output.firstIndex(where: { !$0.longitude.isFinite || !$0.latitude.isFinite }) {
            let c = coordinates[bad]
            throw pointError(x: c.longitude, y: c.latitude, direction: direction, index: bad)
        }
        return output
    }

    /// The geometry with every position transformed (one batch call for all of them).
    public func transform(_ geometry: Geometry, direction: TransformDirection = .forward) throws -> Geometry {
        let transformed = try transform(geometry.allCoordinates, direction: direction)
        var next = 0
        // mapCoordinates visits positions in the same depth-first order as allCoordinates.
        return geometry.mapCoordinates { _ in
            defer { next += 1 }
            return transformed[next]
        }
    }

    private func pjDirection(_ d: TransformDirection) -> PJ_DIRECTION {
        d == .forward ? PJ_FWD : PJ_INV
    }

    private func pointError(x: Double, y: Double, direction: TransformDirection, index: Int? = nil) -> PROJError {
        let (from, to) = direction == .forward ? (sourceCRS, targetCRS) : (targetCRS, sourceCRS)
        let which = index.map { "point \($0) " } ?? "point "
        return session.error("cannot transform \(which)(\(x), \(y)) from \(from) to \(to)", object: operation)
    }
}
