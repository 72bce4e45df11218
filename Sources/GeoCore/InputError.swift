/// A problem in user data: names the file, the place in it and the problem, in one line.
/// Readers throw this for data they cannot accept; the CLI prints `description` and exits non-zero.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Path or name of the input, as the user gave it.
    public var file: String
    /// Where in the file: "line 12", "line 12, column stop_id", "feature 3", "byte 1234"; nil for the whole file.
    public var location: String?
    public var message: String

    public init(file: String, location: String? = nil, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    public var description: String { Self.line(file: file, location: location, message: message) }

    /// `file: place: message`, or `file: message` without a place; always one line: control characters that
    /// came from the data (a newline inside a quoted CSV field or a PBF string) are written as escapes.
    static func line(file: String, location: String?, message: String) -> String {
        let text = location.map { "\(file): \($0): \(message)" } ?? "\(file): \(message)"
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.properties.generalCategory == .control:
                escaped += "\\u{\(String(scalar.value, radix: 16))}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}

/// Something a reader accepted but the user should know (repaired geometry, far-away stops, a guessed tier).
public struct InputWarning: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var location: String?
    public var message: String

    public init(file: String, location: String? = nil, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    public var description: String { InputError.line(file: file, location: location, message: message) }
}
