import Foundation
import GeoCore
import GeoIO
import Testing
import TestSupport

@Suite("Atomic output files", .tags(.fast))
struct AtomicFileTests {
    @Test func replacesAnExistingFileAndLeavesNoTemporaryFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let target = dir.file("out.geojson")
        try Data("old".utf8).write(to: target)
        try AtomicFile.write(Data("new".utf8), to: target.path)
        #expect(try String(contentsOf: target, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["out.geojson"])
    }

    @Test func aMissingFolderIsAnErrorNamingTheFile() throws {
        let path = "/nonexistent-\(UUID().uuidString)/out.geojson"
        let error = #expect(throws: InputError.self) { try AtomicFile.write(Data("x".utf8), to: path) }
        #expect(error?.file == path)
        #expect(error?.message.contains("does not exist") == true)
    }

    @Test func anUnwritableTargetLeavesTheFolderClean() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        // A directory in the target's place: the rename fails, and the temporary file must not remain.
        let target = dir.file("taken")
        try FileManager.default.createDirectory(at: target.appendingPathComponent("child"), withIntermediateDirectories: true)
        #expect(throws: InputError.self) { try AtomicFile.write(Data("x".utf8), to: target.path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["taken"])
    }
}
