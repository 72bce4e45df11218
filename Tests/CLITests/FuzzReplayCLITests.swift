import Foundation
import Testing
import TestSupport

/// Replays the fuzz corpora and every saved crasher through the libFuzzer binary (`Scripts/fuzz.sh replay`, each
/// input run once, `-runs=0`): a reader change that makes an old crasher crash again fails here. The binary is
/// built by `bash Scripts/fuzz.sh build` (Scripts/test.sh does it); without it the test skips.
@Suite("robustness: fuzz corpora and crashers replay without a crash", .tags(.cli, .robustness),
       .enabled(if: FuzzBinary.isBuilt, "the fuzz binary is not built (bash Scripts/fuzz.sh build; needs swiftc -sanitize=fuzzer)"))
struct FuzzReplayCLITests {
    @Test func everyHarnessReplaysItsCorpusAndCrashers() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [PackageRoot.url.appendingPathComponent("Scripts/fuzz.sh").path, "replay"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output.suffix(3000))")
        // Every harness ran (the script lists them); a missing line means one was dropped from the replay.
        for harness in ["json", "manifest", "csv", "gtfs", "gtfsfeed", "lines", "pbf", "osmxml", "bzip2", "mcnet"] {
            #expect(output.contains("replay \(harness): ok"), "\(harness) not replayed: \(output.suffix(2000))")
        }
    }

    @Test func everySavedCrasherHasARegressionTest() throws {
        let crashers = PackageRoot.url.appendingPathComponent("Fuzz/crashers")
        let names = (FileManager.default.enumerator(atPath: crashers.path)?.allObjects as? [String] ?? [])
            .filter { $0.contains("/") && !$0.hasSuffix("README.md") }
        let testFile = PackageRoot.url.appendingPathComponent("Tests/GeoIOTests/FuzzCrasherTests.swift")
        let tests = names.isEmpty ? "" : try String(contentsOf: testFile, encoding: .utf8)
        for name in names {
            #expect(tests.contains((name as NSString).lastPathComponent), "Fuzz/crashers/\(name) has no regression test in FuzzCrasherTests")
        }
    }
}

enum FuzzBinary {
    static var isBuilt: Bool {
        FileManager.default.isExecutableFile(atPath: PackageRoot.url.appendingPathComponent(".build-fuzz/fuzz").path)
    }
}
