import Foundation
import GeoCore

/// Supplies a file's bytes in chunks: a file on disk, a zip member being inflated, or memory.
/// `CsvReader` pulls chunks as it needs them, so it never holds more than a chunk plus one record.
protocol CsvByteSource {
    /// Appends up to about `maxCount` bytes to `buffer`. Returns false (appending nothing) at the end.
    mutating func appendChunk(to buffer: inout [UInt8], maxCount: Int) throws -> Bool
}

/// Bytes already in memory (tests, small inputs).
struct CsvMemorySource: CsvByteSource {
    private var bytes: [UInt8]
    private var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func appendChunk(to buffer: inout [UInt8], maxCount: Int) throws -> Bool {
        guard offset < bytes.count else { return false }
        let end = min(bytes.count, offset + maxCount)
        buffer.append(contentsOf: bytes[offset..<end])
        offset = end
        return true
    }
}

/// A file read in chunks through a `FileHandle`.
final class CsvFileSource: CsvByteSource {
    private let handle: FileHandle
    private let displayName: String

    init(url: URL, displayName: String) throws {
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw InputError(file: displayName, message: "cannot open file (\(error.localizedDescription))")
        }
        self.displayName = displayName
    }

    deinit { try? handle.close() }

    func appendChunk(to buffer: inout [UInt8], maxCount: Int) throws -> Bool {
        let data: Data?
        do {
            data = try handle.read(upToCount: maxCount)
        } catch {
            throw InputError(file: displayName, message: "read failed (\(error.localizedDescription))")
        }
        guard let data, !data.isEmpty else { return false }
        buffer.append(contentsOf: data)
        return true
    }
}
