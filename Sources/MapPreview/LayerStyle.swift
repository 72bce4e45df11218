import GeoCore

/// One legend entry and the drawing attributes of the features in it.
struct StyleCategory: Hashable {
    var label: String
    /// CSS colour of the fill (areas, point markers) and of the stroke of lines.
    var color: String
    var fillOpacity: Double = 1
    var outlineColor: String
    var outlineWidth: Double
    /// Stroke width of linear features.
    var lineWidth: Double = 1.5
    var pointRadius: Double = 3
    /// Areas: the outline alone, no fill, so that what lies under them keeps its tooltip.
    var hollow = false
    /// Dashed lines and outlines (the before side of a comparison, missing links).
    var dashed = false
    /// Shown in the legend even when no feature falls in it (fixed class schemes).
    var alwaysListed = false
    var count = 0
}

/// How one layer is drawn: categories (legend order), the category of each feature and the drawing order.
struct LayerStyle {
    let kind: LayerKind
    var categories: [StyleCategory]
    /// Category index per feature index; nil for features without geometry.
    let categoryOfFeature: [Int?]
    /// Indices of the features with geometry, in the order they are drawn (later on top).
    let drawOrder: [Int]
    /// The primitive the legend swatches show.
    let swatch: PrimitiveKind

    /// Every colour comes from the shipped palette (Resources/palette.json): colour-blind-aware qualitative
    /// colours (Paul Tol "bright") for generic layers, sequential blues-greens (ColorBrewer YlGnBu, darkest =
    /// shortest) for times, Okabe–Ito for hub ratings.
    static let palette = Palette.shipped
    static var genericColors: [String] { palette.generic }
    static var missingColor: String { palette.missing }

    init(kind: LayerKind, collection: FeatureCollection, layerIndex: Int) {
        self.kind = kind
        let features = collection.features
        let drawn = features.indices.filter { features[$0].geometry != nil }
        swatch = GeometryGroups(drawn.compactMap { features[$0].geometry }).dominant
        var categories: [StyleCategory] = []
        var assign = [Int?](repeating: nil, count: features.count)
        var order = drawn

        func missing(_ what: String) -> StyleCategory {
            StyleCategory(label: "no \(what)", color: Self.missingColor, fillOpacity: 0.5, outlineColor: "#808080",
                          outlineWidth: 0.6)
        }

        switch kind {
        case .districts:
            categories = [StyleCategory(label: "district", color: Self.palette.district.fill, outlineColor: Self.palette.district.outline, outlineWidth: 0.6,
                                        lineWidth: 1, pointRadius: 2.5)]
            for i in drawn { assign[i] = 0 }

        case .isochrones:
            let cutoffs = Set(drawn.compactMap { features[$0].properties["cutoff_min"]?.doubleValue }).sorted()
            for (rank, cutoff) in cutoffs.enumerated() {
                let color = Self.sequentialColor(rank: rank, of: cutoffs.count)
                categories.append(StyleCategory(label: "≤ \(Self.minutesText(cutoff)) min", color: color, fillOpacity: 0.55,
                                                outlineColor: color, outlineWidth: 0.8))
            }
            categories.append(missing("cutoff_min"))
            for i in drawn {
                if let c = features[i].properties["cutoff_min"]?.doubleValue { assign[i] = cutoffs.firstIndex(of: c)! }
                else { assign[i] = cutoffs.count }
            }
            // Largest cutoff first, so smaller (darker) rings stay visible on top; ties keep file order.
            let key: (Int) -> Double = { features[$0].properties["cutoff_min"]?.doubleValue ?? .infinity }
            order = drawn.enumerated().sorted { a, b in
                key(a.element) != key(b.element) ? key(a.element) > key(b.element) : a.offset < b.offset
            }.map(\.element)

        case .ringClasses:
            let classes = TravelTimeClass.allCases
            for (rank, c) in classes.enumerated() {
                let color = Self.palette.ringClassColor(index: rank, of: classes.count)
                categories.append(StyleCategory(label: c.legendLabel, color: color, fillOpacity: 0.85, outlineColor: "#FFFFFF",
                                                outlineWidth: 0.6, alwaysListed: true))
            }
            categories.append(missing("travel time"))
            for i in drawn {
                let p = features[i].properties
                let c = p["class"]?.stringValue.flatMap(TravelTimeClass.init(label:))
                    ?? p["travel_time_min"]?.doubleValue.map(TravelTimeClass.init(travelTimeMinutes:))
                assign[i] = c.map { classes.firstIndex(of: $0)! } ?? classes.count
            }

        case .ringChanges:
            // The palette's change colours (Okabe–Ito): blue entered, vermillion left, green faster, purple slower.
            let bins = [("entered the circle", "entered"), ("left the circle", "left"), ("faster", "better"), ("slower", "worse"),
                        ("unchanged", "unchanged")]
            for (label, key) in bins {
                categories.append(StyleCategory(label: label, color: Self.palette.changes[key]!, fillOpacity: 0.75, outlineColor: "#FFFFFF",
                                                outlineWidth: 0.6, alwaysListed: true))
            }
            for i in drawn {
                let p = features[i].properties
                switch p["circle"]?.stringValue {
                case "entered": assign[i] = 0
                case "left": assign[i] = 1
                default:
                    let gained = p["people_gained"]?.doubleValue ?? 0, change = p["change_min"]?.doubleValue ?? 0
                    assign[i] = gained > 0 || change < 0 ? 2 : (gained < 0 || change > 0 ? 3 : 4)
                }
            }

        case .hubs:
            // Okabe–Ito colours, distinguishable under the common colour-vision deficiencies.
            for r in HubRating.allCases {
                let color = Self.palette.hubRatings[r.rawValue.replacingOccurrences(of: "-", with: "_")] ?? Self.missingColor
                categories.append(StyleCategory(label: r.rawValue, color: color, outlineColor: "#202020", outlineWidth: 1,
                                                lineWidth: 2, pointRadius: 5, alwaysListed: true))
            }
            categories.append(missing("rating"))
            for i in drawn {
                let r = HubRating(of: features[i])
                assign[i] = r.map { HubRating.allCases.firstIndex(of: $0)! } ?? HubRating.allCases.count
            }

        case .tieredRail:
            for t in RailTierName.allCases {
                categories.append(StyleCategory(label: t.rawValue, color: Self.palette.tiers[t.rawValue] ?? Self.missingColor, outlineColor: "#FFFFFF", outlineWidth: 0.8,
                                                lineWidth: t == .metro ? 1.6 : 2.2, pointRadius: t == .metro ? 1.5 : 3.5))
            }
            categories.append(missing("tier"))
            for i in drawn {
                let t = features[i].properties["tier"]?.stringValue.flatMap(RailTierName.init(label:))
                assign[i] = t.map { RailTierName.allCases.firstIndex(of: $0)! } ?? RailTierName.allCases.count
            }

        case .sections:
            let bins = Self.palette.volumeOverCapacity.map {
                (label: $0.label, upper: $0.upper ?? .infinity, color: $0.color, width: $0.width)
            }
            for b in bins {
                categories.append(StyleCategory(label: b.label, color: b.color, outlineColor: "#404040", outlineWidth: 0.6,
                                                lineWidth: b.width, pointRadius: 3, alwaysListed: true))
            }
            categories.append(missing("v_c"))
            for i in drawn {
                if let v = features[i].properties["v_c"]?.doubleValue {
                    assign[i] = bins.firstIndex { v < $0.upper } ?? bins.count - 1
                } else {
                    assign[i] = bins.count
                }
            }
            // Low load first, so the overloaded sections are drawn on top.
            let key: (Int) -> Double = { features[$0].properties["v_c"]?.doubleValue ?? -.infinity }
            order = drawn.enumerated().sorted { a, b in
                key(a.element) != key(b.element) ? key(a.element) < key(b.element) : a.offset < b.offset
            }.map(\.element)

        case .outlines, .gapFindings, .changes:
            let scheme = FindingScheme(kind: kind, features: drawn.map { features[$0] }, palette: Self.palette)
            categories = scheme.categories
            for i in drawn { assign[i] = scheme.category(of: features[i]) }
            if kind == .changes {
                // What did not change first, under the changes; then the largest cutoff first, as for isochrones, so the
                // gains and losses of the smaller ones stay visible.
                let quiet = Set(["unchanged", "other kind"].compactMap { label in categories.firstIndex { $0.label == label } })
                let key: (Int) -> (Int, Double) = { i in
                    (assign[i].map { quiet.contains($0) ? 0 : 1 } ?? 0, -(features[i].properties["cutoff_min"]?.doubleValue ?? 0))
                }
                order = drawn.enumerated().sorted { a, b in
                    key(a.element) != key(b.element) ? key(a.element) < key(b.element) : a.offset < b.offset
                }.map(\.element)
            }

        case .generic:
            let color = Self.genericColors[layerIndex % Self.genericColors.count]
            categories = [StyleCategory(label: Self.genericLabel(features, drawn: drawn, swatch: swatch), color: color, fillOpacity: 0.35,
                                        outlineColor: color, outlineWidth: 1, lineWidth: 1.8, pointRadius: 3.5)]
            for i in drawn { assign[i] = 0 }
        }

        for case let c? in assign { categories[c].count += 1 }
        self.categories = categories
        categoryOfFeature = assign
        drawOrder = order
    }

