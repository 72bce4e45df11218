import GeoCore
import Network

/// Turning the read tables into a `TransitInput`: kept trips (frequencies expanded), the stops and routes they
/// use, tiers, and transfers.
extension GTFSReadState {
    private struct PendingTrip {
        var trip: Int
        var key: String
        /// Seconds added to every time of the template (frequency-based trips), else 0.
        var shiftSeconds: Int
    }

    mutating func assemble(tierRules: TierRules) throws -> TransitInput {
        var pending: [PendingTrip] = []
        var stopUsed = [Bool](repeating: false, count: stops.count)
        var routeUsed = [Bool](repeating: false, count: routes.count)
        var tooShort: [String] = []
        for t in trips.indices where trips[t].running {
            let c = calls[t]
            guard c.count >= 2 else { tooShort.append(trips[t].id); continue }
            let baseKey = "\(sourceName):\(trips[t].id)"
            if let windows = frequencies[t] {
                let firstDeparture = c[0].departure
                for w in windows {
                    var start = w.startSeconds
                    while start < w.endSeconds {
                        pending.append(PendingTrip(trip: t, key: "\(baseKey)@\(GTFSTime.format(start))",
                                                   shiftSeconds: start - firstDeparture))
                        report.frequencyTripsGenerated += 1
                        start += w.headwaySeconds
                    }
                }
            } else {
                pending.append(PendingTrip(trip: t, key: baseKey, shiftSeconds: 0))
            }
            for call in c { stopUsed[call.stop] = true }
            routeUsed[trips[t].route] = true
        }
        if !tooShort.isEmpty {
            report.warnings.append(InputWarning(
                file: feed.fileName("stop_times.txt"),
                message: "\(tooShort.count) running trip(s) have fewer than two stop_times and are skipped: "
                    + tooShort.prefix(20).joined(separator: ", ") + (tooShort.count > 20 ? ", …" : "")))
        }

        // Stops: the platforms called at, then their parent stations, in stops.txt order.
        for i in stops.indices where stopUsed[i] && !stops[i].parentID.isEmpty {
            stopUsed[stopIndex[stops[i].parentID]!] = true
        }
        var input = TransitInput()
        var outStop = [Int](repeating: -1, count: stops.count)
        for i in stops.indices where stopUsed[i] {
            let s = stops[i]
            guard let coordinate = s.coordinate else { continue }  // location types 3/4 are never used or parents
            outStop[i] = input.stops.count
            input.stops.append(TransitInput.Stop(
                key: "\(sourceName):\(s.id)", name: s.name, coordinate: coordinate,
                parentKey: s.parentID.isEmpty ? nil : "\(sourceName):\(s.parentID)", source: sourceName))
        }
        report.stopsKept = input.stops.count

        // Routes and their tiers.
        var outRoute = [Int](repeating: -1, count: routes.count)
        for r in routes.indices where routeUsed[r] {
            let route = routes[r]
            let key = "\(sourceName):\(route.id)"
            let decision = tierRules.classifyRoute(key: key, shortName: route.shortName, gtfsRouteType: route.type)
            outRoute[r] = input.routes.count
            input.routes.append(TransitInput.Route(
                key: key, shortName: route.shortName, longName: route.longName, gtfsRouteType: route.type,
                tier: decision.tier, tierReason: decision.reason, source: sourceName))
        }
        report.routesKept = input.routes.count

        // Trips.
        input.trips.reserveCapacity(pending.count)
        for p in pending {
            let trip = trips[p.trip]
            let route = routes[trip.route]
            let c = calls[p.trip]
            let tier = tierRules.classifyTrip(tripName: trip.shortName, routeKey: "\(sourceName):\(route.id)",
                                              routeShortName: route.shortName, gtfsRouteType: route.type).tier
            input.trips.append(TransitInput.Trip(
                key: p.key, route: outRoute[trip.route], name: trip.shortName, tier: tier,
                stops: c.map { outStop[$0.stop] },
                arrivalSeconds: c.map { Int32($0.arrival + p.shiftSeconds) },
                departureSeconds: c.map { Int32($0.departure + p.shiftSeconds) }))
            report.tripsByTier[tier, default: 0] += 1
        }
        report.tripsKept = input.trips.count

        input.transfers = try readTransfers(outStop: outStop)
        report.transfersKept = input.transfers.count
        return input
    }

    /// transfers.txt, expanded from stations to their kept platforms; pairs with no kept stop are dropped.
    private mutating func readTransfers(outStop: [Int]) throws -> [TransitInput.Transfer] {
        guard var csv = try feed.open("transfers.txt"), !csv.header.isEmpty else { return [] }
        let fromColumn = try csv.requireColumn("from_stop_id")
        let toColumn = try csv.requireColumn("to_stop_id")
        let typeColumn = try csv.requireColumn("transfer_type")
        let minColumn = csv.column("min_transfer_time")
        var platformsOfStation: [Int: [Int]] = [:]
        for i in stops.indices where outStop[i] >= 0 && stops[i].locationType == 0 && !stops[i].parentID.isEmpty {
            platformsOfStation[stopIndex[stops[i].parentID]!, default: []].append(outStop[i])
        }
        func platforms(_ s: Int) -> [Int] {
            if stops[s].locationType == 1 { return platformsOfStation[s] ?? [] }
            return stops[s].locationType == 0 && outStop[s] >= 0 ? [outStop[s]] : []
        }
        var seconds: [Int: [Int: Int32]] = [:]
        while let row = try csv.next() {
            var type = 0
            if !row.isBlank(typeColumn) {
                guard let t = row.int(typeColumn), (0...5).contains(t) else {
                    throw csv.error("transfer_type \"\(row[typeColumn])\" is not 0–5", row: row, column: typeColumn)
                }
                type = t
            }
            guard type <= 2 else { continue }  // 3: not possible; 4, 5: in-seat (trip-to-trip) rules
            let fromID = row.trimmed(fromColumn), toID = row.trimmed(toColumn)
            guard let from = stopIndex[fromID], let to = stopIndex[toID] else {
                let unknown = stopIndex[fromID] == nil ? fromID : toID
                report.warnings.append(csv.warning("stop_id \(unknown) is not in stops.txt; transfer skipped", row: row))
                continue
            }
            var minSeconds: Int32 = 0
            if type == 2 {
                if let m = row.int(minColumn), m >= 0 {
                    minSeconds = Int32(clamping: m)
                } else {
                    report.warnings.append(csv.warning(
                        "transfer_type 2 without a valid min_transfer_time; 0 s assumed", row: row, column: minColumn))
                }
            }
            for p in platforms(from) {
                for q in platforms(to) {
                    seconds[p, default: [:]][q] = max(seconds[p]?[q] ?? 0, minSeconds)
                }
            }
        }
        var transfers: [TransitInput.Transfer] = []
        for p in seconds.keys.sorted() {
            for (q, s) in seconds[p]!.sorted(by: { $0.key < $1.key }) {
                transfers.append(TransitInput.Transfer(fromStop: p, toStop: q, minSeconds: s))
            }
        }
        return transfers
    }
}
