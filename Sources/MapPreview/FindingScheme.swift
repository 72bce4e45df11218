import GeoCore

/// The legend entries of the layers our outputs mark with a `kind` — outlines (the commute circle, a comparison's
/// circles and rings before and after), the gaps findings other than hubs, and a comparison's changes — with their
/// labels taken from the data (budget, core, scenario names) and every colour from the palette.
struct FindingScheme {
    private(set) var categories: [StyleCategory] = []
    private var keys: [String] = []
    private var classify: (Feature) -> String? = { _ in nil }

    init(kind: LayerKind, features: [Feature], palette: Palette) {
        let change = palette.changes
        func first(_ kind: String) -> [String: JSONValue] {
            features.first { $0.properties["kind"]?.stringValue == kind }?.properties ?? [:]
        }
        switch kind {
        case .outlines:
            for k in OutlineKind.allCases {
                let p = first(k.rawValue)
                let before = k == .circleBefore || k == .isochroneBefore
                let isCircle = k != .isochroneBefore && k != .isochroneAfter
                add(k.rawValue, StyleCategory(label: Self.outlineLabel(k, p), color: before ? palette.commuteCircleBefore : palette.commuteCircle,
                                              outlineColor: before ? palette.commuteCircleBefore : palette.commuteCircle,
                                              outlineWidth: isCircle ? 2.5 : 1.6, lineWidth: 2, hollow: true, dashed: before))
            }
            classify = { $0.properties["kind"]?.stringValue }

        case .gapFindings:
            let colours = palette.gapKinds
            add(GapFindingKind.lastMileGap.rawValue, StyleCategory(
                label: "last-mile gap", color: colours["last_mile_gap"] ?? palette.missing,
                outlineColor: "#202020", outlineWidth: 0.8, pointRadius: 4.5))
            add(GapFindingKind.missingLink.rawValue, StyleCategory(
                label: "missing link", color: colours["missing_link"] ?? palette.missing,
                outlineColor: "#202020", outlineWidth: 0.8, lineWidth: 2.2, dashed: true))
            add(GapFindingKind.uncoveredDistrict.rawValue, StyleCategory(
                label: "district without a station", color: colours["uncovered_district"] ?? palette.missing, fillOpacity: 0.7,
                outlineColor: palette.district.outline, outlineWidth: 0.6))
            // Coverage: districts shaded by the share of people near rail, darkest most covered.
            for (rank, bin) in Self.coverageBins.enumerated() {
                add("coverage-\(rank)", StyleCategory(label: bin.label, color: palette.sequentialColor(rank: rank, of: Self.coverageBins.count),
                                                      fillOpacity: 0.8, outlineColor: "#FFFFFF", outlineWidth: 0.6))
            }
            add("coverage-none", StyleCategory(label: "no coverage_share", color: palette.missing, fillOpacity: 0.5,
                                               outlineColor: "#808080", outlineWidth: 0.6))
            classify = { f in
                guard let kind = f.properties["kind"]?.stringValue else { return nil }
                guard kind == GapFindingKind.coverage.rawValue else { return kind }
                guard let share = f.properties["coverage_share"]?.doubleValue else { return "coverage-none" }
                return "coverage-\(Self.coverageBins.firstIndex { share >= $0.lower } ?? Self.coverageBins.count - 1)"
            }

        case .changes:
            let gained = first(ChangeKind.isochroneGained.rawValue), lost = first(ChangeKind.isochroneLost.rawValue)
            add("isochrone_gained", StyleCategory(label: "reachable only after" + Self.origin(gained), color: change["better"]!,
                                                  fillOpacity: 0.65, outlineColor: change["better"]!, outlineWidth: 0.8))
            add("isochrone_lost", StyleCategory(label: "reachable only before" + Self.origin(lost), color: change["worse"]!,
                                                fillOpacity: 0.65, outlineColor: change["worse"]!, outlineWidth: 0.8))
            let entries: [(key: String, label: String, colour: String)] = [
                ("new", "new", "entered"), ("gone", "gone", "left"), ("better", "better", "better"), ("worse", "worse", "worse"),
                ("changed", "changed", "changed"), ("unchanged", "unchanged", "unchanged"),
            ]
            let subject = features.first.flatMap { ChangeKind(rawValue: $0.properties["kind"]?.stringValue ?? "") }
            for e in entries {
                add(e.key, StyleCategory(label: Self.changeLabel(e.key, subject: subject), color: change[e.colour]!,
                                         outlineColor: "#202020", outlineWidth: 0.8, lineWidth: e.key == "unchanged" ? 1.5 : 3, pointRadius: 5))
            }
            classify = Self.changeClass

        default:
            preconditionFailure("\(kind) is not a finding kind")
        }
        add("missing", StyleCategory(label: "other kind", color: palette.missing, fillOpacity: 0.5, outlineColor: "#808080",
                                     outlineWidth: 0.6))
    }

