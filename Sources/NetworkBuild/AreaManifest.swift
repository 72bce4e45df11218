import Foundation
import GeoIO
import GeoCore
import Network

/// An area manifest (JSON): names every input, the service date, the CRS and the parameters, so that one
/// file reproduces a whole analysis. Relative paths are resolved against the manifest's folder.
///
/// ```json
/// {
///   "area": "jingjinji",
///   "service_date": "2016-03-10",
///   "local_crs": "EPSG:4547",
///   "districts": { "path": "cache/cn/jingjinji/districts.geojson", "name_property": "district_name",
///                  "population_property": "pop2020", "city_property": "city_name", "code_property": "district_adcode" },
///   "gtfs": [ { "name": "rail", "path": "cache/cn/jingjinji/rail_gtfs.zip" } ],
///   "lines": [ { "name": "metro", "path": "cache/cn/jingjinji/metro_lines_gcj02.csv", "crs": "gcj02",
///                "line_overrides": { "大兴机场线": { "trip_time_min": 19, "headway_min": 10 } } } ],
///   "osm": [ { "name": "streets", "path": "…/area.osm.pbf" } ],
///   "roads": [ { "name": "roads", "path": "…/links.geojson", "snap_tolerance_m": 0.25,
///                "properties": { "class": "link_type", "speed_ab": "speed_ab" },
///                "default_speeds_kmh": { "primary": 60 }, "capacity_per_lane": { "motorway": 2000 } } ],
///   "tier_overrides": { "C001": "suburban" },
///   "parameters": { "walk_speed_mps": 1.2, "detour_factor": 1.3, "hub_radius_m": 800 },
///   "gaps": { "zero_distance_min": 3, "acceptable_min": 5, "last_mile_radius_m": 800 }
/// }
/// ```
public struct AreaManifest: Codable, Sendable, Equatable {
    public struct DistrictsInput: Codable, Sendable, Equatable {
        public var path: String
        public var nameProperty: String
        public var populationProperty: String
        public var cityProperty: String?
        public var codeProperty: String?
        /// `geojson`, `gpkg`, `shapefile` or `flatgeobuf`; when absent, taken from the extension (.gpkg, .shp,
        /// .fgb; anything else is GeoJSON). Everything but GeoJSON is read with GDAL.
        public var format: String?
        /// The coordinates' CRS (`wgs84`, `gcj02`, `EPSG:4547`, a PROJ string, WKT), as for lines. Default: the
        /// CRS the file states (a GeoPackage's, a Shapefile's .prj); GeoJSON is WGS-84.
        public var crs: String?
        /// The layer to read from a file with several (a GeoPackage); default the file's only layer.
        public var layer: String?

        public init(path: String, nameProperty: String, populationProperty: String, cityProperty: String? = nil,
                    codeProperty: String? = nil, format: String? = nil, crs: String? = nil, layer: String? = nil) {
            self.path = path; self.nameProperty = nameProperty; self.populationProperty = populationProperty
            self.cityProperty = cityProperty; self.codeProperty = codeProperty
            self.format = format; self.crs = crs; self.layer = layer
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case path, nameProperty = "name_property", populationProperty = "population_property"
            case cityProperty = "city_property", codeProperty = "code_property", format, crs, layer
        }
    }

    public struct GTFSInput: Codable, Sendable, Equatable {
        public var name: String
        public var path: String
        /// Character encoding of the feed's files (`TextEncoding` names); default UTF-8 as GTFS requires.
        public var encoding: String?

        public init(name: String, path: String, encoding: String? = nil) {
            self.name = name; self.path = path; self.encoding = encoding
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case name, path, encoding }
    }

    /// A planning-lines CSV with its CRS and service parameters (per tier, with per-line overrides). The
    /// parameters sit beside `name` and `path` in the JSON object (`"tier"`, `"headway_min"`, …), in the same
    /// form as each entry of `line_overrides`.
    public struct LinesInput: Codable, Sendable, Equatable {
        public var name: String
        public var path: String
        /// `wgs84`, `gcj02`, `bd09`, `EPSG:nnnn` or a PROJ string. Default wgs84.
        public var crs: String?
        /// Service of the file's lines; its `tier` is that of rows without a `tier` column value (default metro).
        public var service: LineParameters
        /// Per line overrides, keyed by line_id or by a line_name that one line of the file has; the highest
        /// precedence (`PlanningLinesOptions`). A key that matches no line is an error naming the closest.
        public var lineOverrides: [String: LineParameters]?
        /// Whether the name rules (`PlanningLineNameRule.defaults`) apply; default true.
        public var nameRules: Bool?
        /// Character encoding of the CSV (`TextEncoding` names: utf-8, gb18030, latin1); default UTF-8.
        public var encoding: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, path, crs, lineOverrides = "line_overrides", nameRules = "name_rules", encoding
        }

