import GeoCore
import Network

/// Finds where a road network fails planners (see `RoadGapOptions` for every threshold):
///
/// * **Unconnected roads (断头路)**: a node of degree 1 in the undirected road graph (connectors and
///   loops ignored) on a road of `minimumClass` or above, at least `edgeMarginMeters` inside the road data's
///   bounding box, with another road of similar class (± `classStepTolerance` steps) within `maxGapMeters`
///   that cannot be reached by road within `detourFactor` × the gap. The nearest such road is reported.
/// * **Capacity drops**: along a road of `minimumClass` or above, where the lanes of the direction of travel
///   decrease (both known) or, with lanes not decreasing or unknown, the class falls — at a node of degree 2,
///   or through a junction where exactly one leaving link carries the same (non-empty) name.
/// * **District border crossings**: for each pair of districts with a road link running from one into the
///   other (ends in different districts), or sharing at least 100 m of border, the number of such links and
///   their capacity each way; few crossings or little capacity mark a bottleneck between two districts.
///   Districts without any road node are left out.
///
/// Severity order: unconnected roads crossing a district border first, then by class (highest first) and
/// gap (shortest first); capacity drops by capacity lost (largest first); border pairs by total capacity
/// (smallest first), then crossings.
public struct RoadGapAnalysis {
    public let network: BuiltNetwork
    public var options: RoadGapOptions

    public init(network: BuiltNetwork, options: RoadGapOptions = RoadGapOptions()) {
        self.network = network
        self.options = options
    }

    public func run() throws -> RoadGapFindings {
        let g = network.roads
        guard g.nodeCount > 0 else {
            return RoadGapFindings(unconnected: [], capacityDrops: [], borderCrossings: [], deadEndsExamined: 0, deadEndsNearEdge: 0)
        }
        let box = BoundingBox(covering: (0..<g.nodeCount).map { g.coordinate(of: RoadNodeID($0)) })!
        let plane = RoadPlane(origin: box.center)
        let positions = (0..<g.nodeCount).map { plane.point(g.coordinate(of: RoadNodeID($0))) }
        let adjacency = UndirectedRoadAdjacency(graph: g)
        let locator = try RoadDistrictLocator(districts: network.districts)
        let nodeDistricts = try locator.districts(of: (0..<g.nodeCount).map { g.coordinate(of: RoadNodeID($0)) })

        var (unconnected, examined, nearEdge) = try findUnconnected(g, plane: plane, positions: positions, box: box,
                                                                    adjacency: adjacency, locator: locator)
        unconnected.sort {
            if $0.crossesBoundary != $1.crossesBoundary { return $0.crossesBoundary }
            if $0.classFrom != $1.classFrom { return $0.classFrom < $1.classFrom }
            if $0.gapMeters != $1.gapMeters { return $0.gapMeters < $1.gapMeters }
            return $0.deadEnd < $1.deadEnd
        }
        var drops = findCapacityDrops(g, adjacency: adjacency, nodeDistricts: nodeDistricts)
        drops.sort {
            if $0.capacityDropPerHour != $1.capacityDropPerHour { return $0.capacityDropPerHour > $1.capacityDropPerHour }
            if $0.lanesBefore - $0.lanesAfter != $1.lanesBefore - $1.lanesAfter { return $0.lanesBefore - $0.lanesAfter > $1.lanesBefore - $1.lanesAfter }
            return ($0.node, $0.arcBefore) < ($1.node, $1.arcBefore)
        }
        var crossings = try findBorderCrossings(g, plane: plane, nodeDistricts: nodeDistricts, locator: locator)
        crossings.sort {
            if $0.capacityPerHour != $1.capacityPerHour { return $0.capacityPerHour < $1.capacityPerHour }
            if $0.crossings != $1.crossings { return $0.crossings < $1.crossings }
            return ($0.districtA, $0.districtB) < ($1.districtA, $1.districtB)
        }
        return RoadGapFindings(unconnected: unconnected, capacityDrops: drops, borderCrossings: crossings,
                               deadEndsExamined: examined, deadEndsNearEdge: nearEdge)
    }

