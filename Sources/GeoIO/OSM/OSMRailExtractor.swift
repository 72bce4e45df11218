import GeoCore
import Network

/// Collects railway lines, stations and rail route relations (pass 1: ways and relations; pass 2: nodes),
/// then guesses each station's tier.
///
/// Station tier rules (first match wins; `tierReason` names the rule and the evidence):
/// 1. `station=subway|light_rail|monorail|tram` → metro.
/// 2. `subway=yes`, `light_rail=yes` or `monorail=yes`, without `train=yes` → metro.
/// 3. `railway=tram_stop`, or `tram=yes` without `train=yes` → metro.
/// 4. Train stations, by the rail route relations that serve them (a route serves a station when the
///    station itself, or a node member of the route within 250 m of it, is a member): a route with
///    `service=high_speed|long_distance|national|night` → trunk; else one with `service=regional` →
///    intercity (regional trains are the closest analogue of China's C intercity trains); else one
///    with `service=commuter|suburban` or a commuter word in its name (commuter, suburban, S-Bahn, RER,
///    lähijuna, 市郊, 市域) → suburban.
/// 5. `railway=halt` → suburban (halts are the small stops of commuter and branch lines).
/// 6. By the rail lines within 150 m: a `usage=main` line → trunk; a `usage=branch` line → suburban
///    (branch lines carry local and commuter services far more than long-distance ones).
/// 7. Only subway/light_rail/tram lines within 150 m and no railway=rail → metro.
/// 8. Otherwise → trunk for railway=station / public_transport=station ("no other evidence"), suburban
///    for stop positions and platforms.
///
/// Route tier: subway/light_rail/tram/monorail → metro; train with the service values of rule 4 →
/// trunk/intercity/suburban; a train route without a service tag → trunk (documented default).
struct OSMRailExtractor {
    static let lineRailways: Set<String> = ["rail", "subway", "light_rail", "tram", "narrow_gauge"]
    static let routeTypes: Set<String> = ["train", "subway", "light_rail", "tram", "monorail"]
    static let railModes = ["train", "subway", "light_rail", "tram", "monorail"]

    private struct PendingLine {
        var id: Int64
        var railway: String
        var usage, service, name, ref: String?
        var nodeIDs: [Int64]
    }

    private struct PendingStation {
        var id: Int64
        var type: OSMElementType
        var kind: OSMRailStationKind
        var tags: [String: String]
        var nodeIDs: [Int64]  // ways only
        var coordinate: Coordinate?  // nodes only
    }

    private var lines: [PendingLine] = []
    private var stations: [PendingStation] = []
    private var routes: [OSMRailRoute] = []
    var nodes = OSMNodeCoordinateTable()

    /// The station kind of an object's tags, or nil when it is not a rail station/stop.
    static func stationKind(_ tags: OSMTags) -> OSMRailStationKind? {
        switch tags["railway"] {
        case "station": return .station
        case "halt": return .halt
        case "tram_stop": return .tramStop
        default: break
        }
        guard let pt = tags["public_transport"], ["station", "stop_position", "platform"].contains(pt) else { return nil }
        guard railModes.contains(where: { tags.has($0, "yes") }) else { return nil }
        switch pt {
        case "station": return .publicTransportStation
        case "stop_position": return .stopPosition
        default: return .platform
        }
    }

    mutating func addWay(_ way: OSMWay) {
        if let railway = way.tags["railway"], Self.lineRailways.contains(railway) {
            let ids = Array(way.nodeIDs)
            for id in ids { nodes.register(id) }
            lines.append(PendingLine(id: way.id, railway: railway, usage: way.tags["usage"], service: way.tags["service"],
                                     name: way.tags["name"], ref: way.tags["ref"], nodeIDs: ids))
        }
        if let kind = Self.stationKind(way.tags) {
            let ids = Array(way.nodeIDs)
            for id in ids { nodes.register(id) }
            stations.append(PendingStation(id: way.id, type: .way, kind: kind, tags: way.tags.dictionary,
                                           nodeIDs: ids, coordinate: nil))
        }
    }

    mutating func addRelation(_ relation: OSMRelation) {
        guard let route = relation.tags["route"], Self.routeTypes.contains(route) else { return }
        var nodeIDs: [Int64] = [], wayIDs: [Int64] = []
        for m in relation.members {
            switch m.type {
            case .node: nodeIDs.append(m.id); nodes.register(m.id)
            case .way: wayIDs.append(m.id)
            case .relation: break
            }
        }
        let name = relation.tags["name"], ref = relation.tags["ref"], service = relation.tags["service"]
        let (tier, reason) = Self.routeTier(route: route, service: service, name: name)
        routes.append(OSMRailRoute(osmID: relation.id, route: route, name: name, ref: ref, service: service,
                                   tier: tier, tierReason: reason, nodeMemberIDs: nodeIDs, wayMemberIDs: wayIDs))
    }