    private mutating func add(_ key: String, _ category: StyleCategory) {
        keys.append(key)
        categories.append(category)
    }

    func category(of feature: Feature) -> Int {
        classify(feature).flatMap { keys.firstIndex(of: $0) } ?? keys.count - 1
    }

    /// Share of people within the coverage radius of a station: the bins, highest first.
    static let coverageBins: [(lower: Double, label: String)] = [
        (0.75, "≥ 75 % of people near rail"), (0.5, "50–75 % near rail"), (0.25, "25–50 % near rail"), (0, "< 25 % near rail"),
    ]

    static func isCoverage(_ c: StyleCategory) -> Bool { coverageBins.contains { $0.label == c.label } }

    static func outlineLabel(_ kind: OutlineKind, _ p: [String: JSONValue]) -> String {
        let scenario = p["scenario"]?.stringValue.map { ": \($0)" } ?? ""
        switch kind {
        case .commuteCircle, .circleBefore, .circleAfter:
            var label = kind == .commuteCircle ? "commute circle" : (kind == .circleBefore ? "circle before" + scenario : "circle after" + scenario)
            if let budget = p["budget_min"]?.doubleValue {
                label += ", ≤ \(LayerStyle.minutesText(budget)) min"
                if let core = p["core"]?.stringValue { label += " from \(core)" }
            }
            return label
        case .isochroneBefore: return "reachable before" + scenario
        case .isochroneAfter: return "reachable after" + scenario
        }
    }

    static func origin(_ p: [String: JSONValue]) -> String {
        p["origin"]?.stringValue.map { " (from \($0))" } ?? ""
    }

    /// What a change class means for each kind of change.
    static func changeLabel(_ key: String, subject: ChangeKind?) -> String {
        switch (subject, key) {
        case (.hub?, "new"): return "new hub"
        case (.hub?, "gone"): return "hub gone"
        case (.hub?, "better"): return "transfer rating better"
        case (.hub?, "worse"): return "transfer rating worse"
        case (.hub?, "changed"): return "tiers changed"
        case (.section?, "new"): return "new section"
        case (.section?, "gone"): return "closed section"
        case (.section?, "better"): return "less load"
        case (.section?, "worse"): return "more load"
        case (.corridor?, "new"): return "new corridor"
        case (.corridor?, "gone"): return "corridor gone"
        case (.corridor?, "better"): return "more trains per hour"
        case (.corridor?, "worse"): return "fewer trains per hour"
        default: return key
        }
    }

    /// The class of one change feature, from the properties the compare command writes.
    static func changeClass(_ f: Feature) -> String? {
        let p = f.properties
        func number(_ key: String) -> Double? { p[key]?.doubleValue }
        switch p["kind"]?.stringValue.flatMap(ChangeKind.init(rawValue:)) {
        case .isochroneGained?: return "isochrone_gained"
        case .isochroneLost?: return "isochrone_lost"
        case .hub?:
            switch p["status"]?.stringValue {
            case "new": return "new"
            case "gone": return "gone"
            case "tiers_changed": return "changed"
            case "rating_changed":
                let ratings = HubRating.allCases
                guard let b = p["before_rating"]?.stringValue.flatMap(HubRating.init(label:)),
                      let a = p["after_rating"]?.stringValue.flatMap(HubRating.init(label:)) else { return "changed" }
                return ratings.firstIndex(of: a)! < ratings.firstIndex(of: b)! ? "better" : "worse"
            default: return "unchanged"
            }
        case .section?:
            switch p["status"]?.stringValue {
            case "new": return "new"
            case "closed": return "gone"
            default:
                let change = number("load_change_per_hour") ?? 0
                return change < 0 ? "better" : (change > 0 ? "worse" : "unchanged")
            }
        case .corridor?:
            switch (number("before_trains_per_hour"), number("after_trains_per_hour")) {
            case (nil, _?): return "new"
            case (_?, nil): return "gone"
            case (let b?, let a?): return a > b ? "better" : (a < b ? "worse" : "unchanged")
            case (nil, nil): return nil
            }
        case nil: return nil
        }
    }
}
