import GeoCore
import Network

/// Builds a driving `RoadGraph` from an OSM file (PBF, XML or XML.bz2), read twice: ways first (drivable
/// ones kept with their attributes, see `OSMRoadFilter`), then the positions of their nodes. Ways are cut
/// into links at their ends, at nodes shared with another drivable way (or visited twice by one) and at
/// nodes missing from the extract. Link keys are `w<way id>` (all pieces of a way share it); lengths are
/// haversine sums along the piece.
public enum OSMRoadExtractor {
    public static func extract(path: String, defaults: RoadClassDefaults = RoadClassDefaults(),
                               memoryLimit: MemoryLimit = .default) throws
        -> (graph: RoadGraph, report: RoadLayerReport)
    {
        let file = try OSMFile(path: path, memoryLimit: memoryLimit)
        var ways = Ways()
        try file.read(&ways)
        var nodes = Nodes(table: ways.table)
        ways.table = OSMNodeCoordinateTable()  // the copy in `nodes` is the one filled
        try file.read(&nodes)
        ways.table = nodes.table
        return ways.build(source: path, defaults: defaults)
    }

    private struct PendingWay {
        var id: Int64
        var roadClass: RoadClass
        var name: String
        var forward: RoadLinkDirection?
        var backward: RoadLinkDirection?
        var hasSpeed: Bool
        var hasLanes: Bool
    }

    private struct Nodes: OSMVisitor {
        var table: OSMNodeCoordinateTable
        var wantedKinds: OSMElementKinds { .nodes }
        mutating func visit(node: OSMNode) { table.locate(node.id, node.coordinate) }
    }

    private struct Ways: OSMVisitor {
        var table = OSMNodeCoordinateTable()
        var ways: [PendingWay] = []
        var wayNodes: [Int32] = []
        var wayStarts: [Int] = [0]
        var useCount: [UInt8] = []
        var wayCount = 0
        var wantedKinds: OSMElementKinds { .ways }

        mutating func visit(way: OSMWay) {
            wayCount += 1
            let tags = way.tags
            guard let roadClass = OSMRoadFilter.drivableClass(tags) else { return }
            let direction = OSMRoadFilter.direction(tags)
            let speed = tags["maxspeed"].flatMap(OSMRoadTags.speedKmh)
            let speedF = tags["maxspeed:forward"].flatMap(OSMRoadTags.speedKmh) ?? speed
            let speedB = tags["maxspeed:backward"].flatMap(OSMRoadTags.speedKmh) ?? speed
            let total = tags["lanes"].flatMap(OSMRoadTags.lanes)
            let each = total.map { direction == .both ? OSMRoadTags.lanesPerDirection(totalOfTwoWay: $0) : $0 }
            let lanesF = tags["lanes:forward"].flatMap(OSMRoadTags.lanes) ?? each
            let lanesB = tags["lanes:backward"].flatMap(OSMRoadTags.lanes) ?? each
            // Attributes are resolved with the documented defaults here and again with the caller's in build().
            ways.append(PendingWay(
                id: way.id, roadClass: roadClass, name: tags["name"] ?? tags["ref"] ?? "",
                forward: direction == .backwardOnly ? nil : RoadLinkDirection(speedKmh: speedF ?? -1, lanes: lanesF.map { UInt8(min(255, $0.rounded(.up))) } ?? 0, capacityVehiclesPerHour: -1),
                backward: direction == .forwardOnly ? nil : RoadLinkDirection(speedKmh: speedB ?? -1, lanes: lanesB.map { UInt8(min(255, $0.rounded(.up))) } ?? 0, capacityVehiclesPerHour: -1),
                hasSpeed: speedF != nil || speedB != nil, hasLanes: lanesF != nil || lanesB != nil))
            for id in way.nodeIDs {
                let i = Int(table.register(id))
                if i == useCount.count { useCount.append(0) }
                if useCount[i] < 255 { useCount[i] += 1 }
                wayNodes.append(Int32(i))
            }
            wayStarts.append(wayNodes.count)
        }

        func build(source: String, defaults: RoadClassDefaults) -> (graph: RoadGraph, report: RoadLayerReport) {
            var report = RoadLayerReport(source: source)
            report.features = ways.count
            var graphNode = [Int32](repeating: -1, count: table.count)
            var coordinates: [Coordinate] = []
            var links: [RoadLinkInput] = []
            func graphIndex(_ i: Int) -> Int {
                if graphNode[i] < 0 {
                    graphNode[i] = Int32(coordinates.count)
                    coordinates.append(table.coordinate(at: i)!)
                }
                return Int(graphNode[i])
            }
            func resolve(_ d: RoadLinkDirection?, _ c: RoadClass) -> RoadLinkDirection? {
                d.map {
                    RoadLinkDirection.resolved(speedKmh: $0.speedKmh > 0 ? $0.speedKmh : nil,
                                               lanes: $0.lanes > 0 ? Double($0.lanes) : nil,
                                               capacityVehiclesPerHour: nil, roadClass: c, defaults: defaults)
                }
            }
            for (w, way) in ways.enumerated() {
                let forward = resolve(way.forward, way.roadClass), backward = resolve(way.backward, way.roadClass)
                var piece: [Int] = []  // node-table indices of the current piece
                var pieces = 0
                func flush() {
                    defer { piece.removeAll(keepingCapacity: true) }
                    guard piece.count >= 2 else { return }
                    let shape = piece.map { table.coordinate(at: $0)! }
                    var meters = 0.0
                    for k in 1..<shape.count { meters += Earth.haversineMeters(shape[k - 1], shape[k]) }
                    links.append(RoadLinkInput(key: "w\(way.id)", name: way.name, roadClass: way.roadClass,
                                               fromNode: graphIndex(piece.first!), toNode: graphIndex(piece.last!),
                                               shape: shape, lengthMeters: meters, forward: forward, backward: backward))
                    report.lengthMeters += meters
                    pieces += 1
                }
                let slice = wayStarts[w] ..< wayStarts[w + 1]
                for position in slice {
                    let i = Int(wayNodes[position])
                    guard table.coordinate(at: i) != nil else { flush(); continue }  // outside the extract
                    piece.append(i)
                    if piece.count >= 2 && (position == slice.upperBound - 1 || useCount[i] > 1) {
                        flush()
                        piece.append(i)
                    }
                }
                piece.removeAll()
                if pieces > 0 {
                    report.linksByClass[way.roadClass, default: 0] += pieces
                    if forward == nil || backward == nil { report.oneWayLinks += pieces }
                    if way.hasSpeed { report.linksWithSpeed += pieces }
                    if way.hasLanes { report.linksWithLanes += pieces }
                }
            }
            let graph = RoadGraph(nodeCoordinates: coordinates, links: links)
            report.links = graph.linkCount
            report.nodes = graph.nodeCount
            return (graph, report)
        }
    }
}
