/// Which OSM ways a pedestrian may use. The rules, in order:
///
/// 1. The way needs a `highway` tag; `area=yes` (pedestrian squares mapped as polygons) is excluded.
/// 2. `foot=no` or `foot=use_sidepath` excludes the way.
/// 3. `foot=yes|designated|permissive` admits every highway value in rules 4–5 and overrides
///    `access=private|no`.
/// 4. Always walkable (unless excluded by 2 or 6): footway, path, pedestrian, steps, corridor,
///    living_street, residential, service, unclassified, road, track, tertiary, tertiary_link,
///    secondary, secondary_link, primary, primary_link.
/// 5. Walkable only with an explicit foot permission (rule 3): cycleway, bridleway, trunk, trunk_link,
///    motorway, motorway_link.
/// 6. `access=private` or `access=no` excludes the way unless rule 3 applies.
/// 7. Every other highway value is excluded: construction, proposed, planned, abandoned, platform,
///    bus_guideway, raceway, escape, elevator, bus_stop, …
///
/// `Scripts/reference/osm_walk_length.py` applies the same rules for the independent length check.
public enum OSMWalkFilter {
    public static let alwaysWalkable: Set<String> = [
        "footway", "path", "pedestrian", "steps", "corridor", "living_street", "residential", "service",
        "unclassified", "road", "track", "tertiary", "tertiary_link", "secondary", "secondary_link",
        "primary", "primary_link",
    ]
    public static let walkableWithFootPermission: Set<String> = [
        "cycleway", "bridleway", "trunk", "trunk_link", "motorway", "motorway_link",
    ]
    public static let footPermissions: Set<String> = ["yes", "designated", "permissive"]

    public static func isWalkable(_ tags: OSMTags) -> Bool {
        guard let highway = tags["highway"] else { return false }
        let inAlways = alwaysWalkable.contains(highway)
        guard inAlways || walkableWithFootPermission.contains(highway) else { return false }
        if tags.has("area", "yes") { return false }
        let foot = tags["foot"]
        if foot == "no" || foot == "use_sidepath" { return false }
        let footAllowed = foot.map { footPermissions.contains($0) } ?? false
        if !inAlways && !footAllowed { return false }
        if !footAllowed, let access = tags["access"], access == "private" || access == "no" { return false }
        return true
    }
}
