import GeoCore
import GeoGEOS
import GeoPROJ
import Network

/// Four-network integration gaps (四网融合) of a built network:
/// 1. hubs served by two or more rail tiers, with the walk between every two tiers rated against the NDRC 2016
///    zero-distance figure (see `GapThresholds`, `TransferRating`);
/// 2. last-mile gaps: trunk/intercity/suburban stations in a city that has metro with no metro station within
///    `lastMileRadiusMeters` (city = `District.cityName` of the district holding the stop, point in polygon);
/// 3. missing links: a station of a higher tier whose hub lacks a lower tier, and the nearest station of that
///    tier within `missingLinkRadiusMeters` (one link per station and tier; links merged per station pair);
/// 4. district coverage: stations per district, and the population within `coverageRadiusMeters` of a rail
///    station: of a population surface's cells, else area-weighted (buffers and intersections in the area's local
///    metric CRS);
/// 5. which tiers are in the data.
///
/// Only rail tiers count; stops not served by any trip are ignored except as hub members.
public struct IntegrationGapAnalysis {
    public var thresholds: GapThresholds

    public init(thresholds: GapThresholds = GapThresholds()) {
        precondition(thresholds.problem == nil, "invalid gap thresholds: \(thresholds.problem ?? "")")
        self.thresholds = thresholds
    }

    /// Runs every part. `population`: the surface whose cells count for coverage (build it in `localCRS(of:)`);
    /// nil = area-weighted. Throws `GEOSError` / `PROJError` when a district polygon or the local CRS cannot be used.
    public func run(on network: BuiltNetwork, population: PopulationSurface? = nil) throws -> IntegrationGapReport {
        let parameters = network.metadata.parameters
        let hubRadius = thresholds.hubRadiusMeters ?? parameters.hubRadiusMeters
        let localCRS = IntegrationGapAnalysis.localCRS(of: network)
        let railMask = Tier.rail.reduce(UInt8(0)) { $0 | $1.maskBit }
        let transit = network.transit
        let railStops = (0..<transit.stopCount).filter { transit.stops.tierMasks[$0] & railMask != 0 }.map { StopID($0) }

        let hubs = hubFindings(network: network, hubRadius: hubRadius, railMask: railMask)
        let geos = GEOSContext()
        let locator = try DistrictLocator(districts: network.districts, context: geos)
        let districtOfStop = try railStops.map { try locator.district(containing: transit.coordinate(of: $0)) }
        let lastMile = lastMileGaps(network: network, railStops: railStops, districtOfStop: districtOfStop)
        let links = missingLinks(network: network, railStops: railStops)
        let coverage = try GapCoverage(context: geos, localCRS: localCRS, radiusMeters: thresholds.coverageRadiusMeters)
            .districtCoverage(network: network, railStops: railStops, districtOfStop: districtOfStop, population: population)

        return IntegrationGapReport(
            areaName: network.metadata.areaName, thresholds: thresholds, hubRadiusMeters: hubRadius,
            walkingSpeedMetersPerSecond: parameters.walkingSpeedMetersPerSecond, detourFactor: parameters.detourFactor,
            usesStreetGraph: network.streets.nodeCount > 0, localCRS: localCRS,
            tiers: tierPresence(transit), hubs: hubs, metroCities: lastMile.metroCities,
            lastMileGaps: lastMile.gaps, missingLinks: links, districts: coverage,
            populationSource: network.districts.isEmpty ? nil : population?.label)
    }

    // MARK: Local CRS

    /// The network's metric CRS (`BuiltNetwork.metricCRS(near:)`) near the centre of its bounding box.
    public static func localCRS(of network: BuiltNetwork) -> String {
        network.metricCRS(near: network.boundingBox?.center)
    }

    // MARK: 1. Hubs