    /// Pass 2: positions of registered nodes, and station nodes.
    mutating func addNode(_ node: OSMNode) {
        nodes.locate(node.id, node.coordinate)
        if !node.tags.isEmpty, let kind = Self.stationKind(node.tags) {
            stations.append(PendingStation(id: node.id, type: .node, kind: kind, tags: node.tags.dictionary,
                                           nodeIDs: [], coordinate: node.coordinate))
        }
    }

    static let trunkServices: Set<String> = ["high_speed", "long_distance", "national", "night"]
    static let commuterServices: Set<String> = ["commuter", "suburban"]
    static let commuterWords = ["commuter", "suburban", "s-bahn", "rer", "lähijuna", "市郊", "市域"]

    static func routeTier(route: String, service: String?, name: String?) -> (Tier, String) {
        guard route == "train" else { return (.metro, "route=\(route)") }
        if let service {
            if trunkServices.contains(service) { return (.trunk, "route=train, service=\(service)") }
            if service == "regional" { return (.intercity, "route=train, service=regional") }
            if commuterServices.contains(service) { return (.suburban, "route=train, service=\(service)") }
        }
        if let name, let word = commuterWords.first(where: { name.lowercased().contains($0) }) {
            return (.suburban, "route=train named \"\(name)\" (contains \"\(word)\")")
        }
        return (.trunk, "route=train without a commuter/regional service tag (default)")
    }

    func finish() -> (lines: [OSMRailLine], stations: [OSMRailStation], routes: [OSMRailRoute]) {
        let railLines = lines.map { l in
            OSMRailLine(osmID: l.id, railway: l.railway, usage: l.usage, service: l.service, name: l.name, ref: l.ref,
                        coordinates: l.nodeIDs.compactMap { nodes.coordinate(of: $0) })
        }
        // Grid of line segments and of route node members for the proximity rules.
        var lineGrid = OSMProximityGrid()
        for (li, line) in railLines.enumerated() {
            for s in 0..<max(0, line.coordinates.count - 1) {
                lineGrid.insertSegment(line.coordinates[s], line.coordinates[s + 1], item: li)
            }
            if line.coordinates.count == 1 { lineGrid.insertSegment(line.coordinates[0], line.coordinates[0], item: li) }
        }
        var routeGrid = OSMProximityGrid()
        var routesByMember: [Int64: [Int]] = [:]
        for (ri, route) in routes.enumerated() where route.route == "train" {
            for id in route.nodeMemberIDs {
                routesByMember[id, default: []].append(ri)
                if let c = nodes.coordinate(of: id) { routeGrid.insertSegment(c, c, item: ri) }
            }
        }
        var result: [OSMRailStation] = []
        for s in stations {
            let coordinate: Coordinate
            if let c = s.coordinate {
                coordinate = c
            } else {
                let located = s.nodeIDs.compactMap { nodes.coordinate(of: $0) }
                guard !located.isEmpty else { continue }  // a station way entirely outside the extract
                let closed = located.count > 1 && s.nodeIDs.first == s.nodeIDs.last
                let ring = closed ? Array(located.dropLast()) : located
                coordinate = Coordinate(longitude: ring.map(\.longitude).reduce(0, +) / Double(ring.count),
                                        latitude: ring.map(\.latitude).reduce(0, +) / Double(ring.count))
            }
            var servingRoutes = Set(s.type == .node ? routesByMember[s.id] ?? [] : [])
            servingRoutes.formUnion(routeGrid.items(near: coordinate, withinMeters: 250))
            let nearLines = lineGrid.items(near: coordinate, withinMeters: 150).sorted()
            let (tier, reason) = Self.stationTier(s, routes: servingRoutes.sorted().map { routes[$0] },
                                                  lines: nearLines.map { railLines[$0] })
            result.append(OSMRailStation(osmID: s.id, osmType: s.type, kind: s.kind, name: s.tags["name"] ?? "",
                                         coordinate: coordinate, tier: tier, tierReason: reason, tags: s.tags))
        }
        return (railLines, result, routes)
    }

