/// Positions parsed straight from a `coordinates` member, without a generic JSON tree in between.
/// Empty arrays are `.nested([])`; the GeoJSON reader decides what depth each geometry type needs.
enum CoordinateTree {
    /// An array of two or more numbers (extra numbers such as altitude are dropped).
    case position(Coordinate)
    /// An array of positions.
    case positions([Coordinate], offset: Int)
    /// An array of arrays that are not positions.
    case nested([CoordinateTree], offset: Int)
}

/// A parsed JSON value that remembers its byte offset, so the GeoJSON reader can name the line of a problem.
indirect enum JSONNode {
    case object([(key: String, value: JSONNode)], offset: Int)
    case array([JSONNode], offset: Int)
    case scalar(JSONValue, offset: Int)
    /// The value of a `coordinates` member that is nested arrays of numbers (fast path).
    case coordinates(CoordinateTree, offset: Int)

    var offset: Int {
        switch self {
        case .object(_, let o), .array(_, let o), .scalar(_, let o), .coordinates(_, let o): return o
        }
    }

    func member(_ key: String) -> JSONNode? {
        guard case .object(let members, _) = self else { return nil }
        // Last one wins for duplicate keys, as in most JSON readers.
        for m in members.reversed() where m.key == key { return m.value }
        return nil
    }

    /// The plain JSON value (positions become arrays of numbers again).
    var jsonValue: JSONValue {
        switch self {
        case .scalar(let v, _): return v
        case .array(let items, _): return .array(items.map(\.jsonValue))
        case .object(let members, _):
            var dict: [String: JSONValue] = [:]
            dict.reserveCapacity(members.count)
            for m in members { dict[m.key] = m.value.jsonValue }
            return .object(dict)
        case .coordinates(let tree, _): return Self.jsonValue(tree)
        }
    }

    private static func jsonValue(_ tree: CoordinateTree) -> JSONValue {
        switch tree {
        case .position(let c): return .array([.number(c.longitude), .number(c.latitude)])
        case .positions(let cs, _): return .array(cs.map { .array([.number($0.longitude), .number($0.latitude)]) })
        case .nested(let ts, _): return .array(ts.map(jsonValue))
        }
    }
}

/// Where a byte offset lies, 1-based line and column (column counted in UTF-8 bytes).
struct TextPosition: CustomStringConvertible {
    var line: Int
    var column: Int

    init(offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<end where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        self.line = line
        self.column = end - lineStart + 1
    }

    var description: String { "line \(line) column \(column)" }
}

/// A strict RFC 8259 JSON parser over UTF-8 bytes. Syntax errors carry the byte offset.
struct JSONParser {
    struct SyntaxError: Error {
        var offset: Int
        var message: String
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index: Int
    private var depth = 0
    private var insideProperties = 0
    private static let maximumDepth = 512

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.index = 0
        // A UTF-8 byte-order mark may precede the text (RFC 8259 §8.1 lets parsers ignore it).
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    /// True when the input holds nothing but whitespace (and perhaps a byte-order mark).
    mutating func isBlank() -> Bool {
        skipWhitespace()
        return index >= bytes.count
    }

    /// Parses exactly one JSON text, with nothing but whitespace after it.
    mutating func parseDocument() throws(SyntaxError) -> JSONNode {
        skipWhitespace()
        let node = try parseValue(key: nil)
        skipWhitespace()
        if index < bytes.count { throw error("unexpected \(describe(index)) after the JSON value") }
        return node
    }

    // MARK: - Values

    private mutating func parseValue(key: String?) throws(SyntaxError) -> JSONNode {
        guard index < bytes.count else { throw error("unexpected end of file, expected a value") }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return try parseObject(key: key)
        case UInt8(ascii: "["):
            if key == "coordinates", insideProperties == 0 {
                if let tree = try parseCoordinates() { return .coordinates(tree, offset: start) }
                index = start  // not plain positions: parse generically, the reader reports what is wrong
            }
            return try parseArray()
        case UInt8(ascii: "\""):
            return .scalar(.string(try parseString()), offset: start)
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .scalar(.bool(true), offset: start)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .scalar(.bool(false), offset: start)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .scalar(.null, offset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .scalar(.number(try parseNumber()), offset: start)
        default:
            throw error("unexpected \(describe(index)), expected a value")
        }
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw error("nesting deeper than \(Self.maximumDepth) levels") }
    }

