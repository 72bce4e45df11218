import Dispatch
import Foundation
import GeoCore
import Network
import Routing
import Synchronization

/// Options of an accessibility surface.
public struct SurfaceParameters: Sendable, Equatable {
    /// Population is counted within each of these door-to-door times, minutes, ascending.
    public var cutoffsMinutes: [Int]
    /// The journeys; the first of `travel.percentiles` is the percentile over the window.
    public var travel: TravelTimeParameters
    public var threads: Int

    public init(cutoffsMinutes: [Int], travel: TravelTimeParameters, threads: Int = 1) {
        precondition(!cutoffsMinutes.isEmpty && cutoffsMinutes.allSatisfy { $0 > 0 }, "positive cutoffs")
        self.cutoffsMinutes = cutoffsMinutes.sorted()
        self.travel = travel
        self.threads = max(1, threads)
    }

    public var percentile: Double { travel.percentiles.first ?? 50 }
}

/// A deterministic slice of the origins: cell index mod `count` == `index`.
public struct SurfaceShard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        precondition(count >= 1 && (0..<count).contains(index), "shard index within 0..<count")
        self.index = index; self.count = count
    }

    public static let whole = SurfaceShard(index: 0, count: 1)

    public func contains(_ cell: Int) -> Bool { cell % count == index }
    public var description: String { "\(index)/\(count)" }
}

/// One origin cell's measures.
public struct SurfaceRow: Sendable, Equatable {
    /// Index into the population surface's cells.
    public var cell: Int
    /// Opportunities (people, unless the surface was given others) in the cells reached within each cutoff (the chosen percentile of the window's times), origin cell included.
    public var populationWithin: [Double]
    /// The inbound time to the core at the same percentile; nil without a core or when it is not reached.
    public var coreSeconds: Int32?

    public init(cell: Int, populationWithin: [Double], coreSeconds: Int32?) {
        self.cell = cell; self.populationWithin = populationWithin; self.coreSeconds = coreSeconds
    }
}

/// What a surface run did: the counter that shows egress is computed once per network.
public struct SurfaceCounters: Sendable, Equatable {
    public var stopCount = 0
    /// Destination cells (every cell of the surface).
    public var destinationCount = 0
    /// Origins computed (the shard's cells).
    public var originCount = 0
    /// Access searches that built the stop → cell egress table: one per destination cell, whatever the number
    /// of origins (a per-origin egress would be stops × origins).
    public var egressSearches = 0
    /// Stop → cell pairs in the egress table.
    public var egressPairs = 0
    /// Range-RAPTOR runs (origins with at least one access stop).
    public var rangeRuns = 0
    /// Stops whose egress list was read, summed over origins.
    public var propagatedStops = 0

    public init() {}
}

/// An accessibility surface on the cells of a `PopulationSurface`: for every origin cell, the people reachable
/// within each cutoff at the chosen percentile over the departure window, and the inbound time to a core.
///
/// R5's propagation: the egress from stops to cells is computed once per network — every destination cell's
/// egress endpoint (`TravelTimeQuery.endpoint(role: .destination)`, the profile's egress modes, the same model as
/// rings and travel-time) is inverted into a stop → (cell, egress seconds) table. Each origin then runs one
/// access search and one range-RAPTOR; for every minute a cell's time is the minimum over stops of (arrival after
/// a ride + egress) and the direct trip (no transit, the profile's access modes that can end a journey). The time
/// counts as unreachable above the longest trip; the cell's time is the percentile over the window (nearest rank);
/// its population counts within a cutoff when that time is at most the cutoff. Exactly
/// `TravelTimeResult.travelTimesSeconds` per pair, without a search per pair.
public final class AccessibilitySurface: Sendable {
    public let network: BuiltNetwork
    public let cells: [PopulationCell]
    public let parameters: SurfaceParameters
    /// What a reached cell adds to the sums, per cell: its population, or the user's opportunities.
    public let opportunities: [Double]
    /// The estimate checked against the memory limit before the egress table was made (`SurfaceMemoryEstimate`).
    public let memoryEstimate: SurfaceMemoryEstimate
    /// Egress table, stop-major: the cells of stop s at `egressStart[s] ..< egressStart[s + 1]`, ascending cell.
    private let egressStart: [Int]
    private let egressCell: [Int32]
    private let egressSeconds: [Int32]
    /// Every cell's destination point (for the direct trip).
    private let points: [AccessPoint]
    private let cellGrid: PointGrid
    private let directRadiusMeters: Double
    public let egressSearches: Int

