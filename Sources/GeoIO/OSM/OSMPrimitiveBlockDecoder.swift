import GeoCore

/// Decodes one `PrimitiveBlock` (osmformat.proto) and hands its elements to a visitor.
///
/// PrimitiveBlock: stringtable = 1, primitivegroup = 2 (repeated), granularity = 17 (default 100),
/// date_granularity = 18, lat_offset = 19, lon_offset = 20 (nanodegrees).
/// PrimitiveGroup: nodes = 1, dense = 2, ways = 3, relations = 4, changesets = 5 (ignored).
/// Position in degrees = 1e-9 × (offset + granularity × value).
///
/// Every string index, packed run and member type is checked here, before any view of the block is
/// handed out, so the views never read outside the block. Repeated scalar fields must be packed
/// (as every OSM PBF writer does); an unpacked one is reported as an unexpected wire type.
enum OSMPrimitiveBlockDecoder {
    typealias Bytes = (start: UnsafeRawPointer, end: UnsafeRawPointer)

    struct Context {
        let storage: OSMBlockStorage
        var granularity: Int64 = 100
        var latOffset: Int64 = 0
        var lonOffset: Int64 = 0
        var stringCount: UInt64 { UInt64(storage.stringCount) }

        @inline(__always) func range(_ b: Bytes) -> Range<Int32> { storage.offset(of: b.start)..<storage.offset(of: b.end) }

        @inline(__always)
        func coordinate(lat: Int64, lon: Int64) -> Coordinate {
            Coordinate(longitude: Double(lonOffset &+ granularity &* lon) / 1e9,
                       latitude: Double(latOffset &+ granularity &* lat) / 1e9)
        }

        /// The node's position, refused outside ±180° longitude / ±90° latitude (as the XML reader does), so
        /// that damaged deltas never reach the fixed-point tables downstream.
        func checkedCoordinate(node id: Int64, lat: Int64, lon: Int64) throws(ProtobufError) -> Coordinate {
            let c = coordinate(lat: lat, lon: lon)
            guard c.isValidGeographic else {
                throw .invalid("node \(id) lies at longitude \(c.longitude), latitude \(c.latitude), outside ±180°/±90°")
            }
            return c
        }
    }

    static func decode<V: OSMVisitor>(_ storage: OSMBlockStorage, kinds: OSMElementKinds,
                                      groups: inout [Range<Int32>], visitor: inout V) throws {
        var context = Context(storage: storage)
        groups.removeAll(keepingCapacity: true)
        storage.removeAllStrings()
        var r = ProtobufReader(start: storage.pointer(0), end: storage.pointer(Int32(storage.byteCount)))
        while !r.isAtEnd {
            let (field, wire) = try r.readKey()
            switch field {
            case 1:
                let table = try r.readBytesField(field: field, wireType: wire)
                var t = ProtobufReader(start: table.start, end: table.end)
                while !t.isAtEnd {
                    let (f, w) = try t.readKey()
                    if f == 1 {
                        let s = try t.readBytesField(field: f, wireType: w)
                        storage.appendString(start: s.start, end: s.end)
                    } else {
                        try t.skip(w)
                    }
                }
            case 2: groups.append(context.range(try r.readBytesField(field: field, wireType: wire)))
            case 17: context.granularity = Int64(Int32(truncatingIfNeeded: try r.readVarintField(field: field, wireType: wire)))
            case 19: context.latOffset = Int64(bitPattern: try r.readVarintField(field: field, wireType: wire))
            case 20: context.lonOffset = Int64(bitPattern: try r.readVarintField(field: field, wireType: wire))
            default: try r.skip(wire)
            }
        }
        guard context.granularity > 0 else { throw ProtobufError.invalid("granularity \(context.granularity) is not positive") }
        for group in groups {
            var g = ProtobufReader(start: storage.pointer(group.lowerBound), end: storage.pointer(group.upperBound))
            while !g.isAtEnd {
                let (field, wire) = try g.readKey()
                switch field {
                case 1 where kinds.contains(.nodes):
                    let node = try decodeNode(try g.readBytesField(field: field, wireType: wire), context)
                    try visitor.visit(node: node)
                case 2 where kinds.contains(.nodes):
                    try decodeDenseNodes(try g.readBytesField(field: field, wireType: wire), context, &visitor)
                case 3 where kinds.contains(.ways):
                    let way = try decodeWay(try g.readBytesField(field: field, wireType: wire), context)
                    try visitor.visit(way: way)
                case 4 where kinds.contains(.relations):
                    let relation = try decodeRelation(try g.readBytesField(field: field, wireType: wire), context)
                    try visitor.visit(relation: relation)
                default:
                    try g.skip(wire)
                }
            }
        }
    }

