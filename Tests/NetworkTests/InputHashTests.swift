import Foundation
import GeoCore
import Network
import TestSupport
import Testing

/// The hashes a network records for its inputs: a file's bytes; a folder's relative names and contents.
@Suite(.tags(.fast)) struct InputHashTests {
    @Test func fileHashIsXXH64OfTheBytes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let empty = dir.file("empty.txt")
        try Data().write(to: empty)
        #expect(try InputHash.of(path: empty.path, shownPath: "empty.txt") == "xxh64:ef46db3751d8e999")  // XXH64 of no bytes
        #expect(InputHash.format(0xff) == "xxh64:00000000000000ff")
        #expect(throws: InputError.self) { try InputHash.of(path: dir.file("missing").path, shownPath: "missing") }
    }

    @Test func folderHashDependsOnContentsNotLocation() throws {
        let a = try TemporaryDirectory(), b = try TemporaryDirectory()
        defer { a.cleanUp(); b.cleanUp() }
        for dir in [a, b] {
            try FileManager.default.createDirectory(at: dir.file("feed/sub"), withIntermediateDirectories: true)
            try Data("stop_id\nS1\n".utf8).write(to: dir.file("feed/stops.txt"))
            try Data("x".utf8).write(to: dir.file("feed/sub/notes.txt"))
        }
        let first = try InputHash.of(path: a.file("feed").path, shownPath: "feed")
        #expect(first == (try InputHash.of(path: b.file("feed").path, shownPath: "feed")))
        try Data("stop_id\nS2\n".utf8).write(to: b.file("feed/stops.txt"))
        #expect(first != (try InputHash.of(path: b.file("feed").path, shownPath: "feed")))
        try Data("stop_id\nS1\n".utf8).write(to: b.file("feed/stops.txt"))
        try FileManager.default.moveItem(at: b.file("feed/sub/notes.txt"), to: b.file("feed/sub/renamed.txt"))
        #expect(first != (try InputHash.of(path: b.file("feed").path, shownPath: "feed")))  // a renamed file counts
    }
}
