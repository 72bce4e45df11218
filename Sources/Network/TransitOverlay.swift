import GeoCore

/// What a scenario changes in a transit layer, in the layer's own ids: trips closed, stops, routes and trips added,
/// transfers added or shortened, stations closed. Built by the `Scenarios` module; applied by
/// `TransitLayer.applying(_:parameters:)`.
public struct TransitDelta: Sendable, Equatable {
    /// Base trips that no longer run (a base pattern all of whose trips are closed is closed).
    public var closedTrips: Set<Int> = []
    /// Stops appended after the base stops: stop k of this list is stop `base.stopCount + k`.
    public var addedStops: [TransitInput.Stop] = []
    /// Routes appended after the base routes.
    public var addedRoutes: [TransitInput.Route] = []
    /// Trips added; their `stops` and `route` index the combined lists (base, then added).
    public var addedTrips: [TransitInput.Trip] = []
    /// Walking transfers added or shortened (a new passage), both directions given explicitly: the pair's time
    /// becomes min(its time, seconds).
    public var transfers: [TransitInput.Transfer] = []
    /// Stops closed: no transfer reaches or leaves them (their trips are closed or rerouted by the scenario).
    public var closedStops: Set<Int> = []

    public init() {}

    public var isEmpty: Bool {
        closedTrips.isEmpty && addedStops.isEmpty && addedRoutes.isEmpty && addedTrips.isEmpty && transfers.isEmpty
            && closedStops.isEmpty
    }
}

