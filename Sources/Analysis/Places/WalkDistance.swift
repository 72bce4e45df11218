import GeoCore
import Network
import Routing

/// A walk between two stops.
public struct WalkLeg: Sendable, Equatable {
    public enum Method: String, Sendable {
        /// Shortest path on the street graph, plus the two stops' links to their nearest street nodes.
        case streets
        /// Crow-fly distance × the network's detour factor (no street graph, or a stop not linked to it).
        case crowFly = "crow_fly"
        /// The same stop: nothing to walk.
        case sameStop = "same_stop"
    }

    /// Great-circle (haversine) distance between the two stops, metres.
    public var crowFlyMeters: Double
    public var walkMeters: Double
    /// `walkMeters` / the network's walking speed.
    public var walkSeconds: Double
    public var method: Method

    public init(crowFlyMeters: Double, walkMeters: Double, walkSeconds: Double, method: Method) {
        self.crowFlyMeters = crowFlyMeters; self.walkMeters = walkMeters; self.walkSeconds = walkSeconds
        self.method = method
    }
}

/// Walking distance between stops of a built network: on the street graph (`Routing.StreetSearch`) when the
/// network has one and both stops are linked to it, otherwise crow-fly × `BuildParameters.detourFactor`.
/// Speed is `BuildParameters.walkingSpeedMetersPerSecond`. Holds search scratch: not Sendable, one per task.
public final class WalkDistanceCalculator {
    public let network: BuiltNetwork
    private let search: StreetSearch?
    /// Source stop and bound of the search whose distances `search` holds.
    private var lastRun: (stop: StopID, boundMillimeters: UInt32)?

    public init(network: BuiltNetwork) {
        self.network = network
        search = network.streets.nodeCount > 0 ? StreetSearch(graph: network.streets) : nil
    }

    /// The walk from `a` to `b`, or nil when there is none of at most `maxWalkMeters` (street path too long or
    /// missing; or crow-fly × detour beyond the bound).
    public func walk(from a: StopID, to b: StopID, maxWalkMeters: Double) -> WalkLeg? {
        let model = network.metadata.parameters.walk
        let crow = Earth.haversineMeters(network.transit.coordinate(of: a), network.transit.coordinate(of: b))
        if a == b { return WalkLeg(crowFlyMeters: 0, walkMeters: 0, walkSeconds: 0, method: .sameStop) }
        if let search, let nodeA = network.stopLinks.node(of: a), let nodeB = network.stopLinks.node(of: b) {
            let linkA = network.stopLinks.distanceMillimeters[a.index]
            let linkB = network.stopLinks.distanceMillimeters[b.index]
            let bound = UInt32(clamping: Int64((maxWalkMeters * 1000).rounded(.down)))
            if lastRun?.stop != a || lastRun!.boundMillimeters < bound {
                search.run(sources: [(nodeA, linkA)], maxDistanceMillimeters: bound)
                lastRun = (a, bound)
            }
            guard let d = search.distanceMillimeters(to: nodeB) else { return nil }
            let total = Double(UInt64(d) + UInt64(linkB)) / 1000
            guard total <= maxWalkMeters else { return nil }
            return WalkLeg(crowFlyMeters: crow, walkMeters: total, walkSeconds: model.seconds(walkedMeters: total), method: .streets)
        }
        let walk = model.walkedMeters(crowFlyMeters: crow)
        guard walk <= maxWalkMeters else { return nil }
        return WalkLeg(crowFlyMeters: crow, walkMeters: walk, walkSeconds: model.seconds(walkedMeters: walk),
                       method: .crowFly)
    }
}
