import Foundation
import GeoCore
import Hummingbird

/// A request the API refuses or cannot serve: its HTTP status and one line saying why, sent as
/// `{"error":"…"}`. Bad parameters are 400 with the parameter named; unknown paths 404; a full queue 503.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var message: String

    public init(_ status: HTTPResponse.Status = .badRequest, _ message: String) {
        self.status = status
        // One line, whatever the message held.
        self.message = message.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// A parameter's problem: `parameter: message`.
    public static func parameter(_ name: String, _ message: String) -> APIError {
        APIError(.badRequest, "\(name): \(message)")
    }

    public var description: String { message }

    /// The response body: one JSON object on one line.
    public var body: Data {
        Data((GeoJSONWriter().text(for: .object(["error": .string(message), "status": .number(Double(status.code))])) + "\n").utf8)
    }

    /// The API error for anything an analysis threw: the user's input (an `InputError` names the parameter or
    /// place) is a 400, anything else a 500 with its text.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as InputError: return APIError(.badRequest, e.description)
        default: return APIError(.internalServerError, "\(error)")
        }
    }
}