    /// The legend entry of a generic layer, named from the data: the features' common `kind` ("corridor"), else
    /// what they are ("areas", "lines", "points").
    static func genericLabel(_ features: [Feature], drawn: [Int], swatch: PrimitiveKind) -> String {
        let kinds = Set(drawn.map { features[$0].properties["kind"]?.stringValue ?? "" })
        if kinds.count == 1, let kind = kinds.first, !kind.isEmpty { return kind.replacingOccurrences(of: "_", with: " ") }
        return LayerKind.generic.legendDescription(swatch)
    }

    /// Areas first (base, choropleth, rings), then network lines, analysis lines (sections, changes, missing links)
    /// so their colours are not hidden, the outlines (the commute circle) above them, then points (hubs last).
    var drawRank: Int {
        switch (kind, swatch) {
        case (.districts, _): return 0
        case (.gapFindings, .areal): return categories.allSatisfy { $0.count == 0 || FindingScheme.isCoverage($0) } ? 0 : 1
        case (.ringClasses, _), (.ringChanges, _): return 1
        case (.isochrones, _), (.changes, .areal): return 2
        case (.tieredRail, .linear), (.tieredRail, .areal): return 5
        case (.outlines, _): return 8
        case (.sections, _): return 7
        case (.hubs, _): return 10
        case (_, .areal): return 3
        case (.generic, .linear): return 6
        case (_, .linear): return 7
        case (_, .point): return 9
        }
    }

    /// The colour for the `rank`-th of `count` ordered classes, darkest first, interpolated along the palette.
    static func sequentialColor(rank: Int, of count: Int) -> String { palette.sequentialColor(rank: rank, of: count) }

    static func minutesText(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }

    /// Categories shown in the legend: those with features, and fixed classes.
    var legendCategories: [StyleCategory] { categories.filter { $0.count > 0 || $0.alwaysListed } }
}
