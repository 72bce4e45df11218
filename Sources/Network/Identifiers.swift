/// Strong ids: dense UInt32 indices into the network's column arrays.
public struct StopID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ index: Int) { self.rawValue = UInt32(index) }
    public var index: Int { Int(rawValue) }
    public static let invalid = StopID(rawValue: .max)
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "stop#\(rawValue)" }
}

/// A route pattern: trips that call at the same stop sequence (RAPTOR's "route").
public struct PatternID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ index: Int) { self.rawValue = UInt32(index) }
    public var index: Int { Int(rawValue) }
    public static let invalid = PatternID(rawValue: .max)
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "pattern#\(rawValue)" }
}

public struct TripID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ index: Int) { self.rawValue = UInt32(index) }
    public var index: Int { Int(rawValue) }
    public static let invalid = TripID(rawValue: .max)
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "trip#\(rawValue)" }
}

public struct HubID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ index: Int) { self.rawValue = UInt32(index) }
    public var index: Int { Int(rawValue) }
    public static let invalid = HubID(rawValue: .max)
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "hub#\(rawValue)" }
}

public struct StreetNodeID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ index: Int) { self.rawValue = UInt32(index) }
    public var index: Int { Int(rawValue) }
    public static let invalid = StreetNodeID(rawValue: .max)
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "node#\(rawValue)" }
}
