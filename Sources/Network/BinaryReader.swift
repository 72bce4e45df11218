import GeoCore

/// Bounds-checked little-endian reader over a byte array; every failure is an `InputError` naming the byte.
struct BinaryReader {
    let bytes: [UInt8]
    let file: String
    private(set) var offset: Int
    let end: Int

    init(bytes: [UInt8], file: String, offset: Int = 0, end: Int? = nil) {
        self.bytes = bytes; self.file = file; self.offset = offset; self.end = end ?? bytes.count
    }

    var remaining: Int { end - offset }

    func error(_ message: String, at position: Int? = nil) -> InputError {
        InputError(file: file, location: "byte \(position ?? offset)", message: message)
    }

    private mutating func need(_ n: Int, _ what: String) throws {
        if n < 0 || n > remaining {
            throw error("truncated: \(what) needs \(n) bytes, \(remaining) left")
        }
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: String = "value") throws -> T {
        let size = MemoryLayout<T>.size
        try need(size, what)
        let at = offset
        let v = bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: T.self)) }
        offset += size
        return v
    }

    mutating func readDouble(_ what: String = "number") throws -> Double {
        Double(bitPattern: try read(UInt64.self, what))
    }

    mutating func readBool(_ what: String = "flag") throws -> Bool {
        let b = try read(UInt8.self, what)
        guard b <= 1 else { throw error("\(what): flag byte \(b) is neither 0 nor 1", at: offset - 1) }
        return b == 1
    }

    mutating func readString(_ what: String = "string") throws -> String {
        let n = Int(try read(UInt32.self, what))
        try need(n, what)
        let s = String(decoding: bytes[offset ..< offset + n], as: UTF8.self)
        offset += n
        return s
    }

    mutating func readArray<T: FixedWidthInteger>(_: T.Type, _ what: String) throws -> [T] {
        let count64 = try read(UInt64.self, what)
        let size = MemoryLayout<T>.size
        guard count64 <= UInt64(remaining / size) else {
            throw error("truncated: \(what) claims \(count64) elements, \(remaining) bytes left")
        }
        let count = Int(count64)
        let at = offset
        let result = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { src in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: src[at ..< at + count * size]))
            }
            initialized = count
        }
        offset += count * size
        #if _endian(little)
        return result
        #else
        return result.map { T(littleEndian: $0) }
        #endif
    }

    mutating func readDoubles(_ what: String) throws -> [Double] {
        try readArray(UInt64.self, what).map { Double(bitPattern: $0) }
    }

    mutating func readStrings(_ what: String) throws -> [String] {
        let lengths = try readArray(UInt32.self, "\(what) lengths")
        let start = offset
        let utf8 = try readArray(UInt8.self, "\(what) text")
        var total = 0
        for l in lengths { total += Int(l) }
        guard total == utf8.count else { throw error("\(what): string lengths add to \(total), text has \(utf8.count) bytes", at: start) }
        var result: [String] = []
        result.reserveCapacity(lengths.count)
        var at = 0
        for l in lengths {
            result.append(String(decoding: utf8[at ..< at + Int(l)], as: UTF8.self))
            at += Int(l)
        }
        return result
    }

    /// Reads a section header with the expected tag and returns a reader limited to its body;
    /// advances this reader past the section.
    mutating func section(_ tag: String) throws -> BinaryReader {
        let at = offset
        try need(12, "section \(tag) header")
        let found = String(decoding: bytes[offset ..< offset + 4], as: UTF8.self)
        guard found == tag else { throw error("expected section \(tag), found \(found.debugDescription)", at: at) }
        offset += 4
        let length = try read(UInt64.self, "section \(tag) length")
        guard length <= UInt64(remaining) else { throw error("truncated: section \(tag) claims \(length) bytes, \(remaining) left", at: at) }
        let body = BinaryReader(bytes: bytes, file: file, offset: offset, end: offset + Int(length))
        offset += Int(length)
        return body
    }

    func expectEnd(_ what: String) throws {
        if offset != end { throw error("\(what): \(end - offset) unexpected trailing bytes") }
    }
}
