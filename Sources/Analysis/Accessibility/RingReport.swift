import Foundation
import GeoCore
import GeoGEOS
import Routing

/// Outputs of `RingAnalysis`: GeoJSON, the class summary as CSV and as a small text table.
extension RingAnalysis {
    /// The layers of `featureCollection()`: `district` and `commute_circle`, the same columns for every area.
    public static let featureSchema = FeatureSchema([
        .init("district", .multiPolygon, [
            .init("district", .string), .init("city", .string), .init("adcode", .integer), .init("population", .real),
            .init("travel_time_min", .real), .init("class", .string), .init("share_within_budget", .real),
            .init("population_within_budget", .real), .init("travel_time_within_budget_min", .real),
            .init("in_circle", .boolean), .init("cells", .integer), .init("cells_within_budget", .integer),
            .init("itinerary", .string), .init("area_km2", .real), .init("core", .string), .init("direction", .string),
            .init("percentile", .real), .init("population_surface", .string), .init("profile", .string),
            .init("dropped_parts", .integer),
        ]),
        .init("commute_circle", .multiPolygon, [
            .init("budget_min", .real), .init("core", .string), .init("districts", .integer), .init("population", .real),
            .init("population_within_budget", .real), .init("min_share", .real), .init("max_trip_min", .real),
            .init("area_km2", .real), .init("depart", .string), .init("window_min", .integer),
        ]),
    ])

    /// One feature per district (kind "district"), then the union of the districts within the budget
    /// (kind "commute_circle"; geometry null when no district is within it).
    public func featureCollection() throws -> FeatureCollection {
        let labels = parameters.classLabels
        var features: [Feature] = districts.map { d in
            var p: [String: JSONValue] = [
                "kind": "district",
                "district": .string(d.name),
                "city": d.cityName.map { .string($0) } ?? .null,
                "adcode": d.code.map { .number(Double($0)) } ?? .null,
                "population": .number(d.population),
                "travel_time_min": d.medianSeconds.map { .number(Self.minutes($0)) } ?? .null,
                "class": .string(labels[d.classIndex]),
                "share_within_budget": .number((d.shareWithinBudget * 10_000).rounded() / 10_000),
                "population_within_budget": .number(d.populationWithinBudget.rounded()),
                "travel_time_within_budget_min": d.medianWithinBudgetSeconds.map { .number(Self.minutes($0)) } ?? .null,
                "in_circle": .bool(d.inCircle),
                "cells": .number(Double(d.cellCount)),
                "cells_within_budget": .number(Double(d.cellsWithinBudget)),
                "itinerary": .string(d.itinerary),
                "area_km2": .number((d.areaSquareKilometers * 1000).rounded() / 1000),
                "core": .string(core.id),
                "direction": .string(parameters.direction.rawValue),
                "percentile": .number(parameters.percentile),
                "population_surface": .string(populationLabel),
                "profile": .string(profileLabel),
            ]
            if d.droppedPartCount > 0 { p["dropped_parts"] = .number(Double(d.droppedPartCount)) }
            return Feature(geometry: .multiPolygon(d.boundary), properties: p)
        }
        let circle = circleDistricts
        var geometry: Geometry?
        if !circle.isEmpty {
            let geos = GEOSContext()
            var union = try geos.unaryUnion(circle.map { .multiPolygon($0.boundary) })
            union = union.mapCoordinates {
                Coordinate(longitude: ($0.longitude * 1e6).rounded() / 1e6, latitude: ($0.latitude * 1e6).rounded() / 1e6)
            }
            if try !geos.isValid(union) { union = try geos.makeValid(union) }
            geometry = union.rightHandOriented()
        }
        features.append(Feature(geometry: geometry, properties: [
            "kind": "commute_circle",
            "budget_min": .number(parameters.budgetMinutes),
            "core": .string(core.id),
            "districts": .number(Double(circle.count)),
            "population": .number(circle.reduce(0) { $0 + $1.population }),
            "population_within_budget": .number(populationWithinBudget.rounded()),
            "min_share": .number(parameters.minShare),
            "max_trip_min": .number(Double(parameters.travel.maxTripSeconds) / 60),
            "area_km2": .number((circle.reduce(0) { $0 + $1.areaSquareKilometers } * 1000).rounded() / 1000),
            "depart": .string(ServiceClock.format(parameters.travel.firstDepartureSeconds)),
            "window_min": .number(Double(parameters.travel.windowMinutes)),
        ]))
        return FeatureCollection(features)
    }

