import Foundation
import GeoCore

/// What a GeoJSON layer holds, told from the property names the MetroCommute commands write, so that the map
/// can style it; any other RFC 7946 file is `generic`.
public enum LayerKind: String, Hashable, Sendable, CaseIterable {
    /// District boundaries (`pop2020` / `district_name`), or any polygon layer given first: the base map.
    case districts
    /// Isochrones or commute rings with `cutoff_min`: shaded by cutoff, largest drawn first.
    case isochrones
    /// Districts classed by travel time (`class` "<=30"… or `travel_time_min`): choropleth.
    case ringClasses
    /// `compare rings` districts (`people_gained`, `circle`): entered or left the circle, faster, slower, unchanged.
    case ringChanges
    /// Hubs (points with `rating` zero-distance / acceptable / poor / disconnected).
    case hubs
    /// Stations or lines with `tier` trunk / intercity / suburban / metro.
    case tieredRail
    /// Line sections with a volume/capacity ratio `v_c`.
    case sections
    /// Areas drawn as outlines above the districts, which keep their tooltips: the commute circle (`kind`
    /// commute_circle) and a comparison's circles and rings before and after.
    case outlines
    /// The `gaps` findings other than hubs (`kind` last_mile_gap, missing_link, uncovered_district, coverage).
    case gapFindings
    /// A comparison's changes other than districts: isochrone area gained and lost, hubs, sections, corridors.
    case changes
    /// Anything else: styled by geometry type.
    case generic

    /// Detects the kind from the features that have a geometry: a property counts when at least half of them
    /// carry it with a value of the expected type. More specific kinds are tried first (a ring-class file
    /// also has `district_name`, a sections file may also have `tier`).
    public static func detect(_ collection: FeatureCollection, isFirstLayer: Bool) -> LayerKind {
        let drawn = collection.features.filter { $0.geometry != nil }
        guard !drawn.isEmpty else { return .generic }
        func share(_ test: (Feature) -> Bool) -> Bool { 2 * drawn.filter(test).count >= drawn.count }
        let groups = GeometryGroups(drawn.compactMap(\.geometry))

        // Our own outputs say what each feature is (`kind`).
        for (kind, values) in [(LayerKind.outlines, OutlineKind.allCases.map(\.rawValue)), (.gapFindings, GapFindingKind.allCases.map(\.rawValue)),
                               (.changes, ChangeKind.allCases.map(\.rawValue))] {
            if share({ f in f.properties["kind"]?.stringValue.map(values.contains) ?? false }) { return kind }
        }
        if share({ HubRating(of: $0) != nil }) {
            return .hubs
        }
        if groups.hasLinear && share({ $0.properties["v_c"]?.doubleValue != nil }) { return .sections }
        if groups.hasAreal && share({ $0.properties["cutoff_min"]?.doubleValue != nil }) { return .isochrones }
        if groups.hasAreal && share({ $0.properties["people_gained"]?.doubleValue != nil }) { return .ringChanges }
        if groups.hasAreal && share({ f in
            (f.properties["class"]?.stringValue.flatMap(TravelTimeClass.init(label:)) != nil)
                || f.properties["travel_time_min"]?.doubleValue != nil
        }) { return .ringClasses }
        if share({ f in f.properties["tier"]?.stringValue.flatMap(RailTierName.init(label:)) != nil }) { return .tieredRail }
        if groups.hasAreal && share({ $0.properties["pop2020"] != nil || $0.properties["district_name"] != nil }) {
            return .districts
        }
        if isFirstLayer && groups.isOnlyAreal { return .districts }
        return .generic
    }