    // MARK: Unconnected roads

    private func isSignificant(_ c: RoadClass) -> Bool { c <= options.minimumClass }

    private func findUnconnected(_ g: RoadGraph, plane: RoadPlane, positions: [SIMD2<Double>], box: BoundingBox,
                                 adjacency: UndirectedRoadAdjacency, locator: RoadDistrictLocator) throws
        -> ([UnconnectedRoad], Int, Int)
    {
        let maxGap = options.maxGapMeters
        let maxTargetRank = Int(options.minimumClass.rawValue) + options.classStepTolerance
        // Segment grid over candidate target links.
        var grid = SegmentGrid(cellMeters: max(maxGap, 1))
        var shapes: [[SIMD2<Double>]] = Array(repeating: [], count: g.linkCount)
        for l in 0..<g.linkCount {
            let c = g.roadClass(of: RoadLinkID(l))
            guard c != .connector, Int(c.rawValue) <= maxTargetRank else { continue }
            let shape = g.shape(of: RoadLinkID(l)).map(plane.point)
            shapes[l] = shape
            for k in 1..<shape.count { grid.insert(link: l, segment: k - 1, shape[k - 1], shape[k]) }
        }
        let low = plane.point(Coordinate(longitude: box.minLongitude, latitude: box.minLatitude))
        let high = plane.point(Coordinate(longitude: box.maxLongitude, latitude: box.maxLatitude))
        var found: [UnconnectedRoad] = []
        var examined = 0, nearEdge = 0
        var search = BoundedRoadDistance(nodeCount: g.nodeCount)
        for v in 0..<g.nodeCount {
            let neighbours = adjacency.neighbours(of: v)
            guard neighbours.count == 1 else { continue }
            let ownLinks = adjacency.links(of: v)
            let ownClass = ownLinks.map { g.roadClass(of: RoadLinkID($0)) }.min()!
            guard isSignificant(ownClass) else { continue }
            examined += 1
            let p = positions[v]
            let margin = options.edgeMarginMeters
            if p.x - low.x < margin || high.x - p.x < margin || p.y - low.y < margin || high.y - p.y < margin {
                nearEdge += 1
                continue
            }
            // Nearest point per candidate link.
            var nearest: [Int: (distance: Double, point: SIMD2<Double>, offset: Double)] = [:]
            grid.forEachSegment(near: p, within: maxGap) { l, k in
                guard !ownLinks.contains(l) else { return }
                let c = g.roadClass(of: RoadLinkID(l))
                guard abs(Int(c.rawValue) - Int(ownClass.rawValue)) <= options.classStepTolerance else { return }
                let shape = shapes[l]
                let (q, t) = RoadPlane.nearest(on: shape[k], shape[k + 1], to: p)
                let d = simd_length(q - p)
                guard d <= maxGap else { return }
                if let old = nearest[l], old.distance <= d { return }
                var offset = 0.0
                for s in 0..<k { offset += simd_length(shape[s + 1] - shape[s]) }
                offset += t * simd_length(shape[k + 1] - shape[k])
                nearest[l] = (d, q, offset)
            }
            guard !nearest.isEmpty else { continue }
            let bound = options.detourFactor * maxGap
            search.run(graph: g, adjacency: adjacency, from: v, maxMeters: bound)
            var best: (link: Int, distance: Double, point: SIMD2<Double>, network: Double?)?
            for (l, hit) in nearest.sorted(by: { ($0.value.distance, $0.key) < ($1.value.distance, $1.key) }) {
                let from = Int(g.links.fromNode[l]), to = Int(g.links.toNode[l])
                var length = 0.0
                let shape = shapes[l]
                for s in 1..<shape.count { length += simd_length(shape[s] - shape[s - 1]) }
                var network: Double?
                if let d = search.meters(to: from) { network = d + hit.offset }
                if let d = search.meters(to: to) { network = min(network ?? .infinity, d + (length - hit.offset)) }
                if let n = network, n <= options.detourFactor * max(hit.distance, 1) { continue }  // connected
                best = (l, hit.distance, hit.point, network.flatMap { $0 <= bound ? $0 : nil })
                break
            }
            guard let best else { continue }
            let here = g.coordinate(of: RoadNodeID(v))
            let there = plane.coordinate(best.point)
            found.append(UnconnectedRoad(
                deadEnd: RoadNodeID(v), deadEndCoordinate: here, targetCoordinate: there,
                gapMeters: Earth.haversineMeters(here, there), classFrom: ownClass,
                classTo: g.roadClass(of: RoadLinkID(best.link)),
                linkFrom: RoadLinkID(ownLinks.min { g.links.classes[$0] < g.links.classes[$1] }!), linkTo: RoadLinkID(best.link),
                networkMeters: best.network, districtFrom: try locator.district(of: here), districtTo: try locator.district(of: there)))
        }
        return (found, examined, nearEdge)
    }

