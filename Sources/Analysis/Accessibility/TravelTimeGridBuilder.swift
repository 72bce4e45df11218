import GeoCore
import GeoPROJ
import Network
import Routing

/// Options of a travel-time grid.
public struct TravelTimeGridParameters: Sendable, Equatable {
    /// Side of a square cell, metres (default 200).
    public var cellMeters: Double
    /// Cells slower than this are not kept; it also bounds the direct walk from the origin.
    public var maxTravelSeconds: Int32
    /// With a street graph, a cell takes its time from the reached street nodes within this crow-fly distance of
    /// its centre (node time + the hop walked crow-fly × detour factor). Default: the cell size, at least 100 m.
    public var streetHopMeters: Double
    /// The most memory the grid and its contours may take (`GridMemoryEstimate`); the CLI's `--max-memory`.
    public var memoryLimit: MemoryLimit

    public init(cellMeters: Double = 200, maxTravelSeconds: Int32, streetHopMeters: Double? = nil,
                memoryLimit: MemoryLimit = .default) {
        precondition(cellMeters >= 1, "cells must be at least 1 m")
        precondition(maxTravelSeconds >= 0, "time limit cannot be negative")
        self.cellMeters = cellMeters
        self.maxTravelSeconds = maxTravelSeconds
        self.streetHopMeters = streetHopMeters ?? max(cellMeters, 100)
        self.memoryLimit = memoryLimit
        precondition(self.streetHopMeters > 0, "street hop must be positive")
    }
}

/// Computes `TravelTimeGrid`s from origins on a built network.
///
/// Per departure minute, a cell's time is the best of
/// - transit: arrival at a stop (range-RAPTOR over the window, `TravelTimeQuery`) + the egress walk from that
///   stop to the cell centre, within the access radius (`AccessParameters.maxRadiusMeters` crow-fly, or that ×
///   detour factor on streets);
/// - the direct walk from the origin, up to `maxTravelSeconds`.
/// Walks are crow-fly × detour factor without a street graph; with one they follow the streets (Dijkstra from
/// the snapped point or the stop's street node) and end with a crow-fly hop of at most `streetHopMeters` from a
/// reached node to the cell centre. The cell's time is then the chosen percentile over the window (nearest rank,
/// `TravelTimePercentiles`). Several origins combine by the minimum per departure minute.
///
/// Only cells near reached stops and street nodes are ever touched (a dense window per stop or walk, merged into
/// a sparse map), so a 300 km wide network costs nothing where nobody gets. Not thread-safe (PROJ context,
/// query scratch): one instance per task.
public final class TravelTimeGridBuilder {
    public let network: BuiltNetwork
    public let travel: TravelTimeParameters
    public let grid: TravelTimeGridParameters
    public let crs: String
    public let query: TravelTimeQuery

    private let transformer: Transformer
    private let streetSearch: StreetSearch?
    private let stopX: [Double]
    private let stopY: [Double]
    /// Projected street nodes, filled lazily (NaN until needed).
    private var nodeX: [Double]
    private var nodeY: [Double]

    /// `crs` is the projected CRS of the cells; the first of `travel.percentiles` is the one used.
    public init(network: BuiltNetwork, travel: TravelTimeParameters, grid: TravelTimeGridParameters, crs: String) throws {
        self.network = network
        self.travel = travel
        self.grid = grid
        self.crs = crs
        query = TravelTimeQuery(network: network, parameters: travel)
        transformer = try Transformer(from: "EPSG:4326", to: crs)
        guard !transformer.targetIsGeographic else {
            throw InputError(file: "crs", message: "\(crs) is geographic: a travel-time grid needs a projected (metric) CRS")
        }
        let t = network.transit
        let projected = try transformer.transform((0..<t.stopCount).map { t.coordinate(of: StopID($0)) })
        stopX = projected.map(\.longitude)
        stopY = projected.map(\.latitude)
        streetSearch = query.access.usesStreets ? StreetSearch(graph: network.streets) : nil
        nodeX = [Double](repeating: .nan, count: network.streets.nodeCount)
        nodeY = nodeX
    }

    /// Projects a longitude/latitude into the grid's CRS.
    public func project(_ c: Coordinate) throws -> PlanarPoint { try transformer.forward(c) }

    /// The grid of the fastest of `origins` (minimum per departure minute).
    public func build(from origins: [Place]) throws -> TravelTimeGrid {
        var acc = GridAccumulator(minuteCount: travel.windowMinutes)
        for origin in origins { try add(origin, to: &acc) }
        try grid.checkMemory(GridMemoryEstimate.sum(acc.estimatedBytes,
                                                    MemoryLimit.product(acc.keys.count, GridMemoryEstimate.reducedBytesPerCell)),
                             "\(acc.keys.count) cells reached")
        return reduce(acc)
    }

