import Foundation
import GeoCore
import Hummingbird
import Logging

/// How `serve` runs: where it binds, what it serves, its limits and where its log lines go.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0: a free port, chosen by the system and reported through `onListening`.
    public var port = 8080
    public var webRoot: URL
    public var leafletRoot = WebRoot.leaflet
    public var limits = ServerLimits()
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    /// An XYZ tile URL the page draws beneath the data (`serve --tiles`); nil: no tiles, the page needs no network.
    public var tiles: String?

    public init(webRoot: URL) { self.webRoot = webRoot }
}

/// The HTTP server of `serve` (Hummingbird): the JSON API over one `AnalysisService`, the OpenAPI document, the
/// web page and Leaflet. Analyses run on an `AnalysisPool`; SIGTERM or SIGINT stops it after the requests in
/// flight have been answered.
public struct MetroCommuteHTTPServer: Sendable {
    public let service: AnalysisService
    public let configuration: ServerConfiguration
    let pool: AnalysisPool
    let log: @Sendable (String) -> Void

    public init(service: AnalysisService, configuration: ServerConfiguration, log: @escaping @Sendable (String) -> Void) {
        self.service = service
        self.configuration = configuration
        self.pool = AnalysisPool(workers: configuration.workers, maxQueued: configuration.limits.maxQueuedRequests)
        self.log = log
    }

    /// Runs until a termination signal; `onListening(port)` once the socket is bound.
    public func run(onListening: @escaping @Sendable (Int) -> Void) async throws {
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "metrocommute"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? configuration.port) },
            logger: Self.quietLogger)
        try await app.runService()  // SIGTERM and SIGINT: graceful shutdown
    }

    /// Hummingbird's own log: errors only (the access log says the rest).
    static var quietLogger: Logger {
        var logger = Logger(label: "metrocommute.serve")
        logger.logLevel = .error
        return logger
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: AccessLogMiddleware(log: log))
        let service = self.service, pool = self.pool, limits = configuration.limits
        let web = StaticFolder(root: configuration.webRoot), leaflet = StaticFolder(root: configuration.leafletRoot)

        typealias Analysis = @Sendable (AnalysisService, APIParameters) throws -> APIOutput
        @Sendable func answer(_ output: APIOutput, request: Request) -> Response {
            var headers: HTTPFields = [.contentType: output.contentType, .cacheControl: "no-store"]
            if request.uri.queryParameters["download"] != nil {
                headers[.contentDisposition] = "attachment; filename=\"\(output.filename)\""
            }
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: output.data)))
        }
        func register(_ route: APIRoute, _ analysis: @escaping Analysis) {
            router.get(RouterPath(stringLiteral: route.path)) { request, _ -> Response in
                var query = try APIParameters(query: request.uri.query)
                query.remove("download")
                let parameters = query
                let output = try await pool.run { try analysis(service, parameters) }
                return answer(output, request: request)
            }
            router.post(RouterPath(stringLiteral: route.path)) { request, _ -> Response in
                let body: ByteBuffer
                do {
                    body = try await request.body.collect(upTo: limits.maxBodyBytes)
                } catch {
                    throw APIError(.contentTooLarge, "body: more than \(limits.maxBodyBytes) bytes")
                }
                let parameters = try APIParameters(jsonBody: Data(buffer: body))
                let output = try await pool.run { try analysis(service, parameters) }
                return answer(output, request: request)
            }
        }
        register(APIRoutes.traveltime) { try $0.traveltime($1) }
        register(APIRoutes.isochrone) { try $0.isochrone($1) }
        register(APIRoutes.rings) { try $0.rings($1) }
        register(APIRoutes.gaps) { try $0.gaps($1) }
        register(APIRoutes.bottlenecks) { try $0.bottlenecks($1) }
        register(APIRoutes.corridors) { try $0.corridors($1) }
        register(APIRoutes.compareRings) { try $0.compareRings($1) }
        register(APIRoutes.compareIsochrone) { try $0.compareIsochrone($1) }
        register(APIRoutes.compareGaps) { try $0.compareGaps($1) }
        register(APIRoutes.compareBottlenecks) { try $0.compareBottlenecks($1) }
        register(APIRoutes.compareCorridors) { try $0.compareCorridors($1) }
        let tiles = configuration.tiles
        router.get("/api/network") { request, _ in answer(service.summary(tiles: tiles), request: request) }
        router.get("/api/network/:layer") { request, context -> Response in
            let name = context.parameters.get("layer") ?? ""
            var query = try APIParameters(query: request.uri.query)
            query.remove("download")
            let parameters = query
            let output = try await pool.run { try service.layer(name, parameters) }
            return answer(output, request: request)
        }
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.text + "\n")))
        }
        @Sendable func serveFile(_ folder: StaticFolder, prefix: String, request: Request) throws -> Response {
            let path = request.uri.path
            guard path.hasPrefix(prefix), let file = folder.file(for: String(path.dropFirst(prefix.count))),
                  let data = FileManager.default.contents(atPath: file.path) else {
                throw APIError(.notFound, "not found: \(path)")
            }
            return Response(status: .ok, headers: [.contentType: StaticFolder.contentType(of: file), .cacheControl: "no-cache"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/") { request, _ in
            guard let file = web.file(for: "index.html"), let data = FileManager.default.contents(atPath: file.path) else {
                throw APIError(.notFound, "the page's files are missing from \(web.root.path)")
            }
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        let paletteScript = WebPalette.script()
        router.get("/web/palette.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-cache"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: paletteScript)))
        }
        router.get("/web/**") { request, _ in try serveFile(web, prefix: "/web/", request: request) }
        router.get("/leaflet/**") { request, _ in try serveFile(leaflet, prefix: "/leaflet/", request: request) }
        return router
    }
}

extension APIParameters {
    mutating func remove(_ name: String) {
        var v = values
        v[name] = nil
        self = APIParameters(values: v)
    }
}
