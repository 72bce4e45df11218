import Foundation
import Hummingbird

/// One line per request on standard error: time (UTC), method, path with query, status, bytes, duration.
/// Also turns every error a route throws into the API's one-line JSON error with its status.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let log: @Sendable (String) -> Void

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = Self.errorResponse(APIError(error.status, error.body ?? (error.status == .notFound ? "not found: \(request.uri.path)" : "\(error.status)")))
        } catch {
            response = Self.errorResponse(APIError.from(error))
        }
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        let bytes = response.body.contentLength.map(String.init) ?? "-"
        let time = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!,
                                               formatOptions: [.withInternetDateTime])
        log(String(format: "%@ \"%@ %@\" %d %@ %.1f ms", time, request.method.rawValue,
                   "\(request.uri)", response.status.code, bytes, milliseconds))
        return response
    }

    static func errorResponse(_ error: APIError) -> Response {
        Response(status: error.status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: error.body)))
    }
}
