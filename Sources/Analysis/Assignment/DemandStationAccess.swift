import Dispatch
import Foundation
import GeoCore
import Network
import Routing
import Synchronization

/// One station where a zone's trips board (as an origin) or alight (as a destination).
public struct ZoneStation: Sendable, Equatable {
    public var hub: HubID
    /// Share of the zone's trips using this station (the shares of a served zone add up to 1).
    public var share: Double
    /// The station's stops that the zone's cells reach, each with the population-weighted mean access (or egress)
    /// time of the cells using the station, ascending stop id.
    public var stops: [StopAccess]
}

/// How a zone's trips spread over stations (`DemandStationAccess`).
public struct StationChoiceParameters: Sendable, Equatable {
    /// A cell splits its people over the stations it reaches in proportion to exp(−β · access minutes).
    /// Default 0.05/min: the gravity model's deterrence (`DemandDeterrence.default`), so that a station 14 min
    /// further away is half as likely.
    public var betaPerMinute: Double
    /// Stations kept per zone: the ones with the largest shares (renormalised); bounds the RAPTOR runs.
    public var maxStationsPerZone: Int

    public static let defaultMaxStationsPerZone = 4

    public init(betaPerMinute: Double = 0.05, maxStationsPerZone: Int = StationChoiceParameters.defaultMaxStationsPerZone) {
        precondition(betaPerMinute >= 0 && betaPerMinute.isFinite, "β must be a non-negative number")
        precondition(maxStationsPerZone >= 1, "at least one station per zone")
        self.betaPerMinute = betaPerMinute; self.maxStationsPerZone = maxStationsPerZone
    }
}

/// Where each zone's trips enter and leave the rail network: the zone's population cells (the `PopulationSurface`
/// of `rings`), each reaching stations through the profile's access (or egress) modes.
///
/// - A cell reaches a station (hub) when its endpoint (`TravelTimeQuery.endpoint`, the access model of every
///   command) reaches one of the station's stops; its time to the station is the fastest of those stops.
/// - A cell's people split over the stations it reaches in proportion to exp(−β·t) (β = 0.05/min by default);
///   a zone's share of a station is Σ population × that split over its cells, divided by the population of the
///   cells that reach any station. Cells reaching none take no part: the zone's trips are rail trips.
/// - Each station keeps the `maxStationsPerZone` largest shares (ties: lower hub id), renormalised to 1.
/// - A station stop's time is the mean over the cells reaching it, weighted by population × split.
public enum DemandStationAccess {
    public struct Result: Sendable {
        /// Per zone, its stations by descending share; empty when no cell reaches a station.
        public var stations: [[ZoneStation]]
        /// Per zone, the share of its cell population that reaches a station (before the cap).
        public var reachingShare: [Double]
    }

    /// `zoneOfDistrict[i]`: the zone of district i (nil for none).
    public static func stations(network: BuiltNetwork, cells: [PopulationCell], zoneOfDistrict: [Int?], zoneCount: Int,
                                travel: TravelTimeParameters, role: EndpointRole, choice: StationChoiceParameters,
                                threads: Int) -> Result {
        let t = network.transit
        // Each cell's reached stops in parallel (the access searches), then sums in cell order (deterministic
        // whatever the thread count).
        let workers = max(1, min(threads, cells.count))
        let reached = Mutex([[StopAccess]](repeating: [], count: cells.count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let query = TravelTimeQuery(network: network, parameters: travel)
            var local: [(Int, [StopAccess])] = []
            for k in stride(from: w, to: cells.count, by: workers) where cells[k].population > 0 {
                local.append((k, query.endpoint(at: cells[k].coordinate, role: role).stops))
            }
            reached.withLock { all in for (k, stops) in local { all[k] = stops } }
        }
        let cellStops = reached.withLock { $0 }
        struct Sums { var mass: [Int: Double] = [:]; var stopMass: [Int: Double] = [:]; var stopSeconds: [Int: Double] = [:]
                      var population = 0.0, reaching = 0.0 }
        var all = [Sums](repeating: Sums(), count: zoneCount)
        for (k, cell) in cells.enumerated() {
            guard cell.population > 0, cell.district < zoneOfDistrict.count, let z = zoneOfDistrict[cell.district] else { continue }
            all[z].population += cell.population
            var hubSeconds: [Int: Int32] = [:]
            for a in cellStops[k] {
                let h = Int(t.stops.hubs[a.stop.index])
                hubSeconds[h] = min(hubSeconds[h] ?? .max, a.seconds)
            }
            guard !hubSeconds.isEmpty else { continue }
            all[z].reaching += cell.population
            let hubs = hubSeconds.keys.sorted()
            let weights = Dictionary(uniqueKeysWithValues: hubs.map { ($0, exp(-choice.betaPerMinute * Double(hubSeconds[$0]!) / 60)) })
            let total = hubs.reduce(0) { $0 + weights[$1]! }
            for h in hubs { all[z].mass[h, default: 0] += cell.population * weights[h]! / total }
            for a in cellStops[k] {
                let m = cell.population * weights[Int(t.stops.hubs[a.stop.index])]! / total
                all[z].stopMass[a.stop.index, default: 0] += m
                all[z].stopSeconds[a.stop.index, default: 0] += m * Double(a.seconds)
            }
        }
        var stations: [[ZoneStation]] = []
        for z in 0..<zoneCount {
            let kept = all[z].mass.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .prefix(choice.maxStationsPerZone)
            let total = kept.reduce(0) { $0 + $1.value }
            stations.append(total > 0 ? kept.map { h, mass in
                let members = t.hubs.stops[Int(t.hubs.stopStart[h]) ..< Int(t.hubs.stopStart[h + 1])].map { Int($0) }.sorted()
                let stops = members.compactMap { s -> StopAccess? in
                    guard let m = all[z].stopMass[s], m > 0 else { return nil }
                    return StopAccess(stop: StopID(s), seconds: Int32((all[z].stopSeconds[s]! / m).rounded()))
                }
                return ZoneStation(hub: HubID(h), share: mass / total, stops: stops)
            } : [])
        }
        return Result(stations: stations,
                      reachingShare: all.map { $0.population > 0 ? $0.reaching / $0.population : 0 })
    }
}