    private mutating func parseObject(key: String?) throws(SyntaxError) -> JSONNode {
        let start = index
        try enter()
        defer { depth -= 1 }
        let isProperties = key == "properties"
        if isProperties { insideProperties += 1 }
        defer { if isProperties { insideProperties -= 1 } }
        index += 1
        var members: [(key: String, value: JSONNode)] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return .object(members, offset: start)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw error("unexpected \(describe(index)), expected a member name in quotes") }
            let name = try parseString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw error("unexpected \(describe(index)), expected ':' after member name") }
            index += 1
            skipWhitespace()
            let value = try parseValue(key: name)
            members.append((name, value))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(members, offset: start)
            default: throw error("unexpected \(describe(index)), expected ',' or '}' in object")
            }
        }
    }

    private mutating func parseArray() throws(SyntaxError) -> JSONNode {
        let start = index
        try enter()
        defer { depth -= 1 }
        index += 1
        var items: [JSONNode] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return .array(items, offset: start)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue(key: nil))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(items, offset: start)
            default: throw error("unexpected \(describe(index)), expected ',' or ']' in array")
            }
        }
    }

    // MARK: - Coordinates fast path

    /// Nested arrays of numbers, or nil (index then undefined) when the value is anything else:
    /// a non-number leaf, a position of fewer than two numbers, positions mixed with deeper arrays.
    /// Malformed JSON inside still throws.
    private mutating func parseCoordinates() throws(SyntaxError) -> CoordinateTree? {
        let start = index
        try enter()
        defer { depth -= 1 }
        index += 1
        skipWhitespace()
        guard let first = peek() else { throw error("unexpected end of file in array") }
        if first == UInt8(ascii: "]") {
            index += 1
            return .nested([], offset: start)
        }
        if first == UInt8(ascii: "-") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) {
            // A position: numbers only.
            var values = (0.0, 0.0)
            var count = 0
            while true {
                skipWhitespace()
                guard let c = peek(), c == UInt8(ascii: "-") || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) else { return nil }
                let v = try parseNumber()
                if count == 0 { values.0 = v } else if count == 1 { values.1 = v }
                count += 1
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"):
                    index += 1
                    guard count >= 2 else { return nil }
                    return .position(Coordinate(longitude: values.0, latitude: values.1))
                default: throw error("unexpected \(describe(index)), expected ',' or ']' in array")
                }
            }
        }
        guard first == UInt8(ascii: "[") else { return nil }
        var positions: [Coordinate] = []
        var nested: [CoordinateTree] = []
        var sawPosition = false, sawNested = false
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "[") else { return nil }
            guard let child = try parseCoordinates() else { return nil }
            if case .position(let c) = child {
                if sawNested { return nil }
                sawPosition = true
                positions.append(c)
            } else {
                if sawPosition { return nil }
                sawNested = true
                nested.append(child)
            }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return sawPosition ? .positions(positions, offset: start) : .nested(nested, offset: start)
            default: throw error("unexpected \(describe(index)), expected ',' or ']' in array")
            }
        }
    }

    // MARK: - Scalars

    private mutating func expectLiteral(_ word: StaticString) throws(SyntaxError) {
        let n = word.utf8CodeUnitCount
        let w = UnsafeBufferPointer(start: word.utf8Start, count: n)
        guard index + n <= bytes.count else { throw error("unexpected end of file in literal") }
        for k in 0..<n where bytes[index + k] != w[k] {
            throw error("unexpected \(describe(index)), expected a value")
        }
        index += n
    }

    private static let exactPowersOfTen: [Double] = (0...22).map { e in
        var p = 1.0
        for _ in 0..<e { p *= 10 }
        return p
    }

    /// RFC 8259 number grammar. Correctly rounded: an exact fast path for up to 15 significant digits
    /// and a power of ten up to 22, the standard library's parser otherwise.
    private mutating func parseNumber() throws(SyntaxError) -> Double {
        let start = index
        var negative = false
        if peek() == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var decimalExponent = 0
        guard let d0 = peek(), isDigit(d0) else { throw error("malformed number: expected a digit after '-'", at: index) }
        if d0 == UInt8(ascii: "0") {
            index += 1
            if let c = peek(), isDigit(c) { throw error("malformed number: leading zero", at: start) }
        } else {
            while let c = peek(), isDigit(c) {
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(c &- 48)
                    if mantissa != 0 { significantDigits += 1 }
                } else {
                    decimalExponent += 1
                    significantDigits += 1
                }
                index += 1
            }
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard let c = peek(), isDigit(c) else { throw error("malformed number: expected a digit after '.'", at: index) }
            while let c = peek(), isDigit(c) {
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(c &- 48)
                    if mantissa != 0 { significantDigits += 1 }
                    decimalExponent -= 1
                } else {
                    significantDigits += 1
                }
                index += 1
            }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            index += 1
            var expNegative = false
            if let s = peek(), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") {
                expNegative = s == UInt8(ascii: "-")
                index += 1
            }
            guard let c = peek(), isDigit(c) else { throw error("malformed number: expected a digit in the exponent", at: index) }
            var exponent = 0
            while let c = peek(), isDigit(c) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(c - 48) }
                index += 1
            }
            decimalExponent += expNegative ? -exponent : exponent
        }
        if significantDigits <= 15, abs(decimalExponent) <= 22 {
            var value = Double(mantissa)
            if decimalExponent >= 0 {
                value *= Self.exactPowersOfTen[decimalExponent]
            } else {
                value /= Self.exactPowersOfTen[-decimalExponent]
            }
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw error("malformed number", at: start) }
        return value
    }

    private mutating func parseString() throws(SyntaxError) -> String {
        let start = index
        index += 1  // opening quote
        let contentStart = index
        // Fast path: no escapes.
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[contentStart..<index])
                index += 1
                guard let s = String(validating: raw, as: UTF8.self) else {
                    throw error("string is not valid UTF-8", at: start)
                }
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw error("control character U+\(hex4(UInt16(c))) must be escaped in a string", at: index) }
            index += 1
        }
        var buffer = [UInt8](UnsafeBufferPointer(rebasing: bytes[contentStart..<index]))
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                index += 1
                guard let s = String(validating: buffer, as: UTF8.self) else {
                    throw error("string is not valid UTF-8", at: start)
                }
                return s
            }
            if c < 0x20 { throw error("control character U+\(hex4(UInt16(c))) must be escaped in a string", at: index) }
            if c != UInt8(ascii: "\\") {
                buffer.append(c)
                index += 1
                continue
            }
            let escapeStart = index
            index += 1
            guard let e = peek() else { break }
            index += 1
            switch e {
            case UInt8(ascii: "\""): buffer.append(0x22)
            case UInt8(ascii: "\\"): buffer.append(0x5C)
            case UInt8(ascii: "/"): buffer.append(0x2F)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                var scalarValue = UInt32(try parseHex4(escapeStart))
                if (0xD800...0xDBFF).contains(scalarValue) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate in \\u escape", at: escapeStart)
                    }
                    index += 2
                    let low = UInt32(try parseHex4(escapeStart))
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate in \\u escape", at: escapeStart) }
                    scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalarValue) {
                    throw error("unpaired surrogate in \\u escape", at: escapeStart)
                }
                guard let scalar = Unicode.Scalar(scalarValue) else { throw error("invalid \\u escape", at: escapeStart) }
                buffer.append(contentsOf: UTF8.encode(scalar)!)
            default:
                throw error("invalid escape '\\\(describeByte(e))' in string", at: escapeStart)
            }
        }
        throw error("unterminated string", at: start)
    }

    private mutating func parseHex4(_ escapeStart: Int) throws(SyntaxError) -> UInt16 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape", at: escapeStart) }
        var v: UInt16 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - 55
            default: throw error("invalid \\u escape", at: escapeStart)
            }
            v = v << 4 | UInt16(digit)
            index += 1
        }
        return v
    }

    // MARK: - Helpers

    @inline(__always) private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }
    @inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    @inline(__always) private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func error(_ message: String, at offset: Int? = nil) -> SyntaxError {
        SyntaxError(offset: offset ?? index, message: message)
    }

    private func describe(_ offset: Int) -> String {
        offset < bytes.count ? "'\(describeByte(bytes[offset]))'" : "end of file"
    }

    private func describeByte(_ c: UInt8) -> String {
        if c >= 0x21 && c < 0x7F { return String(UnicodeScalar(c)) }
        return "byte 0x" + String(c, radix: 16, uppercase: true)
    }

    private func hex4(_ v: UInt16) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}
