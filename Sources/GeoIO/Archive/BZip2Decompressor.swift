internal import CBZip2
import GeoCore

/// Streaming bzip2 decompression of a file, one chunk at a time (libbz2's `BZ2_bzDecompress`).
/// Concatenated streams (as written by parallel compressors) are read one after another.
final class BZip2Decompressor {
    private let file: OSMInputFile
    private let stream: UnsafeMutablePointer<bz_stream>
    private let input: UnsafeMutablePointer<CChar>
    private let inputCapacity = 64 * 1024
    private var inputAtEOF = false
    private var streamOpen = false
    private var finished = false

    init(file: OSMInputFile) throws {
        self.file = file
        stream = .allocate(capacity: 1)
        stream.initialize(to: bz_stream())
        input = .allocate(capacity: inputCapacity)
        try open()
    }

    deinit {
        if streamOpen { BZ2_bzDecompressEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    private var path: String { file.path }

    /// Offset in the compressed file of the next byte libbz2 will consume.
    private var compressedOffset: Int { file.offset - Int(stream.pointee.avail_in) }

    private func open() throws {
        let pendingInput = stream.pointee.next_in
        let pendingCount = stream.pointee.avail_in
        stream.pointee = bz_stream()
        stream.pointee.next_in = pendingInput
        stream.pointee.avail_in = pendingCount
        // BZ2_bzDecompressInit(stream, verbosity 0, small 0) returns BZ_OK, or BZ_MEM_ERROR / BZ_PARAM_ERROR.
        let status = BZ2_bzDecompressInit(stream, 0, 0)
        guard status == BZ_OK else {
            throw InputError(file: path, message: "cannot start bzip2 decompression (code \(status))")
        }
        streamOpen = true
    }

    private func refill() throws {
        let n = try file.read(into: UnsafeMutableRawPointer(input), count: inputCapacity)
        if n < inputCapacity { inputAtEOF = true }
        stream.pointee.next_in = input
        stream.pointee.avail_in = UInt32(n)
    }

    /// Decompresses up to `count` bytes into `buffer`; returns 0 at the end of the data.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        guard !finished, count > 0 else { return 0 }
        stream.pointee.next_out = buffer.assumingMemoryBound(to: CChar.self)
        stream.pointee.avail_out = UInt32(min(count, Int(UInt32.max)))
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0 && !inputAtEOF { try refill() }
            let before = stream.pointee.avail_out
            // Returns BZ_OK (progress), BZ_STREAM_END (logical end of a stream), or a negative error:
            // BZ_DATA_ERROR, BZ_DATA_ERROR_MAGIC, BZ_MEM_ERROR, BZ_PARAM_ERROR.
            let status = BZ2_bzDecompress(stream)
            if status == BZ_STREAM_END {
                BZ2_bzDecompressEnd(stream)
                streamOpen = false
                if stream.pointee.avail_in == 0 && !inputAtEOF { try refill() }
                if stream.pointee.avail_in == 0 {
                    finished = true
                    break
                }
                try open()  // another concatenated stream follows
                continue
            }
            guard status == BZ_OK else {
                let what = status == BZ_DATA_ERROR_MAGIC ? "not bzip2 data" : "corrupt bzip2 data (code \(status))"
                throw InputError(file: path, location: "byte \(compressedOffset)", message: what)
            }
            if stream.pointee.avail_in == 0 && inputAtEOF && stream.pointee.avail_out == before {
                throw InputError(file: path, location: "byte \(file.offset)",
                                 message: "truncated bzip2 data: the file ends inside a compressed stream")
            }
        }
        return count - Int(stream.pointee.avail_out)
    }
}
