/// A 4-ary min-heap of UInt64 keys (callers pack `distance << 32 | node`). No decrease-key: callers push
/// again and skip stale entries when popped (lazy deletion), which keeps the heap a flat array.
public struct QuaternaryHeap {
    public init() {}

    public private(set) var keys: [UInt64] = []

    public var isEmpty: Bool { keys.isEmpty }
    public var count: Int { keys.count }

    public mutating func removeAll() { keys.removeAll(keepingCapacity: true) }

    public mutating func push(_ key: UInt64) {
        keys.append(key)
        var i = keys.count - 1
        keys.withUnsafeMutableBufferPointer { k in
            while i > 0 {
                let parent = (i - 1) >> 2
                if k[parent] <= key { break }
                k[i] = k[parent]
                i = parent
            }
            k[i] = key
        }
    }

    public mutating func popMin() -> UInt64? {
        guard let top = keys.first else { return nil }
        let last = keys.removeLast()
        let n = keys.count
        if n == 0 { return top }
        keys.withUnsafeMutableBufferPointer { k in
            var i = 0
            while true {
                let first = 4 * i + 1
                if first >= n { break }
                var best = first
                var bestKey = k[first]
                let end = min(first + 4, n)
                var c = first + 1
                while c < end {
                    if k[c] < bestKey { best = c; bestKey = k[c] }
                    c += 1
                }
                if bestKey >= last { break }
                k[i] = bestKey
                i = best
            }
            k[i] = last
        }
        return top
    }
}
