/// Why a protobuf message could not be decoded. Callers turn it into an `InputError` naming the file and
/// the byte offset of the enclosing blob.
enum ProtobufError: Error, Equatable {
    /// A varint or a length-delimited field runs past the end of its message.
    case truncated
    /// A varint longer than 10 bytes.
    case overlongVarint
    /// Wire types 3/4 (groups) or 6/7 (undefined).
    case unsupportedWireType(field: UInt32, wireType: UInt8)
    /// A field of a known message carries a wire type other than the schema's.
    case unexpectedWireType(field: UInt32, wireType: UInt8)
    /// A value the schema does not allow (negative length, index out of range, …).
    case invalid(String)

    var message: String {
        switch self {
        case .truncated: return "protobuf message truncated"
        case .overlongVarint: return "protobuf varint longer than 10 bytes"
        case .unsupportedWireType(let f, let w): return "unsupported protobuf wire type \(w) in field \(f)"
        case .unexpectedWireType(let f, let w): return "unexpected protobuf wire type \(w) in field \(f)"
        case .invalid(let s): return s
        }
    }
}

/// Protobuf wire types (https://protobuf.dev/programming-guides/encoding/).
enum ProtobufWireType: UInt8 {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case fixed32 = 5
}

/// A minimal, allocation-free protobuf wire decoder over borrowed bytes.
/// The bytes must outlive the reader (it holds raw pointers into them).
struct ProtobufReader {
    private(set) var cursor: UnsafeRawPointer
    let end: UnsafeRawPointer

    init(_ buffer: UnsafeRawBufferPointer) {
        // An empty buffer may have a nil base address: use a static non-nil one of length 0.
        let base = buffer.baseAddress ?? ProtobufReader.emptyBase
        cursor = base
        end = base + buffer.count
    }

    init(start: UnsafeRawPointer, end: UnsafeRawPointer) {
        cursor = start
        self.end = end
    }

    /// Immutable after initialisation; only ever compared, never read or written.
    nonisolated(unsafe) private static let emptyBase = UnsafeRawPointer(UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1))

    var isAtEnd: Bool { cursor >= end }

    /// Reads a base-128 varint.
    @inline(__always)
    mutating func readVarint() throws(ProtobufError) -> UInt64 {
        guard cursor < end else { throw .truncated }
        let first = cursor.load(as: UInt8.self)
        if first < 0x80 {
            cursor += 1
            return UInt64(first)
        }
        return try readVarintSlow()
    }

    private mutating func readVarintSlow() throws(ProtobufError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var p = cursor
        while true {
            guard p < end else { throw .truncated }
            let byte = p.load(as: UInt8.self)
            p += 1
            if shift == 63 && byte > 1 { throw .overlongVarint }
            result |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { break }
            shift += 7
            if shift > 63 { throw .overlongVarint }
        }
        cursor = p
        return result
    }

    @inline(__always)
    mutating func readSignedVarint() throws(ProtobufError) -> Int64 {
        ProtobufReader.zigzagDecode(try readVarint())
    }

    @inline(__always)
    static func zigzagDecode(_ v: UInt64) -> Int64 {
        Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    /// Reads a field key: (field number, wire type). Groups and undefined wire types are rejected.
    @inline(__always)
    mutating func readKey() throws(ProtobufError) -> (field: UInt32, wireType: ProtobufWireType) {
        let key = try readVarint()
        let raw = UInt8(truncatingIfNeeded: key & 7)
        let field = UInt32(truncatingIfNeeded: key >> 3)
        guard let wire = ProtobufWireType(rawValue: raw) else {
            throw .unsupportedWireType(field: field, wireType: raw)
        }
        return (field, wire)
    }

    /// Reads the length prefix of a length-delimited field and returns its bytes, advancing past them.
    @inline(__always)
    mutating func readLengthDelimited() throws(ProtobufError) -> (start: UnsafeRawPointer, end: UnsafeRawPointer) {
        let length = try readVarint()
        guard length <= UInt64(end - cursor) else { throw .truncated }
        let start = cursor
        cursor += Int(length)
        return (start, cursor)
    }

    /// Skips a field's value of the given wire type.
    mutating func skip(_ wireType: ProtobufWireType) throws(ProtobufError) {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64:
            guard end - cursor >= 8 else { throw .truncated }
            cursor += 8
        case .fixed32:
            guard end - cursor >= 4 else { throw .truncated }
            cursor += 4
        case .lengthDelimited: _ = try readLengthDelimited()
        }
    }

    /// Reads a length-delimited field and checks that a packed varint run in it ends on a complete varint
    /// (last byte below 0x80), so lazy decoders can walk it without bounds errors.
    mutating func readPackedVarints(field: UInt32, wireType: ProtobufWireType) throws(ProtobufError)
        -> (start: UnsafeRawPointer, end: UnsafeRawPointer)
    {
        guard wireType == .lengthDelimited else {
            throw .unexpectedWireType(field: field, wireType: wireType.rawValue)
        }
        let range = try readLengthDelimited()
        if range.end > range.start && (range.end - 1).load(as: UInt8.self) >= 0x80 { throw .truncated }
        return range
    }

    /// Reads a varint-typed field value after checking the wire type.
    @inline(__always)
    mutating func readVarintField(field: UInt32, wireType: ProtobufWireType) throws(ProtobufError) -> UInt64 {
        guard wireType == .varint else { throw .unexpectedWireType(field: field, wireType: wireType.rawValue) }
        return try readVarint()
    }

    /// Reads a bytes/string/message field after checking the wire type.
    @inline(__always)
    mutating func readBytesField(field: UInt32, wireType: ProtobufWireType) throws(ProtobufError)
        -> (start: UnsafeRawPointer, end: UnsafeRawPointer)
    {
        guard wireType == .lengthDelimited else {
            throw .unexpectedWireType(field: field, wireType: wireType.rawValue)
        }
        return try readLengthDelimited()
    }
}

/// Walks a packed run of varints whose last byte is known to end a varint (see `readPackedVarints`).
/// Never reads past `end`; an over-long varint is folded (no trap), corrupt values are caught by callers'
/// range checks.
struct PackedVarintCursor {
    var cursor: UnsafeRawPointer
    let end: UnsafeRawPointer

    @inline(__always) var isAtEnd: Bool { cursor >= end }

    /// Next varint; precondition: `!isAtEnd`.
    @inline(__always)
    mutating func next() -> UInt64 {
        var byte = cursor.load(as: UInt8.self)
        cursor += 1
        if byte < 0x80 { return UInt64(byte) }
        var result = UInt64(byte & 0x7f)
        var shift: UInt64 = 7
        repeat {
            byte = cursor.load(as: UInt8.self)
            cursor += 1
            result |= UInt64(byte & 0x7f) << shift  // smart shift: 0 past 63 bits, never traps
            shift &+= 7
        } while byte >= 0x80 && cursor < end
        return result
    }

    @inline(__always)
    mutating func nextSigned() -> Int64 { ProtobufReader.zigzagDecode(next()) }

    /// Number of varints left (bytes below 0x80).
    var count: Int {
        var n = 0
        var p = cursor
        while p < end {
            if p.load(as: UInt8.self) < 0x80 { n += 1 }
            p += 1
        }
        return n
    }
}
