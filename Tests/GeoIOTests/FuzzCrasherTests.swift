import Foundation
import GeoCore
import Testing
import TestSupport
@testable import Network

/// Regression tests for the inputs libFuzzer found crashing a reader (Fuzz/crashers/HARNESS/NAME, docs/ROBUSTNESS.md
/// "Fuzzing"): each is read in process, as its harness reads it, and must end in an `InputError`.
/// FuzzReplayCLITests checks that every saved crasher is named here.
@Suite(.tags(.fast)) struct FuzzCrasherTests {
    static func crasher(_ harness: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: PackageRoot.url.appendingPathComponent("Fuzz/crashers/\(harness)/\(name)")))
    }

    @Test func networkWhoseTripPatternColumnIsShorterThanItsTrips() throws {
        let bytes = try #require(BuiltNetwork.withMatchingHeader(try Self.crasher("mcnet", "trip-patterns-shorter-than-trips")))
        let e = #expect(throws: InputError.self) { _ = try BuiltNetwork(decoding: bytes, file: "n.mcnet") }
        #expect(e?.file == "n.mcnet")
        #expect(e?.message.contains("trip column count differs from trip count") == true, "\(String(describing: e))")
    }
}