    func hubFindings(network: BuiltNetwork, hubRadius: Double, railMask: UInt8) -> [HubFinding] {
        let transit = network.transit
        let parameters = network.metadata.parameters
        let walker = WalkDistanceCalculator(network: network)
        let maxWalk = parameters.walk.walkedMeters(crowFlyMeters: hubRadius)
        // The hub's own minimum change times where the manifest gives them (`BuildParameters.hubTransfers`).
        let hubTables = HubTransferOverride.tables(parameters.hubTransfers, base: parameters.minTransfer,
                                                   hubNames: transit.hubs.names)
        var findings: [HubFinding] = []
        for h in 0..<transit.hubs.count {
            let tiers = Tier.tiers(inMask: transit.hubs.tierMasks[h] & railMask)
            guard tiers.count >= 2 else { continue }
            let members = transit.hubs.stops[Int(transit.hubs.stopStart[h]) ..< Int(transit.hubs.stopStart[h + 1])]
                .map { StopID(Int($0)) }
            var transfers: [HubTierTransfer] = []
            for i in 0..<tiers.count {
                for j in (i + 1)..<tiers.count {
                    let a = tiers[i], b = tiers[j]
                    let fromStops = members.filter { transit.stops.tierMasks[$0.index] & a.maskBit != 0 }
                    let toStops = members.filter { transit.stops.tierMasks[$0.index] & b.maskBit != 0 }
                    transfers.append(transfer(a, b, fromStops: fromStops, toStops: toStops, network: network,
                                              minTransfer: hubTables[h] ?? parameters.minTransfer,
                                              walker: walker, maxWalkMeters: maxWalk))
                }
            }
            let coordinates = members.map { transit.coordinate(of: $0) }
            let centroid = Coordinate(
                longitude: coordinates.reduce(0) { $0 + $1.longitude } / Double(coordinates.count),
                latitude: coordinates.reduce(0) { $0 + $1.latitude } / Double(coordinates.count))
            findings.append(HubFinding(hub: HubID(h), name: transit.hubs.names[h], tiers: tiers, position: centroid,
                                       memberCount: members.count, transfers: transfers))
        }
        return findings.sorted { x, y in
            if x.worstRating != y.worstRating { return x.worstRating > y.worstRating }
            if x.longestWalkMeters != y.longestWalkMeters { return x.longestWalkMeters > y.longestWalkMeters }
            if x.name != y.name { return x.name < y.name }
            return x.hub < y.hub
        }
    }

    /// The shortest walk between a stop of `a` and a stop of `b` (the closest crow-fly pair when none is walkable).
    private func transfer(_ a: Tier, _ b: Tier, fromStops: [StopID], toStops: [StopID], network: BuiltNetwork,
                          minTransfer table: MinTransferTable, walker: WalkDistanceCalculator,
                          maxWalkMeters: Double) -> HubTierTransfer {
        let transit = network.transit
        var pairs: [(from: StopID, to: StopID, crow: Double)] = []
        for s in fromStops {
            for t in toStops {
                pairs.append((s, t, s == t ? 0 : Earth.haversineMeters(transit.coordinate(of: s), transit.coordinate(of: t))))
            }
        }
        pairs.sort { ($0.crow, $0.from, $0.to) < ($1.crow, $1.from, $1.to) }
        precondition(!pairs.isEmpty, "a hub tier has member stops")
        var best: (from: StopID, to: StopID, crow: Double, walk: WalkLeg)?
        for p in pairs {
            // Crow-fly walks grow with the crow-fly distance: the first walkable pair is the best.
            if let b = best, b.walk.method != .streets { break }
            guard let w = walker.walk(from: p.from, to: p.to, maxWalkMeters: maxWalkMeters) else { continue }
            if best == nil || w.walkMeters < best!.walk.walkMeters { best = (p.from, p.to, p.crow, w) }
        }
        let chosen = best.map { ($0.from, $0.to, $0.crow) } ?? (pairs[0].from, pairs[0].to, pairs[0].crow)
        let minTransfer = Double(table.seconds(a, b))
        let rating = TransferRating.rating(walkMinutes: best.map { $0.walk.walkSeconds / 60 }, thresholds: thresholds)
        return HubTierTransfer(fromTier: a, toTier: b, fromStop: chosen.0, toStop: chosen.1,
                               fromStopName: transit.stops.names[chosen.0.index],
                               toStopName: transit.stops.names[chosen.1.index], crowFlyMeters: chosen.2,
                               walk: best?.walk, minTransferSeconds: minTransfer, rating: rating)
    }

    // MARK: 2. Last-mile gaps

    func lastMileGaps(network: BuiltNetwork, railStops: [StopID], districtOfStop: [Int?])
        -> (gaps: [LastMileGap], metroCities: [String]) {
        let transit = network.transit
        let metroStops = railStops.filter { transit.stops.tierMasks[$0.index] & Tier.metro.maskBit != 0 }
        func city(_ d: Int) -> String { network.districts[d].cityName ?? network.districts[d].name }
        var metroStationsByCity: [String: Int] = [:]
        for (k, s) in railStops.enumerated() where transit.stops.tierMasks[s.index] & Tier.metro.maskBit != 0 {
            if let d = districtOfStop[k] { metroStationsByCity[city(d), default: 0] += 1 }
        }
        let metroCities = Set(metroStationsByCity.filter { $0.value >= thresholds.metroCityMinimumStations }.keys)
        let heavyMask = Tier.trunk.maskBit | Tier.intercity.maskBit | Tier.suburban.maskBit
        var gaps: [LastMileGap] = []
        for (k, s) in railStops.enumerated() {
            let mask = transit.stops.tierMasks[s.index]
            guard mask & heavyMask != 0, mask & Tier.metro.maskBit == 0,
                  let d = districtOfStop[k], metroCities.contains(city(d)) else { continue }
            let here = transit.coordinate(of: s)
            var nearest: (stop: StopID, meters: Double)?
            for m in metroStops {
                let meters = Earth.haversineMeters(here, transit.coordinate(of: m))
                if nearest == nil || meters < nearest!.meters { nearest = (m, meters) }
            }
            guard let n = nearest, n.meters > thresholds.lastMileRadiusMeters else { continue }
            gaps.append(LastMileGap(stop: s, name: transit.stops.names[s.index],
                                    tiers: Tier.tiers(inMask: mask & heavyMask), city: city(d),
                                    district: network.districts[d].name, position: here, nearestMetroStop: n.stop,
                                    nearestMetroName: transit.stops.names[n.stop.index],
                                    nearestMetroPosition: transit.coordinate(of: n.stop), gapMeters: n.meters))
        }
        gaps.sort { $0.gapMeters != $1.gapMeters ? $0.gapMeters > $1.gapMeters : $0.stop < $1.stop }
        return (gaps, metroCities.sorted())
    }

