import Foundation
import GeoCore

/// The hash a network records for each input it was built from (provenance): `xxh64:` and 16 hex digits of
/// XXH64 over the file's bytes. A folder (an unpacked GTFS feed) hashes the list of its files, sorted by relative
/// path, each as `path NUL hash LF`: the same contents in another folder give the same hash.
public enum InputHash {
    /// The hash of the file or folder at `path`; an unreadable input is an `InputError` naming `shownPath`.
    public static func of(path: String, shownPath: String) throws -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw InputError(file: shownPath, message: "not found")
        }
        guard isFolder.boolValue else { return format(try fileHash(path, shownPath: shownPath)) }
        let root = URL(fileURLWithPath: path)
        guard let walker = FileManager.default.enumerator(atPath: path) else {
            throw InputError(file: shownPath, message: "cannot list the folder")
        }
        var relatives: [String] = []
        while let item = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root.appendingPathComponent(item).path, isDirectory: &isDir), !isDir.boolValue {
                relatives.append(item)
            }
        }
        relatives.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var listing: [UInt8] = []
        for item in relatives {
            listing += Array(item.utf8) + [0]
            listing += Array(format(try fileHash(root.appendingPathComponent(item).path, shownPath: shownPath + "/" + item)).utf8)
            listing.append(0x0A)
        }
        return format(XXHash64.hash(listing))
    }

    /// `xxh64:` and the value as 16 lower-case hex digits.
    public static func format(_ value: UInt64) -> String {
        let hex = String(value, radix: 16)
        return "xxh64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func fileHash(_ path: String, shownPath: String) throws -> UInt64 {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw InputError(file: shownPath, message: "cannot be read for its hash")
        }
        return data.withUnsafeBytes { XXHash64.hash($0) }
    }
}