    /// Checks parallel key/value index runs: same length, every index in the string table.
    private static func checkTags(keys: Bytes?, values: Bytes?, _ c: Context) throws(ProtobufError) -> OSMTags {
        guard let keys, keys.end > keys.start else {
            if let values, values.end > values.start { throw .invalid("tag values without keys") }
            return .empty
        }
        guard let values else { throw .invalid("tag keys without values") }
        var k = PackedVarintCursor(cursor: keys.start, end: keys.end)
        var v = PackedVarintCursor(cursor: values.start, end: values.end)
        let n = c.stringCount
        while !k.isAtEnd {
            guard !v.isAtEnd else { throw .invalid("more tag keys than values") }
            guard k.next() < n, v.next() < n else { throw .invalid("tag string index outside the string table") }
        }
        guard v.isAtEnd else { throw .invalid("more tag values than keys") }
        return OSMTags(.parallel(c.storage, keys: c.range(keys), values: c.range(values)))
    }

    // Node: id = 1 (sint64), keys = 2, vals = 3, info = 4, lat = 8 (sint64), lon = 9 (sint64).
    private static func decodeNode(_ bytes: Bytes, _ c: Context) throws(ProtobufError) -> OSMNode {
        var r = ProtobufReader(start: bytes.start, end: bytes.end)
        var id: Int64?, lat: Int64?, lon: Int64?
        var keys: Bytes?, values: Bytes?
        while !r.isAtEnd {
            let (field, wire) = try r.readKey()
            switch field {
            case 1: id = ProtobufReader.zigzagDecode(try r.readVarintField(field: field, wireType: wire))
            case 2: keys = try r.readPackedVarints(field: field, wireType: wire)
            case 3: values = try r.readPackedVarints(field: field, wireType: wire)
            case 8: lat = ProtobufReader.zigzagDecode(try r.readVarintField(field: field, wireType: wire))
            case 9: lon = ProtobufReader.zigzagDecode(try r.readVarintField(field: field, wireType: wire))
            default: try r.skip(wire)
            }
        }
        guard let id, let lat, let lon else { throw .invalid("node without id, lat or lon") }
        return OSMNode(id: id, coordinate: try c.checkedCoordinate(node: id, lat: lat, lon: lon),
                       tags: try checkTags(keys: keys, values: values, c))
    }

    // DenseNodes: id = 1, denseinfo = 5, lat = 8, lon = 9 (packed sint64, delta coded),
    // keys_vals = 10 (packed int32: per node key, value, …, 0).
    private static func decodeDenseNodes<V: OSMVisitor>(_ bytes: Bytes, _ c: Context, _ visitor: inout V) throws {
        var r = ProtobufReader(start: bytes.start, end: bytes.end)
        var idRun: Bytes?, latRun: Bytes?, lonRun: Bytes?, tagRun: Bytes?
        while !r.isAtEnd {
            let (field, wire) = try r.readKey()
            switch field {
            case 1: idRun = try r.readPackedVarints(field: field, wireType: wire)
            case 8: latRun = try r.readPackedVarints(field: field, wireType: wire)
            case 9: lonRun = try r.readPackedVarints(field: field, wireType: wire)
            case 10: tagRun = try r.readPackedVarints(field: field, wireType: wire)
            default: try r.skip(wire)
            }
        }
        guard let idRun else { return }
        guard let latRun, let lonRun else { throw ProtobufError.invalid("DenseNodes without lat or lon") }
        var ids = PackedVarintCursor(cursor: idRun.start, end: idRun.end)
        var lats = PackedVarintCursor(cursor: latRun.start, end: latRun.end)
        var lons = PackedVarintCursor(cursor: lonRun.start, end: lonRun.end)
        let hasTags = tagRun.map { $0.end > $0.start } ?? false
        var tags = PackedVarintCursor(cursor: tagRun?.start ?? idRun.start, end: tagRun?.end ?? idRun.start)
        let n = c.stringCount
        let storage = c.storage
        var id: Int64 = 0, lat: Int64 = 0, lon: Int64 = 0
        while !ids.isAtEnd {
            guard !lats.isAtEnd, !lons.isAtEnd else { throw ProtobufError.invalid("DenseNodes has fewer lat/lon than ids") }
            id &+= ids.nextSigned()
            lat &+= lats.nextSigned()
            lon &+= lons.nextSigned()
            var nodeTags = OSMTags.empty
            if hasTags {
                let start = tags.cursor
                var end = start
                while true {
                    guard !tags.isAtEnd else { throw ProtobufError.invalid("DenseNodes keys_vals ends early") }
                    end = tags.cursor
                    let k = tags.next()
                    if k == 0 { break }
                    guard !tags.isAtEnd else { throw ProtobufError.invalid("DenseNodes keys_vals ends early") }
                    let v = tags.next()
                    guard k < n, v < n else { throw ProtobufError.invalid("tag string index outside the string table") }
                }
                if end > start {
                    nodeTags = OSMTags(.interleaved(storage, storage.offset(of: start)..<storage.offset(of: end)))
                }
            }
            try visitor.visit(node: OSMNode(id: id, coordinate: try c.checkedCoordinate(node: id, lat: lat, lon: lon), tags: nodeTags))
        }
        guard lats.isAtEnd, lons.isAtEnd else { throw ProtobufError.invalid("DenseNodes has more lat/lon than ids") }
    }