    // MARK: Capacity drops

    private func findCapacityDrops(_ g: RoadGraph, adjacency: UndirectedRoadAdjacency, nodeDistricts: [Int?]) -> [RoadCapacityDrop] {
        var tail = [Int](repeating: 0, count: g.arcCount)
        var incoming = [[Int]](repeating: [], count: g.nodeCount)
        for v in 0..<g.nodeCount {
            for a in g.arcs(from: RoadNodeID(v)) {
                tail[a] = v
                incoming[Int(g.head[a])].append(a)
            }
        }
        var drops: [RoadCapacityDrop] = []
        for v in 0..<g.nodeCount {
            let degree = adjacency.neighbours(of: v).count
            guard degree >= 2 else { continue }
            for a in incoming[v] {
                let classBefore = g.roadClass(ofArc: a)
                guard classBefore != .connector, isSignificant(classBefore) else { continue }
                let u = tail[a]
                guard u != v else { continue }
                let linkBefore = Int(g.arcLink[a])
                var continuations: [Int] = []
                for b in g.arcs(from: RoadNodeID(v)) {
                    let w = Int(g.head[b])
                    guard w != u, w != v, Int(g.arcLink[b]) != linkBefore, g.roadClass(ofArc: b) != .connector else { continue }
                    continuations.append(b)
                }
                if degree > 2 {
                    let name = g.links.names[linkBefore]
                    guard !name.isEmpty else { continue }
                    continuations = continuations.filter { g.links.names[Int(g.arcLink[$0])] == name }
                    guard continuations.count == 1 else { continue }
                }
                for b in continuations {
                    let classAfter = g.roadClass(ofArc: b)
                    let lanesBefore = Int(g.lanes[a]), lanesAfter = Int(g.lanes[b])
                    let kind: RoadCapacityDrop.Kind
                    if lanesBefore > 0 && lanesAfter > 0 && lanesAfter < lanesBefore {
                        kind = .laneDrop
                    } else if classAfter > classBefore && classAfter != .other && (lanesAfter == 0 || lanesBefore == 0 || lanesAfter <= lanesBefore) {
                        kind = .classDrop
                    } else {
                        continue
                    }
                    drops.append(RoadCapacityDrop(
                        kind: kind, node: RoadNodeID(v), coordinate: g.coordinate(of: RoadNodeID(v)), arcBefore: a, arcAfter: b,
                        linkBefore: RoadLinkID(linkBefore), linkAfter: RoadLinkID(Int(g.arcLink[b])),
                        lanesBefore: lanesBefore, lanesAfter: lanesAfter, classBefore: classBefore, classAfter: classAfter,
                        capacityBeforePerHour: Double(g.capacityVehiclesPerHour[a]),
                        capacityAfterPerHour: Double(g.capacityVehiclesPerHour[b]),
                        atDegreeTwoNode: degree == 2, district: nodeDistricts[v]))
                }
            }
        }
        return drops
    }