    // MARK: One origin

    private func add(_ origin: Place, to acc: inout GridAccumulator) throws {
        let access = travel.access
        let limit = grid.maxTravelSeconds
        let originXY = try project(origin.coordinate)
        let endpoint = query.endpoint(at: origin.coordinate, stationStops: origin.stops)

        // Direct walk.
        let walkMeters = access.walk.walkedMeters(inSeconds: Double(limit))
        // The walk's window, then the cells it reaches in the accumulator: at most the disc (¾ of the window),
        // and on streets at most a hop's disc around each reached node.
        let walkCells = GridMemoryEstimate.patchCells(radiusMeters: walkMeters + grid.streetHopMeters, cellMeters: grid.cellMeters)
        let walkWindowBytes = GridMemoryEstimate.sum(acc.estimatedBytes, MemoryLimit.product(walkCells, GridMemoryEstimate.patchBytesPerCell))
        func checkWalk(reachedCells: Int) throws {
            try grid.checkMemory(GridMemoryEstimate.sum(walkWindowBytes,
                                                        MemoryLimit.product(reachedCells, GridMemoryEstimate.accumulatedBytesPerCell)),
                                 "the walk from \(origin.name)")
        }
        try checkWalk(reachedCells: 0)
        var patch = CellPatch(centre: originXY, radiusMeters: walkMeters + grid.streetHopMeters, cellMeters: grid.cellMeters)
        if let search = streetSearch, let node = endpoint.point.streetNode {
            let bound = UInt32(min(Double(UInt32.max - 1), (walkMeters * 1000).rounded(.down)))
            search.run(sources: [(node, endpoint.point.snapMillimeters)], maxDistanceMillimeters: bound)
            let hopCells = GridMemoryEstimate.patchCells(radiusMeters: grid.streetHopMeters, cellMeters: grid.cellMeters)
            try checkWalk(reachedCells: min(walkCells / 4 * 3, MemoryLimit.product(search.reachedNodes.count + 1, hopCells)))
            try scatter(search, into: &patch, baseSeconds: 0, limit: limit)
            patch.offerDisc(centre: originXY, radiusMeters: grid.streetHopMeters, baseSeconds: 0, access: access, limit: limit)
        } else {
            try checkWalk(reachedCells: walkCells / 4 * 3)
            patch.offerDisc(centre: originXY, radiusMeters: access.walk.crowFlyMeters(reachableInSeconds: Double(limit)), baseSeconds: 0,
                            access: access, limit: limit)
        }
        patch.forEachReached { key, seconds in acc.offerDirect(key: key, seconds: seconds) }

        // Transit: every stop reached in some minute, then its egress walk.
        let t = network.transit
        guard t.stopCount > 0, !endpoint.stops.isEmpty else { return }
        let result = query.run(from: endpoint)
        let n = result.arrivals.minuteCount
        var stopTimes = [Int32](repeating: RangeRaptorResult.unreachable, count: n)
        for s in 0..<t.stopCount {
            var best = RangeRaptorResult.unreachable
            result.arrivals.rideArrivalSeconds.withUnsafeBufferPointer { a in
                for m in 0..<n {
                    let v = a[s * n + m]
                    // After at least one ride: the access leg alone never chains into an egress walk.
                    if v == RangeRaptorResult.unreachable { stopTimes[m] = v; continue }
                    let tt = v - result.arrivals.departureSeconds(minute: m)
                    stopTimes[m] = tt
                    if tt < best { best = tt }
                }
            }
            guard best <= limit else { continue }
            let remaining = limit - best
            let stopXY = PlanarPoint(x: stopX[s], y: stopY[s])
            let crowFlyMeters = min(access.maxRadiusMeters, access.walk.crowFlyMeters(reachableInSeconds: Double(remaining)))
            // At most the egress window's cells are new in the accumulator, each with its departure minutes.
            let egressRadius = streetSearch != nil && network.stopLinks.node(of: StopID(s)) != nil
                ? min(Double(access.maxStreetMillimeters) / 1000, access.walk.walkedMeters(inSeconds: Double(remaining))) + grid.streetHopMeters
                : crowFlyMeters
            let egressCells = GridMemoryEstimate.patchCells(radiusMeters: egressRadius, cellMeters: grid.cellMeters)
            try grid.checkMemory(GridMemoryEstimate.sum(
                acc.estimatedBytes,
                MemoryLimit.product(egressCells, GridMemoryEstimate.patchBytesPerCell + GridMemoryEstimate.accumulatedBytesPerCell + 4 * n)),
                "\(acc.keys.count) cells reached by walks and rides so far")
            if let search = streetSearch, let node = network.stopLinks.node(of: StopID(s)) {
                let streetMeters = min(Double(access.maxStreetMillimeters) / 1000,
                                       access.walk.walkedMeters(inSeconds: Double(remaining)))
                var egress = CellPatch(centre: stopXY, radiusMeters: streetMeters + grid.streetHopMeters,
                                       cellMeters: grid.cellMeters)
                search.run(sources: [(node, network.stopLinks.distanceMillimeters[s])],
                           maxDistanceMillimeters: UInt32((streetMeters * 1000).rounded(.down)))
                try scatter(search, into: &egress, baseSeconds: 0, limit: remaining)
                egress.offerDisc(centre: stopXY, radiusMeters: min(crowFlyMeters, grid.streetHopMeters), baseSeconds: 0,
                                 access: access, limit: remaining)
                egress.forEachReached { key, e in acc.offerTransit(key: key, stopTimes: stopTimes, egressSeconds: e) }
            } else {
                var egress = CellPatch(centre: stopXY, radiusMeters: crowFlyMeters, cellMeters: grid.cellMeters)
                egress.offerDisc(centre: stopXY, radiusMeters: crowFlyMeters, baseSeconds: 0, access: access, limit: remaining)
                egress.forEachReached { key, e in acc.offerTransit(key: key, stopTimes: stopTimes, egressSeconds: e) }
            }
        }
    }

