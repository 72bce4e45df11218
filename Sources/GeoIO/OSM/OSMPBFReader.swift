import GeoCore

/// Streaming reader for OpenStreetMap PBF files, written from the format description
/// (OSM wiki "PBF Format", `fileformat.proto` and `osmformat.proto`):
///
/// - The file is a sequence of blocks: a 4-byte big-endian length, a `BlobHeader` of that length
///   (`type` = 1, `indexdata` = 2, `datasize` = 3; at most 64 KiB), then a `Blob` of `datasize` bytes
///   (`raw` = 1, `raw_size` = 2, `zlib_data` = 3, `lzma_data` = 4, `OBSOLETE_bzip2_data` = 5,
///   `lz4_data` = 6, `zstd_data` = 7; at most 32 MiB).
/// - The first blob has type `OSMHeader` (a `HeaderBlock`); data blobs have type `OSMData`
///   (a `PrimitiveBlock`); blobs of other types are skipped, as the format asks.
/// - Raw and zlib blobs are decoded; any other compression is an `InputError` naming it.
/// - `required_features` may only hold `OsmSchema-V0.6` and `DenseNodes`; anything else (for instance
///   `HistoricalInformation`) is rejected, as the format requires of readers that do not support it.
///
/// One block is decompressed at a time; its elements go to the visitor as views into it.
/// Errors name the file and the byte offset of the block at fault.
public struct OSMPBFReader {
    public let path: String

    /// Largest `BlobHeader` the format allows.
    static let maxBlobHeaderBytes = 64 * 1024
    /// Largest blob (compressed or not) the format allows.
    static let maxBlobBytes = 32 * 1024 * 1024
    static let supportedRequiredFeatures: Set<String> = ["OsmSchema-V0.6", "DenseNodes"]

    public init(path: String) { self.path = path }

    public func read<V: OSMVisitor>(_ visitor: inout V) throws {
        let file = try OSMInputFile(path: path)
        let kinds = visitor.wantedKinds
        var scratch = ScratchBuffer()
        var groups: [Range<Int32>] = []
        var sawHeader = false

        while true {
            let blockOffset = file.offset
            // 4-byte big-endian BlobHeader length.
            scratch.reserve(4)
            let n = try file.read(into: scratch.base, count: 4)
            if n == 0 { break }
            guard n == 4 else {
                throw truncated(at: blockOffset, "file ends inside a block length (\(n) of 4 bytes)")
            }
            let p = scratch.base.assumingMemoryBound(to: UInt8.self)
            let headerLength = Int(p[0]) << 24 | Int(p[1]) << 16 | Int(p[2]) << 8 | Int(p[3])
            guard headerLength > 0, headerLength <= Self.maxBlobHeaderBytes else {
                throw InputError(file: path, location: "byte \(blockOffset)",
                                 message: "BlobHeader length \(headerLength) is outside 1...65536: not an OSM PBF block")
            }
            scratch.reserve(headerLength)
            guard try file.read(into: scratch.base, count: headerLength) == headerLength else {
                throw truncated(at: blockOffset, "file ends inside a BlobHeader of \(headerLength) bytes")
            }
            let header: (type: String, dataSize: Int)
            do {
                header = try Self.parseBlobHeader(UnsafeRawBufferPointer(start: scratch.base, count: headerLength))
            } catch {
                throw InputError(file: path, location: "byte \(blockOffset)", message: "bad BlobHeader: \(error.message)")
            }
            guard header.dataSize >= 0, header.dataSize <= Self.maxBlobBytes else {
                throw InputError(file: path, location: "byte \(blockOffset)",
                                 message: "blob size \(header.dataSize) is outside 0...33554432")
            }
            let blobOffset = file.offset
            scratch.reserve(header.dataSize)
            let got = try file.read(into: scratch.base, count: header.dataSize)
            guard got == header.dataSize else {
                throw truncated(at: blobOffset,
                                "file ends inside a \(header.type) blob: \(got) of \(header.dataSize) bytes present")
            }

            let isHeader = header.type == "OSMHeader"
            guard isHeader || header.type == "OSMData" else { continue }  // unknown blob types are skipped
            if !sawHeader && !isHeader {
                throw InputError(file: path, location: "byte \(blockOffset)",
                                 message: "first block is \(header.type), expected OSMHeader")
            }
            let storage = try decompress(UnsafeRawBufferPointer(start: scratch.base, count: header.dataSize),
                                         blockOffset: blockOffset)
            do {
                if isHeader {
                    let osmHeader = try Self.parseHeaderBlock(storage)
                    for feature in osmHeader.requiredFeatures where !Self.supportedRequiredFeatures.contains(feature) {
                        throw InputError(file: path, location: "byte \(blockOffset)",
                                         message: "file requires feature \"\(feature)\", which this reader does not support")
                    }
                    sawHeader = true
                    try visitor.visit(header: osmHeader)
                } else {
                    try OSMPrimitiveBlockDecoder.decode(storage, kinds: kinds, groups: &groups, visitor: &visitor)
                }
            } catch let error as ProtobufError {
                throw InputError(file: path, location: "byte \(blockOffset)",
                                 message: "corrupt \(header.type) block: \(error.message)")
            }
        }
        if !sawHeader {
            throw InputError(file: path, message: "no OSMHeader block: empty or not an OSM PBF file")
        }
    }

