import Foundation
import GeoCore
import Network

/// The gap report for planners: Markdown (summary sentences, then tables sorted by severity) and CSV rows
/// (one row per finding).
extension IntegrationGapReport {
    /// Markdown: summary first; then tiers, hub transfers (disconnected > poor > acceptable > zero-distance, longer
    /// walks first), last-mile gaps (longest first), missing links (nearest first), districts without a station
    /// (most populous first), coverage by district (most uncovered population first), method and thresholds.
    public func markdown() -> String {
        var out = "# Four-network integration gaps: \(areaName)\n\n"
        out += "## Summary\n\n"
        for sentence in summarySentences() { out += "- \(sentence)\n" }

        out += "\n## Tiers in the data\n\n| tier | lines | stations | note |\n|---|---:|---:|---|\n"
        for t in tiers {
            out += "| \(t.tier.rawValue) | \(t.routes) | \(t.stations) | \(t.isPresent ? "present" : t.sentence) |\n"
        }

        out += "\n## Hub transfers (worst first)\n\n"
        let rows = hubTransferRows()
        if rows.isEmpty {
            out += "No hub where two rail tiers meet.\n"
        } else {
            out += "Rating by walking time alone (zero-distance ≤ \(GapText.number(thresholds.zeroDistanceMinutes)) min, "
                + "acceptable ≤ \(GapText.number(thresholds.acceptableMinutes)) min); the last column adds the minimum "
                + "transfer time.\n\n"
            out += "| rating | hub | tiers | from | to | crow-fly m | walk m | walk min | with min. transfer min |\n"
            out += "|---|---|---|---|---|---:|---:|---:|---:|\n"
            for (hub, t) in rows {
                out += "| \(t.rating.label) | \(GapText.cell(hub.name)) | \(t.fromTier.rawValue)–\(t.toTier.rawValue) | "
                    + "\(GapText.cell(t.fromStopName)) | \(GapText.cell(t.toStopName)) | \(GapText.meters(t.crowFlyMeters)) | "
                    + "\(t.walk.map { GapText.meters($0.walkMeters) } ?? "–") | \(t.walkMinutes.map(GapText.minutes) ?? "–") | "
                    + "\(t.totalMinutes.map(GapText.minutes) ?? "–") |\n"
            }
        }

        out += "\n## Last-mile gaps (longest first)\n\n"
        if lastMileGaps.isEmpty {
            out += "Every trunk, intercity and suburban station in a metro city has a metro station within "
                + "\(GapText.meters(thresholds.lastMileRadiusMeters)) m.\n"
        } else {
            out += "| station | tiers | city | district | nearest metro station | gap m |\n|---|---|---|---|---|---:|\n"
            for g in lastMileGaps {
                out += "| \(GapText.cell(g.name)) | \(g.tiers.map(\.rawValue).joined(separator: ", ")) | \(GapText.cell(g.city)) | "
                    + "\(GapText.cell(g.district)) | \(GapText.cell(g.nearestMetroName)) | \(GapText.meters(g.gapMeters)) |\n"
            }
        }

        out += "\n## Missing links (nearest first)\n\n"
        if missingLinks.isEmpty {
            out += "No stations of two tiers within \(GapText.meters(thresholds.missingLinkRadiusMeters)) m of each other "
                + "outside a shared hub.\n"
        } else {
            out += "| station | tiers | nearest station of the missing tier | its tiers | tier pairs | gap m | est. walk min |\n"
            out += "|---|---|---|---|---|---:|---:|\n"
            for l in missingLinks {
                out += "| \(GapText.cell(l.fromName)) | \(l.fromTiers.map(\.rawValue).joined(separator: ", ")) | "
                    + "\(GapText.cell(l.toName)) | \(l.toTiers.map(\.rawValue).joined(separator: ", ")) | "
                    + "\(l.tierPairs.map(\.text).joined(separator: ", ")) | \(GapText.meters(l.gapMeters)) | "
                    + "\(GapText.minutes(l.estimatedWalkMinutes)) |\n"
            }
        }

        out += "\n## Districts without a rail station (most populous first)\n\n"
        let uncovered = uncoveredDistricts
        if districts.isEmpty {
            out += "The network has no districts.\n"
        } else if uncovered.isEmpty {
            out += "Every district has at least one rail station.\n"
        } else {
            out += "| district | city | population | share within \(GapText.meters(thresholds.coverageRadiusMeters)) m of rail |\n"
            out += "|---|---|---:|---:|\n"
            for d in uncovered {
                out += "| \(GapText.cell(d.name)) | \(GapText.cell(d.city)) | \(GapText.count(d.population)) | "
                    + "\(GapText.percent(d.coveredPopulationShare)) |\n"
            }
        }

        if !districts.isEmpty {
            out += "\n## Rail coverage by district (most uncovered population first)\n\n"
            out += "| district | city | population | stations | area km² | share within "
                + "\(GapText.meters(thresholds.coverageRadiusMeters)) m | covered population |\n"
            out += "|---|---|---:|---:|---:|---:|---:|\n"
            for d in districts {
                out += "| \(GapText.cell(d.name)) | \(GapText.cell(d.city)) | \(GapText.count(d.population)) | \(d.stationCount) | "
                    + "\(String(format: "%.1f", d.areaSquareKilometers)) | \(GapText.percent(d.coveredPopulationShare)) | "
                    + "\(GapText.count(d.coveredPopulation)) |\n"
            }
        }

        out += "\n## Method and thresholds\n\n"
        for line in methodNotes() { out += "- \(line)\n" }
        return out
    }

