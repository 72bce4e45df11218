/// A JSON value, as held in GeoJSON `properties` and foreign members.
/// Objects keep their keys in a dictionary; writers emit them in sorted order so output is byte-stable.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var doubleValue: Double? { if case .number(let d) = self { return d }; return nil }
    public var intValue: Int? {
        if case .number(let d) = self, d.rounded() == d, abs(d) < 9.0e15 { return Int(d) }
        return nil
    }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var isNull: Bool { if case .null = self { return true }; return false }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
}

/// A GeoJSON Feature. `geometry` nil is written as `"geometry": null`.
public struct Feature: Hashable, Sendable {
    public var id: JSONValue?
    public var geometry: Geometry?
    public var properties: [String: JSONValue]

    public init(id: JSONValue? = nil, geometry: Geometry?, properties: [String: JSONValue] = [:]) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
    }
}

public struct FeatureCollection: Hashable, Sendable {
    /// Members of a collection that are not part of GeoJSON.
    public static let reservedMembers: Set<String> = ["type", "features", "bbox"]

    public var features: [Feature]
    /// RFC 7946 §6.1 foreign members of the collection object (e.g. `metadata`); never `type`, `features` or `bbox`.
    public var foreignMembers: [String: JSONValue]

    public init(_ features: [Feature] = []) { self.init(features, foreignMembers: [:]) }

    public init(_ features: [Feature], foreignMembers: [String: JSONValue]) {
        precondition(foreignMembers.keys.allSatisfy { !Self.reservedMembers.contains($0) }, "a GeoJSON member is not foreign")
        self.features = features
        self.foreignMembers = foreignMembers
    }

    public var boundingBox: BoundingBox? {
        var box: BoundingBox?
        for f in features {
            guard let b = f.geometry?.boundingBox else { continue }
            if box == nil { box = b } else { box!.extend(b) }
        }
        return box
    }
}
