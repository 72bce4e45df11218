import Foundation
import GeoIO
import GeoCore
import GeoPROJ
import Network
import Routing

/// Builds one `BuiltNetwork` from an area manifest: reads every input it names (GTFS, planning lines with
/// their CRS, OSM streets, district boundaries in GeoJSON or a GDAL format), applies the tier overrides, groups hubs and generates
/// transfers. Every reader's counts, tier classifications and warnings are kept in the network's metadata.
public struct AreaBuilder {
    /// Reports the stage being worked on and, when known, the fraction of all stages done.
    public typealias Progress = (_ stage: String, _ fractionDone: Double) -> Void

    public struct Result: Sendable {
        public var network: BuiltNetwork
        public var warnings: [InputWarning]
    }

    public let manifestPath: String
    /// The most memory one input may make the build ask for (`MemoryLimit`; the CLI's `--max-memory`).
    public var memoryLimit: MemoryLimit

    public init(manifestPath: String, memoryLimit: MemoryLimit = .default) {
        self.manifestPath = manifestPath
        self.memoryLimit = memoryLimit
    }

    public func build(progress: Progress = { _, _ in }) throws -> Result {
        let (manifest, folder) = try AreaManifest.load(path: manifestPath)
        guard let date = GTFSDate(iso: manifest.serviceDate) else {
            throw InputError(file: manifestPath, location: "service_date", message: "not a date of the form YYYY-MM-DD")
        }
        var parameters = Self.parameters(from: manifest.parameters)
        parameters.hubTransfers = try HubTransferKeys.overrides(from: manifest.parameters.hubTransfers,
                                                                manifestPath: manifestPath)
        if let (key, message) = parameters.problem {
            throw InputError(file: manifestPath, location: "parameters.\(key)", message: message)
        }
        let localCRS = try Self.localCRS(manifest.localCRS, manifestPath: manifestPath)
        let tierRules = TierRules(overrides: manifest.tierOverrides)
        let stageCount = Double(manifest.gtfs.count + manifest.lines.count + manifest.osm.count + manifest.roads.count + 3)
        var stagesDone = 0.0
        func stage(_ text: String) {
            progress(text, stagesDone / stageCount)
            stagesDone += 1
        }

        var input = TransitInput()
        var sources: [BuiltNetwork.SourceSummary] = []
        var warnings: [InputWarning] = []
        // The network stores each input's path as the manifest writes it, so that the same inputs in another
        // folder give the same bytes.

        for (index, gtfs) in manifest.gtfs.enumerated() {
            stage("reading GTFS \(gtfs.name)")
            let path = AreaManifest.resolve(gtfs.path, in: folder)
            var reader = GTFSReader(url: URL(fileURLWithPath: path), sourceName: gtfs.name, tierRules: tierRules)
            reader.memoryLimit = memoryLimit
            reader.encoding = try Self.encoding(gtfs.encoding, place: "gtfs[\(index)].encoding", manifestPath: manifestPath)
            let (part, report) = try reader.read(serviceDate: date)
            if let error = report.noTripsError(feed: path) { throw error }
            input.append(part)
            warnings += report.warnings
            sources.append(.init(name: gtfs.name, report: Self.describe(report, path: gtfs.path), path: gtfs.path,
                                 hash: try InputHash.of(path: path, shownPath: gtfs.path)))
        }
        let gtfsStops = Array(input.stops.indices)
        var lineStops: [(name: String, crs: String, path: String, stops: Range<Int>)] = []

        for (index, lines) in manifest.lines.enumerated() {
            stage("reading planning lines \(lines.name)")
            let path = AreaManifest.resolve(lines.path, in: folder)
            let crsName = lines.crs ?? "wgs84"
            guard let crs = CoordinateSystem(parsing: crsName) else {
                throw InputError(file: manifestPath, location: "lines \(lines.name).crs", message: "empty CRS")
            }
            let converter: CoordinateConverter
            do {
                converter = try CoordinateConverter(from: crs, to: .wgs84)
            } catch {
                throw InputError(file: manifestPath, location: "lines \(lines.name).crs", message: "\(error)")
            }
            var options = try Self.linesOptions(lines, manifestPath: manifestPath)
            options.encoding = try Self.encoding(lines.encoding, place: "lines[\(index)].encoding", manifestPath: manifestPath)
            options.memoryLimit = memoryLimit
            let first = input.stops.count
            let (part, report) = try PlanningLinesReader(url: URL(fileURLWithPath: path), sourceName: lines.name, options: options)
                .read(toWGS84: { try converter.convert($0) })
            input.append(part)
            lineStops.append((lines.name, crsName, path, first..<input.stops.count))
            warnings += report.warnings
            sources.append(.init(name: lines.name, report: Self.describe(report, path: lines.path, crs: crs), path: lines.path,
                                 hash: try InputHash.of(path: path, shownPath: lines.path)))
        }

        input.applyTierOverrides(manifest.tierOverrides)
        try TierOverrideKeys.check(manifest.tierOverrides, routes: input.routes, manifestPath: manifestPath)

        var streets = StreetGraph.empty
        for osm in manifest.osm {
            stage("reading OSM \(osm.name)")
            guard streets.nodeCount == 0 else {
                throw InputError(file: manifestPath, location: "osm", message: "only one OSM street source per area is supported")
            }
            let path = AreaManifest.resolve(osm.path, in: folder)
            let extract = try OSMNetworkExtractor.extract(path: path, options: .init(memoryLimit: memoryLimit))
            streets = extract.streetGraph
            sources.append(.init(name: osm.name, report: """
                \(osm.path): \(extract.counts.nodes) nodes, \(extract.counts.ways) ways, \(extract.counts.relations) relations; \
                walkable ways \(extract.walkableWayCount) → street graph \(streets.nodeCount) nodes, \(streets.arcCount) arcs; \
                rail: \(extract.railLines.count) lines, \(extract.railStations.count) stations, \(extract.railRoutes.count) routes
                """, path: osm.path, hash: try InputHash.of(path: path, shownPath: osm.path)))
        }

        var roads = RoadGraph.empty
        if manifest.roads.count > 1 {
            throw InputError(file: manifestPath, location: "roads", message: "only one road source per area is supported")
        }
        for input in manifest.roads {
            stage("reading roads \(input.name)")
            var (graph, report) = try Self.readRoads(input, folder: folder, manifestPath: manifestPath, memoryLimit: memoryLimit)
            roads = graph
            warnings += report.warnings
            report.source = input.path
            sources.append(.init(name: input.name, report: report.description, path: input.path,
                                 hash: try InputHash.of(path: AreaManifest.resolve(input.path, in: folder), shownPath: input.path)))
        }

        stage("reading districts")
        var districts: [District] = []
        if let d = manifest.districts {
            let path = AreaManifest.resolve(d.path, in: folder)
            let result = try DistrictsSource.read(d, folder: folder, manifestPath: manifestPath, memoryLimit: memoryLimit)
            districts = result.districts
            warnings += result.warnings
            for line in lineStops {
                try StationPlacementChecks.requireInside(input, stops: line.stops, districts: districts, districtsFile: path,
                                                         inputName: line.path)
            }
            sources.append(.init(name: "districts", report: result.report, path: d.path,
                                 hash: try InputHash.of(path: path, shownPath: d.path)))
        }
        // The local CRS must be made for the area: the districts' box, else the stations'.
        if let localCRS {
            let districtBox = BoundingBox(covering: districts.flatMap { $0.boundary.polygons.flatMap { $0.shell.coordinates } })
            if let area = districtBox ?? BoundingBox(covering: input.stops.map(\.coordinate)) {
                try LocalCRSCheck.check(localCRS, area: area, areaSource: districtBox != nil ? "the districts" : "the stations",
                                        manifestPath: manifestPath)
            }
        }

        for line in lineStops {
            guard let (shift, pairs, meters) = StationPlacementChecks.gcjShift(input, stations: line.stops, reference: gtfsStops)
            else { continue }
            let looks = shift == .gcjOffset ? "GCJ-02 (the Chinese map offset) although read as \(line.crs)"
                : "already WGS-84 although \"crs\" says \(line.crs)"
            let fix = shift == .gcjOffset ? "set \"crs\": \"gcj02\"" : "remove \"crs\" or set it to wgs84"
            warnings.append(InputWarning(file: line.path, message: "\(pairs) stations lie about \(meters) m from the GTFS "
                + "stops of the same name, shifted by the GCJ-02 offset \(shift == .gcjOffset ? "" : "in reverse "): the "
                + "coordinates look \(looks); \(fix) for lines \(line.name) in the manifest"))
        }

        stage("grouping hubs and transfers")
        let layer: TransitLayer, buildWarnings: [InputWarning]
        do {
            // Transfers walk on the streets (the access rule) where there are any: the stops are linked here
            // exactly as `BuiltNetwork` will link them (stored coordinates, `stopLinkMaxMeters`).
            var walks: StreetTransferWalks?
            if streets.nodeCount > 0 {
                let links = StopStreetLinks.compute(coordinates: input.stops.map { TransitLayer.storedCoordinate($0.coordinate) },
                                                    streets: streets, maxMeters: parameters.stopLinkMaxMeters)
                walks = StreetTransferWalks(streets: streets, links: links)
            }
            (layer, buildWarnings) = try TransitLayerBuilder(parameters: parameters).build(input, streets: walks)
        } catch let unknown as TransitLayerBuilder.UnknownHub {
            let hint = unknown.closest.isEmpty ? "" : " (closest: \(unknown.closest.joined(separator: ", ")))"
            throw InputError(file: manifestPath, location: "parameters.hub_transfers.\(unknown.name)",
                             message: "no hub of the network is named \"\(unknown.name)\"\(hint)")
        }
        warnings += buildWarnings

        stage("linking stops to streets")
        let metadata = BuiltNetwork.Metadata(
            areaName: manifest.area, serviceDate: manifest.serviceDate,
            localCRS: localCRS, parameters: parameters, sources: sources)
        let network = BuiltNetwork(metadata: metadata, transit: layer, streets: streets, districts: districts, roads: roads)
        progress("built", 1)
        return Result(network: network, warnings: warnings)
    }