    /// Builds the egress table (one access search per cell, on `parameters.threads` threads), population summed.
    public convenience init(network: BuiltNetwork, cells: [PopulationCell], parameters: SurfaceParameters) {
        // Without a memory limit nothing can throw.
        try! self.init(network: network, cells: cells, parameters: parameters, opportunities: nil, memoryLimit: nil)
    }

    /// Builds the egress table (one access search per cell, on `parameters.threads` threads). `opportunities`
    /// (one per cell) replaces the cells' population in the sums; `originCount` origins (default: every cell) are
    /// what the run will compute. With `memoryLimit`, the estimate of the run is checked before the searches and
    /// again, with the exact number of stop → cell pairs, before the egress table is allocated: past the limit an
    /// `InputError` naming the estimate and `--max-memory`.
    public init(network: BuiltNetwork, cells: [PopulationCell], parameters: SurfaceParameters, opportunities: [Double]?,
                originCount: Int? = nil, memoryLimit: MemoryLimit?) throws {
        precondition(opportunities == nil || opportunities!.count == cells.count, "one opportunity value per cell")
        self.network = network
        self.cells = cells
        self.parameters = parameters
        self.opportunities = opportunities ?? cells.map(\.population)
        let travel = parameters.travel
        let count = cells.count
        var estimate = SurfaceMemoryEstimate(cells: count, origins: originCount ?? count, stops: network.transit.stopCount,
                                             cutoffs: parameters.cutoffsMinutes.count, windowMinutes: travel.windowMinutes,
                                             threads: parameters.threads)
        if let memoryLimit { try estimate.check(memoryLimit) }
        let workers = max(1, min(parameters.threads, count))
        let ends = Mutex([(point: AccessPoint, stops: [StopAccess])?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let query = TravelTimeQuery(network: network, parameters: travel)
            var local: [(Int, AccessPoint, [StopAccess])] = []
            for k in stride(from: w, to: count, by: workers) {
                let end = query.endpoint(at: cells[k].coordinate, role: .destination)
                local.append((k, end.point, end.stops))
            }
            ends.withLock { all in for (k, p, s) in local { all[k] = (p, s) } }
        }
        let prepared = ends.withLock { $0 }.map { $0! }
        estimate.egressPairs = prepared.reduce(0) { $0 + $1.stops.count }
        if let memoryLimit { try estimate.check(memoryLimit) }
        memoryEstimate = estimate
        points = prepared.map(\.point)
        egressSearches = count
        // Invert: per stop, its cells (ascending, since cells are visited in order).
        let stopCount = network.transit.stopCount
        var perStop = [Int](repeating: 0, count: stopCount + 1)
        for e in prepared { for a in e.stops { perStop[a.stop.index + 1] += 1 } }
        for s in 0..<stopCount { perStop[s + 1] += perStop[s] }
        var fill = perStop
        var cellOut = [Int32](repeating: 0, count: perStop[stopCount])
        var secondsOut = [Int32](repeating: 0, count: perStop[stopCount])
        for (k, e) in prepared.enumerated() {
            for a in e.stops {
                cellOut[fill[a.stop.index]] = Int32(k); secondsOut[fill[a.stop.index]] = a.seconds
                fill[a.stop.index] += 1
            }
        }
        egressStart = perStop; egressCell = cellOut; egressSeconds = secondsOut
        cellGrid = PointGrid(longitudes: cells.map(\.coordinate.longitude), latitudes: cells.map(\.coordinate.latitude),
                             cellMeters: 2_000)
        // No direct trip is longer than any mode's speed × its longest leg, plus the two snaps (each at most that).
        var radius = travel.access.walk.walkedMeters(crowFlyMeters: travel.access.maxRadiusMeters)
        for mode in travel.profile.access where mode.servesEgress {
            if let p = travel.profile.parameters(of: mode) { radius = max(radius, p.speedMetersPerSecond * Double(p.maxSeconds)) }
        }
        directRadiusMeters = 2 * radius + travel.access.maxRadiusMeters
    }

    /// Stop → cell pairs in the egress table.
    public var egressPairs: Int { egressCell.count }

    /// The rows of the origins in `shard`, ascending cell; `core` (an inbound destination) adds the core time.
    /// `origins` (ascending cell indices, e.g. the cells in a mask) limits the origins; every cell stays a
    /// destination. `progress(done, total)` is called from worker threads, at most about 100 times.
    public func run(shard: SurfaceShard = .whole, origins originCells: [Int]? = nil, core: Place? = nil,
                    progress: @Sendable (Int, Int) -> Void = { _, _ in }) -> (rows: [SurfaceRow], counters: SurfaceCounters) {
        let origins = (originCells ?? Array(cells.indices)).filter { shard.contains($0) }
        let travel = parameters.travel
        let workers = max(1, min(parameters.threads, origins.count))
        let coreEnd = core.map {
            TravelTimeQuery(network: network, parameters: travel).endpoint(at: $0.coordinate, stationStops: $0.stops, role: .destination)
        }
        let state = Mutex((rows: [SurfaceRow?](repeating: nil, count: origins.count), done: 0, runs: 0, stops: 0))
        let step = max(1, origins.count / 100)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let query = TravelTimeQuery(network: network, parameters: travel)
            var scratch = Scratch(cellCount: cells.count, minuteCount: travel.windowMinutes)
            for j in stride(from: w, to: origins.count, by: workers) {
                let (row, ran, stops) = self.origin(origins[j], query: query, coreEnd: coreEnd, scratch: &scratch)
                let report: Int? = state.withLock { s in
                    s.rows[j] = row; s.done += 1; s.runs += ran ? 1 : 0; s.stops += stops
                    return s.done % step == 0 || s.done == origins.count ? s.done : nil
                }
                if let report { progress(report, origins.count) }
            }
        }
        let final = state.withLock { $0 }
        var counters = SurfaceCounters()
        counters.stopCount = network.transit.stopCount
        counters.destinationCount = cells.count
        counters.originCount = origins.count
        counters.egressSearches = egressSearches
        counters.egressPairs = egressPairs
        counters.rangeRuns = final.runs
        counters.propagatedStops = final.stops
        return (final.rows.map { $0! }, counters)
    }