    /// The summary sentences (also the first lines of the Markdown report).
    public func summarySentences() -> [String] {
        var s: [String] = []
        let present = tiers.filter(\.isPresent)
        s.append("Tiers in the data: " + (present.isEmpty ? "none" : present.map {
            "\($0.tier.rawValue) (\($0.routes) line\($0.routes == 1 ? "" : "s"), \($0.stations) station\($0.stations == 1 ? "" : "s"))"
        }.joined(separator: ", ")) + ".")
        for t in tiers where !t.isPresent { s.append(t.sentence) }

        if hubs.isEmpty {
            s.append("No hub where two or more rail tiers meet.")
        } else {
            let counts = TransferRating.allCases.reversed().map { r in (r, hubs.filter { $0.worstRating == r }.count) }
            s.append("\(hubs.count) hub\(hubs.count == 1 ? "" : "s") where two or more rail tiers meet; by worst tier pair: "
                + counts.map { "\($0.1) \($0.0.label)" }.joined(separator: ", ") + ".")
            if let worst = hubs.first, let pair = worst.transfers.max(by: { ($0.rating, $0.walk?.walkMeters ?? 0) < ($1.rating, $1.walk?.walkMeters ?? 0) }),
               worst.worstRating >= .poor {
                let walk = pair.walk.map { "a \(GapText.meters($0.walkMeters)) m walk (\(GapText.minutes($0.walkSeconds / 60)) min)" }
                    ?? "no walk within \(GapText.meters(hubRadiusMeters)) m"
                s.append("Worst transfer: \(worst.name), \(pair.fromTier.rawValue)–\(pair.toTier.rawValue) "
                    + "(\(pair.fromStopName) → \(pair.toStopName)), \(walk), rated \(pair.rating.label).")
            }
        }

        if metroCities.isEmpty {
            s.append("No city in the districts has a metro station, so no last-mile gap is assessed.")
        } else if lastMileGaps.isEmpty {
            s.append("Every trunk, intercity and suburban station in the metro cities (\(metroCities.joined(separator: ", "))) "
                + "has a metro station within \(GapText.meters(thresholds.lastMileRadiusMeters)) m.")
        } else {
            let far = lastMileGaps[0]
            s.append("\(lastMileGaps.count) trunk/intercity/suburban station\(lastMileGaps.count == 1 ? "" : "s") in the metro "
                + "cities (\(metroCities.joined(separator: ", "))) \(lastMileGaps.count == 1 ? "has" : "have") no metro station "
                + "within \(GapText.meters(thresholds.lastMileRadiusMeters)) m; the farthest is \(far.name) "
                + "(\(GapText.meters(far.gapMeters)) m from \(far.nearestMetroName)).")
        }

        if missingLinks.isEmpty {
            s.append("No missing link: no stations of two tiers within \(GapText.meters(thresholds.missingLinkRadiusMeters)) m "
                + "of each other outside a shared hub.")
        } else {
            let near = missingLinks[0]
            s.append("\(missingLinks.count) missing link\(missingLinks.count == 1 ? "" : "s") (stations of two tiers within "
                + "\(GapText.meters(thresholds.missingLinkRadiusMeters)) m, not in one hub); the nearest is \(near.fromName) – "
                + "\(near.toName), \(GapText.meters(near.gapMeters)) m.")
        }

        if !districts.isEmpty {
            let uncovered = uncoveredDistricts
            let pop = uncovered.reduce(0) { $0 + $1.population }
            s.append(uncovered.isEmpty ? "Every district has a rail station."
                : "\(uncovered.count) of \(districts.count) districts (population \(GapText.count(pop))) \(uncovered.count == 1 ? "has" : "have") no rail station.")
            s.append("\(GapText.percent(coveredPopulationShare)) of the population (\(GapText.count(coveredPopulation)) of "
                + "\(GapText.count(totalPopulation))) lives within \(GapText.meters(thresholds.coverageRadiusMeters)) m of a rail "
                + "station (\(populationSource.map { "population cells: \($0)" } ?? "area-weighted from districts")).")
        }
        return s
    }

