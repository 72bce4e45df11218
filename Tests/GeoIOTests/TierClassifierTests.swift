import Network
import TestSupport
import Testing

/// Tier rules; expected tiers from the rule table in the brief (G/D trunk, C intercity, S suburban, GTFS types).
@Suite(.tags(.fast)) struct TierClassifierTests {
    let rules = TierRules.default

    @Test(arguments: [
        ("G1275/G1278", Tier.trunk, "train number prefix G"),
        ("D7", .trunk, "train number prefix D"),
        ("C2205", .intercity, "train number prefix C"),
        ("S201", .suburban, "train number prefix S"),
        ("K1", .trunk, "train number prefix K"),
        ("z19", .trunk, "train number prefix Z"),
        ("1461", .trunk, "train number 1461 has digits only (conventional train)"),
    ])
    func trainNumbers(name: String, tier: Tier, reason: String) {
        let d = rules.classifyTrip(tripName: name, routeKey: "r", routeShortName: "", gtfsRouteType: 2)
        #expect(d == TierDecision(tier: tier, reason: reason))
    }

    @Test func tripNumberWinsOverRouteShortName() {
        // A "G" route carrying a D train.
        #expect(rules.classifyTrip(tripName: "D1", routeKey: "r", routeShortName: "G", gtfsRouteType: 2).tier == .trunk)
        #expect(rules.classifyTrip(tripName: "C1", routeKey: "r", routeShortName: "G", gtfsRouteType: 2)
                == TierDecision(tier: .intercity, reason: "train number prefix C"))
        // No trip number: the route short name decides.
        #expect(rules.classifyTrip(tripName: "", routeKey: "r", routeShortName: "S", gtfsRouteType: 2)
                == TierDecision(tier: .suburban, reason: "route short name prefix S"))
    }

    @Test func prefixesOnlyApplyToRail() {
        // A bus called "S1" or a subway line "1" is not a train number.
        #expect(rules.classifyRoute(key: "r", shortName: "S1", gtfsRouteType: 3)
                == TierDecision(tier: .other, reason: "GTFS route_type 3 (bus)"))
        #expect(rules.classifyRoute(key: "r", shortName: "1", gtfsRouteType: 1)
                == TierDecision(tier: .metro, reason: "GTFS route_type 1 (subway)"))
        // Rail without a recognisable number falls back to the route type.
        #expect(rules.classifyRoute(key: "r", shortName: "Airport Express", gtfsRouteType: 2)
                == TierDecision(tier: .trunk, reason: "GTFS route_type 2 (rail)"))
        #expect(rules.classifyRoute(key: "r", shortName: "", gtfsRouteType: 109).tier == .suburban)
    }

    @Test(arguments: [
        (0, Tier.metro), (1, .metro), (2, .trunk), (3, .other), (4, .other), (5, .metro), (7, .other), (12, .metro),
        (100, .trunk), (101, .trunk), (102, .trunk), (103, .intercity), (106, .intercity), (109, .suburban),
        (116, .other), (400, .metro), (401, .metro), (405, .metro), (700, .other), (715, .other),
        (900, .metro), (906, .metro), (1000, .other), (1700, .other),
    ])
    func routeTypeTable(type: Int, tier: Tier) {
        let d = TierRules.routeTypeTier(type)
        #expect(d.tier == tier)
        #expect(d.reason.hasPrefix("GTFS route_type \(type) ("))
    }

    @Test func overridesWinByKeyThenShortName() {
        var custom = TierRules()
        custom.overrides = ["rail:C001": .suburban, "G": .intercity]
        #expect(custom.classifyRoute(key: "rail:C001", shortName: "C", gtfsRouteType: 2)
                == TierDecision(tier: .suburban, reason: "override in manifest"))
        #expect(custom.classifyTrip(tripName: "G1", routeKey: "rail:G002", routeShortName: "G", gtfsRouteType: 2)
                == TierDecision(tier: .intercity, reason: "override in manifest"))
        #expect(custom.classifyRoute(key: "rail:D003", shortName: "D", gtfsRouteType: 2).tier == .trunk)
    }

    @Test func prefixParsing() {
        #expect(TierRules.trainNumberPrefix("G1275/G1278") == "G")
        #expect(TierRules.trainNumberPrefix("C") == "C")
        #expect(TierRules.trainNumberPrefix("123") == "0")
        #expect(TierRules.trainNumberPrefix("") == nil)
        #expect(TierRules.trainNumberPrefix("Airport Express") == nil)
        #expect(TierRules.trainNumberPrefix("12A") == nil)
    }
}