    /// The manifest's `local_crs`, checked with PROJ: nil for absent or "auto"; an `InputError` naming the key
    /// when PROJ does not know it or it is not a projected (metric) CRS.
    static func localCRS(_ value: String?, manifestPath: String) throws -> LocalCRSDefinition? {
        guard let crs = LocalCRSDefinition(manifestValue: value) else { return nil }
        let transformer: Transformer
        do {
            transformer = try Transformer(from: "EPSG:4326", to: crs.definition)
        } catch let error as PROJError {
            throw InputError(file: manifestPath, location: "local_crs", message: error.message)
        }
        guard !transformer.targetIsGeographic else {
            throw InputError(file: manifestPath, location: "local_crs",
                             message: "\"\(crs.definition)\" is a geographic CRS; a projected (metric) one is needed")
        }
        return crs
    }

    /// Reads the manifest's road source (a GeoJSON, GeoPackage, Shapefile or FlatGeobuf layer, or an OSM file) with its options.
    static func readRoads(_ input: AreaManifest.RoadsInput, folder: URL, manifestPath: String,
                          memoryLimit: MemoryLimit = .default) throws
        -> (graph: RoadGraph, report: RoadLayerReport)
    {
        let place = "roads \(input.name)"
        func classTable(_ table: [String: Double]?, _ key: String) throws -> [RoadClass: Double] {
            var out: [RoadClass: Double] = [:]
            for (name, value) in table ?? [:] {
                guard let c = RoadClass(name: name) else {
                    throw InputError(file: manifestPath, location: "\(place).\(key).\(name)",
                                     message: "unknown road class (expected one of \(RoadClass.allCases.map(\.name).joined(separator: ", ")))")
                }
                guard value.isFinite, value > 0 else {
                    throw InputError(file: manifestPath, location: "\(place).\(key).\(name)", message: "must be a positive number")
                }
                out[c] = value
            }
            return out
        }
        let defaults = RoadClassDefaults(speedKmh: try classTable(input.defaultSpeedsKmh, "default_speeds_kmh"),
                                         capacityPerLanePerHour: try classTable(input.capacityPerLane, "capacity_per_lane"))
        let path = AreaManifest.resolve(input.path, in: folder)
        // GeoJSON and the GDAL formats by extension; anything else is an OSM file.
        let format = input.format?.lowercased() ?? VectorInput.Format(extensionOf: path)?.rawValue ?? "osm"
        if format == "osm" && (input.crs != nil || input.layer != nil) {
            throw InputError(file: manifestPath, location: "\(place).\(input.crs != nil ? "crs" : "layer")",
                             message: "applies to a road layer (geojson, gpkg, shapefile, flatgeobuf), not to an OSM file")
        }
        switch format {
        case "geojson", "gpkg", "shapefile", "flatgeobuf":
            var options = RoadLayerOptions()
            options.classDefaults = defaults
            if let t = input.snapToleranceMeters {
                guard t.isFinite, t >= 0 else {
                    throw InputError(file: manifestPath, location: "\(place).snap_tolerance_m", message: "must be a number ≥ 0")
                }
                options.snapToleranceMeters = t
            }
            for (role, property) in input.properties ?? [:] where !options.setProperty(role: role, to: property) {
                throw InputError(file: manifestPath, location: "\(place).properties.\(role)",
                                 message: "unknown role (expected one of \(RoadLayerOptions.propertyRoles.joined(separator: ", ")))")
            }
            let layer = try VectorInput.read(path: path, format: VectorInput.Format(rawValue: format)!, crs: input.crs,
                                             layer: input.layer, entry: place, manifestPath: manifestPath, memoryLimit: memoryLimit)
            var reader = RoadLayerReader(options: options)
            reader.memoryLimit = memoryLimit
            var result = try reader.read(FeatureCollection(layer.features), fileName: path)
            result.report.warnings = layer.warnings + result.report.warnings
            return result
        case "osm":
            return try OSMRoadExtractor.extract(path: path, defaults: defaults, memoryLimit: memoryLimit)
        default:
            throw InputError(file: manifestPath, location: "\(place).format",
                             message: "\"\(input.format ?? format)\" is not one of geojson, gpkg, shapefile, flatgeobuf, osm")
        }
    }

