/// A dense UInt32 index into the network's column arrays, typed so that a stop id cannot be used as a trip id.
/// Each id type only names itself; construction, ordering, the invalid sentinel and printing come from here.
public protocol DenseID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible
where RawValue == UInt32 {
    /// Printed before the number, e.g. "stop".
    static var label: String { get }
    init(rawValue: UInt32)
}

extension DenseID {
    public init(_ index: Int) { self.init(rawValue: UInt32(index)) }
    public var index: Int { Int(rawValue) }
    /// The named "no such element" value.
    public static var invalid: Self { Self(rawValue: .max) }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "\(Self.label)#\(rawValue)" }
}

public struct StopID: DenseID {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let label = "stop"
}

/// A route pattern: trips that call at the same stop sequence (RAPTOR's "route").
public struct PatternID: DenseID {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let label = "pattern"
}

public struct TripID: DenseID {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let label = "trip"
}

public struct HubID: DenseID {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let label = "hub"
}

public struct StreetNodeID: DenseID {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let label = "node"
}
