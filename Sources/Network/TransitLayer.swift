import GeoCore

/// The transit network in RAPTOR layout: column arrays, compressed-sparse-row (CSR) indices, no objects.
///
/// Ids are dense indices: `StopID` into `stops`, `PatternID` into `patterns`, `TripID` into `trips`.
/// Trips are numbered pattern by pattern, and within a pattern by departure at the first stop, so the trips of
/// pattern p are the contiguous range `patterns.tripStart[p] ..< patterns.tripStart[p + 1]`. Within a pattern no
/// trip overtakes another (FIFO at every stop: departures and arrivals never decrease with the trip index),
/// which RAPTOR's earliest-trip search relies on. Stop times are row-major per pattern: one row per trip, one
/// column per stop position.
public struct TransitLayer: Sendable, Equatable {
    /// Columns in two parts (`TailedArray`): a scenario's added stops are the tail after the base network's.
    public struct StopTable: Sendable, Equatable {
        /// Input key, e.g. "rail_gtfs:BJP".
        public var keys: TailedArray<String>
        public var names: TailedArray<String>
        /// Fixed-point WGS-84 longitude, 1e-7 degree.
        public var longitudeE7: TailedArray<Int32>
        /// Fixed-point WGS-84 latitude, 1e-7 degree.
        public var latitudeE7: TailedArray<Int32>
        /// Input (source) name per stop.
        public var sources: TailedArray<String>
        /// Parent station key, "" when none.
        public var parentKeys: TailedArray<String>
        /// Tiers of the trips calling here, bit = `Tier.rank` (a scenario's changed masks are `replaced`).
        public var tierMasks: TailedArray<UInt8>
        /// Hub (station complex) of each stop, raw `HubID` (a scenario's added stops may join base hubs and merge
        /// them: base stops whose hub changed are `replaced`).
        public var hubs: TailedArray<UInt32>

        public init(keys: [String], names: [String], longitudeE7: [Int32], latitudeE7: [Int32], sources: [String],
                    parentKeys: [String], tierMasks: [UInt8], hubs: [UInt32]) {
            self.init(keys: TailedArray(keys), names: TailedArray(names), longitudeE7: TailedArray(longitudeE7),
                      latitudeE7: TailedArray(latitudeE7), sources: TailedArray(sources),
                      parentKeys: TailedArray(parentKeys), tierMasks: TailedArray(tierMasks), hubs: TailedArray(hubs))
        }

        public init(keys: TailedArray<String>, names: TailedArray<String>, longitudeE7: TailedArray<Int32>,
                    latitudeE7: TailedArray<Int32>, sources: TailedArray<String>, parentKeys: TailedArray<String>,
                    tierMasks: TailedArray<UInt8>, hubs: TailedArray<UInt32>) {
            self.keys = keys; self.names = names; self.longitudeE7 = longitudeE7; self.latitudeE7 = latitudeE7
            self.sources = sources; self.parentKeys = parentKeys; self.tierMasks = tierMasks; self.hubs = hubs
        }
        public var count: Int { keys.count }
    }

    /// Station complexes: stops of one place (see `HubGrouping`).
    public struct HubTable: Sendable, Equatable {
        /// A scenario's renamed base hubs are `replaced`, its new hubs the tail.
        public var names: TailedArray<String>
        /// Union of the member stops' tier masks (a scenario's changed masks are `replaced`).
        public var tierMasks: TailedArray<UInt8>
        /// CSR: members of hub h are `stops[stopStart[h] ..< stopStart[h + 1]]`, ascending.
        public var stopStart: [UInt32]
        public var stops: [UInt32]

        public init(names: [String], tierMasks: [UInt8], stopStart: [UInt32], stops: [UInt32]) {
            self.init(names: TailedArray(names), tierMasks: TailedArray(tierMasks), stopStart: stopStart, stops: stops)
        }

        public init(names: TailedArray<String>, tierMasks: TailedArray<UInt8>, stopStart: [UInt32], stops: [UInt32]) {
            self.names = names; self.tierMasks = tierMasks; self.stopStart = stopStart; self.stops = stops
        }
        public var count: Int { names.count }
    }

    public struct RouteTable: Sendable, Equatable {
        public var keys: [String]
        public var shortNames: [String]
        public var longNames: [String]
        /// GTFS route_type, -1 when the source is not GTFS.
        public var gtfsRouteTypes: [Int32]
        /// `Tier.rank` per route.
        public var tiers: [UInt8]
        /// Why this tier, in words.
        public var tierReasons: [String]
        public var sources: [String]