    /// The manifest's `encoding` at `place`; UTF-8 when absent.
    static func encoding(_ name: String?, place: String, manifestPath: String) throws -> TextEncoding {
        guard let name else { return .utf8 }
        guard let encoding = TextEncoding(name: name) else {
            throw InputError(file: manifestPath, location: place, message: "unknown encoding \"\(name)\" (expected one of "
                                + "\(TextEncoding.manifestNames.joined(separator: ", ")))")
        }
        return encoding
    }

    static func parameters(from p: AreaManifest.Parameters) -> BuildParameters {
        var b = BuildParameters()
        if let v = p.walkSpeedMetersPerSecond { b.walkingSpeedMetersPerSecond = v }
        if let v = p.detourFactor { b.detourFactor = v }
        if let v = p.hubRadiusMeters { b.hubRadiusMeters = v }
        if let v = p.maxTransferWalkMeters { b.transferRadiusMeters = v }
        return b
    }

    static func linesOptions(_ lines: AreaManifest.LinesInput, manifestPath: String) throws -> PlanningLinesOptions {
        let tier = lines.service.tier ?? .metro
        let place = "lines \(lines.name)"
        guard lines.service.tripTimeMinutes == nil else {
            throw InputError(file: manifestPath, location: "\(place).trip_time_min",
                             message: "a trip time belongs to one line: give it in line_overrides")
        }
        let base = try lineParameters(lines.service, place: place, manifestPath: manifestPath).applied(to: .defaults(for: tier))
        if let (key, message) = base.problem {
            throw InputError(file: manifestPath, location: "\(place).\(key)", message: message)
        }
        var overrides: [String: PlanningLineParameters] = [:]
        for (key, p) in (lines.lineOverrides ?? [:]).sorted(by: { $0.key < $1.key }) {
            overrides[key] = try lineParameters(p, place: "\(place).line_overrides.\(key)", manifestPath: manifestPath)
        }
        return PlanningLinesOptions(serviceByTier: [tier: base], lineOverrides: overrides,
                                    nameRules: lines.nameRules == false ? [] : PlanningLineNameRule.defaults,
                                    defaultTier: tier, overridesFile: manifestPath, overridesLocation: "\(place).line_overrides")
    }

