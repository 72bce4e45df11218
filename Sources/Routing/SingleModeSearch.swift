import GeoCore
import Network

/// Options of door-to-door travel by car or on foot (no transit).
public struct SingleModeParameters: Sendable, Equatable {
    /// Walking speed and detour factor of the connectors and of walking.
    public var access: AccessParameters
    /// Longest connector between a point and the node it snaps to, crow-fly metres (default 500): a point
    /// farther than this from every usable node is not on the network (only a direct walk can reach it).
    public var connectorMaxMeters: Double

    public static let defaultConnectorMaxMeters = 500.0

    public init(access: AccessParameters = AccessParameters(),
                connectorMaxMeters: Double = SingleModeParameters.defaultConnectorMaxMeters) {
        precondition(connectorMaxMeters >= 0, "connector radius cannot be negative")
        self.access = access
        self.connectorMaxMeters = connectorMaxMeters
    }
}

/// A point prepared for a `SingleModeSearch`: the node of the search graph it snaps to and the connector walk.
public struct SingleModeEnd: Sendable, Equatable {
    public var coordinate: Coordinate
    /// Node index in the search graph (road or street graph); nil when none lies within the connector radius.
    public var node: Int?
    /// Crow-fly metres from the point to `node` (0 without a node).
    public var connectorMeters: Double
    /// Time of the connector walk: crow-fly × detour at walking speed when driving; the snap distance at walking
    /// speed when walking on streets (as `AccessSearch`).
    public var connectorMilliseconds: UInt32
}

/// One door-to-door trip of a `SingleModeSearch`, in the traveller's direction.
public struct SingleModeTrip: Sendable, Equatable {
    /// True when the trip is one crow-fly walk (no network).
    public var isDirectWalk: Bool
    /// Walk from the origin onto the network, metres and milliseconds (0 for a direct walk).
    public var originConnectorMeters: Double
    public var originConnectorMilliseconds: UInt32
    /// On the network: the drive (or the street walk) between the two snapped nodes; a direct walk's time.
    public var networkMilliseconds: UInt32
    public var destinationConnectorMeters: Double
    public var destinationConnectorMilliseconds: UInt32

    public var totalMilliseconds: UInt64 {
        UInt64(originConnectorMilliseconds) + UInt64(networkMilliseconds) + UInt64(destinationConnectorMilliseconds)
    }

    /// Whole seconds (rounded).
    public var totalSeconds: Int32 { Int32(min(Double(Int32.max - 1), (Double(totalMilliseconds) / 1000).rounded())) }
}

/// Door-to-door travel times by one mode without transit: `drive` on the network's `RoadGraph` at free-flow
/// speeds, or `walk` on its street graph. Free-flow driving and walking do not depend on the departure
/// minute, so one search gives the time for every departure.
///
/// Rules:
/// - **drive**: a point snaps to the nearest road node within `connectorMaxMeters` (crow-fly) where a drive
///   can start (a node with a leaving arc) for an origin, or end (an entering arc) for a destination; the
///   connector is walked crow-fly × detour factor at walking speed. Between the nodes, Dijkstra on the arcs'
///   free-flow travel times (`RoadSearch`), one-way links followed only their way. A direct crow-fly walk
///   origin → destination within `connectorMaxMeters` also counts.
/// - **walk**: on the street graph as `AccessSearch` walks (snap to the nearest street node within
///   `connectorMaxMeters`, snap and street metres at walking speed), but with no distance limit; when a point
///   does not snap, a crow-fly × detour walk within `connectorMaxMeters`; without a street graph, crow-fly ×
///   detour at any distance.
///
/// `outward` searches run from one origin to every destination; `inward` searches from one destination
/// backwards (drive: on the reversed road graph) to every origin — the same times, for many origins at once.
/// Reusable scratch: not thread-safe, one instance per task.
public final class SingleModeSearch {
    public enum Direction: Sendable, Equatable {
        /// The search starts at the origin.
        case outward
        /// The search starts at the destination and runs against the arcs.
        case inward
    }

    public let mode: TravelMode
    public let parameters: SingleModeParameters
    public let direction: Direction
    /// True when travel follows a graph (driving, or walking on a street graph); false for crow-fly walking.
    public let usesGraph: Bool

