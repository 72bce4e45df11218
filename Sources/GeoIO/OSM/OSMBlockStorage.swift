/// One decompressed PBF primitive block and its string table. Element views (`OSMTags`, `OSMWayNodeIDs`,
/// `OSMMembers`) point into it by offset, so decoding hands out elements without copying tags or refs:
/// a consumer that keeps a view keeps its block alive; one that does not lets it go with the next block.
///
/// Immutable once the decoder has filled the string table (before any view exists), hence Sendable.
final class OSMBlockStorage: @unchecked Sendable {
    /// Owned bytes of the decompressed block.
    let base: UnsafeMutableRawPointer
    let byteCount: Int
    /// Start offset and length of each string-table entry.
    private(set) var stringStarts: [Int32] = []
    private(set) var stringLengths: [Int32] = []

    init(byteCount: Int) {
        self.byteCount = byteCount
        base = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 8)
    }

    deinit { base.deallocate() }

    var stringCount: Int { stringStarts.count }

    /// Pointer for an offset into the block.
    @inline(__always) func pointer(_ offset: Int32) -> UnsafeRawPointer { UnsafeRawPointer(base + Int(offset)) }
    @inline(__always) func offset(of p: UnsafeRawPointer) -> Int32 { Int32(p - UnsafeRawPointer(base)) }

    func appendString(start: UnsafeRawPointer, end: UnsafeRawPointer) {
        stringStarts.append(offset(of: start))
        stringLengths.append(Int32(end - start))
    }

    func removeAllStrings() {
        stringStarts.removeAll(keepingCapacity: true)
        stringLengths.removeAll(keepingCapacity: true)
    }

    /// String-table entry `index` (checked by the decoder to be in range).
    func string(at index: Int) -> String {
        let raw = UnsafeRawBufferPointer(start: pointer(stringStarts[index]), count: Int(stringLengths[index]))
        return String(decoding: raw, as: UTF8.self)
    }

    /// True when entry `index` has exactly the bytes of `utf8`.
    @inline(__always)
    func string(at index: Int, equals utf8: UnsafeRawBufferPointer) -> Bool {
        let length = Int(stringLengths[index])
        guard length == utf8.count else { return false }
        if length == 0 { return true }
        return memcmp(pointer(stringStarts[index]), utf8.baseAddress!, length) == 0
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