    /// Cells within the hop of every node the last street search reached.
    private func scatter(_ search: StreetSearch, into patch: inout CellPatch, baseSeconds: Int32, limit: Int32) throws {
        let reached = search.reachedNodes
        var missing: [Int] = []
        for v in reached where nodeX[v.index].isNaN { missing.append(v.index) }
        if !missing.isEmpty {
            let projected = try transformer.transform(missing.map { network.streets.coordinate(of: StreetNodeID($0)) })
            for (k, v) in missing.enumerated() { nodeX[v] = projected[k].longitude; nodeY[v] = projected[k].latitude }
        }
        let access = travel.access
        for v in reached {
            guard let d = search.distanceMillimeters(to: v) else { continue }
            let t = baseSeconds + access.walk.wholeSeconds(walkedMillimeters: d)
            guard t <= limit else { continue }
            patch.offerDisc(centre: PlanarPoint(x: nodeX[v.index], y: nodeY[v.index]), radiusMeters: grid.streetHopMeters,
                            baseSeconds: t, access: access, limit: limit)
        }
    }

    // MARK: Reduction

    private func reduce(_ acc: GridAccumulator) -> TravelTimeGrid {
        let n = acc.minuteCount
        let percentile = travel.percentiles.first ?? 50
        let rank = TravelTimePercentiles.rankIndex(percentile: percentile, count: max(1, n))
        var scratch = [Int32](repeating: 0, count: n)
        var out: [(TravelTimeGrid.Cell, Int32)] = []
        out.reserveCapacity(acc.keys.count)
        for slot in 0..<acc.keys.count {
            let direct = acc.direct[slot]
            var time = direct
            let start = Int(acc.transitStart[slot])
            if start >= 0 {
                for m in 0..<n { scratch[m] = min(acc.transit[start + m], direct) }
                scratch.sort()
                time = scratch[rank]
            }
            guard time <= grid.maxTravelSeconds else { continue }
            out.append((GridAccumulator.cell(acc.keys[slot]), time))
        }
        out.sort { $0.0 < $1.0 }
        return TravelTimeGrid(crs: crs, cellMeters: grid.cellMeters, cells: out.map(\.0), travelTimesSeconds: out.map(\.1))
    }
}

/// Sparse per-cell store: the best direct walk, and per departure minute the best transit time.
struct GridAccumulator {
    let minuteCount: Int
    var slotOfKey: [Int64: Int32] = [:]
    var keys: [Int64] = []
    var direct: [Int32] = []
    /// Start of the cell's `minuteCount` transit times in `transit`, −1 when transit never reached it.
    var transitStart: [Int32] = []
    var transit: [Int32] = []

    init(minuteCount: Int) { self.minuteCount = minuteCount }

    /// What the store holds now (`GridMemoryEstimate`).
    var estimatedBytes: Int {
        GridMemoryEstimate.sum(MemoryLimit.product(keys.count, GridMemoryEstimate.accumulatedBytesPerCell),
                               MemoryLimit.product(transit.count, 4))
    }