        public init(name: String, path: String, crs: String? = nil, service: LineParameters = LineParameters(),
                    lineOverrides: [String: LineParameters]? = nil, nameRules: Bool? = nil, encoding: String? = nil) {
            self.name = name; self.path = path; self.crs = crs; self.service = service; self.lineOverrides = lineOverrides
            self.nameRules = nameRules
            self.encoding = encoding
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            path = try c.decode(String.self, forKey: .path)
            crs = try c.decodeIfPresent(String.self, forKey: .crs)
            lineOverrides = try c.decodeIfPresent([String: LineParameters].self, forKey: .lineOverrides)
            nameRules = try c.decodeIfPresent(Bool.self, forKey: .nameRules)
            encoding = try c.decodeIfPresent(String.self, forKey: .encoding)
            service = try LineParameters(from: decoder)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(path, forKey: .path)
            try c.encodeIfPresent(crs, forKey: .crs)
            try c.encodeIfPresent(lineOverrides, forKey: .lineOverrides)
            try c.encodeIfPresent(nameRules, forKey: .nameRules)
            try c.encodeIfPresent(encoding, forKey: .encoding)
            try service.encode(to: encoder)
        }
    }

    /// Service parameters of planning lines; nil means the next source down decides (`PlanningLinesOptions`).
    public struct LineParameters: Codable, Sendable, Equatable {
        public var tier: Tier?
        public var headwayMinutes: Double?
        public var speedKmh: Double?
        /// Minutes from the first to the last station (dwells included); sets the speed. Line overrides only.
        public var tripTimeMinutes: Double?
        public var dwellSeconds: Double?
        /// "HH:MM" service start and end.
        public var serviceStart: String?
        public var serviceEnd: String?

        public init(tier: Tier? = nil, headwayMinutes: Double? = nil, speedKmh: Double? = nil, tripTimeMinutes: Double? = nil,
                    dwellSeconds: Double? = nil, serviceStart: String? = nil, serviceEnd: String? = nil) {
            self.tier = tier; self.headwayMinutes = headwayMinutes; self.speedKmh = speedKmh
            self.tripTimeMinutes = tripTimeMinutes
            self.dwellSeconds = dwellSeconds; self.serviceStart = serviceStart; self.serviceEnd = serviceEnd
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case tier, headwayMinutes = "headway_min", speedKmh = "speed_kmh", tripTimeMinutes = "trip_time_min"
            case dwellSeconds = "dwell_s", serviceStart = "service_start", serviceEnd = "service_end"
        }
    }

    public struct OSMInput: Codable, Sendable, Equatable {
        public var name: String
        public var path: String

        enum CodingKeys: String, CodingKey, CaseIterable { case name, path }
    }

    /// A driving road network: a layer of LineStrings (`RoadLayerReader`; GeoJSON, or GeoPackage, Shapefile,
    /// FlatGeobuf through GDAL, in any `crs`) or an OSM file (`OSMRoadExtractor`). `format` is `geojson`, `gpkg`,
    /// `shapefile`, `flatgeobuf` or `osm`; when absent, taken from the extension (.geojson/.json, .gpkg, .shp,
    /// .fgb), everything else OSM. `properties` maps roles (`RoadLayerOptions.propertyRoles`: key, name, class,
    /// direction, oneway, speed, speed_ab, …) to the layer's property names; the per-class tables take class
    /// names (motorway … service, other, connector).
    public struct RoadsInput: Codable, Sendable, Equatable {
        public var name: String
        public var path: String
        public var format: String?
        public var snapToleranceMeters: Double?
        public var properties: [String: String]?
        public var defaultSpeedsKmh: [String: Double]?
        public var capacityPerLane: [String: Double]?
        /// A road layer's CRS, as for districts (default the file's own; GeoJSON WGS-84). Not for OSM files.
        public var crs: String?
        /// The layer to read from a GeoPackage holding several.
        public var layer: String?

        public init(name: String, path: String, format: String? = nil, snapToleranceMeters: Double? = nil,
                    properties: [String: String]? = nil, defaultSpeedsKmh: [String: Double]? = nil,
                    capacityPerLane: [String: Double]? = nil, crs: String? = nil, layer: String? = nil) {
            self.name = name; self.path = path; self.format = format; self.snapToleranceMeters = snapToleranceMeters
            self.properties = properties; self.defaultSpeedsKmh = defaultSpeedsKmh; self.capacityPerLane = capacityPerLane
            self.crs = crs; self.layer = layer
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, path, format, snapToleranceMeters = "snap_tolerance_m", properties
            case defaultSpeedsKmh = "default_speeds_kmh", capacityPerLane = "capacity_per_lane", crs, layer
        }
    }

    /// Build parameters; nil means the documented default.
    public struct Parameters: Codable, Sendable, Equatable {
        public var walkSpeedMetersPerSecond: Double?
        public var detourFactor: Double?
        public var hubRadiusMeters: Double?
        public var maxTransferWalkMeters: Double?
        /// Hub name → { "rail_rail" | "metro_metro" | "rail_metro" | "<tier>_<tier>": minutes } (`HubTransferKeys`).
        public var hubTransfers: [String: [String: Double]]?

        public init(walkSpeedMetersPerSecond: Double? = nil, detourFactor: Double? = nil,
                    hubRadiusMeters: Double? = nil, maxTransferWalkMeters: Double? = nil,
                    hubTransfers: [String: [String: Double]]? = nil) {
            self.walkSpeedMetersPerSecond = walkSpeedMetersPerSecond; self.detourFactor = detourFactor
            self.hubRadiusMeters = hubRadiusMeters; self.maxTransferWalkMeters = maxTransferWalkMeters
            self.hubTransfers = hubTransfers
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case walkSpeedMetersPerSecond = "walk_speed_mps", detourFactor = "detour_factor"
            case hubRadiusMeters = "hub_radius_m", maxTransferWalkMeters = "max_transfer_walk_m"
            case hubTransfers = "hub_transfers"
        }
    }

    /// Thresholds of `metrocommute gaps` (optional; each nil means the documented default).
    public struct GapThresholds: Codable, Sendable, Equatable {
        public var hubRadiusMeters: Double?
        public var zeroDistanceMinutes: Double?
        public var acceptableMinutes: Double?
        public var lastMileRadiusMeters: Double?
        public var metroCityMinimumStations: Int?
        public var missingLinkRadiusMeters: Double?
        public var coverageRadiusMeters: Double?

        public init(hubRadiusMeters: Double? = nil, zeroDistanceMinutes: Double? = nil, acceptableMinutes: Double? = nil,
                    lastMileRadiusMeters: Double? = nil, metroCityMinimumStations: Int? = nil,
                    missingLinkRadiusMeters: Double? = nil, coverageRadiusMeters: Double? = nil) {
            self.hubRadiusMeters = hubRadiusMeters; self.zeroDistanceMinutes = zeroDistanceMinutes
            self.acceptableMinutes = acceptableMinutes; self.lastMileRadiusMeters = lastMileRadiusMeters
            self.metroCityMinimumStations = metroCityMinimumStations
            self.missingLinkRadiusMeters = missingLinkRadiusMeters; self.coverageRadiusMeters = coverageRadiusMeters
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case hubRadiusMeters = "hub_radius_m", zeroDistanceMinutes = "zero_distance_min"
            case acceptableMinutes = "acceptable_min", lastMileRadiusMeters = "last_mile_radius_m"
            case metroCityMinimumStations = "metro_city_min_stations"
            case missingLinkRadiusMeters = "missing_link_radius_m", coverageRadiusMeters = "coverage_radius_m"
        }
    }

    public var area: String
    /// ISO date, e.g. 2016-03-10.
    public var serviceDate: String
    /// Local metric CRS for areas and grids; nil = chosen from the area's centre (UTM).
    public var localCRS: String?
    public var districts: DistrictsInput?
    public var gtfs: [GTFSInput]
    public var lines: [LinesInput]
    public var osm: [OSMInput]
    /// Driving road networks (at most one per area); empty when absent.
    public var roads: [RoadsInput]
    /// Route key (`<source>:<id>`), route id / line_id, or route short name / line_name → tier. A key that
    /// matches no route is an error naming the closest.
    public var tierOverrides: [String: Tier]
    public var parameters: Parameters
    /// Gap-analysis thresholds; nil when the manifest has no `gaps` object.
    public var gaps: GapThresholds?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case area, serviceDate = "service_date", localCRS = "local_crs", districts, gtfs, lines, osm, roads
        case tierOverrides = "tier_overrides", parameters, gaps
    }

    public init(area: String, serviceDate: String, localCRS: String? = nil, districts: DistrictsInput? = nil,
                gtfs: [GTFSInput] = [], lines: [LinesInput] = [], osm: [OSMInput] = [],
                tierOverrides: [String: Tier] = [:], parameters: Parameters = Parameters(), roads: [RoadsInput] = [],
                gaps: GapThresholds? = nil) {
        self.area = area; self.serviceDate = serviceDate; self.localCRS = localCRS; self.districts = districts
        self.gtfs = gtfs; self.lines = lines; self.osm = osm; self.roads = roads; self.tierOverrides = tierOverrides
        self.parameters = parameters
        self.gaps = gaps
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        area = try c.decode(String.self, forKey: .area)
        serviceDate = try c.decode(String.self, forKey: .serviceDate)
        localCRS = try c.decodeIfPresent(String.self, forKey: .localCRS)
        districts = try c.decodeIfPresent(DistrictsInput.self, forKey: .districts)
        gtfs = try c.decodeIfPresent([GTFSInput].self, forKey: .gtfs) ?? []
        lines = try c.decodeIfPresent([LinesInput].self, forKey: .lines) ?? []
        osm = try c.decodeIfPresent([OSMInput].self, forKey: .osm) ?? []
        roads = try c.decodeIfPresent([RoadsInput].self, forKey: .roads) ?? []
        tierOverrides = try c.decodeIfPresent([String: Tier].self, forKey: .tierOverrides) ?? [:]
        parameters = try c.decodeIfPresent(Parameters.self, forKey: .parameters) ?? Parameters()
        gaps = try c.decodeIfPresent(GapThresholds.self, forKey: .gaps)
    }

    /// Reads and checks a manifest; errors name the file and the offending key.
    public static func load(path: String) throws -> (manifest: AreaManifest, folder: URL) {
        let url = URL(fileURLWithPath: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, message: "cannot read the manifest (missing or unreadable)")
        }
        guard !data.isEmpty else { throw InputError(file: path, message: "the manifest is empty") }
        try ManifestKeys.check(data, manifestPath: path)
        let manifest: AreaManifest
        do {
            manifest = try JSONDecoder().decode(AreaManifest.self, from: data)
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw InputError(file: path, location: codingPath(ctx.codingPath), message: "missing key \"\(key.stringValue)\"")
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw InputError(file: path, location: codingPath(ctx.codingPath), message: ctx.debugDescription)
        } catch let DecodingError.dataCorrupted(ctx) {
            let detail = (ctx.underlyingError as NSError?)?.userInfo["NSDebugDescription"] as? String ?? ctx.debugDescription
            throw InputError(file: path, location: ctx.codingPath.isEmpty ? nil : codingPath(ctx.codingPath),
                             message: "not valid manifest JSON: \(detail)")
        } catch let DecodingError.valueNotFound(_, ctx) {
            throw InputError(file: path, location: codingPath(ctx.codingPath), message: "value missing")
        }
        guard GTFSDate(iso: manifest.serviceDate) != nil else {
            throw InputError(file: path, location: "service_date",
                             message: "\"\(manifest.serviceDate)\" is not a date of the form YYYY-MM-DD")
        }
        return (manifest, url.deletingLastPathComponent())
    }

    private static func codingPath(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    /// An input path resolved against the manifest's folder.
    public static func resolve(_ path: String, in folder: URL) -> String {
        path.hasPrefix("/") ? path : folder.appendingPathComponent(path).standardizedFileURL.path
    }
}
