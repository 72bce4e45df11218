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

    /// The side an analysis runs on: a scenario the server was started with (`serve --scenario`), by name.
    static let scenario = P("scenario", .string, "A scenario this server was started with (serve --scenario), by name: the analysis runs on the network with it applied (default: the base network).")

    static let geoPackage = "application/geopackage+sqlite3"

    static let mode = P("mode", .string, "transit (default), drive (road graph) or walk.", choices: ["transit", "drive", "walk"])

    public static let traveltime = APIRoute(
        path: "/api/traveltime",
        summary: "Travel times between places over a departure window: minimum and percentiles, minutes.",
        parameters: [
            P("from", .stringList, "Origins: station, district or lon,lat (repeat or a JSON array).", required: true),
            P("to", .stringList, "Destinations, as origins.", required: true),
            P("percentile", .numberList, "Percentiles over the window, 0…100, up to five (default 50)."),
            P("explain", .boolean, "With one pair: the itinerary at the median departure minute."),
            mode, scenario,
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
            mode, scenario,
        ] + journey(depart: "08:00", window: 60) + [format(["geojson", "csv", "gpkg"])],
        formats: ["geojson": "application/geo+json", "csv": "text/csv", "gpkg": geoPackage])

    public static let rings = APIRoute(
        path: "/api/rings",
        summary: "Commute rings: every district's share of people within the budget of a core, and the circle.",
        parameters: [
            P("core", .string, "The core: a station, a district or lon,lat.", required: true),
            P("budget", .number, "Commute budget, minutes, 1…1440 (default 60)."),
            P("min_share", .number, "Share of a district's people within the budget to be in the circle, 0…1 (default 0.5)."),
            P("direction", .string, "inbound (to the core, default) or outbound.", choices: ["inbound", "outbound"]),
            P("percentile", .number, "Percentile of each cell's times over the window, 0…100 (default 50)."),
            mode, scenario,
        ] + journey(depart: "07:00", window: 120) + [format(["geojson", "csv", "gpkg"])],
        formats: ["geojson": "application/geo+json", "csv": "text/csv", "gpkg": geoPackage])

    public static let gaps = APIRoute(
        path: "/api/gaps",
        summary: "Four-network integration gaps: rated hub transfers, last-mile gaps, missing links, coverage.",
        parameters: [scenario, format(["geojson", "csv", "gpkg"])],
        formats: ["geojson": "application/geo+json", "csv": "text/csv", "gpkg": geoPackage])

    public static let bottlenecks = APIRoute(
        path: "/api/bottlenecks",
        summary: "Bottleneck sections: gravity demand between districts assigned to the timetable, load against capacity.",
        parameters: [
            P("deterrence", .string, "Gravity deterrence (default exponential).", choices: ["exponential", "power"]),
            P("beta", .number, "β of the exponential deterrence, per minute, 0…100 (default 0.05)."),
            P("gamma", .number, "γ of the power deterrence, 0…100 (default 2)."),
            P("commute_share", .number, "Share of the served population travelling in the window, 0…1."),
            P("top", .integer, "Sections ranked in the CSV and given a criticality, 0…100 (default 10)."),
            scenario,
        ] + journey(depart: "07:00", window: 120) + [format(["geojson", "csv", "gpkg"])],
        formats: ["geojson": "application/geo+json", "csv": "text/csv", "gpkg": geoPackage])

    public static let corridors = APIRoute(
        path: "/api/corridors",
        summary: "Commuter corridors from a core: trains per hour and door-to-door time per district, against bus-like service and the budget.",
        parameters: [
            P("core", .string, "The core: a station, a district or lon,lat.", required: true),
            P("direction", .string, "inbound (districts to the core, default) or outbound.", choices: ["inbound", "outbound"]),
            P("bus_like_headway", .number, "Bus-like operation: a train at least every this many minutes, (0, 240] (default 10)."),
            P("budget", .number, "The door-to-door goal, minutes, 1…1440 (default 60)."),
            P("top", .integer, "Corridors kept, by demand, 0…1000 (0: all; default 20)."),
            P("min_share", .number, "Keep corridors with at least this share of the demand, 0…1 (default 0)."),
            scenario,
        ] + journey(depart: "07:00", window: 120) + [format(["geojson", "csv"])],
        formats: ["geojson": "application/geo+json", "csv": "text/csv"])

    /// `/api/network/{layer}`: the network as GIS layers (the `export` command's).
    public static let layer = APIRoute(
        path: "/api/network/{layer}",
        summary: "The network as GIS layers: stations, lines (trains per hour in the window), hubs, districts, or all.",
        parameters: [
            P("depart", .string, "First departure of the trains-per-hour window (default 07:00)."),
            P("window", .integer, "Window, minutes (default 120)."),
            scenario,
            format(["geojson", "csv", "gpkg"]),
        ],
        formats: ["geojson": "application/geo+json", "csv": "text/csv", "gpkg": geoPackage], acceptsBody: false)

    public static let layerNames = ["stations", "lines", "hubs", "districts", "all"]

    public static let network = APIRoute(
        path: "/api/network",
        summary: "What the server holds: area, service date, counts, bounding box, a suggested core, the limits.",
        parameters: [], formats: ["json": "application/json"], acceptsBody: false)

    /// `/api/compare/{analysis}`: the analysis on the base network and on `scenario`, and what changed (the
    /// `compare` command's outputs: the differences as GeoJSON, the CSV table or the Markdown report).
    static func comparison(_ route: APIRoute, _ name: String) -> APIRoute {
        let own = route.parameters.filter { $0.name != "format" && $0.name != "scenario" }
        return APIRoute(
            path: "/api/compare/\(name)",
            summary: "\(name) on the base network and on a scenario, and what changed (as `compare \(name)`; the headline is `headline`).",
            parameters: own + [
                P("scenario", .string, "The after side: a scenario this server was started with, by name (the before side is the base network).", required: true),
                format(["geojson", "csv", "md"]),
            ],
            formats: ["geojson": "application/geo+json", "csv": "text/csv", "md": "text/markdown; charset=utf-8"])
    }

    public static let compareRings = comparison(rings, "rings")
    public static let compareIsochrone = comparison(isochrone, "isochrone")
    public static let compareGaps = comparison(gaps, "gaps")
    public static let compareBottlenecks = comparison(bottlenecks, "bottlenecks")
    public static let compareCorridors = comparison(corridors, "corridors")
    public static let comparisons = [compareRings, compareIsochrone, compareGaps, compareBottlenecks, compareCorridors]

    public static let analyses = [traveltime, isochrone, rings, gaps, bottlenecks, corridors] + comparisons
}