    private let roads: RoadGraph
    private let roadSearch: RoadSearch?
    private let sourceLocator: RoadNodeLocator?
    private let targetLocator: RoadNodeLocator?
    private let streets: StreetGraph
    private let streetSearch: StreetSearch?
    private let streetGrid: PointGrid?
    private var source: SingleModeEnd?

    /// The error for driving on a network built without roads.
    public static let noRoadGraphError = InputError(
        file: "--mode drive", message: "this network has no road graph: add a `roads` input to the manifest")

    /// Throws `noRoadGraphError` for `drive` on a network without roads. `mode` must not be `transit`.
    public init(network: BuiltNetwork, mode: TravelMode, parameters: SingleModeParameters = SingleModeParameters(),
                direction: Direction = .outward) throws {
        precondition(mode != .transit, "transit travel goes through TravelTimeQuery")
        self.mode = mode
        self.parameters = parameters
        self.direction = direction
        switch mode {
        case .drive:
            guard network.roads.nodeCount > 0, network.roads.arcCount > 0 else { throw Self.noRoadGraphError }
            // The search graph: forward for outward, transposed for inward. Its source snaps where it has a
            // leaving arc, its targets where they have an entering one.
            let graph = direction == .outward ? network.roads : network.roads.reversed()
            roads = graph
            roadSearch = RoadSearch(graph: graph)
            sourceLocator = RoadNodeLocator(graph: graph, requiring: .outgoingArc)
            targetLocator = RoadNodeLocator(graph: graph, requiring: .incomingArc)
            streets = .empty; streetSearch = nil; streetGrid = nil
            usesGraph = true
        case .walk, .transit:
            roads = .empty; roadSearch = nil; sourceLocator = nil; targetLocator = nil
            streets = network.streets
            if streets.nodeCount > 0 {
                streetSearch = StreetSearch(graph: streets)
                streetGrid = PointGrid(longitudes: streets.longitudeE7.map { Double($0) / 1e7 },
                                       latitudes: streets.latitudeE7.map { Double($0) / 1e7 },
                                       cellMeters: max(100, min(500, parameters.connectorMaxMeters)))
                usesGraph = true
            } else {
                streetSearch = nil; streetGrid = nil
                usesGraph = false
            }
        }
    }

    // MARK: Ends

    /// Prepares the point the search runs from: the origin (outward) or the destination (inward).
    public func sourceEnd(at coordinate: Coordinate) -> SingleModeEnd { snap(coordinate, locator: sourceLocator) }

    /// Prepares a point at the other end: a destination (outward) or an origin (inward).
    public func targetEnd(at coordinate: Coordinate) -> SingleModeEnd { snap(coordinate, locator: targetLocator) }

    private func snap(_ c: Coordinate, locator: RoadNodeLocator?) -> SingleModeEnd {
        let limit = parameters.connectorMaxMeters
        if let locator, let hit = locator.nearest(to: c, maxMeters: limit) {
            return SingleModeEnd(coordinate: c, node: hit.node.index, connectorMeters: hit.meters,
                                 connectorMilliseconds: parameters.access.walk.milliseconds(crowFlyMeters: hit.meters))
        }
        if let streetGrid, let hit = streetGrid.nearest(to: c, within: limit) {
            let millimeters = (hit.meters * 1000).rounded()
            return SingleModeEnd(coordinate: c, node: hit.index, connectorMeters: hit.meters,
                                 connectorMilliseconds: walkMilliseconds(millimeters: millimeters))
        }
        return SingleModeEnd(coordinate: c, node: nil, connectorMeters: 0, connectorMilliseconds: 0)
    }

    private func walkMilliseconds(millimeters: Double) -> UInt32 {
        parameters.access.walk.milliseconds(walkedMillimeters: millimeters)
    }

    // MARK: Search

    /// One-to-all from `source` (made by `sourceEnd`); nodes slower than `maxMilliseconds` (connector
    /// included) stay unreached.
    public func run(from source: SingleModeEnd, maxMilliseconds: UInt32 = .max - 1) {
        self.source = source
        if let roadSearch {
            let start = source.node.map { [(node: RoadNodeID($0), travelTimeMilliseconds: source.connectorMilliseconds)] } ?? []
            roadSearch.run(sources: start, maxTravelTimeMilliseconds: maxMilliseconds)
        } else if let streetSearch {
            let bound = parameters.access.walk.walkedMillimeters(inMilliseconds: maxMilliseconds)
            let start = source.node.map {
                [(node: StreetNodeID($0), distanceMillimeters: UInt32((source.connectorMeters * 1000).rounded()))]
            } ?? []
            streetSearch.run(sources: start, maxDistanceMillimeters: bound)
        }
    }