        public init(keys: [String], shortNames: [String], longNames: [String], gtfsRouteTypes: [Int32],
                    tiers: [UInt8], tierReasons: [String], sources: [String]) {
            self.keys = keys; self.shortNames = shortNames; self.longNames = longNames
            self.gtfsRouteTypes = gtfsRouteTypes; self.tiers = tiers; self.tierReasons = tierReasons
            self.sources = sources
        }
        public var count: Int { keys.count }
    }

    /// Route patterns (RAPTOR routes) with their stop times.
    public struct PatternTable: Sendable, Equatable {
        /// CSR: stops of pattern p are `stops[stopStart[p] ..< stopStart[p + 1]]`, in calling order (≥ 2).
        public var stopStart: [UInt32]
        /// A pattern's stops lie wholly in the base or wholly in the tail (a scenario's added patterns).
        public var stops: TailedArray<UInt32>
        /// Trips of pattern p are `tripStart[p] ..< tripStart[p + 1]` (≥ 1).
        public var tripStart: [UInt32]
        /// Offset of pattern p's first stop time in `arrivalSeconds` / `departureSeconds`.
        public var stopTimeStart: [UInt32]
        /// Route index per pattern.
        public var routes: [UInt32]
        /// `Tier.rank` per pattern.
        public var tiers: [UInt8]
        /// Seconds after midnight of the service day (may exceed 86 400), row-major per pattern. A pattern's stop
        /// times lie wholly in the base or wholly in the tail (a scenario's added patterns: `TransitOverlay`).
        public var arrivalSeconds: TailedArray<Int32>
        public var departureSeconds: TailedArray<Int32>

        public init(stopStart: [UInt32], stops: [UInt32], tripStart: [UInt32], stopTimeStart: [UInt32],
                    routes: [UInt32], tiers: [UInt8], arrivalSeconds: [Int32], departureSeconds: [Int32]) {
            self.init(stopStart: stopStart, stops: TailedArray(stops), tripStart: tripStart, stopTimeStart: stopTimeStart,
                      routes: routes, tiers: tiers, arrivalSeconds: TailedArray(arrivalSeconds),
                      departureSeconds: TailedArray(departureSeconds))
        }

        public init(stopStart: [UInt32], stops: TailedArray<UInt32>, tripStart: [UInt32], stopTimeStart: [UInt32],
                    routes: [UInt32], tiers: [UInt8], arrivalSeconds: TailedArray<Int32>,
                    departureSeconds: TailedArray<Int32>) {
            self.stopStart = stopStart; self.stops = stops; self.tripStart = tripStart
            self.stopTimeStart = stopTimeStart; self.routes = routes; self.tiers = tiers
            self.arrivalSeconds = arrivalSeconds; self.departureSeconds = departureSeconds
        }
        public var count: Int { routes.count }
    }

    /// Columns in two parts (`TailedArray`): a scenario's added trips are the tail after the base network's.
    public struct TripTable: Sendable, Equatable {
        public var keys: TailedArray<String>
        /// Train number / trip short name (e.g. "C2205"); "" when none.
        public var names: TailedArray<String>
        public var patterns: TailedArray<UInt32>
        public var routes: TailedArray<UInt32>
        /// `Tier.rank` per trip.
        public var tiers: TailedArray<UInt8>

        public init(keys: [String], names: [String], patterns: [UInt32], routes: [UInt32], tiers: [UInt8]) {
            self.init(keys: TailedArray(keys), names: TailedArray(names), patterns: TailedArray(patterns),
                      routes: TailedArray(routes), tiers: TailedArray(tiers))
        }

        public init(keys: TailedArray<String>, names: TailedArray<String>, patterns: TailedArray<UInt32>,
                    routes: TailedArray<UInt32>, tiers: TailedArray<UInt8>) {
            self.keys = keys; self.names = names; self.patterns = patterns; self.routes = routes; self.tiers = tiers
        }
        public var count: Int { keys.count }
    }

