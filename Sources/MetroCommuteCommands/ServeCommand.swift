import Analysis
import ArgumentParser
import Foundation
import GeoCore
import MetroCommuteServer
import Network
import Scenarios

public struct Serve: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(
        abstract: "A web page and JSON API on one network: isochrones on a click, commute rings, gaps, travel times.",
        discussion: """
            Loads the network once and answers HTTP on --host:--port (127.0.0.1:8080; only this machine unless \
            --host says otherwise) until SIGTERM or Ctrl-C, which stop it after the requests in flight. Open \
            http://127.0.0.1:8080/ for the map: district boundaries shaded by commute class, rail lines by tier with \
            station names, hubs by transfer rating, an isochrone wherever you click, and downloads of what is shown. \
            It needs no network access: Leaflet comes from Debian's libjs-leaflet (/usr/share/javascript/leaflet), \
            and there are no tiles unless --tiles names an XYZ tile URL (the page then warns that Chinese web tiles \
            are GCJ-02-shifted while our data is WGS-84).

            --scenario (repeatable) applies each scenario file to the network in memory at start (a bad file stops \
            the start with one error line); every analysis then takes scenario=<name> (the scenario's "name"), \
            /api/compare/{rings|isochrone|gaps|bottlenecks|corridors}?scenario=<name> compares it with the base \
            network as `compare` does, and the page gets a before/after switch.

            API (GET with query parameters, or POST with a JSON object; the same names as the commands' options \
            with underscores): /api/traveltime, /api/isochrone, /api/rings, /api/gaps, /api/bottlenecks, \
            /api/corridors, /api/compare/{analysis}, /api/network and \
            /api/network/{stations|lines|hubs|districts|all}; format=geojson, csv or gpkg (GeoPackage) where the \
            command writes them; the OpenAPI document is /openapi.json. A bad parameter, an unknown place or work above the limits (window, origins × minutes, \
            grid cells) is a 400 with one JSON line naming the parameter. Analyses run on one worker per core; \
            every request is computed anew. One access-log line per request goes to standard error.

            Examples:
              metrocommute serve jingjinji.mcnet
              metrocommute serve jingjinji.mcnet --scenario GeoData/scenarios/jingxiong.json
              curl 'http://127.0.0.1:8080/api/isochrone?from=北京南&cutoffs=30,60&cell=500'
              curl -X POST http://127.0.0.1:8080/api/traveltime -d '{"from":"北京南","to":["天津","廊坊"]}'
            """
    )

    @Argument(help: "A network file written by `metrocommute build`.")
    var network: String

    @Option(help: "Address to listen on (default 127.0.0.1: this machine only).")
    var host = "127.0.0.1"

    @Option(help: "Port, 0…65535 (0: a free one, printed on standard error).")
    var port = 8080

    @Option(help: ArgumentHelp("A scenario file applied in memory at start, served as scenario=<its name> (repeat for several).",
                               valueName: "file"))
    var scenario: [String] = []

    @Option(help: ArgumentHelp("An XYZ tile URL for the page's background, e.g. http://127.0.0.1:8081/{z}/{x}/{y}.png (default: none; Chinese web tiles are GCJ-02, our data WGS-84).", valueName: "url"))
    var tiles: String?

    @Option(help: "Folder of the web page (default: Sources/MetroCommuteServer/Web of this checkout).")
    var webRoot: String?

    @Option(help: "Longest departure window of one request, minutes, 1…1440.")
    var maxWindow = ServerLimits().maxWindowMinutes

    @Option(help: "Most isochrone grid cells of one request (estimated before the work).")
    var maxCells = ServerLimits().maxCells

    @OptionGroup(title: "Threads") var threads: ThreadOptions

    @Flag(name: .shortAndLong, help: "No access log; errors only.")
    var quiet = false

    public func validate() throws {
        guard (0...65_535).contains(port) else { throw InputError(file: "--port", message: "\(port) is not within 0…65535") }
        guard (1...1440).contains(maxWindow) else { throw InputError(file: "--max-window", message: "\(maxWindow) is not within 1…1440 minutes") }
        guard (1...100_000_000).contains(maxCells) else { throw InputError(file: "--max-cells", message: "\(maxCells) is not within 1…100000000") }
        try threads.validate()
        if let tiles {
            guard tiles.hasPrefix("http://") || tiles.hasPrefix("https://"),
                  ["{z}", "{x}", "{y}"].allSatisfy({ tiles.contains($0) }) else {
                throw InputError(file: "--tiles", message: "\"\(tiles)\" is not an XYZ tile URL: http(s)://…/{z}/{x}/{y}.png")
            }
        }
    }

    public func run() throws {
        let reporter = ProgressReporter(quiet: quiet)
        guard let web = WebRoot.locate(given: webRoot), StaticFolder(root: web).file(for: "index.html") != nil else {
            throw InputError(file: webRoot ?? WebRoot.sourceFolder.path, message: "no index.html: give the page's folder with --web-root")
        }
        reporter.stage("loading \(network)")
        let built = try BuiltNetwork(contentsOfFile: network)
        let hash = try InputHash.of(path: network, shownPath: network), tool = "metrocommute \(MetroCommuteVersion.string)"
        let served = ServedNetwork(network: built, path: network, hash: hash, tool: tool)
        var scenarios: [ServedNetwork] = []
        for path in scenario {
            reporter.stage("applying scenario \(path)")
            let loaded = try ScenarioFile.read(path: path)
            guard loaded.name != "base" else {
                throw InputError(file: path, message: "the scenario name \"base\" is the base network's: give the scenario another \"name\"")
            }
            if let twin = scenarios.first(where: { $0.scenario?.name == loaded.name }) {
                throw InputError(file: path, message: "the scenario name \"\(loaded.name)\" is also \(twin.scenario!.path)'s: scenario names must differ")
            }
            let (applied, report) = try ScenarioApplication.apply(loaded, to: built)
            for line in report { reporter.done("scenario \(line)") }
            scenarios.append(ServedNetwork(network: applied, path: network, hash: hash, tool: tool, scenario: ServedScenario(
                name: loaded.name, description: loaded.description, path: loaded.path, provenance: LoadedNetwork.provenance(loaded))))
        }
        var configuration = ServerConfiguration(webRoot: web)
        configuration.host = host
        configuration.port = port
        configuration.limits.maxWindowMinutes = maxWindow
        configuration.limits.maxCells = maxCells
        configuration.workers = threads.count
        configuration.tiles = tiles
        if !StaticFolder(root: configuration.leafletRoot).exists {
            reporter.warning("Leaflet is missing from \(configuration.leafletRoot.path): the page needs it (apt-get install libjs-leaflet)")
        }
        if !["127.0.0.1", "localhost", "::1"].contains(host) {
            reporter.warning("listening on \(host): other machines can reach this server")
        }
        let quiet = self.quiet
        let server = MetroCommuteHTTPServer(
            service: AnalysisService(served: served, scenarios: scenarios, limits: configuration.limits, analysisThreads: threads.count,
                                     geoPackageWriter: Self.geoPackage),
            configuration: configuration,
            log: { line in if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) } })
        let outcome = ServeOutcome()
        let display = host.contains(":") ? "[\(host)]" : host
        let workers = threads.count, area = built.metadata.areaName
        Task {
            do {
                try await server.run { bound in
                    // Always printed: scripts and tests read the port from it.
                    FileHandle.standardError.write(Data("serve: \(area) on http://\(display):\(bound)/ (\(workers) workers; SIGTERM or Ctrl-C stops)\n".utf8))
                }
            } catch {
                outcome.fail(error)
            }
            outcome.finish()
        }
        outcome.wait()
        if let error = outcome.error { throw InputError(file: "serve", message: "\(host):\(port): \(error)") }
        reporter.done("serve: stopped")
    }
}

extension Serve {
    /// A GeoPackage answer: the CLI's writer into a private temporary folder, read back, the folder removed.
    @Sendable static func geoPackage(_ collection: FeatureCollection, schema: FeatureSchema, provenance: Provenance) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("metrocommute-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("answer.gpkg").path
        try FeatureOutputWriter.write(collection, schema: schema, provenance: provenance, format: .gpkg, to: path)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }
}

/// The server task's end, waited for by the command's (synchronous) run.
final class ServeOutcome: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var failure: (any Error)?

    func fail(_ error: any Error) { lock.lock(); failure = error; lock.unlock() }
    func finish() { done.signal() }
    func wait() { done.wait() }
    var error: (any Error)? { lock.lock(); defer { lock.unlock() }; return failure }
}