extension TransitLayer {
    /// This layer with `delta` applied, without copying its trips or stop times: the base's trip and stop-time
    /// columns are the shared base of the result's `TailedArray`s, added trips their tail; closed trips and patterns
    /// are switched off (`tripActive`, `patternActive`) and keep their ids. The stop columns and stop-street links keep
    /// the base's storage too (added stops in their tails), and so does the stop → pattern index (added patterns
    /// indexed apart, closed ones left in it and skipped by their activity). Tier masks are recomputed from the
    /// running patterns; hubs are regrouped when stops are added (base stops whose hub changes and renamed hubs are
    /// `TailedArray.replaced` entries; the hub members' CSR is rebuilt); the transfer table is rebuilt when stops
    /// are added or closed or transfers given, with transfers for added stops as the builder makes them (crow-fly
    /// walk + minimum transfer within `transferRadiusMeters`). Throws `InputError` (file = the trip's route source) for an added trip
    /// whose times go backwards or that has fewer than two stops.
    public func applying(_ delta: TransitDelta, parameters: BuildParameters) throws -> TransitLayer {
        if delta.isEmpty { return self }
        let baseStops = stopCount, stopTotal = baseStops + delta.addedStops.count
        let routeTotal = routes.count + delta.addedRoutes.count
        for (k, trip) in delta.addedTrips.enumerated() {
            precondition(trip.route >= 0 && trip.route < routeTotal, "added trip \(k): route out of range")
            precondition(trip.stops.allSatisfy { $0 >= 0 && $0 < stopTotal }, "added trip \(k): stop out of range")
            let source = trip.route < routes.count ? routes.sources[trip.route] : delta.addedRoutes[trip.route - routes.count].source
            if trip.stops.count < 2 {
                throw InputError(file: source, location: "trip \(trip.key)", message: "fewer than two stops")
            }
            for i in trip.stops.indices {
                if trip.departureSeconds[i] < trip.arrivalSeconds[i] || (i > 0 && trip.arrivalSeconds[i] < trip.departureSeconds[i - 1]) {
                    throw InputError(file: source, location: "trip \(trip.key), stop \(i + 1)", message: "times go backwards")
                }
            }
        }

        // Activity of the base trips and patterns, then added patterns (all running).
        var tripRuns = tripActive.isEmpty ? [Bool](repeating: true, count: trips.count) : Array(tripActive)
        for t in delta.closedTrips { tripRuns[t] = false }
        var patternRuns = (0..<patterns.count).map { p in trips(of: PatternID(p)).contains { tripRuns[$0] } }
        let groups = TransitLayerBuilder.patternGroups(of: delta.addedTrips, among: Array(delta.addedTrips.indices))

        var pStopStart = patterns.stopStart, pStops = patterns.stops, pTripStart = patterns.tripStart
        var pTimeStart = patterns.stopTimeStart, pRoutes = patterns.routes, pTiers = patterns.tiers
        var arrivals = patterns.arrivalSeconds, departures = patterns.departureSeconds
        var tKeys = trips.keys, tNames = trips.names, tPatterns = trips.patterns, tRoutes = trips.routes, tTiers = trips.tiers
        // The tails are kept by the scenario network: sized exactly (appending alone leaves up to half of each
        // tail's capacity unused, which was most of a scenario's extra memory).
        let addedTimes = delta.addedTrips.reduce(0) { $0 + $1.stops.count }, addedTrips = delta.addedTrips.count
        arrivals.reserveTailCapacity(addedTimes); departures.reserveTailCapacity(addedTimes)
        tKeys.reserveTailCapacity(addedTrips); tNames.reserveTailCapacity(addedTrips)
        tPatterns.reserveTailCapacity(addedTrips); tRoutes.reserveTailCapacity(addedTrips); tTiers.reserveTailCapacity(addedTrips)
        tripRuns.reserveCapacity(tripRuns.count + addedTrips)
        pStops.reserveTailCapacity(groups.reduce(0) { $0 + delta.addedTrips[$1[0]].stops.count })
        for members in groups {
            let p = UInt32(pRoutes.count)
            let first = delta.addedTrips[members[0]]
            pStops.append(contentsOf: first.stops.lazy.map { UInt32($0) })
            pStopStart.append(UInt32(pStops.count))
            pRoutes.append(UInt32(first.route)); pTiers.append(UInt8(first.tier.rank))
            for t in members {
                let trip = delta.addedTrips[t]
                arrivals.append(contentsOf: trip.arrivalSeconds); departures.append(contentsOf: trip.departureSeconds)
                tKeys.append(trip.key); tNames.append(trip.name); tPatterns.append(p)
                tRoutes.append(UInt32(trip.route)); tTiers.append(UInt8(trip.tier.rank))
                tripRuns.append(true)
            }
            pTripStart.append(UInt32(tKeys.count))
            pTimeStart.append(UInt32(arrivals.count))
            patternRuns.append(true)
        }

        // Stops: tier masks from the running patterns.
        var masks = [UInt8](repeating: 0, count: stopTotal)
        for p in 0..<pRoutes.count where patternRuns[p] {
            let bit = (Tier(rank: Int(pTiers[p])) ?? .other).maskBit
            for k in Int(pStopStart[p]) ..< Int(pStopStart[p + 1]) { masks[Int(pStops[k])] |= bit }
        }
        // The stop columns share the base's storage; added stops are their tails.
        var st = stops
        let n = delta.addedStops.count
        st.keys.reserveTailCapacity(n); st.names.reserveTailCapacity(n); st.sources.reserveTailCapacity(n)
        st.longitudeE7.reserveTailCapacity(n); st.latitudeE7.reserveTailCapacity(n); st.parentKeys.reserveTailCapacity(n)
        for s in delta.addedStops {
            let c = TransitLayer.storedCoordinate(s.coordinate)
            st.keys.append(s.key); st.names.append(s.name); st.sources.append(s.source)
            st.longitudeE7.append(Int32((c.longitude * 1e7).rounded())); st.latitudeE7.append(Int32((c.latitude * 1e7).rounded()))
            st.parentKeys.append(s.parentKey ?? "")
        }
        st.tierMasks = TailedArray(sharing: stops.tierMasks.base, values: masks)
        let coordinates = (0..<stopTotal).map {
            Coordinate(longitude: Double(st.longitudeE7[$0]) / 1e7, latitude: Double(st.latitudeE7[$0]) / 1e7)
        }
        // Hubs: the base's, kept; added stops join them by `HubGrouping`'s rules, applied to the added stops and
        // the base stops within reach of them (regrouping every stop, and renaming every hub, was most of the time
        // of applying a scenario to a large network). A hub keeps its name unless its members or their tier masks
        // changed.
        let hubOfStop: [UInt32], hubCount: Int
        if delta.addedStops.isEmpty {
            hubOfStop = Array(stops.hubs); hubCount = hubs.count
        } else {
            (hubOfStop, hubCount) = regroupedHubs(addedTo: st, coordinates: coordinates, masks: masks, parameters: parameters)
            // Base stops keep their hub unless added stops merged hubs: shared, with the changes `replaced`.
            st.hubs = TailedArray(sharing: stops.hubs.base, values: hubOfStop)
        }
        var hubMembers = [[Int]](repeating: [], count: hubCount)
        for s in 0..<stopTotal { hubMembers[Int(hubOfStop[s])].append(s) }
        var hubStart: [UInt32] = [0], hubStops: [UInt32] = [], hubNames: [String] = [], hubMasks: [UInt8] = []
        hubStart.reserveCapacity(hubCount + 1); hubStops.reserveCapacity(stopTotal)
        hubNames.reserveCapacity(hubCount); hubMasks.reserveCapacity(hubCount)
        for (h, members) in hubMembers.enumerated() {
            hubStops += members.map { UInt32($0) }
            hubStart.append(UInt32(hubStops.count))
            let first = members[0]
            let baseHub = first < baseStops ? Int(stops.hubs[first]) : 0
            let sameHub = first < baseStops
                && hubs.stops[Int(hubs.stopStart[baseHub]) ..< Int(hubs.stopStart[baseHub + 1])].elementsEqual(members.lazy.map { UInt32($0) })
                && members.allSatisfy { masks[$0] == stops.tierMasks[$0] }
            hubNames.append(delta.addedStops.isEmpty ? hubs.names[h]
                : sameHub ? hubs.names[baseHub]
                : HubGrouping.hubName(memberNames: members.map { st.names[$0] }, memberTierMasks: members.map { masks[$0] }))
            hubMasks.append(members.reduce(0) { $0 | masks[$1] })
        }

        // Transfers: the base's (without closed stops), walks from and to each added stop, then the delta's; the
        // base's table itself (shared) when none of these changes it.
        let transferTable: TransferTable
        if delta.addedStops.isEmpty && delta.closedStops.isEmpty && delta.transfers.isEmpty {
            transferTable = transfers
        } else {
            transferTable = rebuiltTransfers(stopTotal: stopTotal, coordinates: coordinates, masks: masks,
                                             delta: delta, parameters: parameters)
        }

        var rt = routes
        for r in delta.addedRoutes {
            rt.keys.append(r.key); rt.shortNames.append(r.shortName); rt.longNames.append(r.longName)
            rt.gtfsRouteTypes.append(Int32(r.gtfsRouteType ?? -1)); rt.tiers.append(UInt8(r.tier.rank))
            rt.tierReasons.append(r.tierReason); rt.sources.append(r.source)
        }
        return TransitLayer(
            stops: st,
            // Without added stops the hubs' members and names are the base's: shared, not copied.
            hubs: delta.addedStops.isEmpty
                ? HubTable(names: hubs.names, tierMasks: TailedArray(sharing: hubs.tierMasks.base, values: hubMasks),
                           stopStart: hubs.stopStart, stops: hubs.stops)
                : HubTable(names: TailedArray(sharing: hubs.names.base, values: hubNames),
                           tierMasks: TailedArray(sharing: hubs.tierMasks.base, values: hubMasks),
                           stopStart: hubStart, stops: hubStops),
            routes: rt,
            patterns: PatternTable(stopStart: pStopStart, stops: pStops, tripStart: pTripStart, stopTimeStart: pTimeStart,
                                   routes: pRoutes, tiers: pTiers, arrivalSeconds: arrivals, departureSeconds: departures),
            trips: TripTable(keys: tKeys, names: tNames, patterns: tPatterns, routes: tRoutes, tiers: tTiers),
            transfers: transferTable,
            patternActive: patternRuns, tripActive: tripRuns, checkStopTimesFrom: patterns.count, indexBase: self)
    }
}