    /// Walking transfers between distinct stops; CSR by origin stop, targets ascending per origin. A scenario's
    /// table shares its base's (`start`, and the bases of `targets` / `seconds`) and holds the rows that differ —
    /// added stops', and base stops' whose transfers changed — in the tails, listed in `changedRows`. Read a
    /// stop's row with `row(of:)` (`TransitLayer.transfers(from:)`).
    public struct TransferTable: Sendable, Equatable {
        /// Count = stop count + 1 (a scenario's: its base network's stop count + 1).
        public var start: [UInt32]
        public var targets: TailedArray<UInt32>
        /// Walk plus minimum transfer time, seconds.
        public var seconds: TailedArray<Int32>
        /// Rows in the tails: stop → indices into `targets` / `seconds`. Empty but for a scenario's table.
        public private(set) var changedRows: [Int: Range<Int>]
        /// One bit per stop, set where `changedRows` has the stop (empty when it is empty): the test `RangeRaptor`
        /// makes per stop.
        public private(set) var changedBits: [UInt64]

        public init(start: [UInt32], targets: [UInt32], seconds: [Int32]) {
            self.start = start; self.targets = TailedArray(targets); self.seconds = TailedArray(seconds)
            changedRows = [:]; changedBits = []
        }

        /// Transfers stored (a scenario's table also counts the base rows it replaced).
        public var count: Int { targets.count }

        @inlinable
        public func isChanged(_ stop: Int) -> Bool {
            !changedBits.isEmpty && changedBits[stop >> 6] & (1 << UInt64(stop & 63)) != 0
        }

        /// Indices into `targets` / `seconds` of the transfers leaving `stop`.
        @inlinable
        public func row(of stop: Int) -> Range<Int> {
            if isChanged(stop) { return changedRows[stop]! }
            return Int(start[stop]) ..< Int(start[stop + 1])
        }

        /// This table with the rows of `rows` (stop → transfers, targets ascending) replacing or adding rows;
        /// `stopCount` is the new stop count. The base's storage is shared.
        public func replacingRows(_ rows: [Int: [(target: UInt32, seconds: Int32)]], stopCount: Int) -> TransferTable {
            var table = self
            let total = rows.values.reduce(0) { $0 + $1.count }
            table.targets.reserveTailCapacity(total); table.seconds.reserveTailCapacity(total)
            var bits = [UInt64](repeating: 0, count: (stopCount + 63) / 64)
            for (w, word) in changedBits.enumerated() { bits[w] = word }
            for (s, row) in rows.sorted(by: { $0.key < $1.key }) {
                let lo = table.targets.count
                for x in row { table.targets.append(x.target); table.seconds.append(x.seconds) }
                table.changedRows[s] = lo ..< table.targets.count
                bits[s >> 6] |= 1 << UInt64(s & 63)
            }
            table.changedBits = bits
            return table
        }

        /// The table as one CSR over `stopCount` stops (for writing files).
        public func flattened(stopCount: Int) -> (start: [UInt32], targets: [UInt32], seconds: [Int32]) {
            if changedRows.isEmpty { return (start, targets.flattened, seconds.flattened) }
            var st: [UInt32] = [0], tg: [UInt32] = [], sc: [Int32] = []
            for s in 0..<stopCount {
                for e in row(of: s) { tg.append(targets[e]); sc.append(seconds[e]) }
                st.append(UInt32(tg.count))
            }
            return (st, tg, sc)
        }
    }

    public let stops: StopTable
    public let hubs: HubTable
    public let routes: RouteTable
    public let patterns: PatternTable
    public let trips: TripTable
    public let transfers: TransferTable
    /// Per pattern, whether it runs (a scenario closes patterns without renumbering); empty: all run.
    public let patternActive: [Bool]
    /// Per trip, whether it runs (false for every trip of a closed pattern too); empty: all run.
    public let tripActive: BitArray

    /// Derived CSR: the (pattern, position) pairs calling at stop s are at
    /// `stopPatternStart[s] ..< stopPatternStart[s + 1]` in `stopPatterns` / `stopPatternPositions` (their bases),
    /// ordered by pattern then position, then — in a scenario's network — the added patterns' pairs at
    /// `addedStopPatternStart[s] ..< addedStopPatternStart[s + 1]` in their tails. `patternEntries(at:)` gives both.
    /// A scenario's network shares its base network's index: its added stops are past `stopPatternStart`'s end
    /// and its closed patterns stay listed (check `isActive(pattern:)`; their trips are all inactive). A network
    /// built with activity columns leaves its closed patterns out.
    public let stopPatternStart: [UInt32]
    public let stopPatterns: TailedArray<UInt32>
    public let stopPatternPositions: TailedArray<UInt32>
    /// CSR over all stops into the tails of `stopPatterns` / `stopPatternPositions`; empty when nothing was added.
    public let addedStopPatternStart: [UInt32]

