import GeoCore
import Network

/// A point prepared for walking: its position and, on a network with streets, the street node it snaps to.
public struct AccessPoint: Sendable, Equatable {
    public var coordinate: Coordinate
    /// Nearest street node within the access radius; nil without streets or when none is that close.
    public var streetNode: StreetNodeID?
    /// Crow-fly distance from the point to `streetNode`, millimetres (0 when there is none).
    public var snapMillimeters: UInt32

    public init(coordinate: Coordinate, streetNode: StreetNodeID? = nil, snapMillimeters: UInt32 = 0) {
        self.coordinate = coordinate; self.streetNode = streetNode; self.snapMillimeters = snapMillimeters
    }
}

/// What one walk from a point reaches: stops with their walking times, and the walking time to any other
/// prepared point (direct walk). Walking is symmetric (foot traffic ignores one-way streets), so the same
/// reach serves as access from an origin and as egress to a destination.
public struct WalkReach: Sendable {
    public let origin: AccessPoint
    /// Stops within the walking limit, ascending stop id, seconds of walking.
    public let stops: [StopAccess]
    let parameters: AccessParameters
    /// Street distance from the origin (including its snap) of every node reached, millimetres.
    let nodeMillimeters: [UInt32: UInt32]

    /// Walking seconds from this reach's origin to `destination`; nil beyond the walking limit.
    /// On streets when both points snap to the street graph, crow-fly otherwise.
    public func walkSeconds(to destination: AccessPoint) -> Int32? {
        if origin.coordinate == destination.coordinate { return 0 }
        if origin.streetNode != nil, let node = destination.streetNode {
            guard let d = nodeMillimeters[node.rawValue] else { return nil }
            let total = UInt64(d) + UInt64(destination.snapMillimeters)
            guard total <= UInt64(parameters.maxStreetMillimeters) else { return nil }
            return parameters.walk.wholeSeconds(walkedMillimeters: UInt32(total))
        }
        let meters = Earth.haversineMeters(origin.coordinate, destination.coordinate)
        guard meters <= parameters.maxRadiusMeters else { return nil }
        return parameters.walk.wholeSeconds(crowFlyMeters: meters)
    }
}

/// Access and egress walking on a `BuiltNetwork`: on the OSM street graph when the network has one
/// (Dijkstra from the point's snapped node, stops reached through `BuiltNetwork.stopLinks`), otherwise
/// crow-fly × detour factor. Rules:
/// - a point snaps to the nearest street node within `maxRadiusMeters` (crow-fly); the snap distance is walked;
/// - a stop reached on streets costs street distance to its linked node + the link distance;
/// - stops without a street link, and every stop when the point does not snap, are reached crow-fly;
/// - the limit is `maxRadiusMeters` crow-fly, or `maxRadiusMeters × detourFactor` walked on streets.
/// Holds reusable scratch (one `StreetSearch`): not thread-safe, one instance per task.
public final class AccessSearch {
    public let network: BuiltNetwork
    public let parameters: AccessParameters
    /// True when walks use the street graph.
    public let usesStreets: Bool

    private let stopGrid: PointGrid
    private let nodeGrid: PointGrid?
    private let search: StreetSearch?
    /// CSR: stops linked to street node v are `linkedStops[linkStart[v] ..< linkStart[v + 1]]`.
    private let linkStart: [UInt32]
    private let linkedStops: [UInt32]
    /// Stops with no street link (reached crow-fly even in street mode).
    private let unlinked: [Bool]

    /// `useStreets: false` keeps to crow-fly × detour even where the network has a street graph (modes that do
    /// not travel on the walking graph: bus and car feeders without their own graph).
    public init(network: BuiltNetwork, parameters: AccessParameters, useStreets: Bool = true) {
        self.network = network
        self.parameters = parameters
        let transit = network.transit
        stopGrid = PointGrid(longitudes: transit.stops.longitudeE7.map { Double($0) / 1e7 },
                             latitudes: transit.stops.latitudeE7.map { Double($0) / 1e7 },
                             cellMeters: max(250, min(2_000, parameters.maxRadiusMeters)))
        let streets = network.streets
        usesStreets = useStreets && streets.nodeCount > 0
        if usesStreets {
            nodeGrid = PointGrid(longitudes: streets.longitudeE7.map { Double($0) / 1e7 },
                                 latitudes: streets.latitudeE7.map { Double($0) / 1e7 },
                                 cellMeters: max(100, min(500, parameters.maxRadiusMeters)))
            search = StreetSearch(graph: streets)
            var start = [UInt32](repeating: 0, count: streets.nodeCount + 1)
            var unlinked = [Bool](repeating: true, count: transit.stopCount)
            for s in 0..<transit.stopCount {
                if let v = network.stopLinks.node(of: StopID(s)) { start[v.index + 1] += 1; unlinked[s] = false }
            }
            for v in 0..<streets.nodeCount { start[v + 1] += start[v] }
            var cursor = start
            var stops = [UInt32](repeating: 0, count: Int(start[streets.nodeCount]))
            for s in 0..<transit.stopCount {
                if let v = network.stopLinks.node(of: StopID(s)) {
                    stops[Int(cursor[v.index])] = UInt32(s)
                    cursor[v.index] += 1
                }
            }
            linkStart = start; linkedStops = stops; self.unlinked = unlinked
        } else {
            nodeGrid = nil; search = nil; linkStart = [0]; linkedStops = []
            unlinked = [Bool](repeating: true, count: transit.stopCount)
        }
    }

