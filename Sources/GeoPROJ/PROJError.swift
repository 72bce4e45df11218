/// A failure reported by PROJ: an unknown or unusable CRS, no operation between two CRSs, or a point that
/// cannot be transformed. `description` is one line carrying PROJ's own words (captured from its log) and the
/// text of its error code, prefixed by what we were doing (which CRS, which point).
public struct PROJError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed, in our words: names the CRS or the point.
    public var message: String
    /// PROJ's error code (`proj_context_errno`), 0 when PROJ set none.
    public var code: Int
    /// PROJ's own messages (from its log function) and the text of `code`, most specific first.
    public var details: [String]

    public init(message: String, code: Int = 0, details: [String] = []) {
        self.message = message
        self.code = code
        self.details = details
    }

    public var description: String {
        details.isEmpty ? message : "\(message): \(details.joined(separator: "; "))"
    }
}
