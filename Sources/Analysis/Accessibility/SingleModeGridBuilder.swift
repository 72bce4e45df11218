import GeoCore
import GeoPROJ
import Network
import Routing

/// Computes `TravelTimeGrid`s for driving or walking (no transit) with an outward `SingleModeSearch`.
///
/// A cell's time is the best of
/// - a reached node's time (origin connector + drive, or walk on streets) + a crow-fly hop from the node to the
///   cell centre, × detour factor at walking speed, within `TravelTimeGridParameters.streetHopMeters`;
/// - the crow-fly walk from the origin (× detour at walking speed) within the search's direct-walk radius
///   (driving: the connector radius, 500 m by default) or the hop radius, whichever is larger.
/// There is no departure window: the time is the same for every departure minute. Several origins combine by
/// the minimum. Not thread-safe (PROJ context, search scratch): one instance per task.
public final class SingleModeGridBuilder {
    public let search: SingleModeSearch
    public let grid: TravelTimeGridParameters
    public let crs: String

    private let transformer: Transformer
    private var nodeX: [Double]
    private var nodeY: [Double]

    /// `search` must be outward; `crs` is the projected CRS of the cells.
    public init(search: SingleModeSearch, grid: TravelTimeGridParameters, crs: String) throws {
        precondition(search.direction == .outward, "grids need an outward search")
        self.search = search
        self.grid = grid
        self.crs = crs
        transformer = try Transformer(from: "EPSG:4326", to: crs)
        guard !transformer.targetIsGeographic else {
            throw InputError(file: "crs", message: "\(crs) is geographic: a travel-time grid needs a projected (metric) CRS")
        }
        nodeX = [Double](repeating: .nan, count: search.nodeCount)
        nodeY = nodeX
    }

    /// The grid of the fastest of `origins`.
    public func build(from origins: [Place]) throws -> TravelTimeGrid {
        var best: [Int64: Int32] = [:]
        for origin in origins {
            try patch(for: origin).forEachReached { key, seconds in
                if seconds < best[key] ?? .max { best[key] = seconds }
            }
        }
        let sorted = best.map { (GridAccumulator.cell($0.key), $0.value) }.sorted { $0.0 < $1.0 }
        return TravelTimeGrid(crs: crs, cellMeters: grid.cellMeters, cells: sorted.map(\.0),
                              travelTimesSeconds: sorted.map(\.1))
    }

    private func patch(for origin: Place) throws -> CellPatch {
        let limitSeconds = grid.maxTravelSeconds
        let limitMilliseconds = UInt32(limitSeconds) * 1000
        let source = search.sourceEnd(at: origin.coordinate)
        search.run(from: source, maxMilliseconds: limitMilliseconds)
        var reached: [(node: Int, seconds: Int32)] = []
        search.forEachReachedNode { node, ms in
            let seconds = Int32((Double(ms) / 1000).rounded())
            if seconds <= limitSeconds { reached.append((node, seconds)) }
        }
        let missing = reached.map(\.node).filter { nodeX[$0].isNaN }
        if !missing.isEmpty {
            let projected = try transformer.transform(missing.map { search.coordinate(ofNode: $0) })
            for (k, v) in missing.enumerated() { nodeX[v] = projected[k].longitude; nodeY[v] = projected[k].latitude }
        }
        let originXY = try transformer.forward(origin.coordinate)
        let hop = grid.streetHopMeters
        let directRadius = max(search.directWalkRadiusMeters(from: source, maxMilliseconds: limitMilliseconds),
                               search.usesGraph ? hop : 0)
        var minX = originXY.x - directRadius, maxX = originXY.x + directRadius
        var minY = originXY.y - directRadius, maxY = originXY.y + directRadius
        for r in reached {
            minX = min(minX, nodeX[r.node] - hop); maxX = max(maxX, nodeX[r.node] + hop)
            minY = min(minY, nodeY[r.node] - hop); maxY = max(maxY, nodeY[r.node] + hop)
        }
        let radius = max(maxX - minX, maxY - minY) / 2
        let cells = GridMemoryEstimate.patchCells(radiusMeters: radius, cellMeters: grid.cellMeters)
        // The window, and the cells reached in it: the direct walk's disc and a hop's disc around each node.
        let reachedCells = min(cells, GridMemoryEstimate.sum(
            GridMemoryEstimate.patchCells(radiusMeters: directRadius, cellMeters: grid.cellMeters),
            MemoryLimit.product(reached.count, GridMemoryEstimate.patchCells(radiusMeters: hop, cellMeters: grid.cellMeters))))
        try grid.checkMemory(GridMemoryEstimate.sum(MemoryLimit.product(cells, GridMemoryEstimate.patchBytesPerCell),
                                                    MemoryLimit.product(reachedCells, GridMemoryEstimate.accumulatedBytesPerCell)),
                             "the \(search.mode.rawValue) from \(origin.name)")
        var patch = CellPatch(centre: PlanarPoint(x: (minX + maxX) / 2, y: (minY + maxY) / 2),
                              radiusMeters: radius, cellMeters: grid.cellMeters)
        let access = search.parameters.access
        patch.offerDisc(centre: originXY, radiusMeters: directRadius, baseSeconds: 0, access: access, limit: limitSeconds)
        for r in reached {
            patch.offerDisc(centre: PlanarPoint(x: nodeX[r.node], y: nodeY[r.node]), radiusMeters: hop,
                            baseSeconds: r.seconds, access: access, limit: limitSeconds)
        }
        return patch
    }
}
