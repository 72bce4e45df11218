import Foundation
import GeoCore
import GeoIO
import Testing
import TestSupport

/// `OutputSet`: every output checked before any work, written to temporary files, moved into place together.
@Suite("Output sets: all or nothing", .tags(.fast))
struct OutputSetTests {
    /// The folder's visible and hidden entries.
    static func entries(_ dir: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted()
    }

    @Test func anOutputThatIsAnInputIsRefusedHoweverItIsSpelled() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let input = dir.file("m.json")
        try Data("{}".utf8).write(to: input)
        try FileManager.default.createSymbolicLink(atPath: dir.file("link.json").path, withDestinationPath: input.path)
        try FileManager.default.linkItem(atPath: input.path, toPath: dir.file("hard.json").path)
        let spellings = [input.path, dir.url.path + "/./m.json", dir.url.path + "/sub/../m.json", dir.file("link.json").path,
                         dir.file("hard.json").path]
        try FileManager.default.createDirectory(at: dir.file("sub"), withIntermediateDirectories: false)
        for path in spellings {
            let outputs = OutputSet(inputs: [input.path])
            let error = #expect(throws: InputError.self, "\(path)") { try outputs.add(path, option: "-o/--output") }
            #expect(error?.message.contains("would overwrite the input") == true, "\(path): \(String(describing: error))")
        }
        #expect(try String(contentsOf: input, encoding: .utf8) == "{}")
    }

    @Test func twoOutputsNamingOneFileAreRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let outputs = OutputSet(inputs: [])
        try outputs.add(dir.file("p.geojson").path, option: "-o/--output")
        let error = #expect(throws: InputError.self) { try outputs.add(dir.url.path + "/./p.geojson", option: "--summary") }
        #expect(error?.message.contains("--summary and -o/--output name the same file") == true, "\(String(describing: error))")
    }

    @Test func atMostOneOutputIsStandardOutput() throws {
        let outputs = OutputSet(inputs: [])
        try outputs.add("-", option: "-o/--output")
        let error = #expect(throws: InputError.self) { try outputs.add("-", option: "--raster") }
        #expect(error?.description == "--raster: -o/--output already writes to standard output: only one output can be -")
    }

    @Test func aMissingOrUnusableFolderIsRefusedWhenAdded() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let outputs = OutputSet(inputs: [])
        let missing = dir.url.path + "/no-such-folder/r.csv"
        let error = #expect(throws: InputError.self) { try outputs.add(missing, option: "--report") }
        #expect(error?.file == missing)
        #expect(error?.message.contains("does not exist (--report)") == true)
        try FileManager.default.createDirectory(at: dir.file("taken"), withIntermediateDirectories: false)
        #expect(throws: InputError.self) { try outputs.add(dir.file("taken").path, option: "-o/--output") }
    }

    @Test func nothingAppearsBeforeCommitAndEverythingAfter() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let outputs = OutputSet(inputs: [])
        try outputs.add(dir.file("a.geojson").path, option: "-o/--output")
        try outputs.add(dir.file("b.csv").path, option: "--summary")
        try outputs.write(Data("A".utf8), to: dir.file("a.geojson").path)
        try outputs.write(Data("B".utf8), to: dir.file("b.csv").path)
        let pending = try Self.entries(dir)
        #expect(pending.count == 2 && pending.allSatisfy { $0.hasPrefix(".") && $0.hasSuffix(".tmp") }, "\(pending)")
        try outputs.commit()
        #expect(try Self.entries(dir) == ["a.geojson", "b.csv"])
        #expect(try String(contentsOf: dir.file("b.csv"), encoding: .utf8) == "B")
    }

    @Test func aSetNotCommittedLeavesNothing() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        do {
            let outputs = OutputSet(inputs: [])
            try outputs.add(dir.file("a.geojson").path, option: "-o/--output")
            try outputs.write(Data("A".utf8), to: dir.file("a.geojson").path)
            // The command failed here: the set goes away uncommitted.
        }
        #expect(try Self.entries(dir) == [])
    }

    @Test func anExistingOutputKeepsItsPermissions() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let target = dir.file("private.csv")
        try Data("old".utf8).write(to: target)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
        let outputs = OutputSet(inputs: [])
        try outputs.add(target.path, option: "-o/--output")
        try outputs.write(Data("new".utf8), to: target.path)
        try outputs.commit()
        let mode = try FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOf: target, encoding: .utf8) == "new")
    }

    @Test func temporaryFilesAreRegisteredUntilCommittedAndCleanUpRemovesThem() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let registry = CleanupRegistry()
        let outputs = OutputSet(inputs: [], registry: registry)
        try outputs.add(dir.file("a.mcnet").path, option: "-o/--output")
        try outputs.write(Data(repeating: 7, count: 1 << 20), to: dir.file("a.mcnet").path)
        #expect(registry.registeredCount == 1)
        #expect(try Self.entries(dir).count == 1)
        // What the SIGINT handler does before exiting (which also keeps the lock: not here).
        registry.cleanUp()
        #expect(try Self.entries(dir) == [])
    }

    @Test func aCommittedSetUnregistersItsFiles() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let registry = CleanupRegistry()
        let outputs = OutputSet(inputs: [], registry: registry)
        try outputs.add(dir.file("a.mcnet").path, option: "-o/--output")
        try outputs.write(Data("x".utf8), to: dir.file("a.mcnet").path)
        try outputs.commit()
        #expect(registry.registeredCount == 0)
        #expect(try Self.entries(dir) == ["a.mcnet"])
    }
}

/// CSV cells a spreadsheet would run as formulas are neutralised; numbers and plain text are not touched.
@Suite("CSV formula neutralisation", .tags(.fast))
struct CSVFieldTests {
    @Test(arguments: [
        ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("-", "'-"),
        ("-3.5", "-3.5"), ("+1e3", "+1e3"), ("-0", "-0"), ("北京南", "北京南"), ("a=b", "a=b"), ("", ""),
        ("x,y", "\"x,y\""),
    ])
    func field(_ text: String, _ expected: String) {
        #expect(CSVField.encoded(text) == expected)
    }

    @Test func theWriterNeutralisesUnlessToldNotTo() {
        var safe = CsvWriter()
        safe.writeRow(["=1+1", "-7"])
        #expect(String(decoding: safe.bytes, as: UTF8.self) == "'=1+1,-7\n")
        var verbatim = CsvWriter(neutralisesFormulas: false)
        verbatim.writeRow(["=1+1", "-7"])
        #expect(String(decoding: verbatim.bytes, as: UTF8.self) == "=1+1,-7\n")
    }
}
