import Foundation
import GeoCore
import GeoGEOS
import GeoPROJ

/// Two isochrone results of the same origins and cutoffs (before and after a scenario): per origin and cutoff the
/// area reached before and after, the area gained (after − before) and lost (before − after) as polygons, and the
/// people covered before and after.
public struct IsochroneComparison: Sendable {
    public struct Change: Sendable {
        public var origin: String
        public var cutoffMinutes: Int
        public var before: IsochroneRing
        public var after: IsochroneRing
        public var gained: Geometry?
        public var lost: Geometry?
        public var gainedSquareKilometers: Double
        public var lostSquareKilometers: Double
        public var peopleGained: Double { after.populationCovered.rounded() - before.populationCovered.rounded() }
    }

    public let changes: [Change]
    public let beforeLabel: String
    public let afterLabel: String

    /// `crs`: the metric CRS the areas are measured in (the isochrones' own).
    public init(before: IsochroneResult, after: IsochroneResult, beforeLabel: String, afterLabel: String) throws {
        precondition(before.rings.count == after.rings.count, "the same origins and cutoffs on both sides")
        let geos = GEOSContext()
        let toMetric = try Transformer(from: "EPSG:4326", to: before.crs)
        func kilometers(_ g: Geometry?) throws -> Double {
            guard let g else { return 0 }
            return try geos.area(of: toMetric.transform(g)) / 1e6
        }
        func part(_ g: Geometry) throws -> Geometry? {
            var d = g.mapCoordinates { Coordinate(longitude: ($0.longitude * 1e6).rounded() / 1e6, latitude: ($0.latitude * 1e6).rounded() / 1e6) }
            if try !geos.isValid(d) { d = try geos.makeValid(d) }
            return try geos.area(of: d) > 0 ? d.rightHandOriented() : nil
        }
        var changes: [Change] = []
        for (b, a) in zip(before.rings, after.rings) {
            precondition(b.origin == a.origin && b.cutoffMinutes == a.cutoffMinutes, "rings in the same order")
            var gained: Geometry?, lost: Geometry?
            switch (b.geometry, a.geometry) {
            case (let x?, let y?):
                gained = try part(try geos.difference(y, x))
                lost = try part(try geos.difference(x, y))
            case (nil, let y?): gained = y
            case (let x?, nil): lost = x
            case (nil, nil): break
            }
            changes.append(Change(origin: b.origin, cutoffMinutes: b.cutoffMinutes, before: b, after: a, gained: gained, lost: lost,
                                  gainedSquareKilometers: try kilometers(gained), lostSquareKilometers: try kilometers(lost)))
        }
        self.changes = changes
        self.beforeLabel = beforeLabel; self.afterLabel = afterLabel
    }

    /// The largest cutoff's change of the first origin, in one line.
    public var headline: String {
        guard let c = changes.last(where: { $0.origin == changes.first?.origin }) else { return "no isochrones" }
        return String(format: "%@ people within %d min of %@ (%@ → %@); +%.1f km², −%.1f km²",
                      RingComparison.signedPeople(c.peopleGained), c.cutoffMinutes, c.origin,
                      RingComparison.people(c.before.populationCovered), RingComparison.people(c.after.populationCovered),
                      c.gainedSquareKilometers, c.lostSquareKilometers)
    }

    private func properties(_ c: Change) -> [String: JSONValue] {
        [
            "origin": .string(c.origin),
            "cutoff_min": .number(Double(c.cutoffMinutes)),
            "before_area_km2": .number((c.before.areaSquareKilometers * 1000).rounded() / 1000),
            "after_area_km2": .number((c.after.areaSquareKilometers * 1000).rounded() / 1000),
            "gained_area_km2": .number((c.gainedSquareKilometers * 1000).rounded() / 1000),
            "lost_area_km2": .number((c.lostSquareKilometers * 1000).rounded() / 1000),
            "before_pop_covered": .number(c.before.populationCovered.rounded()),
            "after_pop_covered": .number(c.after.populationCovered.rounded()),
            "people_gained": .number(c.peopleGained),
        ]
    }

    /// Per origin and cutoff: the area gained (kind `isochrone_gained`) and lost (`isochrone_lost`), each with the
    /// before and after figures; then the rings before and after (`isochrone_before`, `isochrone_after`).
    public func featureCollection() -> FeatureCollection {
        var features: [Feature] = []
        for c in changes {
            for (kind, geometry) in [("isochrone_gained", c.gained), ("isochrone_lost", c.lost)] {
                var p = properties(c)
                p["kind"] = .string(kind)
                features.append(Feature(geometry: geometry, properties: p))
            }
        }
        for c in changes {
            for (kind, ring, label) in [("isochrone_before", c.before, beforeLabel), ("isochrone_after", c.after, afterLabel)] {
                features.append(Feature(geometry: ring.geometry, properties: [
                    "kind": .string(kind), "origin": .string(c.origin), "cutoff_min": .number(Double(c.cutoffMinutes)),
                    "area_km2": .number((ring.areaSquareKilometers * 1000).rounded() / 1000),
                    "pop_covered": .number(ring.populationCovered.rounded()), "scenario": .string(label),
                ]))
            }
        }
        return FeatureCollection(features, foreignMembers: ["headline": .string(headline)])
    }

    public func csv() -> String {
        let columns = ["origin", "cutoff_min", "before_area_km2", "after_area_km2", "gained_area_km2", "lost_area_km2",
                       "before_pop_covered", "after_pop_covered", "people_gained"]
        var out = columns.joined(separator: ",") + "\n"
        for c in changes {
            let p = properties(c)
            out += RingComparison.csvRow(p, columns)
        }
        return out
    }

    public func markdown() -> String {
        var out = "# \(headline)\n\nIsochrones: **before** \(beforeLabel), **after** \(afterLabel).\n\n"
        out += "| origin | cutoff (min) | area before (km²) | area after (km²) | gained (km²) | lost (km²) | people before | people after | people gained |\n"
        out += "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for c in changes {
            let p = properties(c)
            out += RingComparison.markdownRow(p, ["origin", "cutoff_min", "before_area_km2", "after_area_km2", "gained_area_km2", "lost_area_km2",
                           "before_pop_covered", "after_pop_covered", "people_gained"])
        }
        return out
    }
}
