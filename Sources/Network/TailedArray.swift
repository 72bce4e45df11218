/// An array in two parts: a shared `base` that is never copied and a `tail` appended after it, plus base elements
/// replaced by value (`replaced`, sparse). A scenario's network keeps the base network's columns (trips, stop
/// times, stops, hubs, stop links) as its bases and adds its own rows as the tails, so applying a scenario costs
/// memory in proportion to what it changes, not to the network (Swift arrays are copy-on-write: the base's storage
/// is shared as long as nobody mutates it).
public struct TailedArray<Element>: RandomAccessCollection, ExpressibleByArrayLiteral {
    public private(set) var base: [Element]
    public private(set) var tail: [Element]
    /// Base elements replaced: index → value. Empty for the stop-time columns (`RangeRaptor` reads their base
    /// buffer directly).
    public private(set) var replaced: [Int: Element]

    public init(_ base: [Element] = [], tail: [Element] = []) { self.base = base; self.tail = tail; replaced = [:] }
    public init(arrayLiteral elements: Element...) { self.init(elements) }

    // Inlinable: a generic subscript called across modules unspecialised looks up the Dictionary's type metadata
    // at every read (most of the time of applying a scenario, in `perf`).
    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { base.count + tail.count }
    @inlinable public var count: Int { base.count + tail.count }

    @inlinable
    public subscript(i: Int) -> Element {
        if i < base.count {
            if !replaced.isEmpty, let x = replaced[i] { return x }
            return base[i]
        }
        return tail[i - base.count]
    }

    public mutating func append(_ x: Element) { tail.append(x) }
    /// Room in the tail for `n` more elements (so a tail built to a known size holds no growth slack).
    public mutating func reserveTailCapacity(_ n: Int) { tail.reserveCapacity(tail.count + n) }
    public mutating func append<S: Sequence>(contentsOf xs: S) where S.Element == Element { tail.append(contentsOf: xs) }
    /// Element `i` becomes `x` (the base stays as it is: a base element is recorded in `replaced`).
    public mutating func replace(_ i: Int, with x: Element) {
        precondition(i >= 0 && i < count, "index out of range")
        if i < base.count { replaced[i] = x } else { tail[i - base.count] = x }
    }

    /// Both parts as one array (a copy: for writing files, not for queries).
    public var flattened: [Element] {
        if tail.isEmpty && replaced.isEmpty { return base }
        var all = base + tail
        for (i, x) in replaced { all[i] = x }
        return all
    }
}

extension TailedArray where Element: Equatable {
    /// `values` as `base` (shared), the elements of `values` that differ from it (`replaced`) and those after it
    /// (the tail); a plain copy of `values` when it is shorter than the base or more than a sixteenth of the base
    /// differs (a sparse replacement would then cost more than the copy).
    public init<C: Collection>(sharing base: [Element], values: C) where C.Element == Element, C.Index == Int {
        if values.count < base.count { self.init(Array(values)); return }
        var changed: [Int: Element] = [:]
        for i in base.indices where values[values.startIndex + i] != base[i] {
            changed[i] = values[values.startIndex + i]
            if changed.count > base.count / 16 { self.init(Array(values)); return }
        }
        self.init(base, tail: Array(values.dropFirst(base.count)))
        replaced = changed
    }
}

extension TailedArray: Equatable where Element: Equatable {
    public static func == (a: TailedArray, b: TailedArray) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }
}

extension TailedArray: Sendable where Element: Sendable {}