    private func truncated(at offset: Int, _ what: String) -> InputError {
        InputError(file: path, location: "byte \(offset)", message: "truncated PBF: \(what)")
    }

    /// Decodes a `Blob` into a fresh block storage.
    private func decompress(_ blob: UnsafeRawBufferPointer, blockOffset: Int) throws -> OSMBlockStorage {
        let fields: BlobFields
        do {
            fields = try Self.parseBlob(blob)
        } catch {
            throw InputError(file: path, location: "byte \(blockOffset)", message: "bad Blob: \(error.message)")
        }
        let raw = fields.raw, zlib = fields.zlib, rawSize = fields.rawSize, otherCompression = fields.otherCompression
        if let raw {
            let count = raw.end - raw.start
            let storage = OSMBlockStorage(byteCount: count)
            storage.base.copyMemory(from: raw.start, byteCount: count)
            return storage
        }
        if let zlib {
            guard let rawSize, rawSize >= 0, rawSize <= Self.maxBlobBytes else {
                throw InputError(file: path, location: "byte \(blockOffset)",
                                 message: "zlib blob without a valid raw_size (\(rawSize.map(String.init) ?? "missing"))")
            }
            let storage = OSMBlockStorage(byteCount: rawSize)
            if let problem = ZlibInflate.inflate(UnsafeRawBufferPointer(start: zlib.start, count: zlib.end - zlib.start),
                                                 into: storage.base, expectedCount: rawSize) {
                throw InputError(file: path, location: "byte \(blockOffset)", message: "corrupt blob: \(problem)")
            }
            return storage
        }
        if let otherCompression {
            throw InputError(file: path, location: "byte \(blockOffset)",
                             message: "blob compressed with \(otherCompression); only uncompressed and zlib blobs are supported")
        }
        throw InputError(file: path, location: "byte \(blockOffset)", message: "blob has no data")
    }

    struct BlobFields {
        var raw: (start: UnsafeRawPointer, end: UnsafeRawPointer)?
        var zlib: (start: UnsafeRawPointer, end: UnsafeRawPointer)?
        var rawSize: Int?
        var otherCompression: String?
    }

