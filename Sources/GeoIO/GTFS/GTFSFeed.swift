import Foundation
import GeoCore

/// Where a GTFS feed's files come from: a zip archive (members at its root or inside one top-level folder)
/// or a folder of `.txt` files. Errors name `<feed path>/<file>.txt`.
struct GTFSFeed {
    private enum Storage {
        case folder(URL)
        case zip(ZipArchive)
    }

    private let storage: Storage
    /// The feed as the user gave it.
    let displayName: String
    let memoryLimit: MemoryLimit
    let encoding: TextEncoding

    init(url: URL, memoryLimit: MemoryLimit = .default, encoding: TextEncoding = .utf8) throws {
        self.memoryLimit = memoryLimit
        self.encoding = encoding
        displayName = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InputError(file: url.path, message: "GTFS feed not found (expected a zip file or a folder)")
        }
        storage = isDirectory.boolValue ? .folder(url) : .zip(try ZipArchive(url: url, memoryLimit: memoryLimit))
    }

    /// The name errors use for `member`.
    func fileName(_ member: String) -> String { "\(displayName)/\(member)" }

    /// A CSV reader over `member`, or nil when the feed has no such file.
    func open(_ member: String) throws -> CsvReader? {
        switch storage {
        case .folder(let url):
            let file = url.appendingPathComponent(member)
            guard FileManager.default.fileExists(atPath: file.path) else { return nil }
            return try CsvReader(url: file, fileName: fileName(member), encoding: encoding,
                                 memoryLimit: memoryLimit)
        case .zip(let archive):
            guard let entry = archive.entry(named: member) else { return nil }
            return try archive.csvReader(for: entry, encoding: encoding)
        }
    }

    /// A CSV reader over a file the GTFS specification requires.
    func require(_ member: String) throws -> CsvReader {
        guard let reader = try open(member) else {
            throw InputError(file: fileName(member), message: "required GTFS file is missing from the feed")
        }
        return reader
    }
}
