import Foundation
import GeoCore

/// A read-only ZIP archive (PKWARE APPNOTE 6.3): the central directory is read once; members are found by name
/// and read stored (method 0) or deflated (method 8, raw inflate through zlib), chunk by chunk, with their CRC-32
/// and size checked at the end. ZIP64, encryption and other methods are refused with an `InputError`.
///
/// The compressed archive is held in memory (GTFS archives are a few MB); members are inflated as they are read.
public struct ZipArchive: Sendable {
    public struct Entry: Sendable, Equatable {
        /// Full path inside the archive, "/"-separated.
        public var name: String
        /// 0 stored, 8 deflated.
        public var method: Int
        public var crc32: UInt32
        public var compressedSize: Int
        public var uncompressedSize: Int
        var flags: Int
        var localHeaderOffset: Int
        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    /// The name used in errors (the path as given).
    public let fileName: String
    public let entries: [Entry]
    let storage: ZipStorage
    /// The archive is held whole, and so is a member read with `contents(of:)`: each is checked against this
    /// first. Members read as CSV stream, so only their longest record counts (`CsvReader`).
    public var memoryLimit: MemoryLimit = .default

    public init(url: URL, fileName: String? = nil, memoryLimit: MemoryLimit = .default) throws {
        let name = fileName ?? url.path
        try InputFile.requireRegularFile(url.path, displayName: name)
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        // The file's bytes, and the copy at a fixed address (`ZipStorage`).
        try memoryLimit.check(MemoryLimit.product(size, 2), for: "reading the zip archive", file: name)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw InputError(file: name, message: "cannot read zip archive (\(error.localizedDescription))")
        }
        try self.init(bytes: [UInt8](data), fileName: name)
        self.memoryLimit = memoryLimit
    }

    public init(bytes: [UInt8], fileName: String) throws {
        self.fileName = fileName
        storage = ZipStorage(bytes)
        entries = try Self.readCentralDirectory(storage.bytes, fileName: fileName)
    }