    static func key(column: Int32, row: Int32) -> Int64 { Int64(column) << 32 | Int64(UInt32(bitPattern: row)) }
    static func cell(_ key: Int64) -> TravelTimeGrid.Cell {
        TravelTimeGrid.Cell(column: Int32(truncatingIfNeeded: key >> 32), row: Int32(bitPattern: UInt32(truncatingIfNeeded: key)))
    }

    private mutating func slot(_ key: Int64) -> Int {
        if let s = slotOfKey[key] { return Int(s) }
        let s = keys.count
        slotOfKey[key] = Int32(s)
        keys.append(key); direct.append(.max); transitStart.append(-1)
        return s
    }

    mutating func offerDirect(key: Int64, seconds: Int32) {
        let s = slot(key)
        if seconds < direct[s] { direct[s] = seconds }
    }

    /// `stopTimes[m]`: travel time to the stop for departure minute m (`RangeRaptorResult.unreachable` = never).
    mutating func offerTransit(key: Int64, stopTimes: [Int32], egressSeconds: Int32) {
        let s = slot(key)
        if transitStart[s] < 0 {
            transitStart[s] = Int32(transit.count)
            transit.append(contentsOf: repeatElement(RangeRaptorResult.unreachable, count: minuteCount))
        }
        let base = Int(transitStart[s])
        transit.withUnsafeMutableBufferPointer { tr in
            for m in 0..<minuteCount where stopTimes[m] != RangeRaptorResult.unreachable {
                let t = stopTimes[m] + egressSeconds
                if t < tr[base + m] { tr[base + m] = t }
            }
        }
    }
}

/// A dense window of cells around one point: the best walking time per cell from that point.
struct CellPatch {
    let column0: Int32
    let row0: Int32
    let width: Int
    let height: Int
    let cellMeters: Double
    var seconds: [Int32]

    init(centre: PlanarPoint, radiusMeters: Double, cellMeters: Double) {
        let r = max(0, radiusMeters)
        column0 = Int32(((centre.x - r) / cellMeters).rounded(.down))
        row0 = Int32(((centre.y - r) / cellMeters).rounded(.down))
        let column1 = Int32(((centre.x + r) / cellMeters).rounded(.down))
        let row1 = Int32(((centre.y + r) / cellMeters).rounded(.down))
        width = Int(column1 - column0) + 1
        height = Int(row1 - row0) + 1
        self.cellMeters = cellMeters
        seconds = [Int32](repeating: .max, count: width * height)
    }

    /// Every cell whose centre lies within `radiusMeters` of `centre` (and inside the window) gets
    /// `baseSeconds` + the crow-fly walk to its centre, if that is better and within `limit`.
    mutating func offerDisc(centre: PlanarPoint, radiusMeters: Double, baseSeconds: Int32, access: AccessParameters,
                            limit: Int32) {
        guard radiusMeters >= 0 else { return }
        let c0 = max(column0, Int32(((centre.x - radiusMeters) / cellMeters - 0.5).rounded(.up)))
        let c1 = min(column0 + Int32(width) - 1, Int32(((centre.x + radiusMeters) / cellMeters - 0.5).rounded(.down)))
        let r0 = max(row0, Int32(((centre.y - radiusMeters) / cellMeters - 0.5).rounded(.up)))
        let r1 = min(row0 + Int32(height) - 1, Int32(((centre.y + radiusMeters) / cellMeters - 0.5).rounded(.down)))
        guard c0 <= c1, r0 <= r1 else { return }
        let r2 = radiusMeters * radiusMeters
        seconds.withUnsafeMutableBufferPointer { cells in
            for row in r0...r1 {
                let dy = (Double(row) + 0.5) * cellMeters - centre.y
                let base = Int(row - row0) * width - Int(column0)
                for column in c0...c1 {
                    let dx = (Double(column) + 0.5) * cellMeters - centre.x
                    let d2 = dx * dx + dy * dy
                    guard d2 <= r2 else { continue }
                    let t = baseSeconds + access.walk.wholeSeconds(crowFlyMeters: d2.squareRoot())
                    if t <= limit && t < cells[base + Int(column)] { cells[base + Int(column)] = t }
                }
            }
        }
    }

    func forEachReached(_ body: (Int64, Int32) -> Void) {
        for row in 0..<height {
            for column in 0..<width {
                let t = seconds[row * width + column]
                if t != .max { body(GridAccumulator.key(column: column0 + Int32(column), row: row0 + Int32(row)), t) }
            }
        }
    }
}
