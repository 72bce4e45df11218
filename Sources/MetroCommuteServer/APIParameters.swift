import Foundation
import GeoCore

/// What one parameter of a route takes, for validation and for the OpenAPI document (one table serves both).
public struct APIParameterSpec: Sendable {
    public enum Kind: String, Sendable {
        case string, integer, number, boolean
        /// One value or several: repeated in a query (`from=A&from=B`), an array in a JSON body.
        case stringList
        /// Numbers as a comma list (`15,30,45`) or a JSON array.
        case numberList
    }

    public var name: String
    public var kind: Kind
    public var description: String
    public var required = false
    /// Allowed values, for the document and the check.
    public var choices: [String] = []

    public init(_ name: String, _ kind: Kind, _ description: String, required: Bool = false, choices: [String] = []) {
        self.name = name; self.kind = kind; self.description = description; self.required = required; self.choices = choices
    }
}

/// A request's parameters, from its query string or its JSON body (an object), checked against the route's
/// specs: an unknown name, a wrong type or a value out of range is an `APIError` naming the parameter.
public struct APIParameters: Sendable {
    public private(set) var values: [String: JSONValue]

    public init(values: [String: JSONValue]) { self.values = values }

    /// From a query string (percent-decoded; a repeated name gives an array).
    public init(query: String?) throws {
        var values: [String: JSONValue] = [:]
        guard let query, !query.isEmpty else { self.values = [:]; return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) throws -> String {
                guard let text = String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                    throw APIError(.badRequest, "query: \"\(s)\" is not valid percent-encoded UTF-8")
                }
                return text
            }
            let name = try decode(parts[0])
            let value = JSONValue.string(parts.count > 1 ? try decode(parts[1]) : "")
            switch values[name] {
            case nil: values[name] = value
            case .array(let list)?: values[name] = .array(list + [value])
            case let first?: values[name] = .array([first, value])
            }
        }
        self.values = values
    }

    /// From a JSON body, which must be one object.
    public init(jsonBody data: Data) throws {
        let value: BodyValue
        do {
            value = try JSONDecoder().decode(BodyValue.self, from: data)
        } catch {
            throw APIError(.badRequest, "body: not valid JSON (\(data.count) bytes); send an object such as {\"from\": \"116.38,39.87\"}")
        }
        guard case .object(let members) = value else {
            throw APIError(.badRequest, "body: a JSON object is needed, not \(value.typeName)")
        }
        var values: [String: JSONValue] = [:]
        for (key, member) in members { values[key] = try member.parameterValue(name: key) }
        self.values = values
    }

    /// Refuses names no spec gives, and missing required ones.
    public func check(against specs: [APIParameterSpec]) throws {
        let known = Set(specs.map(\.name))
        for name in values.keys.sorted() where !known.contains(name) {
            let close = ClosestNames.closest(to: name, among: specs.map(\.name), limit: 1)
                .filter { ClosestNames.editDistance(name, $0) <= 2 }
            let suggestion = close.first.map { "; did you mean \($0)?" } ?? ""
            throw APIError.parameter(name, "unknown parameter\(suggestion) (known: \(specs.map(\.name).joined(separator: ", ")))")
        }
        for spec in specs where spec.required && values[spec.name] == nil {
            throw APIError.parameter(spec.name, "missing: \(spec.description)")
        }
        for spec in specs where !spec.choices.isEmpty {
            if let value = try string(spec.name), !spec.choices.contains(value) {
                throw APIError.parameter(spec.name, "\"\(value)\" is not one of \(spec.choices.joined(separator: ", "))")
            }
        }
    }

    // MARK: typed reads

    public func string(_ name: String) throws -> String? {
        switch values[name] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case .number(let d)?: return JSONValue.number(d).intValue.map(String.init) ?? String(d)
        case .bool(let b)?: return String(b)
        case .array?: throw APIError.parameter(name, "give one value, not a list")
        case .object?: throw APIError.parameter(name, "give one value, not an object")
        }
    }

    public func strings(_ name: String) throws -> [String] {
        switch values[name] {
        case nil, .null?: return []
        case .array(let items)?:
            return try items.map { item in
                guard case .string(let s) = item else { throw APIError.parameter(name, "a list of strings is needed") }
                return s
            }
        default: return [try string(name)!]
        }
    }

    public func double(_ name: String, in range: ClosedRange<Double>, unit: String = "") throws -> Double? {
        let value: Double
        switch values[name] {
        case nil, .null?: return nil
        case .number(let d)?: value = d
        case .string(let s)?:
            guard let d = Double(s.trimmingCharacters(in: .whitespaces)) else { throw APIError.parameter(name, "\"\(s)\" is not a number") }
            value = d
        default: throw APIError.parameter(name, "a number is needed")
        }
        guard value.isFinite, range.contains(value) else {
            throw APIError.parameter(name, "\(Self.text(value)) is not within \(Self.text(range.lowerBound))…\(Self.text(range.upperBound))\(unit.isEmpty ? "" : " " + unit)")
        }
        return value
    }

    public func int(_ name: String, in range: ClosedRange<Int>, unit: String = "") throws -> Int? {
        guard let d = try double(name, in: Double(range.lowerBound)...Double(range.upperBound), unit: unit) else { return nil }
        guard d.rounded() == d else { throw APIError.parameter(name, "\(d) is not a whole number") }
        return Int(d)
    }

    public func bool(_ name: String) throws -> Bool? {
        switch values[name] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        case .string(let s)?:
            switch s.lowercased() {
            case "true", "1", "yes": return true
            case "false", "0", "no": return false
            default: throw APIError.parameter(name, "\"\(s)\" is not true or false")
            }
        default: throw APIError.parameter(name, "true or false is needed")
        }
    }

    /// A list of numbers: a JSON array, or a comma list in one string (or repeated).
    public func numbers(_ name: String) throws -> [Double]? {
        switch values[name] {
        case nil, .null?: return nil
        case .number(let d)?: return [d]
        case .array(let items)?:
            return try items.flatMap { item -> [Double] in
                switch item {
                case .number(let d): return [d]
                case .string(let s): return try Self.parseNumbers(s, name: name)
                default: throw APIError.parameter(name, "a list of numbers is needed")
                }
            }
        case .string(let s)?: return try Self.parseNumbers(s, name: name)
        default: throw APIError.parameter(name, "a list of numbers is needed")
        }
    }

    static func parseNumbers(_ text: String, name: String) throws -> [Double] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map { item in
            let word = item.trimmingCharacters(in: .whitespaces)
            guard let d = Double(word), d.isFinite else { throw APIError.parameter(name, "\"\(word)\" is not a number") }
            return d
        }
    }

    static func text(_ d: Double) -> String { d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) : String(d) }
}

/// Any JSON value of a request body (JSONDecoder tells booleans from numbers on every platform).
enum BodyValue: Decodable {
    case null, bool(Bool), number(Double), string(String), array([BodyValue]), object([String: BodyValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([BodyValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: BodyValue].self)) }
    }

    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// A parameter's value: scalars and lists of scalars.
    func parameterValue(name: String) throws -> JSONValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d): return .number(d)
        case .string(let s): return .string(s)
        case .array(let items):
            return .array(try items.map { item in
                if case .array = item { throw APIError.parameter(name, "nested lists are not accepted") }
                return try item.parameterValue(name: name)
            })
        case .object: throw APIError.parameter(name, "objects are not accepted here")
        }
    }
}