    static func parseBlob(_ blob: UnsafeRawBufferPointer) throws(ProtobufError) -> BlobFields {
        var fields = BlobFields()
        var r = ProtobufReader(blob)
        while !r.isAtEnd {
            let (field, wire) = try r.readKey()
            switch field {
            case 1: fields.raw = try r.readBytesField(field: field, wireType: wire)
            case 2: fields.rawSize = Int(Int32(truncatingIfNeeded: try r.readVarintField(field: field, wireType: wire)))
            case 3: fields.zlib = try r.readBytesField(field: field, wireType: wire)
            case 4: fields.otherCompression = "LZMA"; try r.skip(wire)
            case 5: fields.otherCompression = "bzip2"; try r.skip(wire)
            case 6: fields.otherCompression = "LZ4"; try r.skip(wire)
            case 7: fields.otherCompression = "Zstandard"; try r.skip(wire)
            default: try r.skip(wire)
            }
        }
        return fields
    }

    static func parseBlobHeader(_ bytes: UnsafeRawBufferPointer) throws(ProtobufError) -> (type: String, dataSize: Int) {
        var r = ProtobufReader(bytes)
        var type: String?
        var dataSize: Int?
        while !r.isAtEnd {
            let (field, wire) = try r.readKey()
            switch field {
            case 1:
                let s = try r.readBytesField(field: field, wireType: wire)
                type = String(decoding: UnsafeRawBufferPointer(start: s.start, count: s.end - s.start), as: UTF8.self)
            case 3:
                dataSize = Int(Int32(truncatingIfNeeded: try r.readVarintField(field: field, wireType: wire)))
            default:
                try r.skip(wire)
            }
        }
        guard let type else { throw .invalid("BlobHeader has no type") }
        guard let dataSize else { throw .invalid("BlobHeader has no datasize") }
        return (type, dataSize)
    }

    static func parseHeaderBlock(_ storage: OSMBlockStorage) throws(ProtobufError) -> OSMHeader {
        var header = OSMHeader()
        var r = ProtobufReader(start: storage.pointer(0), end: storage.pointer(Int32(storage.byteCount)))
        func string(_ s: (start: UnsafeRawPointer, end: UnsafeRawPointer)) -> String {
            String(decoding: UnsafeRawBufferPointer(start: s.start, count: s.end - s.start), as: UTF8.self)
        }
        while !r.isAtEnd {
            let (field, wire) = try r.readKey()
            switch field {
            case 1:
                // HeaderBBox: left = 1, right = 2, top = 3, bottom = 4 (sint64 nanodegrees).
                let s = try r.readBytesField(field: field, wireType: wire)
                var b = ProtobufReader(start: s.start, end: s.end)
                var v: [Int64] = [0, 0, 0, 0]
                while !b.isAtEnd {
                    let (f, w) = try b.readKey()
                    if (1...4).contains(f) {
                        v[Int(f) - 1] = ProtobufReader.zigzagDecode(try b.readVarintField(field: f, wireType: w))
                    } else {
                        try b.skip(w)
                    }
                }
                header.boundingBox = BoundingBox(minLongitude: Double(v[0]) / 1e9, minLatitude: Double(v[3]) / 1e9,
                                                 maxLongitude: Double(v[1]) / 1e9, maxLatitude: Double(v[2]) / 1e9)
            case 4: header.requiredFeatures.append(string(try r.readBytesField(field: field, wireType: wire)))
            case 5: header.optionalFeatures.append(string(try r.readBytesField(field: field, wireType: wire)))
            case 16: header.writingProgram = string(try r.readBytesField(field: field, wireType: wire))
            default: try r.skip(wire)
            }
        }
        return header
    }
}

/// A growable raw byte buffer reused across blocks.
struct ScratchBuffer: ~Copyable {
    private(set) var base: UnsafeMutableRawPointer
    private var capacity: Int

    init() {
        capacity = 64 * 1024
        base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
    }

    mutating func reserve(_ count: Int) {
        guard count > capacity else { return }
        base.deallocate()
        capacity = max(count, capacity * 2)
        base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
    }

    deinit { base.deallocate() }
}
