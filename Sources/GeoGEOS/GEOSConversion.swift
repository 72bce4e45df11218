internal import CGEOS
import GeoCore

/// GeoCore ⇄ GEOS conversion. `makeGEOS` returns an owned geometry (the caller destroys it); `makeGeometry`
/// reads a geometry without taking it (children obtained from a parent are borrowed and never destroyed).
extension GEOSContext {
    /// Builds `geometry` in GEOS, runs `body` on it and destroys it.
    func withGEOS<T>(_ geometry: Geometry, _ body: (OpaquePointer) throws -> T) throws -> T {
        let g = try makeGEOS(geometry)
        defer { destroy(g) }
        return try body(g)
    }

    /// Converts a result GEOS handed us (owned, NULL on failure), destroys it, and orients polygons.
    func takeResult(_ result: OpaquePointer?, _ operation: String) throws -> Geometry {
        let g = try check(result, operation)
        defer { destroy(g) }
        return try makeGeometry(g).rightHandOriented()
    }

    // MARK: GeoCore → GEOS (owned)

    func makeGEOS(_ geometry: Geometry) throws -> OpaquePointer {
        resetErrors()
        switch geometry {
        case .point(let c):
            // NULL on exception.
            return try check(GEOSGeom_createPointFromXY_r(handle, c.longitude, c.latitude), "make point")
        case .multiPoint(let cs):
            return try makeCollection(GEOS_MULTIPOINT, cs.map { .point($0) })
        case .lineString(let l):
            let seq = try makeSequence(l.coordinates)
            // Takes ownership of seq (also on failure); NULL on exception (e.g. a single position).
            return try check(GEOSGeom_createLineString_r(handle, seq), "make line string")
        case .multiLineString(let ls):
            return try makeCollection(GEOS_MULTILINESTRING, ls.map { .lineString($0) })
        case .polygon(let p):
            return try makePolygon(p)
        case .multiPolygon(let mp):
            return try makeCollection(GEOS_MULTIPOLYGON, mp.polygons.map { .polygon($0) })
        case .geometryCollection(let gs):
            return try makeCollection(GEOS_GEOMETRYCOLLECTION, gs)
        }
    }

    private func makeSequence(_ coordinates: [Coordinate]) throws -> OpaquePointer {
        precondition(coordinates.count < Int(UInt32.max), "too many positions for one GEOS sequence")
        var xy = [Double]()
        xy.reserveCapacity(max(2, 2 * coordinates.count))
        for c in coordinates { xy.append(c.longitude); xy.append(c.latitude) }
        if xy.isEmpty { xy = [0, 0] }  // a valid pointer for a zero-length copy
        // NULL on exception.
        let seq = xy.withUnsafeBufferPointer {
            GEOSCoordSeq_copyFromBuffer_r(handle, $0.baseAddress, UInt32(coordinates.count), 0, 0)
        }
        return try check(seq, "make coordinate sequence")
    }

    private func makeRing(_ ring: LinearRing) throws -> OpaquePointer {
        let seq = try makeSequence(ring.coordinates)
        // Takes ownership of seq (also on failure); NULL when the ring is not closed or has 1–3 positions.
        return try check(GEOSGeom_createLinearRing_r(handle, seq), "make linear ring")
    }

    private func makePolygon(_ polygon: Polygon) throws -> OpaquePointer {
        let shell = try makeRing(polygon.shell)
        var holes: [OpaquePointer?] = []
        do {
            for h in polygon.holes { holes.append(try makeRing(h)) }
        } catch {
            destroy(shell)
            holes.forEach { destroy($0!) }
            throw error
        }
        // Takes ownership of the shell and the holes (not of the array); NULL on exception.
        let result = holes.withUnsafeMutableBufferPointer {
            GEOSGeom_createPolygon_r(handle, shell, $0.baseAddress, UInt32($0.count))
        }
        return try check(result, "make polygon")
    }

    private func makeCollection(_ type: GEOSGeomTypes, _ members: [Geometry]) throws -> OpaquePointer {
        let typeCode = Int32(type.rawValue)
        if members.isEmpty {
            return try check(GEOSGeom_createEmptyCollection_r(handle, typeCode), "make empty collection")
        }
        var parts: [OpaquePointer?] = []
        parts.reserveCapacity(members.count)
        do {
            for m in members { parts.append(try makeGEOS(m)) }
        } catch {
            parts.forEach { destroy($0!) }
            throw error
        }
        resetErrors()
        // Takes ownership of the members (not of the array); NULL on exception.
        let result = parts.withUnsafeMutableBufferPointer {
            GEOSGeom_createCollection_r(handle, typeCode, $0.baseAddress, UInt32($0.count))
        }
        return try check(result, "make collection")
    }

