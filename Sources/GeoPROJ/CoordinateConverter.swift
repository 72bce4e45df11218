import GeoCore

/// Converts positions between any two `CoordinateSystem`s: GCJ-02 and BD-09 through the pure-Swift formulas
/// of GeoCore (via WGS-84), everything else through PROJ. Not Sendable (it may own a PROJ context): one per task.
public final class CoordinateConverter {
    public let source: CoordinateSystem
    public let target: CoordinateSystem
    /// PROJ leg from the source to WGS-84 (nil when the source is WGS-84, GCJ-02 or BD-09).
    private let sourceToWGS84: Transformer?
    /// PROJ leg from WGS-84 to the target (nil when the target is WGS-84, GCJ-02 or BD-09).
    private let wgs84ToTarget: Transformer?
    /// Both ends in PROJ: one direct operation (PROJ may pick a better pipeline than going through WGS-84).
    private let direct: Transformer?

    public init(from source: CoordinateSystem, to target: CoordinateSystem) throws {
        self.source = source
        self.target = target
        if case .proj(let s) = source, case .proj(let t) = target {
            direct = try Transformer(from: s, to: t)
            sourceToWGS84 = nil
            wgs84ToTarget = nil
            return
        }
        direct = nil
        if case .proj(let s) = source { sourceToWGS84 = try Transformer(from: s, to: "EPSG:4326") } else { sourceToWGS84 = nil }
        if case .proj(let t) = target { wgs84ToTarget = try Transformer(from: "EPSG:4326", to: t) } else { wgs84ToTarget = nil }
    }

    /// True when source and target are the same system (conversion is the identity).
    public var isIdentity: Bool { source == target }

    public func convert(_ c: Coordinate) throws -> Coordinate {
        if isIdentity { return c }
        if let direct { return try direct.transform(c) }
        let wgs: Coordinate
        switch source {
        case .wgs84: wgs = c
        case .gcj02: wgs = GCJ02.toWGS84(c)
        case .bd09: wgs = GCJ02.toWGS84(BD09.toGCJ02(c))
        case .proj: wgs = try sourceToWGS84!.transform(c)
        }
        switch target {
        case .wgs84: return wgs
        case .gcj02: return GCJ02.fromWGS84(wgs)
        case .bd09: return BD09.fromGCJ02(GCJ02.fromWGS84(wgs))
        case .proj: return try wgs84ToTarget!.transform(wgs)
        }
    }

    public func convert(_ geometry: Geometry) throws -> Geometry {
        if isIdentity { return geometry }
        if let direct { return try direct.transform(geometry) }
        // One batch PROJ call for the whole geometry when PROJ does all the work.
        if target == .wgs84, let sourceToWGS84 { return try sourceToWGS84.transform(geometry) }
        if source == .wgs84, let wgs84ToTarget { return try wgs84ToTarget.transform(geometry) }
        return try geometry.mapCoordinates { try convert($0) }
    }
}