    /// The manifest's line parameters at `place`, parsed and range-checked.
    static func lineParameters(_ p: AreaManifest.LineParameters, place: String, manifestPath: String) throws
        -> PlanningLineParameters
    {
        var out = PlanningLineParameters(tier: p.tier, headwayMinutes: p.headwayMinutes, speedKmh: p.speedKmh,
                                         tripTimeMinutes: p.tripTimeMinutes)
        if let dwell = p.dwellSeconds {
            guard dwell >= Double(PlanningLineService.dwellRangeSeconds.lowerBound),
                  dwell <= Double(PlanningLineService.dwellRangeSeconds.upperBound) else {
                throw InputError(file: manifestPath, location: "\(place).dwell_s", message: "dwell \(dwell) s is not within 0…3600 s")
            }
            out.dwellSeconds = Int(dwell.rounded())
        }
        for (key, text) in [("service_start", p.serviceStart), ("service_end", p.serviceEnd)] {
            guard let text else { continue }
            guard let t = GTFSTime.parseSeconds(text + (text.count == 5 ? ":00" : "")) else {
                throw InputError(file: manifestPath, location: "\(place).\(key)", message: "\"\(text)\" is not HH:MM")
            }
            if key == "service_start" { out.firstDepartureSeconds = t } else { out.lastDepartureSeconds = t }
        }
        if let (key, message) = out.problem {
            throw InputError(file: manifestPath, location: "\(place).\(key)", message: message)
        }
        return out
    }