    /// Checks every invariant (programmer error: precondition). Decoders call `validate` first and throw.
    public init(stops: StopTable, hubs: HubTable, routes: RouteTable, patterns: PatternTable, trips: TripTable,
                transfers: TransferTable) {
        self.init(stops: stops, hubs: hubs, routes: routes, patterns: patterns, trips: trips, transfers: transfers,
                  patternActive: [], tripActive: [], checkStopTimesFrom: 0)
    }

    /// With activity columns (empty: all run). The stop times of patterns before `checkStopTimesFrom` are taken as
    /// checked (a scenario's base network was); every other invariant is checked. With `indexBase` (a network
    /// whose patterns are this one's first ones, with the same stops in its first stops), its stop → pattern index
    /// is shared and only the later patterns are indexed (a scenario's added patterns).
    public init(stops: StopTable, hubs: HubTable, routes: RouteTable, patterns: PatternTable, trips: TripTable,
                transfers: TransferTable, patternActive: [Bool], tripActive: [Bool], checkStopTimesFrom: Int,
                indexBase: TransitLayer? = nil) {
        if let problem = TransitLayer.validate(stops: stops, hubs: hubs, routes: routes, patterns: patterns,
                                               trips: trips, transfers: transfers, checkStopTimesFrom: checkStopTimesFrom) {
            preconditionFailure("TransitLayer: \(problem)")
        }
        precondition(patternActive.isEmpty || patternActive.count == patterns.count, "one activity per pattern")
        precondition(tripActive.isEmpty || tripActive.count == trips.count, "one activity per trip")
        self.stops = stops; self.hubs = hubs; self.routes = routes; self.patterns = patterns
        self.trips = trips; self.transfers = transfers
        self.patternActive = patternActive; self.tripActive = BitArray(tripActive)
        let runs: (Int) -> Bool = { patternActive.isEmpty || patternActive[$0] }
        if let base = indexBase, base.addedStopPatternStart.isEmpty, base.patternCount <= patterns.count,
           base.stopCount <= stops.count {
            stopPatternStart = base.stopPatternStart
            let added = TransitLayer.stopPatternIndex(stopCount: stops.count, patterns: patterns,
                                                      indexed: (base.patternCount..<patterns.count).filter(runs))
            var pats = base.stopPatterns, poss = base.stopPatternPositions
            pats.append(contentsOf: added.patterns); poss.append(contentsOf: added.positions)
            stopPatterns = pats; stopPatternPositions = poss
            addedStopPatternStart = added.patterns.isEmpty ? [] : added.start
        } else {
            let index = TransitLayer.stopPatternIndex(stopCount: stops.count, patterns: patterns,
                                                      indexed: (0..<patterns.count).filter(runs))
            stopPatternStart = index.start
            stopPatterns = TailedArray(index.patterns); stopPatternPositions = TailedArray(index.positions)
            addedStopPatternStart = []
        }
    }

    /// stop → (pattern, position) of the `indexed` patterns (ascending), counting sort by stop; patterns and
    /// positions ascend within a stop.
    private static func stopPatternIndex(stopCount: Int, patterns: PatternTable, indexed: [Int])
        -> (start: [UInt32], patterns: [UInt32], positions: [UInt32]) {
        var start = [UInt32](repeating: 0, count: stopCount + 1)
        for p in indexed {
            for k in Int(patterns.stopStart[p]) ..< Int(patterns.stopStart[p + 1]) { start[Int(patterns.stops[k]) + 1] += 1 }
        }
        for i in 0..<stopCount { start[i + 1] += start[i] }
        var cursor = start
        var pats = [UInt32](repeating: 0, count: Int(start[stopCount]))
        var poss = [UInt32](repeating: 0, count: Int(start[stopCount]))
        for p in indexed {
            let lo = Int(patterns.stopStart[p]), hi = Int(patterns.stopStart[p + 1])
            for k in lo..<hi {
                let s = Int(patterns.stops[k])
                let at = Int(cursor[s])
                pats[at] = UInt32(p)
                poss[at] = UInt32(k - lo)
                cursor[s] += 1
            }
        }
        return (start, pats, poss)
    }