    /// Nodes of the search graph (road or street nodes).
    public var nodeCount: Int { roadSearch != nil ? roads.nodeCount : streets.nodeCount }

    public func coordinate(ofNode node: Int) -> Coordinate {
        roadSearch != nil ? roads.coordinate(of: RoadNodeID(node)) : streets.coordinate(of: StreetNodeID(node))
    }

    /// Time from the source point to a node in the last run (source connector included); nil when unreached.
    public func nodeMilliseconds(_ node: Int) -> UInt32? {
        if let roadSearch { return roadSearch.travelTimeMilliseconds(to: RoadNodeID(node)) }
        if let streetSearch, let d = streetSearch.distanceMillimeters(to: StreetNodeID(node)) {
            return walkMilliseconds(millimeters: Double(d))
        }
        return nil
    }

    /// Every node reached by the last run, quickest first, with its time (source connector included).
    public func forEachReachedNode(_ body: (_ node: Int, _ milliseconds: UInt32) -> Void) {
        if let roadSearch {
            for v in roadSearch.reachedNodes { if let t = roadSearch.travelTimeMilliseconds(to: v) { body(v.index, t) } }
        } else if let streetSearch {
            for v in streetSearch.reachedNodes {
                if let d = streetSearch.distanceMillimeters(to: v) { body(v.index, walkMilliseconds(millimeters: Double(d))) }
            }
        }
    }

    /// The quickest trip between the last run's source and `target` (made by `targetEnd`), in the traveller's
    /// direction; nil when unreachable.
    public func trip(to target: SingleModeEnd) -> SingleModeTrip? {
        guard let source else { preconditionFailure("run a search before asking for trips") }
        var best: SingleModeTrip?
        if let node = target.node, let nodeTime = nodeMilliseconds(node) {
            let network = nodeTime >= source.connectorMilliseconds ? nodeTime - source.connectorMilliseconds : 0
            let (from, to) = direction == .outward ? (source, target) : (target, source)
            best = SingleModeTrip(isDirectWalk: false, originConnectorMeters: from.connectorMeters,
                                  originConnectorMilliseconds: from.connectorMilliseconds, networkMilliseconds: network,
                                  destinationConnectorMeters: to.connectorMeters,
                                  destinationConnectorMilliseconds: to.connectorMilliseconds)
        }
        if let walk = directWalkMilliseconds(source, target), best == nil || UInt64(walk) < best!.totalMilliseconds {
            best = SingleModeTrip(isDirectWalk: true, originConnectorMeters: 0, originConnectorMilliseconds: 0,
                                  networkMilliseconds: walk, destinationConnectorMeters: 0,
                                  destinationConnectorMilliseconds: 0)
        }
        return best
    }

    /// Door-to-door seconds to `target` (rounded); nil when unreachable.
    public func travelTimeSeconds(to target: SingleModeEnd) -> Int32? { trip(to: target)?.totalSeconds }

    /// The crow-fly walk allowed between two points, or nil (see the rules above).
    private func directWalkMilliseconds(_ a: SingleModeEnd, _ b: SingleModeEnd) -> UInt32? {
        if a.coordinate == b.coordinate { return 0 }
        let meters = Earth.haversineMeters(a.coordinate, b.coordinate)
        switch mode {
        case .drive:
            guard meters <= parameters.connectorMaxMeters else { return nil }
        case .walk, .transit:
            if streetSearch != nil {
                guard a.node == nil || b.node == nil, meters <= parameters.connectorMaxMeters else { return nil }
            }
        }
        return parameters.access.walk.milliseconds(crowFlyMeters: meters)
    }

    /// Radius of the crow-fly walk from the source point that `directWalkMilliseconds` allows: for grids.
    public func directWalkRadiusMeters(from source: SingleModeEnd, maxMilliseconds: UInt32) -> Double {
        let reach = parameters.access.walk.crowFlyMeters(reachableInSeconds: Double(maxMilliseconds) / 1000)
        switch mode {
        case .drive: return min(reach, parameters.connectorMaxMeters)
        case .walk, .transit:
            if streetSearch == nil { return reach }
            return source.node == nil ? min(reach, parameters.connectorMaxMeters) : 0
        }
    }
}
