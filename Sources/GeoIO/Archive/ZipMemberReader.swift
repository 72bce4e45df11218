import GeoCore
internal import CZlib

/// Reads one zip member chunk by chunk: copies a stored member, or raw-inflates a deflated one with zlib.
/// The CRC-32 (zlib `crc32`) and the size are checked when the member's end is reached.
final class ZipMemberReader: CsvByteSource {
    private let storage: ZipStorage
    private let entry: ZipArchive.Entry
    private let fileName: String
    private let dataStart: Int
    /// Bytes of compressed input consumed (stored members: bytes copied).
    private var inputOffset = 0
    private var produced = 0
    private var crc: UInt = 0
    private var finished = false
    /// Allocated only for deflated members; owned here, ended in `deinit`.
    private var stream: UnsafeMutablePointer<z_stream>?

    init(archive: ZipArchive, entry: ZipArchive.Entry) throws {
        storage = archive.storage
        self.entry = entry
        fileName = "\(archive.fileName)/\(entry.name)"
        if entry.flags & 1 != 0 { throw InputError(file: fileName, message: "encrypted zip members are not supported") }
        guard entry.method == 0 || entry.method == 8 else {
            throw InputError(file: fileName,
                             message: "zip compression method \(entry.method) is not supported (only stored and deflate)")
        }
        dataStart = try archive.dataOffset(of: entry)
        if entry.method == 0, entry.compressedSize != entry.uncompressedSize {
            throw InputError(file: fileName, message: "corrupt zip archive: stored member sizes differ")
        }
        if entry.method == 8 {
            let s = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            s.initialize(to: z_stream())
            // windowBits -15: raw deflate data, no zlib header (as in zip). Returns Z_OK (0) on success.
            let status = inflateInit2_(s, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else {
                s.deinitialize(count: 1)
                s.deallocate()
                throw InputError(file: fileName, message: "zlib inflateInit2 failed (status \(status))")
            }
            stream = s
        }
    }

    deinit {
        if let stream {
            inflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
    }

    func appendChunk(to buffer: inout [UInt8], maxCount requested: Int) throws -> Bool {
        if finished { return false }
        // The room is zero-filled first: size it to what the member still holds (exact when stored, the
        // directory's figure when deflated; at least 4 KiB, so that a wrong figure only costs more chunks).
        let left = entry.method == 0 ? entry.compressedSize - inputOffset : max(4096, entry.uncompressedSize - produced + 1)
        let maxCount = max(1, min(requested, left))
        let oldCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: maxCount))
        let written: Int = try buffer.withUnsafeMutableBufferPointer { out in
            let target = UnsafeMutableBufferPointer(rebasing: out[oldCount...])
            return entry.method == 0 ? copyStored(into: target) : try inflate(into: target)
        }
        buffer.removeLast(maxCount - written)
        if written > 0 {
            crc = buffer.withUnsafeBufferPointer { b in
                crc32(crc, b.baseAddress! + oldCount, UInt32(written))
            }
            produced += written
        }
        if finished { try verify() }
        return written > 0 || !finished
    }

    private func copyStored(into target: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let count = min(target.count, entry.compressedSize - inputOffset)
        let source = UnsafeRawBufferPointer(rebasing: storage.bytes[(dataStart + inputOffset)..<(dataStart + inputOffset + count)])
        UnsafeMutableRawBufferPointer(target).copyMemory(from: source)
        inputOffset += count
        if inputOffset == entry.compressedSize { finished = true }
        return count
    }

    private func inflate(into target: UnsafeMutableBufferPointer<UInt8>) throws -> Int {
        guard let stream, let base = storage.bytes.baseAddress else { return 0 }
        let input = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self)) + dataStart + inputOffset
        stream.pointee.next_in = input
        stream.pointee.avail_in = UInt32(entry.compressedSize - inputOffset)
        stream.pointee.next_out = target.baseAddress
        stream.pointee.avail_out = UInt32(target.count)
        // Returns Z_OK while there is more, Z_STREAM_END at the end; Z_BUF_ERROR when no progress was possible
        // (input exhausted before the end); negative values for corrupt data.
        let status = CZlib.inflate(stream, Z_NO_FLUSH)
        let consumed = Int(UInt32(entry.compressedSize - inputOffset) - stream.pointee.avail_in)
        inputOffset += consumed
        let written = target.count - Int(stream.pointee.avail_out)
        switch status {
        case Z_STREAM_END:
            finished = true
        case Z_OK, Z_BUF_ERROR:
            if written == 0 {
                throw InputError(file: fileName, location: "byte \(produced + written)",
                                 message: "corrupt zip archive: deflate data ends early")
            }
        default:
            let reason = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
            throw InputError(file: fileName, location: "byte \(produced + written)",
                             message: "corrupt zip archive: inflate failed (\(reason))")
        }
        return written
    }

    private func verify() throws {
        guard produced == entry.uncompressedSize else {
            throw InputError(file: fileName,
                             message: "corrupt zip archive: member has \(produced) bytes, directory says \(entry.uncompressedSize)")
        }
        guard UInt32(truncatingIfNeeded: crc) == entry.crc32 else {
            throw InputError(file: fileName, message: "corrupt zip archive: CRC-32 mismatch "
                + "(computed \(String(UInt32(truncatingIfNeeded: crc), radix: 16)), stored \(String(entry.crc32, radix: 16)))")
        }
    }
}