    public static let empty = TransitLayer(
        stops: StopTable(keys: [], names: [], longitudeE7: [], latitudeE7: [], sources: [], parentKeys: [],
                         tierMasks: [], hubs: []),
        hubs: HubTable(names: [], tierMasks: [], stopStart: [0], stops: []),
        routes: RouteTable(keys: [], shortNames: [], longNames: [], gtfsRouteTypes: [], tiers: [], tierReasons: [],
                           sources: []),
        patterns: PatternTable(stopStart: [0], stops: [], tripStart: [0], stopTimeStart: [0], routes: [], tiers: [],
                               arrivalSeconds: [], departureSeconds: []),
        trips: TripTable(keys: [], names: [], patterns: [], routes: [], tiers: []),
        transfers: TransferTable(start: [0], targets: [], seconds: []))

    // MARK: Accessors

    public var stopCount: Int { stops.count }
    public var patternCount: Int { patterns.count }
    public var tripCount: Int { trips.count }

    /// Whether a pattern runs (a scenario may close it).
    public func isActive(pattern p: Int) -> Bool { patternActive.isEmpty || patternActive[p] }
    /// Whether a trip runs (a scenario may close it, or its pattern).
    public func isActive(trip t: Int) -> Bool { tripActive.isEmpty || tripActive[t] }
    /// The patterns that run, ascending.
    public var activePatterns: [Int] { (0..<patterns.count).filter { isActive(pattern: $0) } }
    /// The running trips of a pattern, earliest first.
    public func activeTrips(of pattern: PatternID) -> [Int] { trips(of: pattern).filter { isActive(trip: $0) } }

    /// A coordinate as the stop table stores it (rounded to 1e-7°): what `coordinate(of:)` will return.
    public static func storedCoordinate(_ c: Coordinate) -> Coordinate {
        Coordinate(longitude: Double(Int32((c.longitude * 1e7).rounded())) / 1e7,
                   latitude: Double(Int32((c.latitude * 1e7).rounded())) / 1e7)
    }

    public func coordinate(of stop: StopID) -> Coordinate {
        Coordinate(longitude: Double(stops.longitudeE7[stop.index]) / 1e7,
                   latitude: Double(stops.latitudeE7[stop.index]) / 1e7)
    }

    /// Stops of a pattern in calling order.
    /// A slice of the base's or the tail's storage (`patterns.stops`): index it from its `startIndex`.
    public func stops(of pattern: PatternID) -> ArraySlice<UInt32> {
        let lo = Int(patterns.stopStart[pattern.index]), hi = Int(patterns.stopStart[pattern.index + 1])
        let b = patterns.stops.base.count
        return lo < b ? patterns.stops.base[lo..<hi] : patterns.stops.tail[(lo - b)..<(hi - b)]
    }

    public func stopCount(of pattern: PatternID) -> Int {
        Int(patterns.stopStart[pattern.index + 1] - patterns.stopStart[pattern.index])
    }

    /// Trips of a pattern, earliest first.
    public func trips(of pattern: PatternID) -> Range<Int> {
        Int(patterns.tripStart[pattern.index]) ..< Int(patterns.tripStart[pattern.index + 1])
    }

    /// Index into `patterns.arrivalSeconds` / `departureSeconds` of a trip at a stop position of its pattern.
    public func stopTimeIndex(trip: TripID, position: Int) -> Int {
        let p = Int(trips.patterns[trip.index])
        let n = Int(patterns.stopStart[p + 1] - patterns.stopStart[p])
        return Int(patterns.stopTimeStart[p]) + (trip.index - Int(patterns.tripStart[p])) * n + position
    }

    public func arrivalSeconds(trip: TripID, position: Int) -> Int32 {
        patterns.arrivalSeconds[stopTimeIndex(trip: trip, position: position)]
    }

    public func departureSeconds(trip: TripID, position: Int) -> Int32 {
        patterns.departureSeconds[stopTimeIndex(trip: trip, position: position)]
    }

    /// Transfers leaving a stop: indices into `transfers.targets` / `transfers.seconds`.
    public func transfers(from stop: StopID) -> Range<Int> { transfers.row(of: stop.index) }

    /// (pattern, position) entries at a stop: indices into `stopPatterns` / `stopPatternPositions`. A scenario's
    /// closed patterns may be among them (`isActive(pattern:)`).
    public func patternEntries(at stop: StopID) -> PatternEntries {
        let s = stop.index
        let base = s + 1 < stopPatternStart.count ? Int(stopPatternStart[s]) ..< Int(stopPatternStart[s + 1]) : 0..<0
        guard !addedStopPatternStart.isEmpty else { return PatternEntries(base: base, added: 0..<0) }
        let offset = stopPatterns.base.count
        return PatternEntries(base: base, added: offset + Int(addedStopPatternStart[s]) ..< offset + Int(addedStopPatternStart[s + 1]))
    }

