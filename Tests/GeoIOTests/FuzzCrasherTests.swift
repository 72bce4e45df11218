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

    /// The mcnet harness's header fix: payload length and checksum set to match the bytes.
    static func withMatchingHeader(_ bytes: [UInt8]) -> [UInt8] {
        var fixed = bytes
        let header = BuiltNetwork.headerSize
        let length = UInt64(fixed.count - header)
        let checksum = fixed.withUnsafeBytes { XXHash64.hash(UnsafeRawBufferPointer(rebasing: $0[header...])) }
        for i in 0..<8 {
            fixed[16 + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt64(i)))
            fixed[24 + i] = UInt8(truncatingIfNeeded: checksum >> (8 * UInt64(i)))
        }
        return fixed
    }

    @Test func networkWhoseTripPatternColumnIsShorterThanItsTrips() throws {
        let bytes = Self.withMatchingHeader(try Self.crasher("mcnet", "trip-patterns-shorter-than-trips"))
        let e = #expect(throws: InputError.self) { _ = try BuiltNetwork(decoding: bytes, file: "n.mcnet") }
        #expect(e?.file == "n.mcnet")
        #expect(e?.message.contains("trip column count differs from trip count") == true, "\(String(describing: e))")
    }
}
