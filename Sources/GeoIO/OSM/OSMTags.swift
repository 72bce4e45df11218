/// One OSM tag.
public struct OSMTag: Hashable, Sendable {
    public var key: String
    public var value: String
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// The tags of one OSM element. From a PBF file this is a view into the decoded block (no copy is made
/// until a key or value is asked for); from XML it holds its own list. Keys are looked up by byte
/// comparison, so `tags["highway"]` allocates at most the returned value.
public struct OSMTags: Sequence, Sendable {
    enum Source: Sendable {
        case empty
        /// Node/Way/Relation: parallel packed `keys` and `vals` string-table indices.
        case parallel(OSMBlockStorage, keys: Range<Int32>, values: Range<Int32>)
        /// DenseNodes: interleaved key, value indices (the node's slice, without its 0 terminator).
        case interleaved(OSMBlockStorage, Range<Int32>)
        case list([OSMTag])
    }

    let source: Source

    init(_ source: Source) { self.source = source }

    public init(_ tags: [OSMTag]) { source = tags.isEmpty ? .empty : .list(tags) }

    public static let empty = OSMTags(Source.empty)

    public var isEmpty: Bool {
        switch source {
        case .empty: return true
        case .parallel(_, let keys, _): return keys.isEmpty
        case .interleaved(_, let r): return r.isEmpty
        case .list(let l): return l.isEmpty
        }
    }

    public var count: Int {
        switch source {
        case .empty: return 0
        case .parallel(let s, let keys, _): return PackedVarintCursor(s, keys).count
        case .interleaved(let s, let r): return PackedVarintCursor(s, r).count / 2
        case .list(let l): return l.count
        }
    }

    /// Value of `key`, or nil.
    public subscript(key: String) -> String? {
        var key = key
        return key.withUTF8 { utf8 in value(forKeyUTF8: UnsafeRawBufferPointer(utf8)) }
    }

    /// True when `key` is present with exactly `value` (no allocation for block-backed tags).
    public func has(_ key: String, _ value: String) -> Bool {
        switch source {
        case .empty: return false
        case .list(let l): return l.contains { $0.key == key && $0.value == value }
        case .parallel, .interleaved:
            var k = key, v = value
            return k.withUTF8 { kb in
                guard let (storage, vi) = valueIndex(forKeyUTF8: UnsafeRawBufferPointer(kb)) else { return false }
                return v.withUTF8 { vb in storage.string(at: vi, equals: UnsafeRawBufferPointer(vb)) }
            }
        }
    }

    private func value(forKeyUTF8 key: UnsafeRawBufferPointer) -> String? {
        switch source {
        case .empty: return nil
        case .list(let l):
            let k = String(decoding: key, as: UTF8.self)
            return l.first { $0.key == k }?.value
        default:
            guard let (storage, vi) = valueIndex(forKeyUTF8: key) else { return nil }
            return storage.string(at: vi)
        }
    }

    /// For block-backed tags: the storage and string index of `key`'s value.
    private func valueIndex(forKeyUTF8 key: UnsafeRawBufferPointer) -> (OSMBlockStorage, Int)? {
        switch source {
        case .parallel(let s, let keys, let values):
            var kc = PackedVarintCursor(s, keys), vc = PackedVarintCursor(s, values)
            while !kc.isAtEnd && !vc.isAtEnd {
                let k = Int(truncatingIfNeeded: kc.next()), v = Int(truncatingIfNeeded: vc.next())
                if s.string(at: k, equals: key) { return (s, v) }
            }
            return nil
        case .interleaved(let s, let r):
            var c = PackedVarintCursor(s, r)
            while !c.isAtEnd {
                let k = Int(truncatingIfNeeded: c.next())
                guard !c.isAtEnd else { return nil }
                let v = Int(truncatingIfNeeded: c.next())
                if s.string(at: k, equals: key) { return (s, v) }
            }
            return nil
        case .empty, .list: return nil
        }
    }

    /// All tags as a dictionary (a later duplicate key wins).
    public var dictionary: [String: String] {
        var d: [String: String] = [:]
        for t in self { d[t.key] = t.value }
        return d
    }

    public struct Iterator: IteratorProtocol {
        let source: Source
        var keys: PackedVarintCursor?
        var values: PackedVarintCursor?
        var listIndex = 0

        init(_ source: Source) {
            self.source = source
            switch source {
            case .parallel(let s, let k, let v):
                keys = PackedVarintCursor(s, k)
                values = PackedVarintCursor(s, v)
            case .interleaved(let s, let r):
                keys = PackedVarintCursor(s, r)
            case .empty, .list: break
            }
        }

        public mutating func next() -> OSMTag? {
            switch source {
            case .empty: return nil
            case .list(let l):
                guard listIndex < l.count else { return nil }
                listIndex += 1
                return l[listIndex - 1]
            case .parallel(let s, _, _):
                guard !keys!.isAtEnd, !values!.isAtEnd else { return nil }
                let k = Int(truncatingIfNeeded: keys!.next()), v = Int(truncatingIfNeeded: values!.next())
                return OSMTag(key: s.string(at: k), value: s.string(at: v))
            case .interleaved(let s, _):
                guard !keys!.isAtEnd else { return nil }
                let k = Int(truncatingIfNeeded: keys!.next())
                guard !keys!.isAtEnd else { return nil }
                let v = Int(truncatingIfNeeded: keys!.next())
                return OSMTag(key: s.string(at: k), value: s.string(at: v))
            }
        }
    }

    public func makeIterator() -> Iterator { Iterator(source) }
}

extension PackedVarintCursor {
    /// A cursor over bytes `range` of a block.
    @inline(__always)
    init(_ storage: OSMBlockStorage, _ range: Range<Int32>) {
        self.init(cursor: storage.pointer(range.lowerBound), end: storage.pointer(range.upperBound))
    }
}
