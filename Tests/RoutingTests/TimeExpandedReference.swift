import Network

/// The slow, plainly correct reference for RAPTOR (tests only): Dijkstra over a time-expanded state graph
/// built straight from the `TransitInput` trips (not from the pattern layout under test).
///
/// States, each with the number of vehicles boarded so far r (0…maxRides):
/// - stop(s, canWalk, r): at stop s; `canWalk` is true only right after alighting (walks are not chained,
///   and no walk follows the access);
/// - event(e, r): aboard the trip of stop-time event e (trip, position), at its departure time, a fixed time.
/// Arcs: stop(s, true, r) → stop(u, false, r) by a transfer (+ its seconds); stop(s, _, r) → event(e, r + 1)
/// for every departure e at s with dep(e) ≥ t + boardSlack, plus the stop's same-stop change time when the
/// state is canWalk (right after alighting) (waiting is free); event(e, r) → event(e + 1, r)
/// (stay aboard, at the next departure) and → stop(next stop, true, r) (alight at the next arrival).
/// Sources: stop(origin, false, 0) at departure + access.
struct TimeExpandedReference {
    private let stopCount: Int
    private var eventStop: [Int] = []
    private var eventArrival: [Int32] = []
    private var eventDeparture: [Int32] = []
    /// Whether event e + 1 continues the same trip.
    private var eventHasNext: [Bool] = []
    private var departuresAtStop: [[Int]]
    private let transfers: [[(to: Int, seconds: Int32)]]

    init(input: TransitInput, transfers: [[(to: Int, seconds: Int32)]]) {
        stopCount = input.stops.count
        departuresAtStop = [[Int]](repeating: [], count: stopCount)
        self.transfers = transfers
        for trip in input.trips where trip.stops.count >= 2 {
            for i in 0..<trip.stops.count {
                let e = eventStop.count
                eventStop.append(trip.stops[i])
                eventArrival.append(trip.arrivalSeconds[i])
                eventDeparture.append(trip.departureSeconds[i])
                eventHasNext.append(i + 1 < trip.stops.count)
                if i + 1 < trip.stops.count { departuresAtStop[trip.stops[i]].append(e) }
            }
        }
    }

    /// Transfers as lists, read from a layer's CSR.
    static func transferLists(of layer: TransitLayer) -> [[(to: Int, seconds: Int32)]] {
        (0..<layer.stopCount).map { s in
            layer.transfers(from: StopID(s)).map { (Int(layer.transfers.targets[$0]), layer.transfers.seconds[$0]) }
        }
    }

    func earliestArrivals(origins: [(stop: Int, seconds: Int32)], departureSeconds: Int32, maxRides: Int,
                          boardSlackSeconds: Int32, sameStopChangeSeconds: [Int32]? = nil,
                          requireRide: Bool = false) -> [Int32] {
        let rides = maxRides + 1
        let stopStates = rides * stopCount * 2
        let eventCount = eventStop.count
        func stopState(_ s: Int, _ canWalk: Bool, _ r: Int) -> Int { (r * stopCount + s) * 2 + (canWalk ? 1 : 0) }
        func eventState(_ e: Int, _ r: Int) -> Int { stopStates + r * eventCount + e }
        var label = [Int64](repeating: .max, count: stopStates + rides * eventCount)
        var heap = MinHeap()
        func relax(_ state: Int, _ t: Int64) {
            if t < label[state] { label[state] = t; heap.push(t, state) }
        }
        for o in origins { relax(stopState(o.stop, false, 0), Int64(departureSeconds) + Int64(o.seconds)) }
        while let (t, state) = heap.pop() {
            if t != label[state] { continue }
            if state < stopStates {
                let canWalk = state % 2 == 1
                let s = (state / 2) % stopCount, r = state / 2 / stopCount
                if canWalk {
                    for x in transfers[s] { relax(stopState(x.to, false, r), t + Int64(x.seconds)) }
                }
                if r < maxRides {
                    let change = canWalk ? Int64(sameStopChangeSeconds?[s] ?? 0) : 0
                    for e in departuresAtStop[s] where Int64(eventDeparture[e]) >= t + change + Int64(boardSlackSeconds) {
                        relax(eventState(e, r + 1), Int64(eventDeparture[e]))
                    }
                }
            } else {
                let e = (state - stopStates) % eventCount, r = (state - stopStates) / eventCount
                guard eventHasNext[e] else { continue }
                relax(stopState(eventStop[e + 1], true, r), Int64(eventArrival[e + 1]))
                if eventHasNext[e + 1] { relax(eventState(e + 1, r), Int64(eventDeparture[e + 1])) }
            }
        }
        // With `requireRide`, only states after at least one boarding count (r ≥ 1: reached by alighting or a
        // walk after it), the arrivals an egress leg may start from.
        var best = [Int32](repeating: .max, count: stopCount)
        for r in (requireRide ? 1 : 0)..<rides {
            for s in 0..<stopCount {
                for w in [false, true] {
                    let t = label[stopState(s, w, r)]
                    if t != .max && t < Int64(best[s]) { best[s] = Int32(t) }
                }
            }
        }
        return best
    }
}

/// Binary min-heap of (time, state) for the reference.
struct MinHeap {
    private var items: [(Int64, Int)] = []
    mutating func push(_ t: Int64, _ s: Int) {
        items.append((t, s))
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if items[p].0 <= items[i].0 { break }
            items.swapAt(p, i); i = p
        }
    }
    mutating func pop() -> (Int64, Int)? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count && items[l].0 < items[m].0 { m = l }
                if r < items.count && items[r].0 < items[m].0 { m = r }
                if m == i { break }
                items.swapAt(m, i); i = m
            }
        }
        return top
    }
}
