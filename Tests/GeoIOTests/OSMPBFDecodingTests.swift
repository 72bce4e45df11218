import Foundation
import GeoCore
import GeoIO
import Testing
import TestSupport

/// A tiny protobuf encoder for hand-built PBF fixtures (independent of the reader's decoder).
struct ProtoWriter {
    var bytes: [UInt8] = []
    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 { bytes.append(UInt8(v & 0x7f) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }
    mutating func key(_ field: Int, _ wire: Int) { varint(UInt64(field << 3 | wire)) }
    mutating func uint(_ field: Int, _ v: UInt64) { key(field, 0); varint(v) }
    mutating func sint(_ field: Int, _ v: Int64) { key(field, 0); varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
    mutating func bytes(_ field: Int, _ b: [UInt8]) { key(field, 2); varint(UInt64(b.count)); bytes += b }
    mutating func string(_ field: Int, _ s: String) { bytes(field, Array(s.utf8)) }
    mutating func packedUInt(_ field: Int, _ vs: [UInt64]) {
        var p = ProtoWriter(); for v in vs { p.varint(v) }; bytes(field, p.bytes)
    }
    mutating func packedSInt(_ field: Int, _ vs: [Int64]) {
        var p = ProtoWriter(); for v in vs { p.varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }; bytes(field, p.bytes)
    }
}

/// Frames a block: 4-byte big-endian header length, BlobHeader, Blob (raw unless `blobField` says otherwise).
func pbfBlock(type: String, payload: [UInt8], blobField: Int = 1) -> [UInt8] {
    var blob = ProtoWriter()
    blob.bytes(blobField, payload)
    if blobField != 1 { blob.uint(2, UInt64(payload.count)) }
    var header = ProtoWriter()
    header.string(1, type)
    header.uint(3, UInt64(blob.bytes.count))
    let n = UInt32(header.bytes.count)
    return [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)] + header.bytes + blob.bytes
}

func headerBlock(required: [String]) -> [UInt8] {
    var h = ProtoWriter()
    for f in required { h.string(4, f) }
    h.string(16, "hand-written test")
    return h.bytes
}

/// A visitor that keeps everything (for small fixtures).
struct CollectingVisitor: OSMVisitor {
    var header: OSMHeader?
    var nodes: [OSMNode] = []
    var ways: [OSMWay] = []
    var relations: [OSMRelation] = []
    mutating func visit(header: OSMHeader) { self.header = header }
    mutating func visit(node: OSMNode) { nodes.append(node) }
    mutating func visit(way: OSMWay) { ways.append(way) }
    mutating func visit(relation: OSMRelation) { relations.append(relation) }
}

func writeTemp(_ dir: TemporaryDirectory, _ name: String, _ bytes: [UInt8]) throws -> String {
    let url = dir.file(name)
    try Data(bytes).write(to: url)
    return url.path
}

@Suite("OSM PBF decoding of hand-built files", .tags(.fast))
struct OSMPBFDecodingTests {
    /// One data block with every element kind; expected values are worked out by hand below.
    static func sampleData() -> [UInt8] {
        var table = ProtoWriter()
        for s in ["", "highway", "footway", "name", "A & B", "stop", "type", "route"] { table.string(1, s) }
        // DenseNodes: ids 100, 101; lat 600000000, 600000010 (×100 nanodegrees + offset); lon likewise.
        var dense = ProtoWriter()
        dense.packedSInt(1, [100, 1])
        dense.packedSInt(8, [600_000_000, 10])
        dense.packedSInt(9, [240_000_000, -5])
        dense.packedUInt(10, [3, 4, 0, 0])  // node 100: name=A & B; node 101: no tags
        var g1 = ProtoWriter(); g1.bytes(2, dense.bytes)
        // A plain Node (id -7, lat/lon raw 1, 2) in its own group.
        var node = ProtoWriter(); node.sint(1, -7); node.sint(8, 1); node.sint(9, 2)
        var g2 = ProtoWriter(); g2.bytes(1, node.bytes)
        var way = ProtoWriter()
        way.uint(1, 55); way.packedUInt(2, [1]); way.packedUInt(3, [2]); way.packedSInt(8, [100, 1, -1])
        var g3 = ProtoWriter(); g3.bytes(3, way.bytes)
        var rel = ProtoWriter()
        rel.uint(1, 9); rel.packedUInt(2, [6]); rel.packedUInt(3, [7])
        rel.packedUInt(8, [5, 0]); rel.packedSInt(9, [101, -46]); rel.packedUInt(10, [0, 1])
        var g4 = ProtoWriter(); g4.bytes(4, rel.bytes)
        var block = ProtoWriter()
        block.bytes(1, table.bytes)
        for g in [g1, g2, g3, g4] { block.bytes(2, g.bytes) }
        block.uint(17, 100)
        block.uint(19, 1000)  // lat_offset, nanodegrees
        return block.bytes
    }

