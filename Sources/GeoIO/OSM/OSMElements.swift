import GeoCore

/// The three OSM element types (values as in the PBF `Relation.MemberType` enum).
public enum OSMElementType: UInt8, Sendable, Hashable, CustomStringConvertible {
    case node = 0
    case way = 1
    case relation = 2

    public var description: String {
        switch self {
        case .node: return "node"
        case .way: return "way"
        case .relation: return "relation"
        }
    }
}

/// An OSM node: id, WGS-84 position, tags.
public struct OSMNode: Sendable {
    public var id: Int64
    public var coordinate: Coordinate
    public var tags: OSMTags

    public init(id: Int64, coordinate: Coordinate, tags: OSMTags = .empty) {
        self.id = id
        self.coordinate = coordinate
        self.tags = tags
    }
}

/// An OSM way: id, node references in order, tags.
public struct OSMWay: Sendable {
    public var id: Int64
    public var nodeIDs: OSMWayNodeIDs
    public var tags: OSMTags

    public init(id: Int64, nodeIDs: [Int64], tags: OSMTags = .empty) {
        self.id = id
        self.nodeIDs = OSMWayNodeIDs(.list(nodeIDs))
        self.tags = tags
    }

    init(id: Int64, nodeIDs: OSMWayNodeIDs, tags: OSMTags) {
        self.id = id
        self.nodeIDs = nodeIDs
        self.tags = tags
    }
}

/// One relation member.
public struct OSMMember: Hashable, Sendable {
    public var type: OSMElementType
    public var id: Int64
    public var role: String
    public init(type: OSMElementType, id: Int64, role: String) {
        self.type = type
        self.id = id
        self.role = role
    }
}

/// An OSM relation: id, members in order, tags.
public struct OSMRelation: Sendable {
    public var id: Int64
    public var members: OSMMembers
    public var tags: OSMTags

    public init(id: Int64, members: [OSMMember], tags: OSMTags = .empty) {
        self.id = id
        self.members = OSMMembers(.list(members))
        self.tags = tags
    }

    init(id: Int64, members: OSMMembers, tags: OSMTags) {
        self.id = id
        self.members = members
        self.tags = tags
    }
}

/// A way's node ids. From PBF a view over the delta-coded packed refs (decoded while iterating).
public struct OSMWayNodeIDs: Sequence, Sendable {
    enum Source: Sendable {
        case packed(OSMBlockStorage, Range<Int32>)
        case list([Int64])
    }

    let source: Source
    init(_ source: Source) { self.source = source }

    public var count: Int {
        switch source {
        case .packed(let s, let r): return PackedVarintCursor(s, r).count
        case .list(let l): return l.count
        }
    }

    public var isEmpty: Bool {
        switch source {
        case .packed(_, let r): return r.isEmpty
        case .list(let l): return l.isEmpty
        }
    }

    public struct Iterator: IteratorProtocol {
        let source: Source
        var cursor: PackedVarintCursor?
        var previous: Int64 = 0
        var listIndex = 0

        init(_ source: Source) {
            self.source = source
            if case .packed(let s, let r) = source { cursor = PackedVarintCursor(s, r) }
        }

        @inline(__always)
        public mutating func next() -> Int64? {
            if cursor != nil {
                guard !cursor!.isAtEnd else { return nil }
                previous &+= cursor!.nextSigned()
                return previous
            }
            guard case .list(let l) = source, listIndex < l.count else { return nil }
            listIndex += 1
            return l[listIndex - 1]
        }
    }

    public func makeIterator() -> Iterator { Iterator(source) }
}

/// A relation's members. From PBF a view over the packed roles/ids/types (decoded while iterating).
public struct OSMMembers: Sequence, Sendable {
    enum Source: Sendable {
        case packed(OSMBlockStorage, roles: Range<Int32>, ids: Range<Int32>, types: Range<Int32>)
        case list([OSMMember])
    }

    let source: Source
    init(_ source: Source) { self.source = source }

    public var count: Int {
        switch source {
        case .packed(let s, _, let ids, _): return PackedVarintCursor(s, ids).count
        case .list(let l): return l.count
        }
    }

    public struct Iterator: IteratorProtocol {
        let source: Source
        var roles: PackedVarintCursor?
        var ids: PackedVarintCursor?
        var types: PackedVarintCursor?
        var previousID: Int64 = 0
        var listIndex = 0

        init(_ source: Source) {
            self.source = source
            if case .packed(let s, let r, let i, let t) = source {
                roles = PackedVarintCursor(s, r)
                ids = PackedVarintCursor(s, i)
                types = PackedVarintCursor(s, t)
            }
        }

        public mutating func next() -> OSMMember? {
            switch source {
            case .list(let l):
                guard listIndex < l.count else { return nil }
                listIndex += 1
                return l[listIndex - 1]
            case .packed(let s, _, _, _):
                // The decoder checked that the three runs have equal length, roles are in the string
                // table and types are 0...2.
                guard !ids!.isAtEnd, !roles!.isAtEnd, !types!.isAtEnd else { return nil }
                previousID &+= ids!.nextSigned()
                let role = s.string(at: Int(truncatingIfNeeded: roles!.next()))
                let type = OSMElementType(rawValue: UInt8(truncatingIfNeeded: types!.next())) ?? .node
                return OSMMember(type: type, id: previousID, role: role)
            }
        }
    }

    public func makeIterator() -> Iterator { Iterator(source) }
}
