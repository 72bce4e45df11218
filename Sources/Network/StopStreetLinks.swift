import GeoCore

/// Each stop's nearest street node (crow-fly) and the distance to it; `StreetNodeID.invalid` raw value and
/// distance 0 when no node lies within `BuildParameters.stopLinkMaxMeters` (or there is no street graph). A
/// scenario's added stops are the tail after the base network's links (`TailedArray`).
public struct StopStreetLinks: Sendable, Equatable {
    /// Raw `StreetNodeID` per stop.
    public var nodes: TailedArray<UInt32>
    public var distanceMillimeters: TailedArray<UInt32>

    public init(nodes: [UInt32], distanceMillimeters: [UInt32]) {
        self.init(nodes: TailedArray(nodes), distanceMillimeters: TailedArray(distanceMillimeters))
    }

    public init(nodes: TailedArray<UInt32>, distanceMillimeters: TailedArray<UInt32>) {
        precondition(nodes.count == distanceMillimeters.count, "one distance per link")
        self.nodes = nodes; self.distanceMillimeters = distanceMillimeters
    }

    /// These links followed by `added`'s (the base's storage shared, not copied).
    public func appending(_ added: StopStreetLinks) -> StopStreetLinks {
        var nodes = self.nodes, mm = distanceMillimeters
        nodes.reserveTailCapacity(added.nodes.count); mm.reserveTailCapacity(added.nodes.count)
        nodes.append(contentsOf: added.nodes); mm.append(contentsOf: added.distanceMillimeters)
        return StopStreetLinks(nodes: nodes, distanceMillimeters: mm)
    }

    public func node(of stop: StopID) -> StreetNodeID? {
        let raw = nodes[stop.index]
        return raw == StreetNodeID.invalid.rawValue ? nil : StreetNodeID(rawValue: raw)
    }

    /// Nearest node per stop, using a grid index (cells of 250 m) over the street nodes.
    public static func compute(transit: TransitLayer, streets: StreetGraph, maxMeters: Double) -> StopStreetLinks {
        compute(coordinates: (0..<transit.stopCount).map { transit.coordinate(of: StopID($0)) }, streets: streets,
                maxMeters: maxMeters)
    }

    /// Nearest node per stop coordinate. `TransitLayer` stores coordinates at 1e-7°: round them the same way
    /// (`TransitLayer.storedCoordinate`) to get the links the built network will have.
    public static func compute(coordinates: [Coordinate], streets: StreetGraph, maxMeters: Double) -> StopStreetLinks {
        let n = coordinates.count
        var nodes = [UInt32](repeating: StreetNodeID.invalid.rawValue, count: n)
        var mm = [UInt32](repeating: 0, count: n)
        guard streets.nodeCount > 0, n > 0, maxMeters > 0 else { return StopStreetLinks(nodes: nodes, distanceMillimeters: mm) }
        let grid = PointGrid(longitudes: streets.longitudeE7.map { Double($0) / 1e7 },
                             latitudes: streets.latitudeE7.map { Double($0) / 1e7 }, cellMeters: min(250, maxMeters))
        for s in 0..<n {
            if let hit = grid.nearest(to: coordinates[s], within: maxMeters) {
                nodes[s] = UInt32(hit.index)
                mm[s] = UInt32((hit.meters * 1000).rounded())
            }
        }
        return StopStreetLinks(nodes: nodes, distanceMillimeters: mm)
    }
}
