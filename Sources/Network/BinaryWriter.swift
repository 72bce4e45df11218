/// Little-endian byte writer for the network file. Arrays are written as a UInt64 count followed by the raw
/// elements (one bulk copy on little-endian hosts).
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: Double) { write(value.bitPattern) }

    mutating func write(_ value: Bool) { write(UInt8(value ? 1 : 0)) }

    mutating func write(_ value: String) {
        let utf8 = Array(value.utf8)
        write(UInt32(utf8.count))
        bytes += utf8
    }

    mutating func writeArray<T: FixedWidthInteger>(_ values: [T]) {
        write(UInt64(values.count))
        #if _endian(little)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for v in values { write(v) }
        #endif
    }

    mutating func writeArray(_ values: [Double]) { writeArray(values.map(\.bitPattern)) }

    /// Strings as one UInt32 length array plus one UTF-8 byte array.
    mutating func writeStrings(_ values: [String]) {
        var lengths: [UInt32] = []
        lengths.reserveCapacity(values.count)
        var utf8: [UInt8] = []
        for s in values {
            let before = utf8.count
            utf8 += s.utf8
            lengths.append(UInt32(utf8.count - before))
        }
        writeArray(lengths)
        writeArray(utf8)
    }

    /// A section: 4-byte ASCII tag, UInt64 length, then the body.
    mutating func writeSection(_ tag: String, _ body: (inout BinaryWriter) -> Void) {
        precondition(tag.utf8.count == 4, "section tags are four ASCII bytes")
        bytes += tag.utf8
        var inner = BinaryWriter()
        body(&inner)
        write(UInt64(inner.bytes.count))
        bytes += inner.bytes
    }
}