    // MARK: GEOS (borrowed) → GeoCore

    func makeGeometry(_ g: OpaquePointer) throws -> Geometry {
        resetErrors()
        // GEOSGeomTypeId_r returns -1 on exception.
        let typeCode = GEOSGeomTypeId_r(handle, g)
        guard typeCode >= 0 else { throw error("read geometry type") }
        let type = GEOSGeomTypes(rawValue: UInt32(typeCode))
        // GEOSisEmpty_r returns 2 on exception.
        let empty = GEOSisEmpty_r(handle, g)
        guard empty != 2 else { throw error("check emptiness") }
        switch type {
        case GEOS_POINT:
            // GeoCore has no empty point; an empty multi-point stands for it.
            if empty == 1 { return .multiPoint([]) }
            return .point(try coordinates(of: g)[0])
        case GEOS_LINESTRING, GEOS_LINEARRING:
            if empty == 1 { return .multiLineString([]) }
            return .lineString(LineString(try coordinates(of: g)))
        case GEOS_POLYGON:
            if empty == 1 { return .multiPolygon(MultiPolygon([])) }
            return .polygon(try polygon(g))
        case GEOS_MULTIPOINT:
            return .multiPoint(try children(of: g).flatMap { try coordinates(of: $0) })
        case GEOS_MULTILINESTRING:
            return .multiLineString(try children(of: g).filter { GEOSisEmpty_r(handle, $0) == 0 }
                .map { LineString(try coordinates(of: $0)) })
        case GEOS_MULTIPOLYGON:
            return .multiPolygon(MultiPolygon(try children(of: g).filter { GEOSisEmpty_r(handle, $0) == 0 }
                .map { try polygon($0) }))
        case GEOS_GEOMETRYCOLLECTION:
            return .geometryCollection(try children(of: g).map { try makeGeometry($0) })
        default:
            throw GEOSError(operation: "read geometry", message: "unknown GEOS geometry type \(typeCode)")
        }
    }

    /// Borrowed members of a collection: valid while `g` lives, never destroyed.
    private func children(of g: OpaquePointer) throws -> [OpaquePointer] {
        // -1 on exception.
        let n = GEOSGetNumGeometries_r(handle, g)
        guard n >= 0 else { throw error("count members") }
        return try (0..<n).map { i in
            // Borrowed; NULL on exception.
            try check(GEOSGetGeometryN_r(handle, g, i), "read member \(i)")
        }
    }

    private func polygon(_ g: OpaquePointer) throws -> Polygon {
        // Borrowed rings; NULL / -1 on exception.
        let shell = try check(GEOSGetExteriorRing_r(handle, g), "read exterior ring")
        let n = GEOSGetNumInteriorRings_r(handle, g)
        guard n >= 0 else { throw error("count interior rings") }
        let holes = try (0..<n).map { i in
            LinearRing(try coordinates(of: try check(GEOSGetInteriorRingN_r(handle, g, i), "read interior ring \(i)")))
        }
        return Polygon(shell: LinearRing(try coordinates(of: shell)), holes: holes)
    }

    /// Positions of a point, line string or ring (its sequence is borrowed).
    private func coordinates(of g: OpaquePointer) throws -> [Coordinate] {
        // Borrowed; NULL on exception.
        let seq = try check(GEOSGeom_getCoordSeq_r(handle, g), "read coordinates")
        var size: UInt32 = 0
        // 0 on exception.
        guard GEOSCoordSeq_getSize_r(handle, seq, &size) != 0 else { throw error("read coordinate count") }
        guard size > 0 else { return [] }
        var xy = [Double](repeating: 0, count: 2 * Int(size))
        // 0 on exception.
        let ok = xy.withUnsafeMutableBufferPointer { GEOSCoordSeq_copyToBuffer_r(handle, seq, $0.baseAddress, 0, 0) }
        guard ok != 0 else { throw error("copy coordinates") }
        return (0..<Int(size)).map { Coordinate(longitude: xy[2 * $0], latitude: xy[2 * $0 + 1]) }
    }
}