    func methodNotes() -> [String] {
        let speed = GapText.number(walkingSpeedMetersPerSecond)
        return [
            "Hubs are the network's station complexes (same name, or stations of different tiers within the build's hub "
                + "radius). Transfer walk between two tiers: the member stops of the two tiers with the shortest walk, "
                + (usesStreetGraph ? "on the street graph (crow-fly × \(GapText.number(detourFactor)) for stops not linked to it)"
                    : "crow-fly × detour factor \(GapText.number(detourFactor)) (no street graph in the network)")
                + ", at \(speed) m/s.",
            "Ratings use the walking time alone: zero-distance ≤ \(GapText.number(thresholds.zeroDistanceMinutes)) min "
                + "(the in-hub transfer figure of NDRC 2016 guidance on integrated passenger hubs, 3 min), acceptable ≤ "
                + "\(GapText.number(thresholds.acceptableMinutes)) min (project choice), poor above, disconnected when no "
                + "walk of at most the hub radius \(GapText.meters(hubRadiusMeters)) m × detour exists. The total adds the "
                + "network's minimum transfer time for the tier pair.",
            "Last-mile gap: a trunk, intercity or suburban station in a city with metro (a metro station in its districts) "
                + "with no metro station within \(GapText.meters(thresholds.lastMileRadiusMeters)) m crow-fly.",
            "Missing link: for each station and each lower tier its hub lacks, the nearest station of that tier within "
                + "\(GapText.meters(thresholds.missingLinkRadiusMeters)) m crow-fly; one link per station pair.",
            "Coverage: " + (populationSource.map { "the people of each district's population cells (\($0), at most 1 km, "
                + "at least 25 per district) whose centre lies" } ?? "share of each district's area")
                + " within \(GapText.meters(thresholds.coverageRadiusMeters)) m of a rail "
                + "station of any tier" + (populationSource == nil ? " × its population" : "") + " (the 800 m indicator of China's annual city commuting monitoring "
                + "report, 《中国主要城市通勤监测报告》), computed in \(localCRS).",
        ]
    }

    /// Hub tier pairs, most severe first: rating, then longer walk, then hub name and pair order.
    func hubTransferRows() -> [(HubFinding, HubTierTransfer)] {
        var rows: [(HubFinding, HubTierTransfer)] = []
        for h in hubs { for t in h.transfers { rows.append((h, t)) } }
        return rows.enumerated().sorted { x, y in
            let a = x.element.1, b = y.element.1
            if a.rating != b.rating { return a.rating > b.rating }
            let wa = a.walk?.walkMeters ?? a.crowFlyMeters, wb = b.walk?.walkMeters ?? b.crowFlyMeters
            if wa != wb { return wa > wb }
            return x.offset < y.offset
        }.map(\.element)
    }

