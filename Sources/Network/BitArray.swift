/// Booleans packed one bit each, read-only once built: a scenario network's trip activity (one bit per trip, not
/// a byte: part of what holding a scenario beside its base costs).
public struct BitArray: RandomAccessCollection, Sendable, Equatable {
    /// Bit i of the array is bit `i & 63` of `words[i >> 6]`.
    public let words: [UInt64]
    public let count: Int

    public init(_ bools: [Bool]) {
        var words = [UInt64](repeating: 0, count: (bools.count + 63) / 64)
        for (i, b) in bools.enumerated() where b { words[i >> 6] |= 1 << UInt64(i & 63) }
        self.words = words
        count = bools.count
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }
    @inlinable public subscript(i: Int) -> Bool { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }
}
