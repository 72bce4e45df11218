import GeoCore
import Network

/// What `OSMNetworkExtractor` keeps from an OSM file.
public struct OSMNetworkExtract: Sendable {
    /// Elements seen (pass 1 counts ways and relations, pass 2 nodes).
    public var counts: OSMCounts
    /// Walking graph: junctions and way ends as nodes, both directions of each piece as arcs.
    public var streetGraph: StreetGraph
    /// Ways that passed `OSMWalkFilter`.
    public var walkableWayCount: Int
    public var railLines: [OSMRailLine]
    public var railStations: [OSMRailStation]
    public var railRoutes: [OSMRailRoute]
}

/// Reads an OSM file twice (ways and relations first, then nodes) and keeps only the compact street
/// graph and the rail features: memory grows with the walkable ways' node references and the rail
/// objects, never with the whole file. See `OSMWalkFilter`, `OSMStreetGraphBuilder` and
/// `OSMRailExtractor` for the rules.
public enum OSMNetworkExtractor {
    public struct Options: Sendable {
        public var streets = true
        public var rail = true
        public var memoryLimit: MemoryLimit
        public init(streets: Bool = true, rail: Bool = true, memoryLimit: MemoryLimit = .default) {
            self.streets = streets
            self.rail = rail
            self.memoryLimit = memoryLimit
        }
    }

    public static func extract(path: String, options: Options = Options()) throws -> OSMNetworkExtract {
        let file = try OSMFile(path: path, memoryLimit: options.memoryLimit)
        var pass1 = WaysAndRelations(options: options)
        try file.read(&pass1)
        var pass2 = Nodes(streets: pass1.streets, rail: pass1.rail, railEnabled: options.rail)
        try file.read(&pass2)
        let railResult = pass2.rail.finish()
        return OSMNetworkExtract(
            counts: OSMCounts(nodes: pass2.nodeCount, ways: pass1.wayCount, relations: pass1.relationCount),
            streetGraph: options.streets ? pass2.streets.build() : .empty,
            walkableWayCount: pass2.streets.walkableWays,
            railLines: railResult.lines, railStations: railResult.stations, railRoutes: railResult.routes)
    }

    private struct WaysAndRelations: OSMVisitor {
        let options: Options
        var streets = OSMStreetGraphBuilder()
        var rail = OSMRailExtractor()
        var wayCount = 0
        var relationCount = 0
        init(options: Options) { self.options = options }
        var wantedKinds: OSMElementKinds { [.ways, .relations] }
        mutating func visit(way: OSMWay) {
            wayCount += 1
            if options.streets { streets.addWay(way) }
            if options.rail { rail.addWay(way) }
        }
        mutating func visit(relation: OSMRelation) {
            relationCount += 1
            if options.rail { rail.addRelation(relation) }
        }
    }

    private struct Nodes: OSMVisitor {
        var streets: OSMStreetGraphBuilder
        var rail: OSMRailExtractor
        let railEnabled: Bool
        var nodeCount = 0
        var wantedKinds: OSMElementKinds { .nodes }
        mutating func visit(node: OSMNode) {
            nodeCount += 1
            streets.nodes.locate(node.id, node.coordinate)
            if railEnabled { rail.addNode(node) }
        }
    }
}
