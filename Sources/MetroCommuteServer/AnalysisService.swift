import Analysis
import Foundation
import GeoCore
import GeoIO
import Network
import NetworkExport
import Routing

/// An answer's bytes, media type and the file name a browser saves it under.
public struct APIOutput: Sendable {
    public var data: Data
    public var contentType: String
    public var filename: String
}

/// Writes features as a GeoPackage file's bytes: the CLI's writer (`FeatureOutputWriter`, GDAL), handed in by
/// `serve` (this module does not link GDAL).
public typealias GeoPackageWriter = @Sendable (FeatureCollection, FeatureSchema, Provenance) throws -> Data

/// The API's analyses, each a synchronous function from checked parameters to an answer, run by the server on
/// its `AnalysisPool`. The same library calls as the commands of the same names, with the same defaults and
/// ranges; answers carry the provenance of the CLI's outputs (command `serve <route>`). Every analysis runs on
/// the base network or on a scenario named by `scenario`; `compare/<analysis>` runs it on both.
public final class AnalysisService: Sendable {
    /// The base network.
    public let served: ServedNetwork
    /// The scenarios the server was started with, in the order given (names unique, none "base").
    public let scenarios: [ServedNetwork]
    public let limits: ServerLimits
    /// Threads of the analyses that split their own work (rings, bottlenecks).
    public let analysisThreads: Int
    /// nil: no GeoPackage answers (`format=gpkg` is a 400).
    public let geoPackageWriter: GeoPackageWriter?
    private let isochroneCalculators = CalculatorShelf<IsochroneCalculator>()

    public init(served: ServedNetwork, scenarios: [ServedNetwork] = [], limits: ServerLimits = ServerLimits(),
                analysisThreads: Int = ProcessInfo.processInfo.activeProcessorCount, geoPackageWriter: GeoPackageWriter? = nil) {
        precondition(scenarios.allSatisfy { $0.scenario != nil }, "a scenario side without its scenario")
        self.served = served
        self.scenarios = scenarios
        self.limits = limits
        self.analysisThreads = max(1, analysisThreads)
        self.geoPackageWriter = geoPackageWriter
    }

    var scenarioNames: [String] { scenarios.compactMap { $0.scenario?.name } }

    /// The network a request names with `scenario`: the base without it (or with `base`), else the scenario of
    /// that name; an unknown name is a 400 naming the known ones.
    func side(_ p: APIParameters) throws -> ServedNetwork {
        guard let name = try p.string("scenario"), name != "base" else { return served }
        if let found = scenarios.first(where: { $0.scenario?.name == name }) { return found }
        let known = scenarioNames.map { "\"\($0)\"" }
        throw APIError.parameter("scenario", known.isEmpty
            ? "unknown scenario \"\(name)\": this server serves the base network only (start it with serve --scenario file.json)"
            : "unknown scenario \"\(name)\": this server serves base and \(known.joined(separator: ", "))")
    }

    // MARK: shared parameters

    func travelParameters(_ p: APIParameters, depart: String, window: Int, percentiles: [Double],
                          boardSlackSeconds: Int32 = 60, singleMinute: Bool = false) throws -> TravelTimeParameters {
        let first = try TravelTimeArguments.parseClock(try p.string("depart") ?? depart, argument: "depart")
        let windowMinutes = try p.int("window", in: 1...1440, unit: "min") ?? window
        guard windowMinutes <= limits.maxWindowMinutes else {
            throw APIError.parameter("window", "\(windowMinutes) min is above this server's limit of \(limits.maxWindowMinutes) min per request")
        }
        let maxRides = try p.int("max_rides", in: 0...20) ?? 8
        let maxTrip = try p.double("max_trip", in: 1...1440, unit: "min") ?? Double(TravelTimeParameters.defaultMaxTripSeconds) / 60
        let radius = try p.double("access_radius", in: 0...20_000, unit: "m") ?? AccessParameters.defaultMaxRadiusMeters
        return TravelTimeParameters(
            firstDepartureSeconds: first, windowMinutes: singleMinute ? 1 : windowMinutes, percentiles: percentiles,
            raptor: RaptorParameters(maxRides: maxRides, boardSlackSeconds: boardSlackSeconds),
            access: AccessParameters(build: served.network.metadata.parameters, maxRadiusMeters: radius),
            profile: try profile(p), maxTripSeconds: Int32((maxTrip * 60).rounded()))
    }

