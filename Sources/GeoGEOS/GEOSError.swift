/// A failure reported by GEOS, with GEOS's own message (captured by the context's error handler),
/// e.g. "ParseException: Unknown type: 'GARBAGE'" or "IllegalArgumentException: Points of LinearRing do not
/// form a closed linestring".
public struct GEOSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What we asked GEOS to do ("buffer", "read WKT", "make polygon").
    public var operation: String
    /// GEOS's message; a note of our own when GEOS said nothing.
    public var message: String

    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { "GEOS \(operation) failed: \(message)" }
}