    /// Per-worker arrays reused across origins: each reached cell's slot and its times per minute.
    struct Scratch {
        var slotOf: [Int32]
        var touched: [Int32] = []
        var times: [Int32] = []
        var stopTimes: [Int32]
        let minuteCount: Int

        init(cellCount: Int, minuteCount: Int) {
            slotOf = [Int32](repeating: -1, count: cellCount)
            stopTimes = [Int32](repeating: 0, count: minuteCount)
            self.minuteCount = minuteCount
        }

        mutating func slot(_ cell: Int) -> Int {
            if slotOf[cell] >= 0 { return Int(slotOf[cell]) }
            let s = touched.count
            slotOf[cell] = Int32(s)
            touched.append(Int32(cell))
            times.append(contentsOf: repeatElement(RangeRaptorResult.unreachable, count: minuteCount))
            return s
        }

        mutating func reset() {
            for c in touched { slotOf[Int(c)] = -1 }
            touched.removeAll(keepingCapacity: true)
            times.removeAll(keepingCapacity: true)
        }
    }

    private func origin(_ o: Int, query: TravelTimeQuery, coreEnd: TravelTimeEndpoint?,
                        scratch: inout Scratch) -> (SurfaceRow, Bool, Int) {
        let travel = parameters.travel
        let n = travel.windowMinutes
        // Times above the largest cutoff count for nothing: treating them as unreachable changes no count.
        let limit = min(travel.maxTripSeconds, Int32(parameters.cutoffsMinutes.last!) * 60)
        let end = query.endpoint(at: cells[o].coordinate, role: .origin)
        scratch.reset()
        var ran = false, propagated = 0
        var coreSeconds: Int32?
        if !end.stops.isEmpty {
            ran = true
            let result = query.run(from: end)
            let a = result.arrivals
            for s in 0..<network.transit.stopCount where egressStart[s] < egressStart[s + 1] {
                var best = RangeRaptorResult.unreachable
                a.rideArrivalSeconds.withUnsafeBufferPointer { arr in
                    for m in 0..<n {
                        let v = arr[s * n + m]
                        let t = v == RangeRaptorResult.unreachable ? v : v - a.departureSeconds(minute: m)
                        scratch.stopTimes[m] = t
                        if t < best { best = t }
                    }
                }
                guard best <= limit else { continue }
                propagated += 1
                for e in egressStart[s] ..< egressStart[s + 1] {
                    let egress = egressSeconds[e]
                    guard best + egress <= limit else { continue }
                    let base = scratch.slot(Int(egressCell[e])) * n
                    for m in 0..<n where scratch.stopTimes[m] != RangeRaptorResult.unreachable {
                        let t = scratch.stopTimes[m] + egress
                        if t < scratch.times[base + m] { scratch.times[base + m] = t }
                    }
                }
            }
            if let coreEnd {
                let t = TravelTimePercentiles.percentiles(of: result.travelTimesSeconds(to: coreEnd), at: [parameters.percentile])[0]
                coreSeconds = t == RangeRaptorResult.unreachable ? nil : t
            }
        } else if let coreEnd, let direct = end.directSeconds(to: coreEnd), direct <= travel.maxTripSeconds {
            coreSeconds = direct
        }
        // The direct trip, every minute.
        for hit in cellGrid.points(within: directRadiusMeters, of: cells[o].coordinate) {
            var best = RangeRaptorResult.unreachable
            for r in end.modeReaches where r.mode.servesEgress {
                if let t = r.directSeconds(to: points[hit.index]), t < best { best = t }
            }
            guard best <= limit else { continue }
            let base = scratch.slot(hit.index) * n
            for m in 0..<n where best < scratch.times[base + m] { scratch.times[base + m] = best }
        }
        // Per reached cell, in cell order: the percentile (nearest rank) is within a cutoff exactly when more than
        // `rank` minutes are, so counting replaces sorting; times above the longest trip count as unreachable.
        let rank = TravelTimePercentiles.rankIndex(percentile: parameters.percentile, count: max(1, n))
        let cutoffs = parameters.cutoffsMinutes.map { min(Int32($0) * 60, travel.maxTripSeconds) }
        var within = [Double](repeating: 0, count: cutoffs.count)
        var counts = [Int](repeating: 0, count: cutoffs.count)
        let order = scratch.touched.sorted()
        for c in order {
            let base = Int(scratch.slotOf[Int(c)]) * n
            for k in counts.indices { counts[k] = 0 }
            for m in 0..<n {
                let t = scratch.times[base + m]
                for (k, cutoff) in cutoffs.enumerated() where t <= cutoff { counts[k] += 1 }
            }
            for k in cutoffs.indices where counts[k] > rank { within[k] += opportunities[Int(c)] }
        }
        return (SurfaceRow(cell: o, populationWithin: within, coreSeconds: coreSeconds), ran, propagated)
    }
}