extension TransitLayer {
    /// The transfer table of `TransitLayer.applying` (see there).
    fileprivate func rebuiltTransfers(stopTotal: Int, coordinates: [Coordinate], masks: [UInt8],
                                      delta: TransitDelta, parameters: BuildParameters) -> TransferTable {
        let baseStops = stopCount
        var perStop = [[Int: Int32]](repeating: [:], count: stopTotal)
        for a in 0..<baseStops where !delta.closedStops.contains(a) {
            for e in transfers(from: StopID(a)) where !delta.closedStops.contains(Int(transfers.targets[e])) {
                perStop[a][Int(transfers.targets[e])] = transfers.seconds[e]
            }
        }
        if parameters.transferRadiusMeters > 0 && !delta.addedStops.isEmpty {
            let grid = PointGrid(longitudes: coordinates.map(\.longitude), latitudes: coordinates.map(\.latitude),
                                 cellMeters: parameters.transferRadiusMeters)
            for a in baseStops..<stopTotal where masks[a] != 0 {
                grid.forEach(within: parameters.transferRadiusMeters, of: coordinates[a]) { b, meters in
                    guard b != a, masks[b] != 0, !delta.closedStops.contains(b) else { return }
                    let walk = parameters.walk.wholeSeconds(crowFlyMeters: meters)
                    perStop[a][b] = walk + parameters.minTransfer.seconds(fromTierMask: masks[a], toTierMask: masks[b])
                    perStop[b][a] = walk + parameters.minTransfer.seconds(fromTierMask: masks[b], toTierMask: masks[a])
                }
            }
        }
        for x in delta.transfers where x.fromStop != x.toStop {
            precondition(x.fromStop < stopTotal && x.toStop < stopTotal, "transfer stop out of range")
            let seconds = max(0, x.minSeconds)
            perStop[x.fromStop][x.toStop] = min(perStop[x.fromStop][x.toStop] ?? .max, seconds)
        }
        // Only the rows that differ from the base's are stored (the base's table is shared).
        var rows: [Int: [(target: UInt32, seconds: Int32)]] = [:]
        for a in 0..<stopTotal {
            let row = perStop[a].sorted(by: { $0.key < $1.key }).map { (target: UInt32($0.key), seconds: $0.value) }
            if a < baseStops {
                let old = transfers(from: StopID(a))
                if old.count == row.count
                    && zip(old, row).allSatisfy({ transfers.targets[$0] == $1.target && transfers.seconds[$0] == $1.seconds }) {
                    continue
                }
            }
            rows[a] = row
        }
        return transfers.replacingRows(rows, stopCount: stopTotal)
    }