    /// The access profile's name, or the single mode (`drive`, `walk`).
    public var profileLabel: String { parameters.mode == .transit ? parameters.travel.profile.name : parameters.mode.rawValue }

    /// `class,districts,population,population_share,area_km2,area_share`, one row per class and a total row,
    /// the circle and the people within the budget; with `comparison` (the same rings under another profile,
    /// e.g. rail-walk) its circle and people within the budget too, labelled with its profile.
    public func summaryCSV(comparison: RingAnalysis? = nil) -> String {
        var lines = ["class,districts,population,population_share,area_km2,area_share"]
        let rows = classSummary()
        for r in rows {
            lines.append("\(r.label),\(r.districtCount),\(Int(r.population.rounded())),"
                         + String(format: "%.4f,%.1f,%.4f", r.populationShare, r.areaSquareKilometers, r.areaShare))
        }
        let population = rows.reduce(0) { $0 + $1.population }, area = rows.reduce(0) { $0 + $1.areaSquareKilometers }
        lines.append("total,\(districts.count),\(Int(population.rounded())),"
                     + String(format: "%.4f,%.1f,%.4f", population > 0 ? 1.0 : 0, area, area > 0 ? 1.0 : 0))
        let circle = circleDistricts
        let circlePopulation = circle.reduce(0) { $0 + $1.population }, circleArea = circle.reduce(0) { $0 + $1.areaSquareKilometers }
        lines.append("in_circle,\(circle.count),\(Int(circlePopulation.rounded())),"
                     + String(format: "%.4f,%.1f,%.4f", population > 0 ? circlePopulation / population : 0, circleArea,
                              area > 0 ? circleArea / area : 0))
        lines.append("people_within_budget,,\(Int(populationWithinBudget.rounded())),"
                     + String(format: "%.4f,,", population > 0 ? populationWithinBudget / population : 0))
        if let c = comparison {
            let other = c.circleDistricts
            let otherPopulation = other.reduce(0) { $0 + $1.population }, otherArea = other.reduce(0) { $0 + $1.areaSquareKilometers }
            lines.append("in_circle_\(c.profileLabel),\(other.count),\(Int(otherPopulation.rounded())),"
                         + String(format: "%.4f,%.1f,%.4f", population > 0 ? otherPopulation / population : 0, otherArea,
                                  area > 0 ? otherArea / area : 0))
            lines.append("people_within_budget_\(c.profileLabel),,\(Int(c.populationWithinBudget.rounded())),"
                         + String(format: "%.4f,,", population > 0 ? c.populationWithinBudget / population : 0))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The class summary as an aligned text table (and `comparison`'s circle, as in `summaryCSV`).
    public func summaryTable(comparison: RingAnalysis? = nil) -> String {
        let rows = classSummary()
        var lines = ["class   districts   population   share    area km²   share"]
        for r in rows {
            let pad = String(repeating: " ", count: max(0, 6 - r.label.count))
            lines.append(r.label + pad + String(format: "  %9d  %11.0f  %5.1f%%  %9.0f  %5.1f%%", r.districtCount, r.population,
                                                r.populationShare * 100, r.areaSquareKilometers, r.areaShare * 100))
        }
        let circle = circleDistricts
        lines.append(String(format: "circle: %d districts, %.0f people (≥ %.0f%% of a district within %@ min); "
                            + "%.0f people within %@ min in all", circle.count, circle.reduce(0) { $0 + $1.population },
                            parameters.minShare * 100, RingParameters.minutesLabel(parameters.budgetMinutes),
                            populationWithinBudget, RingParameters.minutesLabel(parameters.budgetMinutes)))
        if let c = comparison {
            let other = c.circleDistricts
            lines.append(String(format: "profile %@: circle %d districts, %.0f people; %@: %d districts, %.0f people; "
                                + "within %@ min: %.0f vs %.0f people", profileLabel, circle.count,
                                circle.reduce(0) { $0 + $1.population }, c.profileLabel, other.count,
                                other.reduce(0) { $0 + $1.population }, RingParameters.minutesLabel(parameters.budgetMinutes),
                                populationWithinBudget, c.populationWithinBudget))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Seconds → minutes, one decimal.
    static func minutes(_ seconds: Int32) -> Double { (Double(seconds) / 6).rounded() / 10 }
}
