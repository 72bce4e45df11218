import Network

/// Which OSM ways a car may use, and their driving attributes. The rules, in order:
///
/// 1. The way needs a `highway` tag; `area=yes` excludes it.
/// 2. Drivable highway values: motorway, trunk, primary, secondary, tertiary (and their `_link` ramps),
///    unclassified, residential, living_street, service, road.
/// 3. footway, path, steps, pedestrian, cycleway, track, bridleway, corridor, busway are excluded unless
///    `motor_vehicle` or `motorcar` is yes/designated/permissive/destination (they then count as service
///    roads). Every other highway value (construction, proposed, platform, raceway, …) is excluded.
/// 4. `motor_vehicle`/`motorcar` = no/private/agricultural/forestry/delivery excludes the way; so does
///    `access` = no/private unless rule 3's permission is given. `access=destination` is kept.
/// 5. One-way: `oneway` yes/true/1 or -1/reverse; `no` both ways; without a tag, motorway, motorway_link and
///    `junction=roundabout|circular` are one-way forward (OSM's implied one-way). `oneway=reversible` or
///    `alternating` is driven both ways (the direction changes during the day).
/// 6. Speed: `maxspeed:forward`/`maxspeed:backward`, else `maxspeed` (see `OSMRoadTags.speedKmh`; zone codes
///    such as `RU:urban` fall back to the class default).
/// 7. Lanes per direction: `lanes:forward`/`lanes:backward`; else `lanes` on a one-way way; else half of
///    `lanes` (rounded down, at least 1) on a two-way way; else not given.
public enum OSMRoadFilter {
    public static let drivable: Set<String> = [
        "motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link",
        "tertiary", "tertiary_link", "unclassified", "residential", "living_street", "service", "road",
    ]
    public static let drivableWithMotorPermission: Set<String> = [
        "footway", "path", "steps", "pedestrian", "cycleway", "track", "bridleway", "corridor", "busway",
    ]
    public static let motorPermissions: Set<String> = ["yes", "designated", "permissive", "destination"]
    public static let motorBans: Set<String> = ["no", "private", "agricultural", "forestry", "delivery"]

    /// The class of a drivable way, or nil when cars may not use it.
    public static func drivableClass(_ tags: OSMTags) -> RoadClass? {
        guard let highway = tags["highway"] else { return nil }
        if tags.has("area", "yes") { return nil }
        let motor = tags["motor_vehicle"] ?? tags["motorcar"]
        let permitted = motor.map { motorPermissions.contains($0) } ?? false
        if let motor, motorBans.contains(motor) { return nil }
        let roadClass: RoadClass
        if drivable.contains(highway) {
            roadClass = RoadClass(roadType: highway)
        } else if drivableWithMotorPermission.contains(highway) && permitted {
            roadClass = .service
        } else {
            return nil
        }
        if !permitted, let access = tags["access"], access == "no" || access == "private" { return nil }
        return roadClass
    }

    /// The one-way rule 5 for a drivable way.
    public static func direction(_ tags: OSMTags) -> OSMRoadTags.Direction {
        if let value = tags["oneway"] {
            if let d = OSMRoadTags.oneway(value) { return d }
            return .both
        }
        let highway = tags["highway"]
        if highway == "motorway" || highway == "motorway_link" { return .forwardOnly }
        if let junction = tags["junction"], junction == "roundabout" || junction == "circular" { return .forwardOnly }
        return .both
    }
}