    static func describe(_ r: GTFSReport, path: String) -> String {
        let tiers = Tier.allCases.compactMap { t in r.tripsByTier[t].map { "\(t.rawValue) \($0)" } }.joined(separator: ", ")
        return """
            \(path): service date \(r.serviceDate); stops \(r.stopsKept)/\(r.stops), routes \(r.routesKept)/\(r.routes), \
            trips running \(r.tripsRunning)/\(r.trips) (+\(r.frequencyTripsGenerated) from frequencies, kept \(r.tripsKept)), \
            stop_times \(r.stopTimesKept)/\(r.stopTimes) (\(r.stopTimesInterpolated) interpolated), transfers \(r.transfersKept); \
            trips by tier: \(tiers); warnings \(r.warnings.count)
            """
    }

    static func describe(_ r: PlanningLinesReport, path: String, crs: CoordinateSystem) -> String {
        let tiers = Tier.allCases.compactMap { t in r.linesByTier[t].map { "\(t.rawValue) \($0)" } }.joined(separator: ", ")
        return "\(path) (\(crs) → wgs84): \(r.rows) rows, \(r.lines) lines (\(tiers)), \(r.stations) stations, \(r.trips) trips generated; warnings \(r.warnings.count)"
    }
}

extension TransitInput {
    /// Sets the tier of every route whose key, id or short name is in `overrides` (and of its trips).
    public mutating func applyTierOverrides(_ overrides: [String: Tier]) {
        guard !overrides.isEmpty else { return }
        var changed: [Int: Tier] = [:]
        for i in routes.indices {
            guard let tier = TierOverrideKeys.names(of: routes[i]).lazy.compactMap({ overrides[$0] }).first else { continue }
            routes[i].tier = tier
            routes[i].tierReason = "override in manifest"
            changed[i] = tier
        }
        for i in trips.indices { if let t = changed[trips[i].route] { trips[i].tier = t } }
    }
}
