import Network

/// Service of a planning line read from its name, where the name says what kind of line it is without doubt
/// (an 有轨电车 is a tram, a 机场线 an airport link). Lines whose kind the name does not give (Beijing's S1线 is a
/// maglev metro line, Guangzhou's 18号线 a 160 km/h express) get a line override in the manifest instead.
///
/// The figures are assumptions (typical values, no single source; docs/MODEL.md), meant to be replaced by a
/// line's published ones through `line_overrides` or the CSV's per-line columns.
public struct PlanningLineNameRule: Sendable, Equatable {
    /// Substrings of the line name that select the rule, compared case-insensitively.
    public var patterns: [String]
    /// What the rule makes of the line, e.g. "airport express".
    public var kind: String
    public var parameters: PlanningLineParameters

    public init(patterns: [String], kind: String, parameters: PlanningLineParameters) {
        self.patterns = patterns; self.kind = kind; self.parameters = parameters
    }

    /// The reason shown by `inspect`, e.g. "name rule 机场线/机场快线/airport → airport express".
    public var reason: String { "name rule \(patterns.joined(separator: "/")) → \(kind)" }

    /// First match wins, so 机场快线 is an airport line and 市域快线 a suburban one.
    ///
    /// | names | kind | tier | headway | speed | dwell | hours |
    /// |---|---|---|---|---|---|---|
    /// | 有轨电车, tram | tram | metro | 10 min | 20 km/h | 30 s | 06:30–22:00 |
    /// | 机场线, 机场快线, airport | airport express | metro | 10 min | 80 km/h | 60 s | 06:00–23:00 |
    /// | 市域, 市郊 | suburban railway | suburban | (suburban tier defaults) | | | |
    /// | 快线 | express metro | metro | (metro) | 60 km/h | (metro) | (metro) |
    public static let defaults: [PlanningLineNameRule] = [
        PlanningLineNameRule(patterns: ["有轨电车", "tram"], kind: "tram",
                             parameters: PlanningLineParameters(tier: .metro, headwayMinutes: 10, speedKmh: 20,
                                                                dwellSeconds: 30, firstDepartureSeconds: 6 * 3600 + 1800,
                                                                lastDepartureSeconds: 22 * 3600)),
        PlanningLineNameRule(patterns: ["机场线", "机场快线", "airport"], kind: "airport express",
                             parameters: PlanningLineParameters(tier: .metro, headwayMinutes: 10, speedKmh: 80,
                                                                dwellSeconds: 60, firstDepartureSeconds: 6 * 3600,
                                                                lastDepartureSeconds: 23 * 3600)),
        PlanningLineNameRule(patterns: ["市域", "市郊"], kind: "suburban railway",
                             parameters: PlanningLineParameters(tier: .suburban)),
        PlanningLineNameRule(patterns: ["快线"], kind: "express metro",
                             parameters: PlanningLineParameters(tier: .metro, speedKmh: 60)),
    ]
}
