/// The API's routes and their parameters: one table for validation (`APIParameters.check`) and for the
/// OpenAPI document (`OpenAPIDocument`). Every analysis route answers GET (query parameters: download links)
/// and POST (a JSON object body) alike.
public struct APIRoute: Sendable {
    public var path: String
    public var summary: String
    public var parameters: [APIParameterSpec]
    /// Media types of the 200 answer, by `format`.
    public var formats: [String: String]
    /// POST with a JSON body as well as GET.
    public var acceptsBody = true
}

public enum APIRoutes {
    typealias P = APIParameterSpec

    static func format(_ choices: [String]) -> APIParameterSpec {
        P("format", .string, "Answer format (default \(choices[0])).", choices: choices)
    }

    /// Departures, routing and access: the analyses' shared options, named as the CLI's (underscores for dashes).
    static func journey(depart: String, window: Int) -> [APIParameterSpec] {
        [
            P("depart", .string, "First departure, HH:MM on the service day, 00:00…47:59 (default \(depart))."),
            P("window", .integer, "Departure window, minutes, one departure per minute (default \(window); at most the server's limit)."),
            P("max_rides", .integer, "Most vehicles in one journey, 0…20 (default 8)."),
            P("max_trip", .number, "Longest door-to-door trip, minutes, 1…1440 (default 120)."),
            P("profile", .string, "Access/egress profile (default commuter).", choices: ["commuter", "rail-walk"]),
            P("access", .string, "Access modes overriding the profile's, comma list of walk, bicycle, e-bike, bus, car."),
            P("egress", .string, "Egress modes overriding the profile's, comma list of walk, bicycle, e-bike, bus."),
            P("access_radius", .number, "Longest walk to or from a station, crow-fly metres, 0…20000 (default 1200)."),
        ]
    }

    static let mode = P("mode", .string, "transit (default), drive (road graph) or walk.", choices: ["transit", "drive", "walk"])

    public static let traveltime = APIRoute(
        path: "/api/traveltime",
        summary: "Travel times between places over a departure window: minimum and percentiles, minutes.",
        parameters: [
            P("from", .stringList, "Origins: station, district or lon,lat (repeat or a JSON array).", required: true),
            P("to", .stringList, "Destinations, as origins.", required: true),
            P("percentile", .numberList, "Percentiles over the window, 0…100, up to five (default 50)."),
            P("explain", .boolean, "With one pair: the itinerary at the median departure minute."),
            mode,
        ] + journey(depart: "08:00", window: 60) + [format(["json", "csv"])],
        formats: ["json": "application/json", "csv": "text/csv"])

    public static let isochrone = APIRoute(
        path: "/api/isochrone",
        summary: "Isochrones: the areas reached within each cutoff, as a GeoJSON FeatureCollection (WGS-84).",
        parameters: [
            P("from", .stringList, "Origins: station, district or lon,lat (one ring set each).", required: true),
            P("cutoffs", .numberList, "Cutoffs, minutes, ascending (default 15,30,45,60)."),
            P("cell", .number, "Grid cell, metres (default 200; at least the server's minimum)."),
            P("percentile", .number, "Percentile of the times over the window, 0…100 (default 50)."),
            mode,
        ] + journey(depart: "08:00", window: 60) + [format(["geojson", "csv"])],
        formats: ["geojson": "application/geo+json", "csv": "text/csv"])

    public static let rings = APIRoute(
        path: "/api/rings",
        summary: "Commute rings: every district's share of people within the budget of a core, and the circle.",
        parameters: [
            P("core", .string, "The core: a station, a district or lon,lat.", required: true),
            P("budget", .number, "Commute budget, minutes, 1…1440 (default 60)."),
            P("min_share", .number, "Share of a district's people within the budget to be in the circle, 0…1 (default 0.5)."),
            P("direction", .string, "inbound (to the core, default) or outbound.", choices: ["inbound", "outbound"]),
            P("percentile", .number, "Percentile of each cell's times over the window, 0…100 (default 50)."),
            mode,
        ] + journey(depart: "07:00", window: 120) + [format(["geojson", "csv"])],
        formats: ["geojson": "application/geo+json", "csv": "text/csv"])

    public static let gaps = APIRoute(
        path: "/api/gaps",
        summary: "Four-network integration gaps: rated hub transfers, last-mile gaps, missing links, coverage.",
        parameters: [format(["geojson", "csv"])],
        formats: ["geojson": "application/geo+json", "csv": "text/csv"])

    public static let bottlenecks = APIRoute(
        path: "/api/bottlenecks",
        summary: "Bottleneck sections: gravity demand between districts assigned to the timetable, load against capacity.",
        parameters: [
            P("deterrence", .string, "Gravity deterrence (default exponential).", choices: ["exponential", "power"]),
            P("beta", .number, "β of the exponential deterrence, per minute, 0…100 (default 0.05)."),
            P("gamma", .number, "γ of the power deterrence, 0…100 (default 2)."),
            P("commute_share", .number, "Share of the served population travelling in the window, 0…1."),
            P("top", .integer, "Sections ranked in the CSV and given a criticality, 0…100 (default 10)."),
        ] + journey(depart: "07:00", window: 120) + [format(["geojson", "csv"])],
        formats: ["geojson": "application/geo+json", "csv": "text/csv"])

    /// `/api/network/{layer}`: the network as GIS layers (the `export` command's).
    public static let layer = APIRoute(
        path: "/api/network/{layer}",
        summary: "The network as GIS layers: stations, lines (trains per hour in the window), hubs, districts, or all.",
        parameters: [
            P("depart", .string, "First departure of the trains-per-hour window (default 07:00)."),
            P("window", .integer, "Window, minutes (default 120)."),
            format(["geojson", "csv"]),
        ],
        formats: ["geojson": "application/geo+json", "csv": "text/csv"], acceptsBody: false)

    public static let layerNames = ["stations", "lines", "hubs", "districts", "all"]

    public static let network = APIRoute(
        path: "/api/network",
        summary: "What the server holds: area, service date, counts, bounding box, a suggested core, the limits.",
        parameters: [], formats: ["json": "application/json"], acceptsBody: false)

    public static let analyses = [traveltime, isochrone, rings, gaps, bottlenecks]
}