    private static func readCentralDirectory(_ b: UnsafeRawBufferPointer, fileName: String) throws -> [Entry] {
        func fail(_ message: String, at offset: Int? = nil) -> InputError {
            InputError(file: fileName, location: offset.map { "byte \($0)" }, message: message)
        }
        func u16(_ o: Int) -> Int { Int(b[o]) | Int(b[o + 1]) << 8 }
        func u32(_ o: Int) -> Int { u16(o) | u16(o + 2) << 16 }

        // End of central directory record: 22 bytes plus a comment of up to 65,535 bytes, at the very end.
        guard b.count >= 22 else { throw fail("not a zip archive (file too short)") }
        var eocd: Int?
        var o = b.count - 22
        let lowest = max(0, b.count - 22 - 65_535)
        while o >= lowest {
            if b[o] == 0x50, b[o + 1] == 0x4B, b[o + 2] == 0x05, b[o + 3] == 0x06 { eocd = o; break }
            o -= 1
        }
        guard let eocd else { throw fail("not a zip archive (no end of central directory record)") }
        let entryCount = u16(eocd + 10)
        let directorySize = u32(eocd + 12)
        let directoryOffset = u32(eocd + 16)
        if entryCount == 0xFFFF || directoryOffset == 0xFFFF_FFFF || directorySize == 0xFFFF_FFFF {
            throw fail("ZIP64 archives are not supported", at: eocd)
        }
        guard directoryOffset + directorySize <= eocd else {
            throw fail("corrupt zip archive: central directory lies outside the file", at: eocd)
        }
        var entries: [Entry] = []
        entries.reserveCapacity(entryCount)
        var p = directoryOffset
        for _ in 0..<entryCount {
            guard p + 46 <= eocd, u32(p) == 0x0201_4B50 else {
                throw fail("corrupt zip archive: bad central directory entry", at: p)
            }
            let flags = u16(p + 8)
            let method = u16(p + 10)
            let crc = UInt32(u32(p + 16))
            let compressed = u32(p + 20), uncompressed = u32(p + 24)
            let nameLength = u16(p + 28), extraLength = u16(p + 30), commentLength = u16(p + 32)
            let localOffset = u32(p + 42)
            guard p + 46 + nameLength <= eocd else {
                throw fail("corrupt zip archive: entry name runs past the central directory", at: p)
            }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: b[(p + 46)..<(p + 46 + nameLength)]),
                              as: UTF8.self)
            if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || localOffset == 0xFFFF_FFFF {
                throw fail("ZIP64 member \(name) is not supported", at: p)
            }
            entries.append(Entry(name: name, method: method, crc32: crc, compressedSize: compressed,
                                 uncompressedSize: uncompressed, flags: flags, localHeaderOffset: localOffset))
            p += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }

    /// The member named `name`: at the archive's root, or else inside the single top-level folder that holds
    /// every member (archives made by zipping a folder). `__MACOSX/` entries are ignored.
    public func entry(named name: String) -> Entry? {
        if let e = entries.first(where: { $0.name == name }) { return e }
        let visible = entries.filter { !$0.name.hasPrefix("__MACOSX/") }
        var folders = Set<Substring>()
        for e in visible {
            guard let slash = e.name.firstIndex(of: "/") else { return nil }  // a root file: no single folder
            folders.insert(e.name[..<slash])
        }
        guard folders.count == 1, let folder = folders.first else { return nil }
        return visible.first { $0.name == "\(folder)/\(name)" }
    }

    /// The whole member, checked against its CRC-32 and size.
    public func contents(of entry: Entry) throws -> [UInt8] {
        try memoryLimit.check(entry.uncompressedSize, for: "member \(entry.name) (its directory entry says "
                                  + "\(entry.uncompressedSize) bytes)", file: fileName)
        let reader = try ZipMemberReader(archive: self, entry: entry)
        var out: [UInt8] = []
        // The directory's size is a hint only (a damaged one may claim 4 GB).
        out.reserveCapacity(min(entry.uncompressedSize, 1 << 26))
        while try reader.appendChunk(to: &out, maxCount: 1 << 20) {}
        return out
    }

    /// A CSV reader over the member, inflating as it reads. Errors name `archive/member`.
    public func csvReader(for entry: Entry, encoding: TextEncoding = .utf8) throws -> CsvReader {
        try CsvReader(source: ZipMemberReader(archive: self, entry: entry), fileName: "\(fileName)/\(entry.name)",
                      encoding: encoding, memoryLimit: memoryLimit)
    }

    /// Offset of the member's data, after its local header; validates the header.
    func dataOffset(of entry: Entry) throws -> Int {
        let b = storage.bytes
        let o = entry.localHeaderOffset
        func u16(_ o: Int) -> Int { Int(b[o]) | Int(b[o + 1]) << 8 }
        guard o + 30 <= b.count, u16(o) == 0x4B50, u16(o + 2) == 0x0403 else {
            throw InputError(file: fileName, location: "byte \(o)",
                             message: "corrupt zip archive: no local header for member \(entry.name)")
        }
        let start = o + 30 + u16(o + 26) + u16(o + 28)
        guard start + entry.compressedSize <= b.count else {
            throw InputError(file: fileName, location: "byte \(o)",
                             message: "corrupt zip archive: member \(entry.name) runs past the end of the file")
        }
        return start
    }
}

/// The archive's bytes at a fixed address, so zlib can read from them across calls. Immutable after init.
final class ZipStorage: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    private let allocation: UnsafeMutableRawBufferPointer

    init(_ array: [UInt8]) {
        let allocation = UnsafeMutableRawBufferPointer.allocate(byteCount: max(array.count, 1), alignment: 16)
        array.withUnsafeBytes { allocation.copyMemory(from: $0) }
        self.allocation = allocation
        bytes = UnsafeRawBufferPointer(rebasing: allocation[0..<array.count])
    }

    deinit { allocation.deallocate() }
}
