import GeoCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read front to back with C stdio (buffered, no Foundation `Data` per read).
final class OSMInputFile {
    let path: String
    private let handle: UnsafeMutablePointer<FILE>
    /// Bytes consumed so far (the offset of the next byte).
    private(set) var offset: Int = 0

    init(path: String) throws {
        self.path = path
        guard let h = fopen(path, "rb") else {
            throw InputError(file: path, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        handle = h
    }

    deinit { fclose(handle) }

    /// Reads up to `count` bytes; returns how many were read (fewer only at end of file).
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        var total = 0
        while total < count {
            let n = fread(buffer + total, 1, count - total, handle)
            if n == 0 {
                if ferror(handle) != 0 {
                    throw InputError(file: path, location: "byte \(offset + total)",
                                     message: "read error: \(String(cString: strerror(errno)))")
                }
                break
            }
            total += n
        }
        offset += total
        return total
    }

    /// The first `count` bytes of a file (fewer if it is shorter), for format sniffing.
    static func prefix(path: String, count: Int) throws -> [UInt8] {
        let file = try OSMInputFile(path: path)
        var bytes = [UInt8](repeating: 0, count: count)
        let n = try bytes.withUnsafeMutableBytes { try file.read(into: $0.baseAddress!, count: count) }
        return Array(bytes.prefix(n))
    }
}