    /// Hub of every stop of `table` (this layer's stops followed by added ones) and the hub count: this layer's
    /// hubs, joined by the added stops as `HubGrouping.group` joins stops, run on the added stops and the base
    /// stops within `max(sameNameHubMaxMeters, hubRadiusMeters)` of one or sharing a parent key with one.
    /// Numbered by lowest member stop, as `HubGrouping.group` numbers them.
    fileprivate func regroupedHubs(addedTo table: StopTable, coordinates: [Coordinate], masks: [UInt8],
                                   parameters: BuildParameters) -> (hubOfStop: [UInt32], hubCount: Int) {
        let baseStops = stopCount, total = table.count
        let reach = max(parameters.sameNameHubMaxMeters, parameters.hubRadiusMeters)
        var near = Set<Int>()
        let grid = PointGrid(longitudes: coordinates.map(\.longitude), latitudes: coordinates.map(\.latitude), cellMeters: reach)
        for a in baseStops..<total {
            grid.forEach(within: reach, of: coordinates[a]) { b, _ in if b < baseStops { near.insert(b) } }
        }
        let addedParents = Set((baseStops..<total).map { table.parentKeys[$0] }.filter { !$0.isEmpty })
        let addedKeys = Set((baseStops..<total).map { table.keys[$0] })
        for b in 0..<baseStops where addedParents.contains(table.keys[b])
            || (!table.parentKeys[b].isEmpty && (addedParents.contains(table.parentKeys[b]) || addedKeys.contains(table.parentKeys[b]))) {
            near.insert(b)
        }
        let local = near.sorted() + Array(baseStops..<total)
        let (localHub, _) = HubGrouping.group(names: local.map { table.names[$0] }, coordinates: local.map { coordinates[$0] },
                                              keys: local.map { table.keys[$0] }, parentKeys: local.map { table.parentKeys[$0] },
                                              tierMasks: local.map { masks[$0] }, parameters: parameters)
        // Union-find over base hubs (0 ..< hubs.count) and added stops (hubs.count + k).
        var sets = DisjointSets(count: hubs.count + total - baseStops)
        func node(_ s: Int) -> Int { s < baseStops ? Int(stops.hubs[s]) : hubs.count + s - baseStops }
        var firstOfLocalHub: [UInt32: Int] = [:]
        for (i, s) in local.enumerated() {
            if let f = firstOfLocalHub[localHub[i]] { sets.union(node(f), node(s)) } else { firstOfLocalHub[localHub[i]] = s }
        }
        var hubOfRoot: [Int: UInt32] = [:]
        var hubOfStop = [UInt32](repeating: 0, count: total)
        for s in 0..<total {
            let root = sets.find(node(s))
            if let h = hubOfRoot[root] { hubOfStop[s] = h } else {
                let h = UInt32(hubOfRoot.count)
                hubOfRoot[root] = h
                hubOfStop[s] = h
            }
        }
        return (hubOfStop, hubOfRoot.count)
    }
}

extension BuiltNetwork {
    /// This network with `delta` applied to its transit layer (`TransitLayer.applying`): streets, roads and
    /// districts are shared; added stops are linked to the street graph as the builder links stops.
    public func applying(_ delta: TransitDelta) throws -> BuiltNetwork {
        if delta.isEmpty { return self }
        let layer = try transit.applying(delta, parameters: metadata.parameters)
        let added = (transit.stopCount..<layer.stopCount).map { layer.coordinate(of: StopID($0)) }
        let addedLinks = StopStreetLinks.compute(coordinates: added, streets: streets,
                                                 maxMeters: metadata.parameters.stopLinkMaxMeters)
        let links = stopLinks.appending(addedLinks)   // the base's links shared, not copied
        var box = boundingBox
        for c in added { if box == nil { box = BoundingBox(covering: [c]) } else { box!.extend(c) } }
        return BuiltNetwork(metadata: metadata, transit: layer, streets: streets, stopLinks: links, districts: districts,
                            boundingBox: box, roads: roads)
    }
}