    /// Words for the legend; a generic layer is named by what it draws.
    func legendDescription(_ swatch: PrimitiveKind) -> String {
        switch self {
        case .districts: return "districts"
        case .isochrones: return "rings by cutoff"
        case .ringClasses: return "districts by travel time"
        case .ringChanges: return "districts: change with the scenario"
        case .hubs: return "hubs by transfer rating"
        case .tieredRail: return "rail by tier"
        case .sections: return "sections by V/C"
        case .outlines: return "outline"
        case .gapFindings: return "integration gaps"
        case .changes: return "change with the scenario"
        case .generic: return swatch == .areal ? "areas" : (swatch == .linear ? "lines" : "points")
        }
    }
}

/// Which kinds of primitive a set of geometries holds.
struct GeometryGroups {
    var hasAreal = false
    var hasLinear = false
    var hasPoints = false

    init(_ geometries: [Geometry]) {
        for g in geometries { add(g) }
    }

    private mutating func add(_ g: Geometry) {
        switch g {
        case .point, .multiPoint: hasPoints = true
        case .lineString, .multiLineString: hasLinear = true
        case .polygon, .multiPolygon: hasAreal = true
        case .geometryCollection(let members): for m in members { add(m) }
        }
    }

    var isOnlyAreal: Bool { hasAreal && !hasLinear && !hasPoints }

    /// The primitive a legend swatch shows: areas win over lines, lines over points.
    var dominant: PrimitiveKind { hasAreal ? .areal : (hasLinear ? .linear : .point) }
}

enum PrimitiveKind: Hashable, Sendable { case areal, linear, point }

/// Transfer rating of a hub, as the gaps analysis writes it.
enum HubRating: String, CaseIterable {
    case zeroDistance = "zero-distance", acceptable, poor, disconnected
    /// Accepts "zero-distance" and the snake_case "zero_distance" of the gaps output.
    init?(label: String) { self.init(rawValue: label.lowercased().replacingOccurrences(of: "_", with: "-")) }

    /// The rating a feature carries: `rating`, or the gaps command's `worst_rating` of a hub.
    init?(of feature: Feature) {
        guard let label = (feature.properties["rating"] ?? feature.properties["worst_rating"])?.stringValue else { return nil }
        self.init(label: label)
    }
}

/// The `kind` of an area drawn as an outline.
enum OutlineKind: String, CaseIterable {
    case commuteCircle = "commute_circle", circleBefore = "commute_circle_before", circleAfter = "commute_circle_after"
    case isochroneBefore = "isochrone_before", isochroneAfter = "isochrone_after"
}

/// The `kind` of a gaps finding other than a hub.
enum GapFindingKind: String, CaseIterable {
    case lastMileGap = "last_mile_gap", missingLink = "missing_link", uncoveredDistrict = "uncovered_district", coverage
}

/// The `kind` of a comparison's change (districts are `ringChanges`).
enum ChangeKind: String, CaseIterable {
    case isochroneGained = "isochrone_gained", isochroneLost = "isochrone_lost", hub = "hub_change"
    case section = "section_change", corridor = "corridor_change"
}

/// Commute-ring class of a district.
enum TravelTimeClass: String, CaseIterable {
    case within30 = "<=30", within45 = "<=45", within60 = "<=60", over60 = ">60"

    init?(label: String) {
        var compact = ""
        for ch in label.lowercased() where ch != " " { compact += ch == "≤" ? "<=" : String(ch) }
        if compact.hasSuffix("min") { compact.removeLast(3) }
        self.init(rawValue: compact)
    }

    init(travelTimeMinutes t: Double) {
        self = t <= 30 ? .within30 : (t <= 45 ? .within45 : (t <= 60 ? .within60 : .over60))
    }

    var legendLabel: String {
        switch self {
        case .within30: return "≤ 30 min"
        case .within45: return "≤ 45 min"
        case .within60: return "≤ 60 min"
        case .over60: return "> 60 min"
        }
    }
}

/// The four rail tiers by the names the commands write.
enum RailTierName: String, CaseIterable {
    case trunk, intercity, suburban, metro
    init?(label: String) { self.init(rawValue: label.lowercased()) }
    var letter: String { String(rawValue.prefix(1)).uppercased() }
}
