/// A line: two or more positions.
public struct LineString: Hashable, Sendable {
    public var coordinates: [Coordinate]
    public init(_ coordinates: [Coordinate]) { self.coordinates = coordinates }
}

/// A closed ring: first position equals the last, at least four positions.
/// Construction does not check; `GeoJSONReader` and `Polygon.validateRings()` do.
public struct LinearRing: Hashable, Sendable {
    public var coordinates: [Coordinate]
    public init(_ coordinates: [Coordinate]) { self.coordinates = coordinates }

    public var isClosed: Bool {
        coordinates.count >= 4 && coordinates.first == coordinates.last
    }

    /// Shoelace signed area in degree² (planar on lon/lat): positive = counter-clockwise.
    /// Only its sign is meaningful for orientation; use GeoGEOS/GeoPROJ for real areas.
    public var signedPlanarArea: Double {
        let c = coordinates
        guard c.count >= 4 else { return 0 }
        var sum = 0.0
        let x0 = c[0].longitude, y0 = c[0].latitude  // shift for numerical stability
        for i in 0..<(c.count - 1) {
            let a = c[i], b = c[i + 1]
            sum += (a.longitude - x0) * (b.latitude - y0) - (b.longitude - x0) * (a.latitude - y0)
        }
        return sum / 2
    }

    public var isCounterClockwise: Bool { signedPlanarArea > 0 }

    public func reversed() -> LinearRing { LinearRing(coordinates.reversed()) }

    /// This ring wound counter-clockwise (`true`) or clockwise (`false`).
    public func oriented(counterClockwise: Bool) -> LinearRing {
        isCounterClockwise == counterClockwise ? self : reversed()
    }
}

/// A polygon: one exterior ring (shell) and zero or more interior rings (holes).
public struct Polygon: Hashable, Sendable {
    public var shell: LinearRing
    public var holes: [LinearRing]
    public init(shell: LinearRing, holes: [LinearRing] = []) {
        self.shell = shell
        self.holes = holes
    }

    /// RFC 7946 right-hand rule: shell counter-clockwise, holes clockwise.
    public func rightHandOriented() -> Polygon {
        Polygon(shell: shell.oriented(counterClockwise: true),
                holes: holes.map { $0.oriented(counterClockwise: false) })
    }

    public var rings: [LinearRing] { [shell] + holes }
}

public struct MultiPolygon: Hashable, Sendable {
    public var polygons: [Polygon]
    public init(_ polygons: [Polygon]) { self.polygons = polygons }
    public func rightHandOriented() -> MultiPolygon { MultiPolygon(polygons.map { $0.rightHandOriented() }) }
}

/// Every GeoJSON geometry type.
public indirect enum Geometry: Hashable, Sendable {
    case point(Coordinate)
    case multiPoint([Coordinate])
    case lineString(LineString)
    case multiLineString([LineString])
    case polygon(Polygon)
    case multiPolygon(MultiPolygon)
    case geometryCollection([Geometry])

    /// All positions, in order, depth first.
    public var allCoordinates: [Coordinate] {
        switch self {
        case .point(let c): return [c]
        case .multiPoint(let cs): return cs
        case .lineString(let l): return l.coordinates
        case .multiLineString(let ls): return ls.flatMap(\.coordinates)
        case .polygon(let p): return p.rings.flatMap(\.coordinates)
        case .multiPolygon(let mp): return mp.polygons.flatMap { $0.rings.flatMap(\.coordinates) }
        case .geometryCollection(let gs): return gs.flatMap(\.allCoordinates)
        }
    }

    public var boundingBox: BoundingBox? { BoundingBox(covering: allCoordinates) }

    /// The same geometry with every position passed through `transform`.
    public func mapCoordinates(_ transform: (Coordinate) throws -> Coordinate) rethrows -> Geometry {
        func ring(_ r: LinearRing) throws -> LinearRing { LinearRing(try r.coordinates.map(transform)) }
        func poly(_ p: Polygon) throws -> Polygon { Polygon(shell: try ring(p.shell), holes: try p.holes.map(ring)) }
        switch self {
        case .point(let c): return .point(try transform(c))
        case .multiPoint(let cs): return .multiPoint(try cs.map(transform))
        case .lineString(let l): return .lineString(LineString(try l.coordinates.map(transform)))
        case .multiLineString(let ls): return .multiLineString(try ls.map { LineString(try $0.coordinates.map(transform)) })
        case .polygon(let p): return .polygon(try poly(p))
        case .multiPolygon(let mp): return .multiPolygon(MultiPolygon(try mp.polygons.map(poly)))
        case .geometryCollection(let gs): return .geometryCollection(try gs.map { try $0.mapCoordinates(transform) })
        }
    }

    /// Polygons oriented by the RFC 7946 right-hand rule; other types unchanged.
    public func rightHandOriented() -> Geometry {
        switch self {
        case .polygon(let p): return .polygon(p.rightHandOriented())
        case .multiPolygon(let mp): return .multiPolygon(mp.rightHandOriented())
        case .geometryCollection(let gs): return .geometryCollection(gs.map { $0.rightHandOriented() })
        default: return self
        }
    }

    public var typeName: String {
        switch self {
        case .point: return "Point"
        case .multiPoint: return "MultiPoint"
        case .lineString: return "LineString"
        case .multiLineString: return "MultiLineString"
        case .polygon: return "Polygon"
        case .multiPolygon: return "MultiPolygon"
        case .geometryCollection: return "GeometryCollection"
        }
    }
}
