/// An array in two parts: a shared `base` that is never copied and a `tail` appended after it. A scenario's
/// network keeps the base network's trip and stop-time columns as its base and adds its own trips as the tail,
/// so applying a scenario costs memory in proportion to what it adds, not to the network (Swift arrays are
/// copy-on-write: the base's storage is shared as long as nobody mutates it).
public struct TailedArray<Element>: RandomAccessCollection, ExpressibleByArrayLiteral {
    public private(set) var base: [Element]
    public private(set) var tail: [Element]

    public init(_ base: [Element] = [], tail: [Element] = []) { self.base = base; self.tail = tail }
    public init(arrayLiteral elements: Element...) { self.init(elements) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { base.count + tail.count }
    public var count: Int { base.count + tail.count }

    public subscript(i: Int) -> Element {
        i < base.count ? base[i] : tail[i - base.count]
    }

    public mutating func append(_ x: Element) { tail.append(x) }
    /// Room in the tail for `n` more elements (so a tail built to a known size holds no growth slack).
    public mutating func reserveTailCapacity(_ n: Int) { tail.reserveCapacity(tail.count + n) }
    public mutating func append<S: Sequence>(contentsOf xs: S) where S.Element == Element { tail.append(contentsOf: xs) }

    /// Both parts as one array (a copy: for writing files, not for queries).
    public var flattened: [Element] { tail.isEmpty ? base : base + tail }
}

extension TailedArray: Equatable where Element: Equatable {
    public static func == (a: TailedArray, b: TailedArray) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }
}

extension TailedArray: Sendable where Element: Sendable {}