    /// CSV: header then one row per finding (tier, hub_transfer, last_mile_gap, missing_link, uncovered_district,
    /// coverage), each kind in the Markdown order. Empty cells where a column does not apply.
    public func csvRows() -> [[String]] {
        let header = ["kind", "name", "tiers", "other_name", "other_tiers", "rating", "crow_m", "walk_m", "walk_min",
                      "total_min", "gap_m", "city", "district", "population", "stations", "coverage_share",
                      "covered_population", "longitude", "latitude", "note"]
        var rows: [[String]] = [header]
        func row(_ values: [String: String]) -> [String] { header.map { values[$0] ?? "" } }
        func n(_ v: Double) -> String { GapText.plain(v) }
        for t in tiers {
            rows.append(row(["kind": "tier", "name": t.tier.rawValue, "tiers": t.tier.rawValue,
                             "stations": String(t.stations), "note": t.sentence]))
        }
        for (hub, t) in hubTransferRows() {
            rows.append(row([
                "kind": "hub_transfer", "name": hub.name, "tiers": "\(t.fromTier.rawValue)-\(t.toTier.rawValue)",
                "other_name": "\(t.fromStopName) → \(t.toStopName)", "other_tiers": hub.tiers.map(\.rawValue).joined(separator: ","),
                "rating": t.rating.rawValue, "crow_m": n(GapRounding.meters(t.crowFlyMeters)),
                "walk_m": t.walk.map { n(GapRounding.meters($0.walkMeters)) } ?? "",
                "walk_min": t.walkMinutes.map { n(GapRounding.minutes($0)) } ?? "",
                "total_min": t.totalMinutes.map { n(GapRounding.minutes($0)) } ?? "",
                "longitude": n(GapRounding.degrees(hub.position.longitude)), "latitude": n(GapRounding.degrees(hub.position.latitude)),
            ]))
        }
        for g in lastMileGaps {
            rows.append(row([
                "kind": "last_mile_gap", "name": g.name, "tiers": g.tiers.map(\.rawValue).joined(separator: ","),
                "other_name": g.nearestMetroName, "other_tiers": "metro", "gap_m": n(GapRounding.meters(g.gapMeters)),
                "city": g.city, "district": g.district,
                "longitude": n(GapRounding.degrees(g.position.longitude)), "latitude": n(GapRounding.degrees(g.position.latitude)),
            ]))
        }
        for l in missingLinks {
            rows.append(row([
                "kind": "missing_link", "name": l.fromName, "tiers": l.fromTiers.map(\.rawValue).joined(separator: ","),
                "other_name": l.toName, "other_tiers": l.toTiers.map(\.rawValue).joined(separator: ","),
                "gap_m": n(GapRounding.meters(l.gapMeters)), "walk_min": n(GapRounding.minutes(l.estimatedWalkMinutes)),
                "longitude": n(GapRounding.degrees(l.fromPosition.longitude)),
                "latitude": n(GapRounding.degrees(l.fromPosition.latitude)),
                "note": "tier pairs " + l.tierPairs.map(\.text).joined(separator: ","),
            ]))
        }
        for (kind, list) in [("uncovered_district", uncoveredDistricts), ("coverage", districts)] {
            for d in list {
                rows.append(row([
                    "kind": kind, "name": d.name, "city": d.city, "district": d.name,
                    "population": n(d.population.rounded()), "stations": String(d.stationCount),
                    "coverage_share": n(GapRounding.share(d.coveredPopulationShare)),
                    "covered_population": n(d.coveredPopulation.rounded()),
                ]))
            }
        }
        return rows
    }
}

/// Number and cell formatting for the text reports.
enum GapText {
    /// Whole metres.
    static func meters(_ v: Double) -> String { String(Int(v.rounded())) }
    static func minutes(_ v: Double) -> String { String(format: "%.1f", v) }
    static func percent(_ share: Double) -> String { String(format: "%.1f %%", share * 100) }
    /// A threshold or parameter: no trailing ".0".
    static func number(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
    /// Whole count with thousands separators: 1,234,567.
    static func count(_ v: Double) -> String {
        let digits = String(Int(v.rounded()).magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (v.rounded() < 0 ? "-" : "") + out
    }
    /// A CSV number: integers without ".0".
    static func plain(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }
    /// A Markdown table cell: pipes escaped, line breaks flattened.
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
