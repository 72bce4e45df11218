import GeoCore

/// Turns a `TransitInput` into the RAPTOR layout (`TransitLayer`): route patterns, FIFO trip order,
/// stop tiers, hubs and walking transfers.
///
/// - Patterns: trips with the same route, tier and stop sequence, in order of first appearance in the input.
///   A trip that would overtake (or be overtaken by) another of its pattern at any stop goes to a separate
///   pattern (first fit, trips taken by departure at the first stop), so every pattern is FIFO.
/// - Transfers: between every two distinct stops both served by trips and at most `transferRadiusMeters` apart:
///   `walkSeconds(crow-fly) + minTransfer(tiers of origin, tiers of target)` (the largest minimum over the two
///   stops' tier pairs). Source transfers (GTFS transfers.txt) replace the generated time for their pair, or add
///   the pair; a source transfer from a stop to itself is ignored (RAPTOR's board slack governs same-stop changes).
///   Between two stops of one hub with a `BuildParameters.hubTransfers` override, the hub's table gives the minimum.
///   With a `TransferWalking` (a street graph), two linked stops whose street walk is at most
///   `transferRadiusMeters × detourFactor` walk on streets instead: `walkSeconds(street) + minTransfer`; every
///   other pair (an unlinked stop, a street walk beyond that limit) walks crow-fly as above.
public struct TransitLayerBuilder: Sendable {
    public var parameters: BuildParameters

    public init(parameters: BuildParameters = BuildParameters()) { self.parameters = parameters }

    /// A `BuildParameters.hubTransfers` override names no hub of the network.
    public struct UnknownHub: Error, Sendable, Equatable {
        public var name: String
        /// The hub names closest to it (at most 3).
        public var closest: [String]
    }

