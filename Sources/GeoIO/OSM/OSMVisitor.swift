import GeoCore

/// Which element types a visitor wants; readers skip the others without decoding them.
public struct OSMElementKinds: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let nodes = OSMElementKinds(rawValue: 1)
    public static let ways = OSMElementKinds(rawValue: 2)
    public static let relations = OSMElementKinds(rawValue: 4)
    public static let all: OSMElementKinds = [.nodes, .ways, .relations]
}

/// What a file says about itself (PBF `HeaderBlock`, XML `<osm generator>` and `<bounds>`).
public struct OSMHeader: Sendable, Equatable {
    public var boundingBox: BoundingBox?
    public var requiredFeatures: [String] = []
    public var optionalFeatures: [String] = []
    public var writingProgram: String?
    public init() {}
}

/// Receives the elements of an OSM file in file order, block by block. Elements handed to the visitor are
/// views into the current block: keeping one keeps that block's bytes alive, dropping it lets them go,
/// so memory grows with what the visitor keeps, not with the file.
///
/// A visitor may throw to stop reading; readers rethrow its error unchanged.
public protocol OSMVisitor {
    /// Element types to decode (default: all).
    var wantedKinds: OSMElementKinds { get }
    mutating func visit(header: OSMHeader) throws
    mutating func visit(node: OSMNode) throws
    mutating func visit(way: OSMWay) throws
    mutating func visit(relation: OSMRelation) throws
}

extension OSMVisitor {
    public var wantedKinds: OSMElementKinds { .all }
    public mutating func visit(header: OSMHeader) throws {}
    public mutating func visit(node: OSMNode) throws {}
    public mutating func visit(way: OSMWay) throws {}
    public mutating func visit(relation: OSMRelation) throws {}
}

/// Element counts of a file.
public struct OSMCounts: Sendable, Equatable, CustomStringConvertible {
    public var nodes = 0
    public var ways = 0
    public var relations = 0
    public init(nodes: Int = 0, ways: Int = 0, relations: Int = 0) {
        self.nodes = nodes
        self.ways = ways
        self.relations = relations
    }
    public var total: Int { nodes + ways + relations }
    public var description: String { "\(nodes) nodes, \(ways) ways, \(relations) relations" }
}

/// A visitor that only counts (it keeps nothing).
public struct OSMCountingVisitor: OSMVisitor {
    public private(set) var counts = OSMCounts()
    public init() {}
    public mutating func visit(node: OSMNode) { counts.nodes += 1 }
    public mutating func visit(way: OSMWay) { counts.ways += 1 }
    public mutating func visit(relation: OSMRelation) { counts.relations += 1 }
}
