import GeoCore
import Network

/// The gap report as a GeoJSON FeatureCollection. Every feature has a `kind`: `hub`, `last_mile_gap`,
/// `missing_link`, `uncovered_district`, `coverage`; in that order, each kind in report order (coverage in
/// district order). Property names are snake_case with units (`walk_m`, `walk_min`, `gap_m`, `coverage_share`).
extension IntegrationGapReport {
    /// The layers of `featureCollection()`, one per kind, the same columns for every area: a hub has the eight
    /// transfer columns of every pair of rail tiers (null where the hub lacks the pair).
    public static let featureSchema: FeatureSchema = {
        var hub: [FeatureSchema.Field] = [
            .init("hub", .string), .init("hub_id", .integer), .init("tiers", .string), .init("member_stops", .integer),
            .init("worst_rating", .string),
        ]
        for (i, a) in Tier.rail.enumerated() {
            for b in Tier.rail[(i + 1)...] {
                let k = "\(a.rawValue)_\(b.rawValue)"
                hub += [.init("\(k)_from", .string), .init("\(k)_to", .string), .init("\(k)_crow_m", .real),
                        .init("\(k)_walk_m", .real), .init("\(k)_walk_min", .real), .init("\(k)_min_transfer_min", .real),
                        .init("\(k)_total_min", .real), .init("\(k)_walk_method", .string), .init("\(k)_rating", .string)]
            }
        }
        let district: [FeatureSchema.Field] = [
            .init("district", .string), .init("city", .string), .init("adcode", .integer), .init("population", .real),
            .init("stations", .integer), .init("area_km2", .real), .init("coverage_radius_m", .real),
            .init("coverage_share", .real), .init("covered_population", .real),
        ]
        return FeatureSchema([
            .init("hub", .point, hub),
            .init("last_mile_gap", .point, [
                .init("station", .string), .init("tiers", .string), .init("city", .string), .init("district", .string),
                .init("nearest_metro", .string), .init("nearest_metro_lon", .real), .init("nearest_metro_lat", .real),
                .init("gap_m", .real), .init("radius_m", .real),
            ]),
            .init("missing_link", .lineString, [
                .init("from_station", .string), .init("from_hub", .string), .init("from_tiers", .string),
                .init("to_station", .string), .init("to_hub", .string), .init("to_tiers", .string),
                .init("tier_pairs", .string), .init("gap_m", .real), .init("walk_min_est", .real),
            ]),
            .init("uncovered_district", .multiPolygon, district),
            .init("coverage", .multiPolygon, district),
        ])
    }()

    public func featureCollection() -> FeatureCollection {
        var features: [Feature] = []
        for hub in hubs { features.append(Feature(geometry: .point(hub.position), properties: hubProperties(hub))) }
        for gap in lastMileGaps {
            features.append(Feature(geometry: .point(gap.position), properties: [
                "kind": "last_mile_gap",
                "station": .string(gap.name),
                "tiers": .string(gap.tiers.map(\.rawValue).joined(separator: ",")),
                "city": .string(gap.city),
                "district": .string(gap.district),
                "nearest_metro": .string(gap.nearestMetroName),
                "nearest_metro_lon": .number(GapRounding.degrees(gap.nearestMetroPosition.longitude)),
                "nearest_metro_lat": .number(GapRounding.degrees(gap.nearestMetroPosition.latitude)),
                "gap_m": .number(GapRounding.meters(gap.gapMeters)),
                "radius_m": .number(thresholds.lastMileRadiusMeters),
            ]))
        }
        for link in missingLinks {
            features.append(Feature(geometry: .lineString(LineString([link.fromPosition, link.toPosition])), properties: [
                "kind": "missing_link",
                "from_station": .string(link.fromName),
                "from_hub": .string(link.fromHubName),
                "from_tiers": .string(link.fromTiers.map(\.rawValue).joined(separator: ",")),
                "to_station": .string(link.toName),
                "to_hub": .string(link.toHubName),
                "to_tiers": .string(link.toTiers.map(\.rawValue).joined(separator: ",")),
                "tier_pairs": .string(link.tierPairs.map(\.text).joined(separator: ",")),
                "gap_m": .number(GapRounding.meters(link.gapMeters)),
                "walk_min_est": .number(GapRounding.minutes(link.estimatedWalkMinutes)),
            ]))
        }
        for district in uncoveredDistricts {
            var p = districtProperties(district)
            p["kind"] = "uncovered_district"
            features.append(Feature(geometry: Geometry.multiPolygon(district.boundary).rightHandOriented(), properties: p))
        }
        for district in districts.sorted(by: { $0.district < $1.district }) {
            var p = districtProperties(district)
            p["kind"] = "coverage"
            features.append(Feature(geometry: Geometry.multiPolygon(district.boundary).rightHandOriented(), properties: p))
        }
        return FeatureCollection(features)
    }

    private func hubProperties(_ hub: HubFinding) -> [String: JSONValue] {
        var p: [String: JSONValue] = [
            "kind": "hub",
            "hub": .string(hub.name),
            "hub_id": .number(Double(hub.hub.rawValue)),
            "tiers": .string(hub.tiers.map(\.rawValue).joined(separator: ",")),
            "member_stops": .number(Double(hub.memberCount)),
            "worst_rating": .string(hub.worstRating.rawValue),
        ]
        for t in hub.transfers {
            let k = t.key
            p["\(k)_from"] = .string(t.fromStopName)
            p["\(k)_to"] = .string(t.toStopName)
            p["\(k)_crow_m"] = .number(GapRounding.meters(t.crowFlyMeters))
            p["\(k)_walk_m"] = t.walk.map { .number(GapRounding.meters($0.walkMeters)) } ?? .null
            p["\(k)_walk_min"] = t.walkMinutes.map { .number(GapRounding.minutes($0)) } ?? .null
            p["\(k)_min_transfer_min"] = .number(GapRounding.minutes(t.minTransferSeconds / 60))
            p["\(k)_total_min"] = t.totalMinutes.map { .number(GapRounding.minutes($0)) } ?? .null
            p["\(k)_walk_method"] = t.walk.map { .string($0.method.rawValue) } ?? .null
            p["\(k)_rating"] = .string(t.rating.rawValue)
        }
        return p
    }

    private func districtProperties(_ d: DistrictCoverage) -> [String: JSONValue] {
        [
            "district": .string(d.name),
            "city": .string(d.city),
            "adcode": d.code.map { .number(Double($0)) } ?? .null,
            "population": .number(d.population.rounded()),
            "stations": .number(Double(d.stationCount)),
            "area_km2": .number((d.areaSquareKilometers * 1000).rounded() / 1000),
            "coverage_radius_m": .number(thresholds.coverageRadiusMeters),
            "coverage_share": .number(GapRounding.share(d.coveredPopulationShare)),
            "covered_population": .number(d.coveredPopulation.rounded()),
        ]
    }
}

/// Fixed precision for report figures, so output is byte-stable and readable.
enum GapRounding {
    /// Decimetres.
    static func meters(_ v: Double) -> Double { (v * 10).rounded() / 10 }
    /// Hundredths of a minute.
    static func minutes(_ v: Double) -> Double { (v * 100).rounded() / 100 }
    /// Four decimals (0.01 %).
    static func share(_ v: Double) -> Double { (v * 10_000).rounded() / 10_000 }
    /// Six decimals (about 0.1 m), as the GeoJSON writer's default.
    static func degrees(_ v: Double) -> Double { (v * 1e6).rounded() / 1e6 }
}
