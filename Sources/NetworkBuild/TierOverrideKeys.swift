import GeoCore
import Network

/// How the manifest's `tier_overrides` keys name routes, and the check that each names one.
enum TierOverrideKeys {
    /// The names a tier override may use for a route, tried in this order: its key (`<source>:<id>`), its id
    /// within the source (route_id or line_id), its short name (line_name).
    static func names(of route: TransitInput.Route) -> [String] {
        var names = [route.key]
        let prefix = route.source + ":"
        if route.key.hasPrefix(prefix), route.key.count > prefix.count { names.append(String(route.key.dropFirst(prefix.count))) }
        if !route.shortName.isEmpty { names.append(route.shortName) }
        return names
    }

    /// Throws for the first key (in sorted order) that names no route, with the closest route names.
    static func check(_ overrides: [String: Tier], routes: [TransitInput.Route], manifestPath: String) throws {
        guard !overrides.isEmpty else { return }
        let known = Set(routes.flatMap(names(of:)))
        for key in overrides.keys.sorted() where !known.contains(key) {
            let closest = ClosestNames.closest(to: key, among: Array(known))
            throw InputError(file: manifestPath, location: "tier_overrides.\(key)",
                             message: "matches no route key, route id or short name of the area's routes"
                                + (closest.isEmpty ? "" : "; closest: \(closest.joined(separator: ", "))"))
        }
    }
}