    /// Builds the layer. Throws `InputError` (file = the trip's source) for times that go backwards.
    /// Trips with fewer than two stops are dropped with a warning. `streets` measures transfers on a street
    /// graph; nil walks every transfer crow-fly.
    public func build(_ input: TransitInput, streets: (any TransferWalking)? = nil)
        throws -> (layer: TransitLayer, warnings: [InputWarning]) {
        var warnings: [InputWarning] = []
        let stopCount = input.stops.count

        // 1. Check trips.
        var usable: [Int] = []
        for (t, trip) in input.trips.enumerated() {
            precondition(trip.route >= 0 && trip.route < input.routes.count, "trip route out of range")
            precondition(trip.stops.count == trip.arrivalSeconds.count && trip.stops.count == trip.departureSeconds.count,
                         "one arrival and departure per stop")
            for s in trip.stops { precondition(s >= 0 && s < stopCount, "trip stop out of range") }
            let source = input.routes[trip.route].source
            if trip.stops.count < 2 {
                warnings.append(InputWarning(file: source, location: "trip \(trip.key)",
                                             message: "fewer than two stops; trip dropped"))
                continue
            }
            for i in 0..<trip.stops.count {
                if trip.departureSeconds[i] < trip.arrivalSeconds[i] {
                    throw InputError(file: source, location: "trip \(trip.key), stop \(i + 1)",
                                     message: "departure \(trip.departureSeconds[i]) s is before arrival \(trip.arrivalSeconds[i]) s")
                }
                if i > 0 && trip.arrivalSeconds[i] < trip.departureSeconds[i - 1] {
                    throw InputError(file: source, location: "trip \(trip.key), stop \(i + 1)",
                                     message: "arrival \(trip.arrivalSeconds[i]) s is before the previous departure \(trip.departureSeconds[i - 1]) s")
                }
            }
            usable.append(t)
        }

        // 2–3. Patterns.
        let patternTrips = TransitLayerBuilder.patternGroups(of: input.trips, among: usable)

        // 4. Pattern and trip columns.
        var pStopStart: [UInt32] = [0], pStops: [UInt32] = [], pTripStart: [UInt32] = [0], pTimeStart: [UInt32] = [0]
        var pRoutes: [UInt32] = [], pTiers: [UInt8] = [], arrivals: [Int32] = [], departures: [Int32] = []
        var tKeys: [String] = [], tNames: [String] = [], tPatterns: [UInt32] = [], tRoutes: [UInt32] = [], tTiers: [UInt8] = []
        var stopMasks = [UInt8](repeating: 0, count: stopCount)
        for (p, members) in patternTrips.enumerated() {
            let first = input.trips[members[0]]
            pStops += first.stops.map { UInt32($0) }
            pStopStart.append(UInt32(pStops.count))
            pRoutes.append(UInt32(first.route))
            pTiers.append(UInt8(first.tier.rank))
            for s in first.stops { stopMasks[s] |= first.tier.maskBit }
            for t in members {
                let trip = input.trips[t]
                arrivals += trip.arrivalSeconds
                departures += trip.departureSeconds
                tKeys.append(trip.key); tNames.append(trip.name); tPatterns.append(UInt32(p))
                tRoutes.append(UInt32(trip.route)); tTiers.append(UInt8(trip.tier.rank))
            }
            pTripStart.append(UInt32(tKeys.count))
            pTimeStart.append(UInt32(arrivals.count))
        }

        // 5. Stops and hubs.
        let coordinates = input.stops.map(\.coordinate)
        let (hubOfStop, hubCount) = HubGrouping.group(
            names: input.stops.map(\.name), coordinates: coordinates, keys: input.stops.map(\.key),
            parentKeys: input.stops.map { $0.parentKey ?? "" }, tierMasks: stopMasks, parameters: parameters)
        var hubMembers = [[Int]](repeating: [], count: hubCount)
        for s in 0..<stopCount { hubMembers[Int(hubOfStop[s])].append(s) }
        var hubStart: [UInt32] = [0], hubStops: [UInt32] = [], hubNames: [String] = [], hubMasks: [UInt8] = []
        for members in hubMembers {
            hubStops += members.map { UInt32($0) }
            hubStart.append(UInt32(hubStops.count))
            hubNames.append(HubGrouping.hubName(memberNames: members.map { input.stops[$0].name },
                                                memberTierMasks: members.map { stopMasks[$0] }))
            hubMasks.append(members.reduce(0) { $0 | stopMasks[$1] })
        }
        let stops = TransitLayer.StopTable(
            keys: input.stops.map(\.key), names: input.stops.map(\.name),
            longitudeE7: coordinates.map { Int32(($0.longitude * 1e7).rounded()) },
            latitudeE7: coordinates.map { Int32(($0.latitude * 1e7).rounded()) },
            sources: input.stops.map(\.source), parentKeys: input.stops.map { $0.parentKey ?? "" },
            tierMasks: stopMasks, hubs: hubOfStop)

        for o in parameters.hubTransfers where !hubNames.contains(o.hub) {
            throw UnknownHub(name: o.hub, closest: ClosestNames.closest(to: o.hub, among: Array(Set(hubNames)).sorted(), limit: 3))
        }
        let hubTables = HubTransferOverride.tables(parameters.hubTransfers, base: parameters.minTransfer, hubNames: hubNames)

        // 6. Transfers.
        var perStop = [[Int: Int32]](repeating: [:], count: stopCount)
        if parameters.transferRadiusMeters > 0 && stopCount > 1 {
            let grid = PointGrid(longitudes: coordinates.map(\.longitude), latitudes: coordinates.map(\.latitude),
                                 cellMeters: parameters.transferRadiusMeters)
            let maxStreetMillimeters = UInt32(min(Double(UInt32.max - 1),
                (parameters.walk.walkedMeters(crowFlyMeters: parameters.transferRadiusMeters) * 1000).rounded(.down)))
            func minimum(_ a: Int, _ b: Int) -> Int32 {
                let table = hubOfStop[a] == hubOfStop[b] ? hubTables[Int(hubOfStop[a])] ?? parameters.minTransfer
                    : parameters.minTransfer
                return table.seconds(fromTierMask: stopMasks[a], toTierMask: stopMasks[b])
            }
            for a in 0..<stopCount where stopMasks[a] != 0 {
                let onStreets = streets?.walkedMillimeters(from: a, maxMillimeters: maxStreetMillimeters) ?? [:]
                for (b, millimeters) in onStreets where b != a && stopMasks[b] != 0 && millimeters <= maxStreetMillimeters {
                    perStop[a][b] = parameters.walk.wholeSeconds(walkedMillimeters: millimeters) + minimum(a, b)
                }
                grid.forEach(within: parameters.transferRadiusMeters, of: coordinates[a]) { b, meters in
                    guard b != a, stopMasks[b] != 0, onStreets[b] == nil else { return }
                    perStop[a][b] = parameters.walk.wholeSeconds(crowFlyMeters: meters) + minimum(a, b)
                }
            }
        }
        for tr in input.transfers {
            precondition(tr.fromStop >= 0 && tr.fromStop < stopCount && tr.toStop >= 0 && tr.toStop < stopCount,
                         "transfer stop out of range")
            guard tr.fromStop != tr.toStop else { continue }
            perStop[tr.fromStop][tr.toStop] = max(0, tr.minSeconds)
        }
        var xStart: [UInt32] = [0], xTargets: [UInt32] = [], xSeconds: [Int32] = []
        for a in 0..<stopCount {
            for (b, sec) in perStop[a].sorted(by: { $0.key < $1.key }) {
                xTargets.append(UInt32(b)); xSeconds.append(sec)
            }
            xStart.append(UInt32(xTargets.count))
        }

        let layer = TransitLayer(
            stops: stops,
            hubs: TransitLayer.HubTable(names: hubNames, tierMasks: hubMasks, stopStart: hubStart, stops: hubStops),
            routes: TransitLayer.RouteTable(
                keys: input.routes.map(\.key), shortNames: input.routes.map(\.shortName),
                longNames: input.routes.map(\.longName), gtfsRouteTypes: input.routes.map { Int32($0.gtfsRouteType ?? -1) },
                tiers: input.routes.map { UInt8($0.tier.rank) }, tierReasons: input.routes.map(\.tierReason),
                sources: input.routes.map(\.source)),
            patterns: TransitLayer.PatternTable(
                stopStart: pStopStart, stops: pStops, tripStart: pTripStart, stopTimeStart: pTimeStart,
                routes: pRoutes, tiers: pTiers, arrivalSeconds: arrivals, departureSeconds: departures),
            trips: TransitLayer.TripTable(keys: tKeys, names: tNames, patterns: tPatterns, routes: tRoutes, tiers: tTiers),
            transfers: TransitLayer.TransferTable(start: xStart, targets: xTargets, seconds: xSeconds))
        return (layer, warnings)
    }