    @Test func decodesEveryElementKind() throws {
        let dir = try TemporaryDirectory(); defer { dir.cleanUp() }
        let path = try writeTemp(dir, "sample.osm.pbf",
                                 pbfBlock(type: "OSMHeader", payload: headerBlock(required: ["OsmSchema-V0.6", "DenseNodes"]))
                                 + pbfBlock(type: "OSMData", payload: Self.sampleData()))
        var v = CollectingVisitor()
        try OSMFile(path: path).read(&v)
        #expect(v.header?.writingProgram == "hand-written test")
        #expect(v.nodes.map(\.id) == [100, 101, -7])
        // lat = (1000 + 100 × 600000000) / 1e9 = 60.000001; node 101: + 100 × 10 → 60.000002
        #expect(v.nodes[0].coordinate == Coordinate(longitude: 24.0, latitude: 60.000001))
        #expect(v.nodes[1].coordinate == Coordinate(longitude: 23.9999995, latitude: 60.000002))
        #expect(v.nodes[2].coordinate == Coordinate(longitude: 0.0000002, latitude: 0.000001100))
        #expect(v.nodes[0].tags["name"] == "A & B" && v.nodes[0].tags.count == 1)
        #expect(v.nodes[1].tags.isEmpty && v.nodes[2].tags.isEmpty)
        #expect(v.ways.count == 1 && v.ways[0].id == 55)
        #expect(Array(v.ways[0].nodeIDs) == [100, 101, 100])
        #expect(v.ways[0].tags.has("highway", "footway") && !v.ways[0].tags.has("highway", "steps"))
        #expect(Array(v.ways[0].tags) == [OSMTag(key: "highway", value: "footway")])
        #expect(v.relations.count == 1)
        #expect(Array(v.relations[0].members) == [OSMMember(type: .node, id: 101, role: "stop"),
                                                 OSMMember(type: .way, id: 55, role: "")])
        #expect(v.relations[0].tags.dictionary == ["type": "route"])
    }

    @Test func rejectsUnknownRequiredFeature() throws {
        let dir = try TemporaryDirectory(); defer { dir.cleanUp() }
        let path = try writeTemp(dir, "history.osm.pbf",
                                 pbfBlock(type: "OSMHeader", payload: headerBlock(required: ["OsmSchema-V0.6", "HistoricalInformation"])))
        let error = try #require(throws: InputError.self) { try OSMFile(path: path).countElements() }
        #expect(error.file == path && error.location == "byte 0")
        #expect(error.message.contains("HistoricalInformation"))
    }

    @Test func rejectsUnsupportedCompression() throws {
        let dir = try TemporaryDirectory(); defer { dir.cleanUp() }
        let head = pbfBlock(type: "OSMHeader", payload: headerBlock(required: ["OsmSchema-V0.6"]))
        let path = try writeTemp(dir, "zstd.osm.pbf", head + pbfBlock(type: "OSMData", payload: [1, 2, 3], blobField: 7))
        let error = try #require(throws: InputError.self) { try OSMFile(path: path).countElements() }
        #expect(error.location == "byte \(head.count)")
        #expect(error.message.contains("Zstandard"))
    }

    @Test func rejectsStringIndexOutsideTable() throws {
        var way = ProtoWriter(); way.uint(1, 1); way.packedUInt(2, [40]); way.packedUInt(3, [0])
        var g = ProtoWriter(); g.bytes(3, way.bytes)
        var table = ProtoWriter(); table.string(1, "")
        var block = ProtoWriter(); block.bytes(1, table.bytes); block.bytes(2, g.bytes)
        let dir = try TemporaryDirectory(); defer { dir.cleanUp() }
        let head = pbfBlock(type: "OSMHeader", payload: headerBlock(required: []))
        let path = try writeTemp(dir, "bad.osm.pbf", head + pbfBlock(type: "OSMData", payload: block.bytes))
        let error = try #require(throws: InputError.self) { try OSMFile(path: path).countElements() }
        #expect(error.location == "byte \(head.count)" && error.message.contains("string table"))
    }
}

@Suite("OSM PBF: damaged real files", .tags(.realData))
struct OSMPBFDamageTests {
    /// Offsets of each block (4-byte length + BlobHeader + Blob), read with Foundation only.
    static func blockOffsets(_ bytes: [UInt8]) -> [(start: Int, dataStart: Int, dataSize: Int)] {
        var result: [(Int, Int, Int)] = []
        var i = 0
        while i + 4 <= bytes.count {
            let n = Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            // datasize is field 3 (key 0x18), the last varint in the header.
            var j = i + 4, size = 0
            while j < i + 4 + n {
                if bytes[j] == 0x18 {
                    var shift = 0, k = j + 1, v = 0
                    while true { v |= Int(bytes[k] & 0x7f) << shift; if bytes[k] < 0x80 { break }; shift += 7; k += 1 }
                    size = v
                    j = k + 1
                } else if bytes[j] == 0x0A {  // type string
                    j += 2 + Int(bytes[j + 1])
                } else { j += 1 }
            }
            result.append((i, i + 4 + n, size))
            i += 4 + n + size
        }
        return result
    }