    // Way: id = 1 (int64), keys = 2, vals = 3, info = 4, refs = 8 (packed sint64, delta coded),
    // lat = 9, lon = 10 (LocationsOnWays, ignored).
    private static func decodeWay(_ bytes: Bytes, _ c: Context) throws(ProtobufError) -> OSMWay {
        var r = ProtobufReader(start: bytes.start, end: bytes.end)
        var id: Int64?
        var keys: Bytes?, values: Bytes?, refs: Bytes?
        while !r.isAtEnd {
            let (field, wire) = try r.readKey()
            switch field {
            case 1: id = Int64(bitPattern: try r.readVarintField(field: field, wireType: wire))
            case 2: keys = try r.readPackedVarints(field: field, wireType: wire)
            case 3: values = try r.readPackedVarints(field: field, wireType: wire)
            case 8: refs = try r.readPackedVarints(field: field, wireType: wire)
            default: try r.skip(wire)
            }
        }
        guard let id else { throw .invalid("way without id") }
        let tags = try checkTags(keys: keys, values: values, c)
        let nodeIDs = OSMWayNodeIDs(.packed(c.storage, refs.map { c.range($0) } ?? 0..<0))
        return OSMWay(id: id, nodeIDs: nodeIDs, tags: tags)
    }

    // Relation: id = 1 (int64), keys = 2, vals = 3, info = 4, roles_sid = 8 (packed int32),
    // memids = 9 (packed sint64, delta coded), types = 10 (packed enum NODE = 0, WAY = 1, RELATION = 2).
    private static func decodeRelation(_ bytes: Bytes, _ c: Context) throws(ProtobufError) -> OSMRelation {
        var r = ProtobufReader(start: bytes.start, end: bytes.end)
        var id: Int64?
        var keys: Bytes?, values: Bytes?, roles: Bytes?, memberIDs: Bytes?, types: Bytes?
        while !r.isAtEnd {
            let (field, wire) = try r.readKey()
            switch field {
            case 1: id = Int64(bitPattern: try r.readVarintField(field: field, wireType: wire))
            case 2: keys = try r.readPackedVarints(field: field, wireType: wire)
            case 3: values = try r.readPackedVarints(field: field, wireType: wire)
            case 8: roles = try r.readPackedVarints(field: field, wireType: wire)
            case 9: memberIDs = try r.readPackedVarints(field: field, wireType: wire)
            case 10: types = try r.readPackedVarints(field: field, wireType: wire)
            default: try r.skip(wire)
            }
        }
        guard let id else { throw .invalid("relation without id") }
        let tags = try checkTags(keys: keys, values: values, c)
        let empty: Bytes = (bytes.start, bytes.start)
        let roleRun = roles ?? empty, idRun = memberIDs ?? empty, typeRun = types ?? empty
        var rc = PackedVarintCursor(cursor: roleRun.start, end: roleRun.end)
        var ic = PackedVarintCursor(cursor: idRun.start, end: idRun.end)
        var tc = PackedVarintCursor(cursor: typeRun.start, end: typeRun.end)
        let n = c.stringCount
        while !ic.isAtEnd {
            guard !rc.isAtEnd, !tc.isAtEnd else { throw .invalid("relation \(id): member ids, roles and types differ in number") }
            _ = ic.next()
            guard rc.next() < n else { throw .invalid("relation \(id): role index outside the string table") }
            guard tc.next() <= 2 else { throw .invalid("relation \(id): member type outside 0...2") }
        }
        guard rc.isAtEnd, tc.isAtEnd else { throw .invalid("relation \(id): member ids, roles and types differ in number") }
        let members = OSMMembers(.packed(c.storage, roles: c.range(roleRun), ids: c.range(idRun), types: c.range(typeRun)))
        return OSMRelation(id: id, members: members, tags: tags)
    }
}