    func profile(_ p: APIParameters) throws -> AccessProfile {
        let name = try p.string("profile") ?? "commuter"
        guard var profile = AccessProfile.named[name] else {
            throw APIError.parameter("profile", "unknown profile \"\(name)\": use \(AccessProfile.named.keys.sorted().joined(separator: " or "))")
        }
        func modes(_ option: String, egress: Bool) throws -> [AccessMode]? {
            guard let text = try p.string(option) else { return nil }
            let list = try text.split(separator: ",").map { item -> AccessMode in
                let word = item.trimmingCharacters(in: .whitespaces)
                guard let m = AccessMode(rawValue: word) else {
                    throw APIError.parameter(option, "unknown mode \"\(word)\": use \(AccessMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                if egress && !m.servesEgress { throw APIError.parameter(option, "\(word) is an access mode only (park-and-ride)") }
                return m
            }
            guard !list.isEmpty else { throw APIError.parameter(option, "give at least one mode") }
            return list
        }
        if let access = try modes("access", egress: false) { profile = AccessProfile(name: profile.name + "+access", access: access, egress: profile.egress) }
        if let egress = try modes("egress", egress: true) { profile = AccessProfile(name: profile.name + "+egress", access: profile.access, egress: egress) }
        return profile
    }

    func mode(_ p: APIParameters) throws -> TravelMode {
        let text = try p.string("mode") ?? "transit"
        guard let mode = TravelMode(rawValue: text) else { throw APIError.parameter("mode", "\"\(text)\" is not transit, drive or walk") }
        return mode
    }

    func places(_ p: APIParameters, _ name: String, on served: ServedNetwork, accessRadius: Double, max: Int) throws -> [Place] {
        let texts = try p.strings(name)
        guard !texts.isEmpty else { throw APIError.parameter(name, "give at least one place") }
        guard texts.count <= max else { throw APIError.parameter(name, "\(texts.count) places; at most \(max) per request") }
        for text in texts where text.trimmingCharacters(in: .whitespaces).isEmpty {
            throw APIError.parameter(name, "an empty place")
        }
        let resolver = served.placeResolver(accessRadiusMeters: accessRadius)
        // Files are the CLI's: a server reads no path a request names.
        for text in texts where text.hasSuffix(".csv") || text.hasSuffix(".geojson") || text.hasSuffix(".json") {
            throw APIError.parameter(name, "\"\(text)\": give stations, districts or lon,lat; files are not read")
        }
        return try resolver.resolveAll(texts, argument: name)
    }

    /// `core`: one place (its text as given, for provenance).
    func resolveCore(_ p: APIParameters, on served: ServedNetwork, accessRadius: Double) throws -> (text: String, place: Place) {
        let text = try p.string("core") ?? ""
        let cores = try places(APIParameters(values: ["core": .string(text)]), "core", on: served, accessRadius: accessRadius, max: 1)
        guard cores.count == 1 else {
            throw APIError.parameter("core", "\"\(text)\" gives \(cores.count) places; the core must be one")
        }
        return (text, cores[0])
    }

    /// How every endpoint starts: `p` checked against the route's parameters, then the asked format and the network
    /// side (base, or the `scenario` parameter's).
    func request(_ route: APIRoute, _ p: APIParameters) throws -> (format: (name: String, type: String), served: ServedNetwork) {
        try p.check(against: route.parameters)
        return (try format(p, route), try side(p))
    }

    func format(_ p: APIParameters, _ route: APIRoute) throws -> (name: String, type: String) {
        let name = try p.string("format") ?? route.parameters.first { $0.name == "format" }!.choices[0]
        return (name, route.formats[name]!)
    }

    /// Features in the asked format: GeoJSON with the provenance as `metadata`, a GeoPackage (`schema`'s tables)
    /// or the CSV `rows` give.
    func features(_ collection: FeatureCollection, schema: FeatureSchema?, csv rows: @autoclosure () -> [[String]],
                  provenance: Provenance, format: (name: String, type: String), stem: String) throws -> APIOutput {
        switch format.name {
        case "csv":
            return APIOutput(data: Self.csv(rows(), provenance), contentType: format.type, filename: "\(stem).csv")
        case "gpkg":
            guard let schema, let writer = geoPackageWriter else {
                throw APIError.parameter("format", "gpkg is not available from this server")
            }
            return APIOutput(data: try writer(collection, schema, provenance), contentType: format.type, filename: "\(stem).gpkg")
        default:
            return APIOutput(data: Self.annotated(collection, provenance), contentType: format.type, filename: "\(stem).geojson")
        }
    }

    static func annotated(_ collection: FeatureCollection, _ provenance: Provenance) -> Data {
        var c = collection
        c.foreignMembers["metadata"] = provenance.jsonValue
        return GeoJSONWriter().data(for: c)
    }

    static func csv(_ rows: [[String]], _ provenance: Provenance) -> Data {
        var writer = CsvWriter()
        for row in rows { writer.writeRow(row) }
        return Data(Array(provenance.commentHeader.utf8) + writer.bytes)
    }

    // MARK: routes

    public func traveltime(_ p: APIParameters) throws -> APIOutput {
        let (format, served) = try request(APIRoutes.traveltime, p), network = served.network
        let mode = try mode(p)
        let percentiles = try TravelTimeArguments.parsePercentiles(
            (try p.numbers("percentile") ?? [50]).map { APIParameters.text($0) }.joined(separator: ","), argument: "percentile")
        let travel = try travelParameters(p, depart: "08:00", window: 60, percentiles: percentiles)
        let from = try places(p, "from", on: served, accessRadius: travel.access.maxRadiusMeters, max: limits.maxPlaces)
        let to = try places(p, "to", on: served, accessRadius: travel.access.maxRadiusMeters, max: limits.maxPlaces)
        guard from.count * to.count <= limits.maxPairs else {
            throw APIError.parameter("to", "\(from.count) × \(to.count) pairs; at most \(limits.maxPairs) per request")
        }
        if mode == .transit, from.count * travel.windowMinutes > limits.maxOriginMinutes {
            throw APIError.parameter("window", "\(from.count) origins × \(travel.windowMinutes) min is above this server's limit of \(limits.maxOriginMinutes) origin-minutes per request")
        }
        let explain = try p.bool("explain") ?? false
        if explain && (from.count != 1 || to.count != 1) {
            throw APIError.parameter("explain", "explains one pair: give one origin and one destination (got \(from.count) × \(to.count))")
        }
        let matrix: TravelTimeMatrix
        var itinerary: String?
        if mode == .transit {
            matrix = TravelTimeMatrix(network: network, origins: from, destinations: to, parameters: travel)
            if explain { itinerary = TravelTimeExplanation(network: network, origin: from[0], destination: to[0], parameters: travel).text }
        } else {
            let search = try SingleModeSearch(network: network, mode: mode, parameters: SingleModeParameters(access: travel.access))
            matrix = TravelTimeMatrix(origins: from, destinations: to, parameters: travel, search: search)
        }
        var options = travel.provenanceOptions
        options["mode"] = .string(mode.rawValue)
        options["from"] = .array(try p.strings("from").map { .string($0) })
        options["to"] = .array(try p.strings("to").map { .string($0) })
        let provenance = served.provenance("traveltime", options: options, profile: mode == .transit ? travel.profile : nil)
        if format.name == "csv" {
            return APIOutput(data: Data((provenance.commentHeader + matrix.csv()).utf8), contentType: format.type, filename: "traveltime.csv")
        }
        func minutes(_ s: Int32?) -> JSONValue { s.map { .number((Double($0) / 6).rounded() / 10) } ?? .null }
        let rows: [JSONValue] = matrix.rows.map { row in
            var o: [String: JSONValue] = ["from": .string(row.fromID), "to": .string(row.toID), "min": minutes(row.summary.minimumSeconds)]
            for (q, s) in zip(percentiles, row.summary.percentileSeconds) { o[TravelTimeArguments.columnName(percentile: q)] = minutes(s) }
            return .object(o)
        }
        var answer: [String: JSONValue] = ["rows": .array(rows), "metadata": provenance.jsonValue]
        if let itinerary { answer["itinerary"] = .string(itinerary) }
        return APIOutput(data: Data((GeoJSONWriter().text(for: .object(answer)) + "\n").utf8), contentType: format.type,
                         filename: "traveltime.json")
    }

    /// One analysis's run on one side: what `compare` needs of it, and the provenance options and profile of its answer.
    struct Run<Value> {
        var value: Value
        var options: [String: JSONValue]
        var profile: AccessProfile?
    }

    func isochroneRun(_ p: APIParameters, on served: ServedNetwork, maxOrigins: Int = 10) throws -> Run<IsochroneResult> {
        let network = served.network
        let mode = try mode(p)
        let percentile = try p.double("percentile", in: 0...100) ?? 50
        let travel = try travelParameters(p, depart: "08:00", window: 60, percentiles: [percentile], singleMinute: mode != .transit)
        let cutoffs = try (p.numbers("cutoffs") ?? [15, 30, 45, 60]).map { d -> Int in
            guard d.rounded() == d, d >= 1, d <= Double(limits.maxCutoffMinutes) else {
                throw APIError.parameter("cutoffs", "\(APIParameters.text(d)) is not a whole number of minutes within 1…\(limits.maxCutoffMinutes)")
            }
            return Int(d)
        }
        guard !cutoffs.isEmpty, cutoffs.count <= limits.maxCutoffs else {
            throw APIError.parameter("cutoffs", "give 1…\(limits.maxCutoffs) cutoffs, not \(cutoffs.count)")
        }
        guard zip(cutoffs, cutoffs.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw APIError.parameter("cutoffs", "must ascend without repeats: \(cutoffs.map(String.init).joined(separator: ","))")
        }
        let cell = try p.double("cell", in: limits.minCellMeters...10_000, unit: "m") ?? 200
        let from = try places(p, "from", on: served, accessRadius: travel.access.maxRadiusMeters, max: maxOrigins)
        if mode == .transit, from.count * travel.windowMinutes > limits.maxOriginMinutes {
            throw APIError.parameter("window", "\(from.count) origins × \(travel.windowMinutes) min is above this server's limit of \(limits.maxOriginMinutes) origin-minutes per request")
        }
        let cells = ServerLimits.estimatedCells(network: network, origins: from.count, cellMeters: cell,
                                                accessRadiusMeters: travel.access.maxRadiusMeters)
        guard cells <= Double(limits.maxCells) else {
            throw APIError.parameter("cell", String(format: "%.0f m cells: up to about %.0f grid cells, above this server's limit of %d per request; use larger cells",
                                                    cell, cells, limits.maxCells))
        }
        let crs = IsochroneCalculator.localCRS(of: network, near: from[0].coordinate)
        let parameters = IsochroneParameters(cutoffsMinutes: cutoffs, travel: travel, cellMeters: cell, combine: .separate, mode: mode)
        let key = "\(served.scenario?.name ?? "")|\(parameters)|\(crs)"
        let calculator = try isochroneCalculators.take(key)
            ?? IsochroneCalculator(network: network, parameters: parameters, crs: crs, population: try served.population(crs: crs))
        let result = try calculator.run(origins: from)
        isochroneCalculators.put(calculator, key: key)
        var options = travel.provenanceOptions
        options["mode"] = .string(mode.rawValue)
        options["from"] = .array(try p.strings("from").map { .string($0) })
        options["cutoffs_min"] = .array(cutoffs.map { .number(Double($0)) })
        options["cell_m"] = .number(cell)
        options["crs"] = .string(crs)
        return Run(value: result, options: options, profile: mode == .transit ? travel.profile : nil)
    }

    public func isochrone(_ p: APIParameters) throws -> APIOutput {
        let (format, served) = try request(APIRoutes.isochrone, p)
        let run = try isochroneRun(p, on: served)
        let result = run.value
        return try features(result.featureCollection(), schema: IsochroneResult.featureSchema, csv: [["origin", "cutoff_min", "area_km2", "pop_covered", "districts"]] + result.rings.map { r in
                [r.origin, String(r.cutoffMinutes), String(format: "%.3f", r.areaSquareKilometers),
                 String(format: "%.0f", r.populationCovered), r.districts.joined(separator: ";")]
            }, provenance: served.provenance("isochrone", options: run.options, profile: run.profile), format: format, stem: "isochrone")
    }

    func ringRun(_ p: APIParameters, on served: ServedNetwork) throws -> Run<RingAnalysis> {
        let network = served.network
        guard !network.districts.isEmpty else {
            throw APIError(.badRequest, "rings: the network has no districts (build it from a manifest with \"districts\")")
        }
        let mode = try mode(p)
        let percentile = try p.double("percentile", in: 0...100) ?? 50
        let travel = try travelParameters(p, depart: "07:00", window: 120, percentiles: [percentile], singleMinute: mode != .transit)
        let budget = try p.double("budget", in: 1...1440, unit: "min") ?? 60
        let minShare = try p.double("min_share", in: 0.001...1) ?? 0.5
        let direction = CommuteDirection(rawValue: try p.string("direction") ?? "inbound") ?? .inbound
        let (coreText, core) = try resolveCore(p, on: served, accessRadius: travel.access.maxRadiusMeters)
        let crs = IsochroneCalculator.localCRS(of: network, near: core.coordinate)
        guard let surface = try served.population(crs: crs) else { throw APIError(.badRequest, "rings: the network has no districts") }
        let parameters = RingParameters(budgetMinutes: budget, travel: travel, minShare: minShare, direction: direction,
                                        threads: analysisThreads, mode: mode)
        let analysis = try RingAnalysis(network: network, core: core, parameters: parameters, population: surface, crs: crs)
        var options = travel.provenanceOptions
        options["mode"] = .string(mode.rawValue)
        options["core"] = .string(coreText)
        options["budget_min"] = .number(budget)
        options["min_share"] = .number(minShare)
        options["direction"] = .string(direction.rawValue)
        options["crs"] = .string(crs)
        return Run(value: analysis, options: options, profile: mode == .transit ? travel.profile : nil)
    }

    public func rings(_ p: APIParameters) throws -> APIOutput {
        let (format, served) = try request(APIRoutes.rings, p)
        let run = try ringRun(p, on: served)
        let provenance = served.provenance("rings", options: run.options, profile: run.profile)
        if format.name == "csv" {
            return APIOutput(data: Data((provenance.commentHeader + run.value.summaryCSV()).utf8), contentType: format.type,
                             filename: "rings-summary.csv")
        }
        return try features(try run.value.featureCollection(), schema: RingAnalysis.featureSchema, csv: [],
                            provenance: provenance, format: format, stem: "rings")
    }

    static let gapThresholds = GapThresholds()

    func gapRun(on served: ServedNetwork) throws -> Run<IntegrationGapReport> {
        let network = served.network
        let surface = try served.population(crs: IntegrationGapAnalysis.localCRS(of: network))
        let thresholds = Self.gapThresholds
        let result = try IntegrationGapAnalysis(thresholds: thresholds).run(on: network, population: surface)
        return Run(value: result, options: [
            "zero_distance_min": .number(thresholds.zeroDistanceMinutes), "acceptable_min": .number(thresholds.acceptableMinutes),
            "last_mile_radius_m": .number(thresholds.lastMileRadiusMeters),
            "missing_link_radius_m": .number(thresholds.missingLinkRadiusMeters),
            "coverage_radius_m": .number(thresholds.coverageRadiusMeters),
        ], profile: nil)
    }

    public func gaps(_ p: APIParameters) throws -> APIOutput {
        let (format, served) = try request(APIRoutes.gaps, p)
        let run = try gapRun(on: served)
        return try features(run.value.featureCollection(), schema: IntegrationGapReport.featureSchema, csv: run.value.csvRows(),
                            provenance: served.provenance("gaps", options: run.options, profile: nil), format: format, stem: "gaps")
    }

    func bottleneckRun(_ p: APIParameters, on served: ServedNetwork) throws -> Run<(analysis: BottleneckAnalysis, gravity: GravityParameters, top: Int)> {
        let travel = try travelParameters(p, depart: "07:00", window: 120, percentiles: [50])
        let beta = try p.double("beta", in: 0...100) ?? 0.05
        let gamma = try p.double("gamma", in: 0...100) ?? 2
        let commuteShare = try p.double("commute_share", in: 0...1) ?? GravityParameters.defaultCommuteShare
        let top = try p.int("top", in: 0...100) ?? 10
        let deterrenceName = try p.string("deterrence") ?? "exponential"
        let deterrence: DemandDeterrence = deterrenceName == "power" ? .power(exponent: gamma) : .exponential(betaPerMinute: beta)
        let gravity = GravityParameters(deterrence: deterrence, totalTrips: nil, commuteShare: commuteShare)
        if let problem = gravity.problem { throw APIError(.badRequest, problem) }
        let assignment = AssignmentParameters(
            firstDepartureSeconds: travel.firstDepartureSeconds, windowMinutes: travel.windowMinutes, raptor: travel.raptor,
            access: travel.access, profile: travel.profile, maxTripSeconds: travel.maxTripSeconds, threads: analysisThreads)
        let analysis = BottleneckAnalysis(network: served.network, parameters: BottleneckParameters(assignment: assignment, criticalityCount: top))
        var options = travel.provenanceOptions
        options["deterrence"] = .string(deterrenceName)
        options["beta_per_min"] = .number(beta)
        options["gamma"] = .number(gamma)
        options["commute_share"] = .number(commuteShare)
        options["top"] = .number(Double(top))
        return Run(value: (analysis, gravity, top), options: options, profile: travel.profile)
    }

    public func bottlenecks(_ p: APIParameters) throws -> APIOutput {
        let (format, served) = try request(APIRoutes.bottlenecks, p)
        let run = try bottleneckRun(p, on: served)
        let analysis = run.value.analysis
        let result = analysis.run(demand: analysis.gravityDemand(run.value.gravity))
        return try features(result.featureCollection(transit: served.network.transit), schema: BottleneckResult.featureSchema,
                            csv: result.csvRows(top: run.value.top),
                            provenance: served.provenance("bottlenecks", options: run.options, profile: run.profile), format: format, stem: "bottlenecks")
    }

    func corridorRun(_ p: APIParameters, on served: ServedNetwork) throws -> Run<CorridorAnalysis> {
        let network = served.network
        guard !network.districts.isEmpty else {
            throw APIError(.badRequest, "corridors: the network has no districts (corridors join the core to districts)")
        }
        let travel = try travelParameters(p, depart: "07:00", window: 120, percentiles: [50])
        let headway = try p.double("bus_like_headway", in: 0...240, unit: "min") ?? 10
        guard headway > 0 else { throw APIError.parameter("bus_like_headway", "must be above 0 min") }
        let budget = try p.double("budget", in: 1...1440, unit: "min") ?? 60
        let top = try p.int("top", in: 0...1000) ?? 20
        let minShare = try p.double("min_share", in: 0...1) ?? 0
        let direction = CommuteDirection(rawValue: try p.string("direction") ?? "inbound") ?? .inbound
        let (coreText, core) = try resolveCore(p, on: served, accessRadius: travel.access.maxRadiusMeters)
        let parameters = CorridorParameters(travel: travel, direction: direction, busLikeHeadwayMinutes: headway,
                                            budgetMinutes: budget, top: top == 0 ? nil : top, minDemandShare: minShare)
        var options = parameters.provenanceOptions(core: coreText)
        options["gravity"] = "population / distance^2"
        return Run(value: CorridorAnalysis(network: network, core: core, parameters: parameters), options: options,
                   profile: travel.profile)
    }

    public func corridors(_ p: APIParameters) throws -> APIOutput {
        let (format, served) = try request(APIRoutes.corridors, p)
        let run = try corridorRun(p, on: served)
        let provenance = served.provenance("corridors", options: run.options, profile: run.profile)
        if format.name == "csv" {
            return APIOutput(data: Data((provenance.commentHeader + run.value.csv()).utf8), contentType: format.type, filename: "corridors.csv")
        }
        return APIOutput(data: Self.annotated(run.value.featureCollection(network: served.network), provenance),
                         contentType: format.type, filename: "corridors.geojson")
    }

    // MARK: comparisons

    /// What a comparison gives, as the `compare` command writes it.
    struct Difference {
        var features: FeatureCollection
        var csv: String
        var markdown: String
        var headline: String
        var options: [String: JSONValue]
        var profile: AccessProfile?
    }

    /// `compare/<analysis>`: `difference(before, after)` between the base network and the scenario named by
    /// `scenario`, in the asked format: GeoJSON (the headline as `headline`), the CSV or the Markdown report.
    func comparison(_ route: APIRoute, _ analysis: String, _ p: APIParameters,
                    _ difference: (ServedNetwork, ServedNetwork) throws -> Difference) throws -> APIOutput {
        let (format, after) = try request(route, p)
        guard let scenario = after.scenario else {
            throw APIError.parameter("scenario", "the after side must be a scenario, not the base network"
                + (scenarioNames.isEmpty ? " (this server serves none: start it with serve --scenario file.json)"
                   : ": \(scenarioNames.map { "\"\($0)\"" }.joined(separator: ", "))"))
        }
        let d = try difference(served, after)
        let provenance = served.provenance("compare \(analysis)", options: d.options, profile: d.profile,
                                           scenario: .object(["before": .null, "after": scenario.provenance]))
        switch format.name {
        case "csv":
            return APIOutput(data: Data((provenance.commentHeader + d.csv).utf8), contentType: format.type, filename: "compare-\(analysis).csv")
        case "md":
            return APIOutput(data: Data((d.markdown + "\n" + provenance.markdownSection).utf8), contentType: format.type,
                             filename: "compare-\(analysis).md")
        default:
            var collection = d.features
            collection.foreignMembers["headline"] = .string(d.headline)
            return APIOutput(data: Self.annotated(collection, provenance), contentType: format.type, filename: "compare-\(analysis).geojson")
        }
    }

    public func compareRings(_ p: APIParameters) throws -> APIOutput {
        try comparison(APIRoutes.compareRings, "rings", p) { before, after in
            let a = try ringRun(p, on: before), b = try ringRun(p, on: after)
            let diff = RingComparison(before: a.value, after: b.value, beforeLabel: before.label, afterLabel: after.label)
            return Difference(features: try diff.featureCollection(), csv: diff.csv(), markdown: diff.markdown(), headline: diff.headline,
                              options: a.options, profile: a.profile)
        }
    }

    public func compareIsochrone(_ p: APIParameters) throws -> APIOutput {
        try comparison(APIRoutes.compareIsochrone, "isochrone", p) { before, after in
            let a = try isochroneRun(p, on: before, maxOrigins: 1), b = try isochroneRun(p, on: after, maxOrigins: 1)
            let diff = try IsochroneComparison(before: a.value, after: b.value, beforeLabel: before.label, afterLabel: after.label)
            return Difference(features: diff.featureCollection(), csv: diff.csv(), markdown: diff.markdown(), headline: diff.headline,
                              options: a.options, profile: a.profile)
        }
    }

    public func compareGaps(_ p: APIParameters) throws -> APIOutput {
        try comparison(APIRoutes.compareGaps, "gaps", p) { before, after in
            let a = try gapRun(on: before), b = try gapRun(on: after)
            let diff = GapsComparison(before: a.value, after: b.value, beforeLabel: before.label, afterLabel: after.label)
            return Difference(features: diff.featureCollection(), csv: diff.csv(), markdown: diff.markdown(), headline: diff.headline,
                              options: a.options, profile: nil)
        }
    }

    /// One demand for both sides (the base network's): the change is the network's, not the demand's.
    public func compareBottlenecks(_ p: APIParameters) throws -> APIOutput {
        try comparison(APIRoutes.compareBottlenecks, "bottlenecks", p) { before, after in
            let a = try bottleneckRun(p, on: before), b = try bottleneckRun(p, on: after)
            let demand = a.value.analysis.gravityDemand(a.value.gravity)
            let diff = BottleneckComparison(before: a.value.analysis.run(demand: demand), beforeTransit: before.network.transit,
                                            after: b.value.analysis.run(demand: demand), afterTransit: after.network.transit,
                                            beforeLabel: before.label, afterLabel: after.label)
            return Difference(features: diff.featureCollection(), csv: diff.csv(), markdown: diff.markdown(), headline: diff.headline,
                              options: a.options, profile: a.profile)
        }
    }

    public func compareCorridors(_ p: APIParameters) throws -> APIOutput {
        try comparison(APIRoutes.compareCorridors, "corridors", p) { before, after in
            let a = try corridorRun(p, on: before), b = try corridorRun(p, on: after)
            let diff = CorridorComparison(before: a.value, after: b.value, beforeLabel: before.label, afterLabel: after.label)
            return Difference(features: diff.featureCollection(network: after.network), csv: diff.csv(), markdown: diff.markdown(),
                              headline: diff.headline, options: a.options, profile: a.profile)
        }
    }

    public func layer(_ name: String, _ p: APIParameters) throws -> APIOutput {
        guard APIRoutes.layerNames.contains(name) else {
            throw APIError(.notFound, "no layer \"\(name)\": layers are \(APIRoutes.layerNames.joined(separator: ", "))")
        }
        let (format, served) = try request(APIRoutes.layer, p)
        let first = try TravelTimeArguments.parseClock(try p.string("depart") ?? "07:00", argument: "depart")
        let window = try p.int("window", in: 1...1440, unit: "min") ?? 120
        let layers = NetworkExportLayers(served.network, firstDepartureSeconds: first, windowMinutes: window)
        var collection = layers.featureCollection
        switch name {
        case "stations": collection.features = layers.stations
        case "lines": collection.features = layers.lines
        case "hubs": collection.features = layers.hubs
        case "districts": collection.features = layers.districts
        default: break
        }
        let provenance = served.provenance("network \(name)", options: [
            "depart": .string(ServiceClock.format(first)), "window_min": .number(Double(window)),
        ], profile: nil)
        return try features(collection, schema: NetworkExportLayers.featureSchema, csv: FeatureTable.rows(collection.features),
                            provenance: provenance, format: format, stem: name)
    }

    /// `/api/network`: what the page needs to start.
    public func summary(tiles: String? = nil) -> APIOutput {
        let network = served.network
        let box = network.boundingBox
        let summary = NetworkSummary(network)
        let tiers = Tier.allCases.filter { summary.stopsByTier[$0] > 0 }.map { JSONValue.string($0.rawValue) }
        let value: JSONValue = .object([
            "area": .string(network.metadata.areaName),
            "service_date": .string(network.metadata.serviceDate),
            "tool": .string(served.tool),
            "network": .object(["path": .string(served.path), "hash": .string(served.hash)]),
            "stops": .number(Double(network.transit.stopCount)),
            "hubs": .number(Double(network.transit.hubs.count)),
            "districts": .number(Double(network.districts.count)),
            "tiers": .array(tiers),
            "has_roads": .bool(network.roads.nodeCount > 0),
            "bbox": box.map { .array([$0.minLongitude, $0.minLatitude, $0.maxLongitude, $0.maxLatitude].map { .number($0) }) } ?? .null,
            "suggested_core": served.suggestedCore.map { .string($0) } ?? .null,
            "tiles": tiles.map { .string($0) } ?? .null,
            "profiles": .array(AccessProfile.named.keys.sorted().map { .string($0) }),
            "scenarios": .array(scenarios.compactMap(\.scenario).map { s in
                .object(["name": .string(s.name), "description": .string(s.description), "path": .string(s.path)])
            }),
            "limits": .object([
                "max_window_min": .number(Double(limits.maxWindowMinutes)),
                "max_origin_minutes": .number(Double(limits.maxOriginMinutes)),
                "max_cells": .number(Double(limits.maxCells)),
                "min_cell_m": .number(limits.minCellMeters),
                "max_cutoffs": .number(Double(limits.maxCutoffs)),
                "max_places": .number(Double(limits.maxPlaces)),
            ]),
        ])
        return APIOutput(data: Data((GeoJSONWriter().text(for: value) + "\n").utf8), contentType: "application/json",
                         filename: "network.json")
    }
}

/// Features as a table: one row per feature, a column per property (the union, sorted), lists as JSON text,
/// and `lon`,`lat` for points.
enum FeatureTable {
    static func rows(_ features: [Feature]) -> [[String]] {
        let keys = Set(features.flatMap { $0.properties.keys }).sorted()
        let points = features.contains { if case .point? = $0.geometry { return true }; return false }
        var rows = [keys + (points ? ["lon", "lat"] : [])]
        let writer = GeoJSONWriter()
        for f in features {
            var row = keys.map { key -> String in
                switch f.properties[key] {
                case nil, .null?: return ""
                case .string(let s)?: return s
                case let v?: return writer.text(for: v)
                }
            }
            if points {
                if case .point(let c)? = f.geometry { row += [String(format: "%.6f", c.longitude), String(format: "%.6f", c.latitude)] }
                else { row += ["", ""] }
            }
            rows.append(row)
        }
        return rows
    }
}