    @Test(.enabled(if: SharedData.isPresent, "shared data absent"))
    func truncatedFileNamesTheByteOffset() throws {
        let url = try #require(SharedData.file("osm/Helsinki.osm.pbf"))
        let bytes = try [UInt8](Data(contentsOf: url))
        let blocks = Self.blockOffsets(bytes)
        #expect(blocks.count > 3 && blocks.last!.dataStart + blocks.last!.dataSize == bytes.count)
        let dir = try TemporaryDirectory(); defer { dir.cleanUp() }
        // Cut in the middle of the third block's blob data.
        let third = blocks[2]
        let cut = third.dataStart + third.dataSize / 2
        let path = try writeTemp(dir, "cut.osm.pbf", Array(bytes[0..<cut]))
        let error = try #require(throws: InputError.self) { try OSMFile(path: path).countElements() }
        #expect(error.file == path)
        #expect(error.location == "byte \(third.dataStart)")
        #expect(error.message.contains("truncated"))
        // Cut inside a block length.
        let path2 = try writeTemp(dir, "cut2.osm.pbf", Array(bytes[0..<(third.start + 2)]))
        let error2 = try #require(throws: InputError.self) { try OSMFile(path: path2).countElements() }
        #expect(error2.location == "byte \(third.start)" && error2.message.contains("truncated"))
    }

    @Test(.enabled(if: SharedData.isPresent, "shared data absent"))
    func corruptBlobNamesTheBlock() throws {
        let url = try #require(SharedData.file("osm/Helsinki.osm.pbf"))
        var bytes = try [UInt8](Data(contentsOf: url))
        let second = Self.blockOffsets(bytes)[1]
        // Overwrite 64 bytes in the middle of the second block's zlib data.
        let mid = second.dataStart + second.dataSize / 2
        for k in mid..<(mid + 64) { bytes[k] = 0xA5 }
        let dir = try TemporaryDirectory(); defer { dir.cleanUp() }
        let path = try writeTemp(dir, "corrupt.osm.pbf", bytes)
        let error = try #require(throws: InputError.self) { try OSMFile(path: path).countElements() }
        #expect(error.location == "byte \(second.start)")
        #expect(error.message.contains("corrupt"))
    }
}

@Suite("OSM streaming", .tags(.fast))
struct OSMStreamingTests {
    /// Counts and checks order without keeping any element.
    struct OrderCheckingCounter: OSMVisitor {
        var counts = OSMCounts()
        var lastNodeID = Int64.min, lastWayID = Int64.min
        var outOfOrder = 0
        var wayRefs = 0
        mutating func visit(node: OSMNode) {
            counts.nodes += 1
            if node.id <= lastNodeID || counts.ways > 0 { outOfOrder += 1 }
            lastNodeID = node.id
        }
        mutating func visit(way: OSMWay) {
            counts.ways += 1
            wayRefs += way.nodeIDs.count
            if way.id <= lastWayID || counts.relations > 0 { outOfOrder += 1 }
            lastWayID = way.id
        }
        mutating func visit(relation: OSMRelation) { counts.relations += 1 }
    }

    struct Stop: Error {}
    struct StopAfterTenWays: OSMVisitor {
        var ways = 0
        var wantedKinds: OSMElementKinds { .ways }
        mutating func visit(node: OSMNode) throws { Issue.record("nodes were not asked for") }
        mutating func visit(way: OSMWay) throws { ways += 1; if ways == 10 { throw Stop() } }
    }

    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "shared data absent"))
    func visitorCountsWithoutKeeping() throws {
        let url = try #require(SharedData.file("osm/monaco.osm.pbf"))
        var v = OrderCheckingCounter()
        try OSMFile(path: url.path).read(&v)
        // osmium fileinfo -e: 30,626 / 4,846 / 290, "Objects ordered (by type and id): yes".
        #expect(v.counts == OSMCounts(nodes: 30_626, ways: 4_846, relations: 290))
        #expect(v.outOfOrder == 0)
        // Way node references: `osmium cat monaco.osm.pbf -f opl | grep '^w'`, counting the N list entries
        // gives the same sum when osmium is present.
        if let opl = try runOsmium(["cat", url.path, "-f", "opl", "-o", "-", "-t", "way"]) {
            let expected = opl.split(separator: "\n").reduce(0) { sum, line in
                guard let n = line.split(separator: " ").first(where: { $0.hasPrefix("N") }), n.count > 1 else { return sum }
                return sum + n.split(separator: ",").count
            }
            #expect(v.wayRefs == expected)
        }
        var stopper = StopAfterTenWays()
        #expect(throws: Stop.self) { try OSMFile(path: url.path).read(&stopper) }
        #expect(stopper.ways == 10)
    }
}