    // MARK: 3. Missing links

    func missingLinks(network: BuiltNetwork, railStops: [StopID]) -> [MissingLink] {
        let transit = network.transit
        let parameters = network.metadata.parameters
        let radius = thresholds.missingLinkRadiusMeters
        struct PairKey: Hashable { var from: StopID; var to: StopID }
        var byPair: [PairKey: MissingLink] = [:]
        var order: [PairKey] = []
        let rail = Tier.rail
        for i in 0..<rail.count {
            for j in (i + 1)..<rail.count {
                let a = rail[i], b = rail[j]
                let candidates = railStops.filter { transit.stops.tierMasks[$0.index] & b.maskBit != 0 }
                guard !candidates.isEmpty else { continue }
                for s in railStops where transit.stops.tierMasks[s.index] & a.maskBit != 0 {
                    let hub = Int(transit.stops.hubs[s.index])
                    guard transit.hubs.tierMasks[hub] & b.maskBit == 0 else { continue }
                    let here = transit.coordinate(of: s)
                    var nearest: (stop: StopID, meters: Double)?
                    for u in candidates {
                        let meters = Earth.haversineMeters(here, transit.coordinate(of: u))
                        if meters <= radius && (nearest == nil || meters < nearest!.meters) { nearest = (u, meters) }
                    }
                    guard let n = nearest else { continue }
                    let key = PairKey(from: s, to: n.stop)
                    let pair = MissingLink.TierPair(from: a, to: b)
                    if byPair[key] != nil {
                        if !byPair[key]!.tierPairs.contains(pair) { byPair[key]!.tierPairs.append(pair) }
                        continue
                    }
                    let toHub = Int(transit.stops.hubs[n.stop.index])
                    order.append(key)
                    byPair[key] = MissingLink(
                        fromStop: s, toStop: n.stop, fromName: transit.stops.names[s.index],
                        toName: transit.stops.names[n.stop.index], fromHubName: transit.hubs.names[hub],
                        toHubName: transit.hubs.names[toHub],
                        fromTiers: Tier.tiers(inMask: transit.stops.tierMasks[s.index]).filter(\.isRail),
                        toTiers: Tier.tiers(inMask: transit.stops.tierMasks[n.stop.index]).filter(\.isRail),
                        tierPairs: [pair], fromPosition: here, toPosition: transit.coordinate(of: n.stop),
                        gapMeters: n.meters,
                        estimatedWalkMinutes: parameters.walk.seconds(crowFlyMeters: n.meters) / 60)
                }
            }
        }
        return order.map { byPair[$0]! }.sorted {
            $0.gapMeters != $1.gapMeters ? $0.gapMeters < $1.gapMeters : ($0.fromStop, $0.toStop) < ($1.fromStop, $1.toStop)
        }
    }

    // MARK: 5. Tiers

    func tierPresence(_ transit: TransitLayer) -> [TierPresence] {
        var routes = [Set<UInt32>](repeating: [], count: Tier.allCases.count)
        for t in 0..<transit.tripCount where transit.isActive(trip: t) { routes[Int(transit.trips.tiers[t])].insert(transit.trips.routes[t]) }
        return Tier.rail.map { tier in
            TierPresence(tier: tier, routes: routes[tier.rank].count,
                         stations: transit.stops.tierMasks.reduce(0) { $0 + ($1 & tier.maskBit != 0 ? 1 : 0) })
        }
    }
}

/// Finds the district holding a point (interior or boundary; the first by district order when several).
struct DistrictLocator {
    private let prepared: [PreparedGeometry]
    private let boxes: [BoundingBox?]

    init(districts: [District], context: GEOSContext) throws {
        prepared = try districts.map { try context.prepare(.multiPolygon($0.boundary)) }
        boxes = districts.map { Geometry.multiPolygon($0.boundary).boundingBox }
    }

    func district(containing c: Coordinate) throws -> Int? {
        for d in 0..<prepared.count {
            guard let box = boxes[d], box.contains(c) else { continue }
            if try prepared[d].intersects([c])[0] { return d }
        }
        return nil
    }
}