    /// Indices of a stop's entries in the stop → pattern index: the base network's, then a scenario's added ones.
    public struct PatternEntries: Sequence {
        public let base: Range<Int>
        public let added: Range<Int>
        public var count: Int { base.count + added.count }
        public func makeIterator() -> Iterator { Iterator(at: base.lowerBound, end: base.upperBound, then: added) }

        public struct Iterator: IteratorProtocol {
            var at: Int, end: Int, then: Range<Int>?
            public mutating func next() -> Int? {
                if at < end { defer { at += 1 }; return at }
                guard let t = then else { return nil }
                (at, end, then) = (t.lowerBound, t.upperBound, nil)
                return next()
            }
        }
    }

    public func tier(ofPattern pattern: PatternID) -> Tier { Tier(rank: Int(patterns.tiers[pattern.index])) ?? .other }
    public func tier(ofTrip trip: TripID) -> Tier { Tier(rank: Int(trips.tiers[trip.index])) ?? .other }

    // MARK: Invariants

    /// The first violated invariant in words, or nil when the tables are consistent.
    public static func validate(stops: StopTable, hubs: HubTable, routes: RouteTable, patterns: PatternTable,
                                trips: TripTable, transfers: TransferTable, checkStopTimesFrom: Int = 0) -> String? {
        let s = stops.count
        for (name, c) in [("names", stops.names.count), ("longitudes", stops.longitudeE7.count),
                          ("latitudes", stops.latitudeE7.count), ("sources", stops.sources.count),
                          ("parent keys", stops.parentKeys.count), ("tier masks", stops.tierMasks.count),
                          ("hubs", stops.hubs.count)] where c != s {
            return "stop \(name) count \(c) differs from stop count \(s)"
        }
        let h = hubs.count
        if hubs.tierMasks.count != h { return "hub tier mask count differs from hub count" }
        if let p = checkCSR(hubs.stopStart, rows: h, entries: hubs.stops.count) { return "hub members: \(p)" }
        for x in hubs.stops where Int(x) >= s { return "hub member out of range" }
        for x in stops.hubs where Int(x) >= h { return "stop hub out of range" }

        let r = routes.count
        for c in [routes.shortNames.count, routes.longNames.count, routes.gtfsRouteTypes.count, routes.tiers.count,
                  routes.tierReasons.count, routes.sources.count] where c != r {
            return "route column count differs from route count"
        }
        let p = patterns.count
        if patterns.tiers.count != p { return "pattern tier count differs from pattern count" }
        // `RangeRaptor` reads the bases and tails of these directly.
        if !patterns.stops.replaced.isEmpty || !patterns.arrivalSeconds.replaced.isEmpty
            || !patterns.departureSeconds.replaced.isEmpty {
            return "pattern stops or stop times replace base entries"
        }
        if let e = checkCSR(patterns.stopStart, rows: p, entries: patterns.stops.count) { return "pattern stops: \(e)" }
        if let e = checkCSR(patterns.tripStart, rows: p, entries: trips.count) { return "pattern trips: \(e)" }
        if patterns.stopTimeStart.count != p + 1 { return "pattern stop-time start count" }
        if patterns.arrivalSeconds.count != patterns.departureSeconds.count { return "arrival/departure counts differ" }
        // The trip columns before the patterns read them (a short trip-pattern column was read out of range).
        let t = trips.count
        for c in [trips.names.count, trips.patterns.count, trips.routes.count, trips.tiers.count] where c != t {
            return "trip column count differs from trip count"
        }
        for x in patterns.stops where Int(x) >= s { return "pattern stop out of range" }
        for x in patterns.routes where Int(x) >= r { return "pattern route out of range" }
        var expectedOffset = 0
        for q in 0..<p {
            let n = Int(patterns.stopStart[q + 1] - patterns.stopStart[q])
            let t = Int(patterns.tripStart[q + 1] - patterns.tripStart[q])
            if n < 2 { return "pattern \(q) has fewer than 2 stops" }
            if t < 1 { return "pattern \(q) has no trips" }
            if Int(patterns.stopTimeStart[q]) != expectedOffset { return "pattern \(q) stop times misplaced" }
            expectedOffset += n * t
            let base = expectedOffset - n * t
            guard expectedOffset <= patterns.arrivalSeconds.count else { return "stop times truncated" }
            let stopsInBase = Int(patterns.stopStart[q]) < patterns.stops.base.count
            if stopsInBase != (Int(patterns.stopStart[q + 1]) <= patterns.stops.base.count) {
                return "pattern \(q) stops straddle the base and the tail"
            }
            if q < checkStopTimesFrom { continue }
            if (base < patterns.arrivalSeconds.base.count) != (expectedOffset <= patterns.arrivalSeconds.base.count)
                || patterns.arrivalSeconds.base.count != patterns.departureSeconds.base.count {
                return "pattern \(q) stop times straddle the base and the tail"
            }
            for k in 0..<t {
                let row = base + k * n
                for i in 0..<n {
                    let a = patterns.arrivalSeconds[row + i], d = patterns.departureSeconds[row + i]
                    if d < a { return "pattern \(q) trip row \(k) departs before it arrives at position \(i)" }
                    if i > 0 && a < patterns.departureSeconds[row + i - 1] {
                        return "pattern \(q) trip row \(k) goes back in time at position \(i)"
                    }
                    if k > 0 && (a < patterns.arrivalSeconds[row - n + i] || d < patterns.departureSeconds[row - n + i]) {
                        return "pattern \(q) trip row \(k) overtakes the trip before it at position \(i)"
                    }
                }
            }
            for tr in Int(patterns.tripStart[q]) ..< Int(patterns.tripStart[q + 1]) where Int(trips.patterns[tr]) != q {
                return "trip \(tr) does not point back to pattern \(q)"
            }
        }
        if expectedOffset != patterns.arrivalSeconds.count || patterns.stopTimeStart[p] != UInt32(expectedOffset) {
            return "stop-time count \(patterns.arrivalSeconds.count) differs from the patterns' \(expectedOffset)"
        }
        for x in trips.routes where Int(x) >= r { return "trip route out of range" }
        for x in trips.patterns where Int(x) >= p { return "trip pattern out of range" }

        if transfers.changedRows.isEmpty {
            if let e = checkCSR(transfers.start, rows: s, entries: transfers.targets.count) { return "transfers: \(e)" }
        } else {
            let baseRows = transfers.start.count - 1
            if baseRows < 0 || baseRows > s { return "transfers: start has \(transfers.start.count) entries for \(s) stops" }
            if let e = checkCSR(transfers.start, rows: baseRows, entries: transfers.targets.base.count) { return "transfers: \(e)" }
            if transfers.changedBits.count != (s + 63) / 64 { return "transfers: one changed bit per stop" }
            for (stop, row) in transfers.changedRows where stop >= s || row.lowerBound < transfers.targets.base.count
                || row.upperBound > transfers.targets.count || !transfers.isChanged(stop) {
                return "transfers: changed row of stop \(stop) out of range"
            }
            for stop in baseRows..<s where !transfers.isChanged(stop) { return "transfers: stop \(stop) has no row" }
            if transfers.changedRows.count != transfers.changedBits.reduce(0, { $0 + $1.nonzeroBitCount }) {
                return "transfers: changed bits differ from the changed rows"
            }
        }
        if transfers.seconds.count != transfers.targets.count || transfers.seconds.base.count != transfers.targets.base.count {
            return "one transfer time per transfer"
        }
        for from in 0..<s {
            var previous = -1
            for k in transfers.row(of: from) {
                let to = Int(transfers.targets[k])
                if to >= s { return "transfer target out of range" }
                if to == from { return "transfer from stop \(from) to itself" }
                if to <= previous { return "transfer targets of stop \(from) not strictly ascending" }
                if transfers.seconds[k] < 0 { return "negative transfer time" }
                previous = to
            }
        }
        return nil
    }

    private static func checkCSR(_ start: [UInt32], rows: Int, entries: Int) -> String? {
        if start.count != rows + 1 { return "start has \(start.count) entries, expected \(rows + 1)" }
        if start[0] != 0 { return "start does not begin with 0" }
        if Int(start[rows]) != entries { return "start ends at \(start[rows]), expected \(entries)" }
        for i in 0..<rows where start[i] > start[i + 1] { return "start decreases at row \(i)" }
        return nil
    }
}