    /// Trips grouped into FIFO patterns: by (route, tier, stop sequence) in order of first appearance, each group
    /// sorted by departure at the first stop and split where a trip would overtake another (first fit).
    /// `among`: the indices of `trips` to group. Each result lists trip indices, earliest first.
    public static func patternGroups(of trips: [TransitInput.Trip], among usable: [Int]) -> [[Int]] {
        struct GroupKey: Hashable { var route: Int; var tier: Tier; var stops: [Int] }
        var groupIndex: [GroupKey: Int] = [:]
        var groups: [[Int]] = []
        for t in usable {
            let trip = trips[t]
            let key = GroupKey(route: trip.route, tier: trip.tier, stops: trip.stops)
            if let g = groupIndex[key] { groups[g].append(t) } else {
                groupIndex[key] = groups.count
                groups.append([t])
            }
        }
        var patternTrips: [[Int]] = []
        for group in groups {
            let sorted = group.sorted { a, b in
                let ta = trips[a], tb = trips[b]
                if ta.departureSeconds[0] != tb.departureSeconds[0] { return ta.departureSeconds[0] < tb.departureSeconds[0] }
                if ta.arrivalSeconds != tb.arrivalSeconds { return ta.arrivalSeconds.lexicographicallyPrecedes(tb.arrivalSeconds) }
                if ta.departureSeconds != tb.departureSeconds { return ta.departureSeconds.lexicographicallyPrecedes(tb.departureSeconds) }
                if ta.key != tb.key { return ta.key < tb.key }
                return a < b
            }
            var split: [[Int]] = []
            for t in sorted {
                let trip = trips[t]
                if let k = split.firstIndex(where: { sub in
                    let last = trips[sub[sub.count - 1]]
                    return (0..<trip.stops.count).allSatisfy {
                        last.arrivalSeconds[$0] <= trip.arrivalSeconds[$0] && last.departureSeconds[$0] <= trip.departureSeconds[$0]
                    }
                }) {
                    split[k].append(t)
                } else {
                    split.append([t])
                }
            }
            patternTrips += split
        }
        return patternTrips
    }
}
