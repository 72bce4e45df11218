import GeoCore
import Network

/// The manifest's `parameters.hub_transfers`: hub name → { key: minutes }, minimum change times at one hub that
/// replace the network's tier-pair defaults there (same-stop changes at its stops and walking transfers between
/// them). Keys: `rail_rail` (every pair of trunk, intercity and suburban), `rail_metro` (each railway tier with
/// metro), or one tier pair `<tier>_<tier>` (trunk, intercity, suburban, metro, other; either order, e.g.
/// `metro_metro`, `trunk_intercity`); a tier pair wins over a group naming it.
enum HubTransferKeys {
    static let railTiers: [Tier] = [.trunk, .intercity, .suburban]

    /// Group keys and the tier pairs they set.
    static let groups: [(key: String, pairs: [(Tier, Tier)])] = [
        ("rail_rail", railTiers.flatMap { a in railTiers.map { (a, $0) } }),
        ("rail_metro", railTiers.map { ($0, .metro) }),
    ]

    /// Every tier pair once, lower rank first (`trunk_metro`), and the same pair in the other order.
    static let pairs: [(key: String, a: Tier, b: Tier)] = {
        let tiers = Tier.allCases.sorted()
        var out: [(String, Tier, Tier)] = []
        for a in tiers { for b in tiers { out.append(("\(a.rawValue)_\(b.rawValue)", a, b)) } }
        return out
    }()

    /// Every key a hub's object may hold.
    static var known: [String] { groups.map(\.key) + pairs.map(\.key) }

    static let minutesRange = 0.0...1440.0

    /// The overrides, sorted by hub name; a value outside 0…1440 min is an error naming its place.
    static func overrides(from table: [String: [String: Double]]?, manifestPath: String) throws -> [HubTransferOverride] {
        guard let table else { return [] }
        var out: [HubTransferOverride] = []
        for hub in table.keys.sorted() {
            let entries = table[hub]!
            var o = HubTransferOverride(hub: hub)
            func seconds(_ key: String) throws -> Int32? {
                guard let minutes = entries[key] else { return nil }
                guard minutes.isFinite, minutesRange.contains(minutes) else {
                    throw InputError(file: manifestPath, location: "parameters.hub_transfers.\(hub).\(key)",
                                     message: "\(minutes) min is not a change time within 0…1440 min")
                }
                return Int32((minutes * 60).rounded())
            }
            for g in groups { if let s = try seconds(g.key) { for (a, b) in g.pairs { o = o.setting(a, b, seconds: s) } } }
            for p in pairs { if let s = try seconds(p.key) { o = o.setting(p.a, p.b, seconds: s) } }
            out.append(o)
        }
        return out
    }
}
