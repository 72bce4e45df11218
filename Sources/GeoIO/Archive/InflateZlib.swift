internal import CZlib

/// zlib (RFC 1950) decompression of buffers whose decompressed size is known up front (OSM PBF blobs
/// carry `raw_size`). The only place GeoIO's OSM code touches zlib.
enum ZlibInflate {
    /// Inflates `source` into `destination`, which must receive exactly `expectedCount` bytes.
    /// Returns nil on success, else a one-line reason.
    static func inflate(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawPointer,
                        expectedCount: Int) -> String? {
        guard let src = source.baseAddress, source.count > 0 else { return "empty zlib stream" }
        var destinationLength = uLongf(expectedCount)
        // uncompress returns Z_OK, Z_MEM_ERROR, Z_BUF_ERROR (output too small or input incomplete),
        // Z_DATA_ERROR (corrupt or bad checksum).
        let status = uncompress(destination.assumingMemoryBound(to: Bytef.self), &destinationLength,
                                src.assumingMemoryBound(to: Bytef.self), uLong(source.count))
        switch status {
        case Z_OK:
            if Int(destinationLength) != expectedCount {
                return "zlib data inflates to \(destinationLength) bytes, raw_size says \(expectedCount)"
            }
            return nil
        case Z_BUF_ERROR:
            return "zlib data is incomplete or inflates to more than raw_size (\(expectedCount) bytes)"
        case Z_DATA_ERROR:
            return "zlib data is corrupt"
        case Z_MEM_ERROR:
            return "out of memory while inflating zlib data"
        default:
            return "zlib error \(status)"
        }
    }
}
