import Foundation

enum TestSeed {
    /// `METROCOMMUTE_TEST_SEED` when set (decimal), else a fixed seed, so failures reproduce.
    static let base: UInt64 = {
        if let s = ProcessInfo.processInfo.environment["METROCOMMUTE_TEST_SEED"], let v = UInt64(s) { return v }
        return 20_240_515
    }()
}