    private static func stationTier(_ s: PendingStation, routes: [OSMRailRoute], lines: [OSMRailLine]) -> (Tier, String) {
        let t = s.tags
        if let station = t["station"], ["subway", "light_rail", "monorail", "tram"].contains(station) {
            return (.metro, "station=\(station)")
        }
        let train = t["train"] == "yes"
        for mode in ["subway", "light_rail", "monorail"] where t[mode] == "yes" && !train {
            return (.metro, "\(mode)=yes")
        }
        if s.kind == .tramStop { return (.metro, "railway=tram_stop") }
        if t["tram"] == "yes" && !train { return (.metro, "tram=yes") }

        func describe(_ r: OSMRailRoute) -> String {
            "route relation \(r.osmID)" + (r.name.map { " \"\($0)\"" } ?? "") + (r.service.map { " (service=\($0))" } ?? "")
        }
        if let r = routes.first(where: { $0.service.map(trunkServices.contains) ?? false }) {
            return (.trunk, "served by \(describe(r))")
        }
        if let r = routes.first(where: { $0.service == "regional" }) {
            return (.intercity, "served by \(describe(r))")
        }
        if let r = routes.first(where: { $0.tier == .suburban }) {
            return (.suburban, "served by commuter \(describe(r))")
        }
        if s.kind == .halt { return (.suburban, "railway=halt") }
        if let l = lines.first(where: { $0.railway == "rail" && $0.usage == "main" }) {
            return (.trunk, "within 150 m of a usage=main line (way \(l.osmID))")
        }
        if let l = lines.first(where: { $0.usage == "branch" }) {
            return (.suburban, "within 150 m of a usage=branch line (way \(l.osmID))")
        }
        if !lines.isEmpty && lines.allSatisfy({ ["subway", "light_rail", "tram"].contains($0.railway) }) {
            return (.metro, "only railway=\(lines[0].railway) lines within 150 m")
        }
        switch s.kind {
        case .station, .publicTransportStation:
            return (.trunk, "train station without route, usage or metro evidence (default)")
        default:
            return (.suburban, "\(s.kind.rawValue) without route, usage or metro evidence (default)")
        }
    }
}

/// A coarse grid (0.01° cells) of items attached to segments, for "within N metres" look-ups
/// (N up to about 500 m; cells are at least ~170 m wide up to latitude 80°, and queries look at a
/// neighbourhood wide enough for the radius).
struct OSMProximityGrid {
    static let cellDegrees = 0.01
    private var cells: [Int64: [Int32]] = [:]  // cell → indices into `segments`
    private var segments: [(a: Coordinate, b: Coordinate, item: Int)] = []

    private static func cell(_ x: Double) -> Int64 { Int64((x / cellDegrees).rounded(.down)) }
    private static func key(_ cx: Int64, _ cy: Int64) -> Int64 { cx &* 100_000 &+ cy }

    mutating func insertSegment(_ a: Coordinate, _ b: Coordinate, item: Int) {
        let index = Int32(segments.count)
        segments.append((a, b, item))
        for cx in Self.cell(min(a.longitude, b.longitude))...Self.cell(max(a.longitude, b.longitude)) {
            for cy in Self.cell(min(a.latitude, b.latitude))...Self.cell(max(a.latitude, b.latitude)) {
                cells[Self.key(cx, cy), default: []].append(index)
            }
        }
    }

    /// Items with a segment within `meters` of `p` (local equirectangular distance).
    func items(near p: Coordinate, withinMeters meters: Double) -> Set<Int> {
        let metersPerDegreeLat = Earth.meanRadiusMeters * .pi / 180
        let metersPerDegreeLon = max(metersPerDegreeLat * cos(p.latitude * .pi / 180), 1)
        let rx = Int64((meters / metersPerDegreeLon / Self.cellDegrees).rounded(.up))
        let ry = Int64((meters / metersPerDegreeLat / Self.cellDegrees).rounded(.up))
        let cx = Self.cell(p.longitude), cy = Self.cell(p.latitude)
        var found = Set<Int>()
        var seen = Set<Int32>()
        for x in (cx - rx)...(cx + rx) {
            for y in (cy - ry)...(cy + ry) {
                for si in cells[Self.key(x, y)] ?? [] where seen.insert(si).inserted {
                    let s = segments[Int(si)]
                    if found.contains(s.item) { continue }
                    let ax = (s.a.longitude - p.longitude) * metersPerDegreeLon, ay = (s.a.latitude - p.latitude) * metersPerDegreeLat
                    let bx = (s.b.longitude - p.longitude) * metersPerDegreeLon, by = (s.b.latitude - p.latitude) * metersPerDegreeLat
                    let dx = bx - ax, dy = by - ay
                    let len2 = dx * dx + dy * dy
                    let t = len2 > 0 ? max(0, min(1, -(ax * dx + ay * dy) / len2)) : 0
                    let qx = ax + t * dx, qy = ay + t * dy
                    if (qx * qx + qy * qy).squareRoot() <= meters { found.insert(s.item) }
                }
            }
        }
        return found
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