    /// Snaps a point to the street graph (when there is one).
    public func point(_ coordinate: Coordinate) -> AccessPoint {
        guard let nodeGrid, let hit = nodeGrid.nearest(to: coordinate, within: parameters.maxRadiusMeters) else {
            return AccessPoint(coordinate: coordinate)
        }
        return AccessPoint(coordinate: coordinate, streetNode: StreetNodeID(hit.index),
                           snapMillimeters: UInt32((hit.meters * 1000).rounded()))
    }

    /// Walks from a point: the stops it reaches and a lookup for direct walks.
    public func reach(from point: AccessPoint) -> WalkReach {
        var best: [UInt32: Int32] = [:]
        func offer(_ stop: Int, _ seconds: Int32) {
            let key = UInt32(stop)
            if let old = best[key], old <= seconds { return }
            best[key] = seconds
        }
        var nodeMillimeters: [UInt32: UInt32] = [:]
        if let search, let node = point.streetNode {
            let bound = parameters.maxStreetMillimeters
            search.run(sources: [(node, point.snapMillimeters)], maxDistanceMillimeters: bound)
            nodeMillimeters.reserveCapacity(search.reachedNodes.count)
            for v in search.reachedNodes {
                guard let d = search.distanceMillimeters(to: v) else { continue }
                nodeMillimeters[v.rawValue] = d
                for k in Int(linkStart[v.index]) ..< Int(linkStart[v.index + 1]) {
                    let s = Int(linkedStops[k])
                    let total = UInt64(d) + UInt64(network.stopLinks.distanceMillimeters[s])
                    if total <= UInt64(bound) { offer(s, parameters.walk.wholeSeconds(walkedMillimeters: UInt32(total))) }
                }
            }
            for hit in stopGrid.points(within: parameters.maxRadiusMeters, of: point.coordinate) where unlinked[hit.index] {
                offer(hit.index, parameters.walk.wholeSeconds(crowFlyMeters: hit.meters))
            }
        } else {
            for hit in stopGrid.points(within: parameters.maxRadiusMeters, of: point.coordinate) {
                offer(hit.index, parameters.walk.wholeSeconds(crowFlyMeters: hit.meters))
            }
        }
        let stops = best.sorted { $0.key < $1.key }.map { StopAccess(stop: StopID(rawValue: $0.key), seconds: $0.value) }
        return WalkReach(origin: point, stops: stops, parameters: parameters, nodeMillimeters: nodeMillimeters)
    }

    public func reach(from coordinate: Coordinate) -> WalkReach { reach(from: point(coordinate)) }

    /// A station's own stops reached from its point: the walk the reach found, else crow-fly × detour at walking
    /// speed whatever the distance (the stops of one station complex can lie beyond the access radius; they
    /// are still walked to, never entered at 0 s from a platform hundreds of metres away).
    public func stationAccess(_ stops: [StopID], from reach: WalkReach) -> [StopAccess] {
        var found: [StopID: Int32] = [:]
        for a in reach.stops { found[a.stop] = a.seconds }
        return Array(Set(stops)).sorted().map { s in
            if let seconds = found[s] { return StopAccess(stop: s, seconds: seconds) }
            let meters = Earth.haversineMeters(reach.origin.coordinate, network.transit.coordinate(of: s))
            return StopAccess(stop: s, seconds: parameters.walk.wholeSeconds(crowFlyMeters: meters))
        }
    }

    /// The stop nearest to a point, crow-fly, within `radiusMeters`; nil when none.
    public func nearestStop(to coordinate: Coordinate, within radiusMeters: Double) -> (stop: StopID, meters: Double)? {
        stopGrid.nearest(to: coordinate, within: radiusMeters).map { (StopID($0.index), $0.meters) }
    }
}
