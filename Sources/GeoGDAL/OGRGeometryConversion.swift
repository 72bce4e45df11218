internal import CGDAL
import GeoCore

/// GeoCore ⇄ OGR geometries. `makeOGR` returns an owned geometry (the caller destroys it or hands it over with
/// `OGR_F_SetGeometryDirectly`); `makeGeometry` reads a geometry without taking it (children from
/// `OGR_G_GetGeometryRef` are borrowed and never destroyed). Coordinates are taken as stored: x first (easting or
/// longitude), whatever the CRS's official axis order.
extension GDALContext {
    // MARK: OGR → GeoCore (borrowed input)

    func makeGeometry(_ g: UnsafeMutableRawPointer) throws -> Geometry {
        // Curves (CircularString, CurvePolygon, …) are approximated by lines first.
        if OGR_G_HasCurveGeometry(g, 1) != 0 {
            // Owned result (NULL on failure), destroyed after conversion.
            let linear = try check(OGR_G_GetLinearGeometry(g, 0, nil), "linearise a curve geometry")
            defer { OGR_G_DestroyGeometry(linear) }
            return try makeGeometry(linear)
        }
        let type = OGR_GT_Flatten(OGR_G_GetGeometryType(g))
        switch type {
        case wkbPoint:
            return .point(Coordinate(longitude: OGR_G_GetX(g, 0), latitude: OGR_G_GetY(g, 0)))
        case wkbLineString, wkbLinearRing:
            return .lineString(LineString(points(g)))
        case wkbPolygon:
            return .polygon(try polygon(g))
        case wkbMultiPoint:
            return .multiPoint(children(g).map { Coordinate(longitude: OGR_G_GetX($0, 0), latitude: OGR_G_GetY($0, 0)) })
        case wkbMultiLineString:
            return .multiLineString(children(g).map { LineString(points($0)) })
        case wkbMultiPolygon:
            return .multiPolygon(MultiPolygon(try children(g).map(polygon)))
        case wkbGeometryCollection:
            return .geometryCollection(try children(g).map(makeGeometry))
        default:
            // OGRGeometryTypeToName returns a string GDAL owns.
            throw GDALError(operation: "read geometry", message: "unsupported geometry type \(String(cString: OGRGeometryTypeToName(type)))")
        }
    }

    /// The sub-geometries of a collection or the rings of a polygon, borrowed from `g`.
    private func children(_ g: UnsafeMutableRawPointer) -> [UnsafeMutableRawPointer] {
        (0..<OGR_G_GetGeometryCount(g)).compactMap { OGR_G_GetGeometryRef(g, $0) }
    }

    private func points(_ g: UnsafeMutableRawPointer) -> [Coordinate] {
        let n = Int(OGR_G_GetPointCount(g))
        guard n > 0 else { return [] }
        var xs = [Double](repeating: 0, count: n), ys = [Double](repeating: 0, count: n)
        // Copies n x and n y values with the given byte strides; returns the count copied.
        xs.withUnsafeMutableBytes { x in
            ys.withUnsafeMutableBytes { y in
                _ = OGR_G_GetPoints(g, x.baseAddress, Int32(MemoryLayout<Double>.stride), y.baseAddress,
                                    Int32(MemoryLayout<Double>.stride), nil, 0)
            }
        }
        return (0..<n).map { Coordinate(longitude: xs[$0], latitude: ys[$0]) }
    }

    private func polygon(_ g: UnsafeMutableRawPointer) throws -> Polygon {
        let rings = children(g).map { LinearRing(points($0)) }
        guard let shell = rings.first else {
            throw GDALError(operation: "read geometry", message: "polygon without rings")
        }
        return Polygon(shell: shell, holes: Array(rings.dropFirst()))
    }

    // MARK: GeoCore → OGR (owned)

    func makeOGR(_ geometry: Geometry) throws -> UnsafeMutableRawPointer {
        switch geometry {
        case .point(let c):
            let g = try create(wkbPoint)
            OGR_G_SetPoint_2D(g, 0, c.longitude, c.latitude)
            return g
        case .lineString(let l):
            return try line(wkbLineString, l.coordinates)
        case .polygon(let p):
            return try makePolygon(p)
        case .multiPoint(let cs):
            return try collection(wkbMultiPoint, cs.map { .point($0) })
        case .multiLineString(let ls):
            return try collection(wkbMultiLineString, ls.map { .lineString($0) })
        case .multiPolygon(let mp):
            return try collection(wkbMultiPolygon, mp.polygons.map { .polygon($0) })
        case .geometryCollection(let gs):
            return try collection(wkbGeometryCollection, gs)
        }
    }

    private func create(_ type: OGRwkbGeometryType) throws -> UnsafeMutableRawPointer {
        // Owned; NULL only for an unknown type.
        try check(OGR_G_CreateGeometry(type), "create geometry")
    }

    private func line(_ type: OGRwkbGeometryType, _ coordinates: [Coordinate]) throws -> UnsafeMutableRawPointer {
        let g = try create(type)
        OGR_G_SetPointCount(g, Int32(coordinates.count))
        for (i, c) in coordinates.enumerated() { OGR_G_SetPoint_2D(g, Int32(i), c.longitude, c.latitude) }
        return g
    }

    private func makePolygon(_ p: Polygon) throws -> UnsafeMutableRawPointer {
        let g = try create(wkbPolygon)
        for ring in p.rings {
            let r = try line(wkbLinearRing, ring.coordinates)
            // Takes ownership of r on success and on failure.
            guard OGR_G_AddGeometryDirectly(g, r) == OGRERR_NONE else {
                OGR_G_DestroyGeometry(g)
                throw error("add a ring to a polygon")
            }
        }
        return g
    }

    private func collection(_ type: OGRwkbGeometryType, _ parts: [Geometry]) throws -> UnsafeMutableRawPointer {
        let g = try create(type)
        for part in parts {
            let child: UnsafeMutableRawPointer
            do { child = try makeOGR(part) } catch { OGR_G_DestroyGeometry(g); throw error }
            // Takes ownership of child on success and on failure.
            guard OGR_G_AddGeometryDirectly(g, child) == OGRERR_NONE else {
                OGR_G_DestroyGeometry(g)
                throw error("add a part to a collection")
            }
        }
        return g
    }
}
