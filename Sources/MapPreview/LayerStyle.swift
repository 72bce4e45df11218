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

    /// Colour-blind-aware qualitative colours (Paul Tol "bright") for generic layers, by layer position.
    static let genericColors = ["#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB"]
    /// Sequential blues-greens (ColorBrewer YlGnBu), darkest first: shorter times are darker.
    static let sequentialColors = ["#253494", "#2C7FB8", "#41B6C4", "#7FCDBB", "#C7E9B4"]
    static let missingColor = "#B0B0B0"

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
            categories = [StyleCategory(label: "district", color: "#F3EFE4", outlineColor: "#8C8C8C", outlineWidth: 0.6,
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
                let color = rank < 3 ? Self.sequentialColors[rank * 3 / 2] : "#EDF8B1"
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
            // Okabe–Ito colours: blue entered, vermillion left, green faster, orange slower, grey unchanged.
            let bins: [(label: String, color: String)] = [("entered the circle", "#0072B2"), ("left the circle", "#D55E00"),
                                                         ("faster", "#009E73"), ("slower", "#E69F00"), ("unchanged", "#D9D9D9")]
            for b in bins {
                categories.append(StyleCategory(label: b.label, color: b.color, fillOpacity: 0.75, outlineColor: "#FFFFFF",
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
            let colors: [HubRating: String] = [.zeroDistance: "#009E73", .acceptable: "#56B4E9", .poor: "#E69F00",
                                               .disconnected: "#D55E00"]
            for r in HubRating.allCases {
                categories.append(StyleCategory(label: r.rawValue, color: colors[r]!, outlineColor: "#202020", outlineWidth: 1,
                                                lineWidth: 2, pointRadius: 5, alwaysListed: true))
            }
            categories.append(missing("rating"))
            for i in drawn {
                let r = HubRating(of: features[i])
                assign[i] = r.map { HubRating.allCases.firstIndex(of: $0)! } ?? HubRating.allCases.count
            }

        case .tieredRail:
            let colors: [RailTierName: String] = [.trunk: "#EE6677", .intercity: "#4477AA", .suburban: "#228833",
                                                  .metro: "#AA3377"]
            for t in RailTierName.allCases {
                categories.append(StyleCategory(label: t.rawValue, color: colors[t]!, outlineColor: "#FFFFFF", outlineWidth: 0.8,
                                                lineWidth: t == .metro ? 1.6 : 2.2, pointRadius: 3))
            }
            categories.append(missing("tier"))
            for i in drawn {
                let t = features[i].properties["tier"]?.stringValue.flatMap(RailTierName.init(label:))
                assign[i] = t.map { RailTierName.allCases.firstIndex(of: $0)! } ?? RailTierName.allCases.count
            }

        case .sections:
            let bins: [(label: String, upper: Double, color: String, width: Double)] = [
                ("V/C < 0.5", 0.5, "#91BFDB", 1.5), ("0.5 – 0.8", 0.8, "#FEE090", 2.5), ("0.8 – 1.0", 1.0, "#FC8D59", 3.5),
                ("1.0 – 1.2", 1.2, "#D73027", 4.5), ("V/C ≥ 1.2", .infinity, "#67001F", 5.5),
            ]
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

        case .generic:
            let color = Self.genericColors[layerIndex % Self.genericColors.count]
            categories = [StyleCategory(label: "feature", color: color, fillOpacity: 0.35, outlineColor: color, outlineWidth: 1,
                                        lineWidth: 1.8, pointRadius: 3.5)]
            for i in drawn { assign[i] = 0 }
        }

        for case let c? in assign { categories[c].count += 1 }
        self.categories = categories
        categoryOfFeature = assign
        drawOrder = order
    }

    /// The colour for the `rank`-th of `count` ordered classes, darkest first, interpolated along the palette.
    static func sequentialColor(rank: Int, of count: Int) -> String {
        guard count > 1 else { return sequentialColors[0] }
        let position = Double(rank) * Double(sequentialColors.count - 1) / Double(count - 1)
        let lower = min(Int(position), sequentialColors.count - 2)
        let t = position - Double(lower)
        let a = rgb(sequentialColors[lower]), b = rgb(sequentialColors[lower + 1])
        let mixed = (0..<3).map { Int((Double(a[$0]) * (1 - t) + Double(b[$0]) * t).rounded()) }
        return "#" + mixed.map { component in
            let hex = String(component, radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    private static func rgb(_ hex: String) -> [Int] {
        let digits = Array(hex.dropFirst())
        return stride(from: 0, to: 6, by: 2).map { Int(String(digits[$0..<$0 + 2]), radix: 16)! }
    }

    static func minutesText(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }

    /// Categories shown in the legend: those with features, and fixed classes.
    var legendCategories: [StyleCategory] { categories.filter { $0.count > 0 || $0.alwaysListed } }
}
