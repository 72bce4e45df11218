import Foundation
import GeoCore
import Network

extension CorridorAnalysis {
    static func minutes(_ s: Int32?) -> JSONValue { s.map { .number((Double($0) / 6).rounded() / 10) } ?? .null }
    static func clock(_ s: Int32?) -> JSONValue { s.map { .string(String(format: "%02d:%02d", $0 / 3600, ($0 % 3600) / 60)) } ?? .null }
    static func round(_ v: Double, _ digits: Double = 1000) -> JSONValue { .number((v * digits).rounded() / digits) }

    func properties(_ c: Corridor, rank: Int) -> [String: JSONValue] {
        var p: [String: JSONValue] = [
            "kind": "corridor", "rank": .number(Double(rank)),
            "core": .string(core.name), "district": .string(c.district), "centre_station": c.centreStation.map { .string($0) } ?? .null, "city": c.city.map { .string($0) } ?? .null,
            "adcode": c.adcode.map { .number(Double($0)) } ?? .null, "population": .number(c.population),
            "direction": .string(parameters.direction.rawValue),
            "distance_km": Self.round(c.distanceKilometers, 10), "demand_share": Self.round(c.demandShare, 10_000),
            "commuters": Self.round(c.commuters, 1),
            "median_min": Self.minutes(c.medianSeconds), "best_min": Self.minutes(c.bestSeconds),
            "changes": c.changes.map { .number(Double($0)) } ?? .null,
            "share_needing_change": c.shareNeedingChange.map { Self.round($0) } ?? .null,
            "trains_per_hour": Self.round(c.trainsPerHour, 100),
            "peak_headway_min": c.peakHeadwayMinutes.map { Self.round($0, 10) } ?? .null,
            "first_train": Self.clock(c.legs.compactMap(\.firstDepartureSeconds).max()),
            "last_train": Self.clock(c.legs.compactMap(\.lastDepartureSeconds).min()),
            "path": .string(c.legs.isEmpty ? "" : ([c.legs[0].boardStation] + c.legs.map(\.alightStation)).joined(separator: " → ")),
            "bus_like": .bool(isBusLike(c)), "within_budget": .bool(meetsBudget(c)),
            "suburban_candidate": .bool(isSuburbanCandidate(c)),
            "shortfall": Self.round(Self.shortfall(c, parameters: parameters)),
        ]
        for tier in Tier.rail { p["trains_per_hour_\(tier.rawValue)"] = Self.round(c.trainsPerHourByTier[tier] ?? 0, 100) }
        return p
    }

    /// One line feature per corridor along the rail legs of its median journey (a straight line from the core to
    /// the district's centre when the journey rides no train: `drawn` = "straight"), ranked by demand × shortfall.
    public func featureCollection(network: BuiltNetwork) -> FeatureCollection {
        FeatureCollection(corridors.enumerated().map { rank, c in
            var p = properties(c, rank: rank + 1)
            let geometry: Geometry
            if c.legs.isEmpty {
                geometry = .lineString(LineString([core.coordinate, c.centre]))
                p["drawn"] = "straight"
            } else {
                geometry = c.legs.count == 1 ? .lineString(LineString(c.legs[0].path)) : .multiLineString(c.legs.map { LineString($0.path) })
                p["drawn"] = "rail path"
            }
            return Feature(id: .number(Double(rank + 1)), geometry: geometry, properties: p)
        })
    }

    static let csvColumns = ["rank", "district", "city", "centre_station", "adcode", "population", "distance_km", "demand_share", "commuters", "median_min", "best_min",
                             "changes", "share_needing_change", "trains_per_hour", "trains_per_hour_trunk", "trains_per_hour_intercity",
                             "trains_per_hour_suburban", "trains_per_hour_metro", "peak_headway_min", "first_train", "last_train",
                             "path", "bus_like", "within_budget", "suburban_candidate", "shortfall"]

    public func csv() -> String {
        var out = Self.csvColumns.joined(separator: ",") + "\n"
        for (rank, c) in corridors.enumerated() {
            let p = properties(c, rank: rank + 1)
            out += RingComparison.csvRow(p, Self.csvColumns)
        }
        return out
    }

    public var headline: String {
        let busLike = corridors.filter(isBusLike).count, inBudget = corridors.filter(meetsBudget).count
        let candidates = corridors.filter(isSuburbanCandidate).count
        return "\(corridors.count) corridors from \(core.name): \(busLike) bus-like (a train every ≤ "
            + "\(Int(parameters.busLikeHeadwayMinutes)) min), \(inBudget) within \(Int(parameters.budgetMinutes)) min, "
            + "\(candidates) candidates for suburban service on existing lines"
    }

    /// Where the `commuters` column comes from; the default rate is said to be an assumption.
    var commutersSentence: String {
        if demandSource == "od" { return "Commuters: the OD file's trips in the window." }
        if let n = parameters.totalCommuters { return String(format: "Commuters: the gravity share of %.0f (--commuters).", n) }
        return "Commuters: the gravity share of \(RingComparison.number(parameters.commuteRate)) × the population of the districts "
            + "considered (--commute-rate; the default 0.1 is an assumption, docs/MODEL.md)."
    }

    public func markdown() -> String {
        var out = "# \(headline)\n\n"
        out += "Corridors between \(core.name) and the centre of each district (its main rail station, else a point inside it) (\(parameters.direction.rawValue)), chosen by "
            + (demandSource == "od" ? "the OD file's trips" : "gravity demand (population / distance^\(RingComparison.number(parameters.gravityExponent)))")
            + ", ranked by demand × shortfall "
            + "(how far from a train every \(Int(parameters.busLikeHeadwayMinutes)) min and a median within "
            + "\(Int(parameters.budgetMinutes)) min). Service: trains per hour on the thinnest rail leg of the median journey, "
            + "in the window. " + commutersSentence + "\n\n"
        out += "| rank | district | city | centre | demand | commuters | median (min) | changes | trains/h | headway (min) | path | bus-like | ≤ budget | suburban candidate |\n"
        out += "|---:|---|---|---|---:|---:|---:|---:|---:|---:|---|---|---|---|\n"
        for (rank, c) in corridors.enumerated() {
            let p = properties(c, rank: rank + 1)
            out += RingComparison.markdownRow(p, ["rank", "district", "city", "centre_station", "demand_share", "commuters", "median_min", "changes", "trains_per_hour", "peak_headway_min",
                           "path", "bus_like", "within_budget", "suburban_candidate"])
        }
        return out
    }
}