    // MARK: Border crossings

    private func findBorderCrossings(_ g: RoadGraph, plane: RoadPlane, nodeDistricts: [Int?],
                                     locator: RoadDistrictLocator) throws -> [DistrictBorderCrossings] {
        guard !network.districts.isEmpty else { return [] }
        var forwardCapacity = [Double](repeating: 0, count: g.linkCount)
        var backwardCapacity = [Double](repeating: 0, count: g.linkCount)
        for v in 0..<g.nodeCount {
            for a in g.arcs(from: RoadNodeID(v)) {
                let l = Int(g.arcLink[a])
                if v == Int(g.links.fromNode[l]) && Int(g.head[a]) == Int(g.links.toNode[l]) {
                    forwardCapacity[l] += Double(g.capacityVehiclesPerHour[a])
                } else {
                    backwardCapacity[l] += Double(g.capacityVehiclesPerHour[a])
                }
            }
        }
        var pairs: [SIMD2<Int32>: DistrictBorderCrossings] = [:]
        for l in 0..<g.linkCount where g.roadClass(of: RoadLinkID(l)) != .connector {
            guard let da = nodeDistricts[Int(g.links.fromNode[l])], let db = nodeDistricts[Int(g.links.toNode[l])], da != db else { continue }
            let key = SIMD2(Int32(min(da, db)), Int32(max(da, db)))
            var entry = pairs[key] ?? DistrictBorderCrossings(districtA: min(da, db), districtB: max(da, db), links: [],
                                                              borderPoints: [], capacityAToBPerHour: 0, capacityBToAPerHour: 0)
            entry.links.append(RoadLinkID(l))
            entry.borderPoints.append(try borderPoint(of: l, g, from: da, locator: locator))
            if da < db {
                entry.capacityAToBPerHour += forwardCapacity[l]; entry.capacityBToAPerHour += backwardCapacity[l]
            } else {
                entry.capacityAToBPerHour += backwardCapacity[l]; entry.capacityBToAPerHour += forwardCapacity[l]
            }
            pairs[key] = entry
        }
        var hasRoads = Set<Int>()
        for d in nodeDistricts { if let d { hasRoads.insert(d) } }
        for (i, j) in try locator.touchingPairs() where hasRoads.contains(i) && hasRoads.contains(j) {
            let key = SIMD2(Int32(i), Int32(j))
            guard pairs[key] == nil, let border = try locator.sharedBorder(i, j, plane: plane), border.meters >= 100 else { continue }
            pairs[key] = DistrictBorderCrossings(districtA: i, districtB: j, links: [], borderPoints: [border.point],
                                                 capacityAToBPerHour: 0, capacityBToAPerHour: 0)
        }
        return Array(pairs.values)
    }

    /// Where link `l` (starting in district `start`) leaves it: the first shape segment whose end lies
    /// elsewhere, bisected 24 times (to well under a metre).
    private func borderPoint(of l: Int, _ g: RoadGraph, from start: Int, locator: RoadDistrictLocator) throws -> Coordinate {
        let shape = g.shape(of: RoadLinkID(l))
        let inside = try locator.districts(of: shape)
        var k = 1
        while k < shape.count - 1 && inside[k] == start { k += 1 }
        var a = shape[k - 1], b = shape[k]
        for _ in 0..<24 {
            let mid = Coordinate(longitude: (a.longitude + b.longitude) / 2, latitude: (a.latitude + b.latitude) / 2)
            if try locator.district(of: mid) == start { a = mid } else { b = mid }
        }
        return Coordinate(longitude: (a.longitude + b.longitude) / 2, latitude: (a.latitude + b.latitude) / 2)
    }
}
