import Foundation
import Testing
import TestSupport

/// The watchdog every test that runs a program leans on: it must kill a program that outlives it, and leave alone
/// one that ends in time.
@Suite(.tags(.fast))
struct ProcessDeadlineTests {
    static func started(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func killsAProgramStillRunningAtTheDeadline() throws {
        let start = Date()
        let process = try Self.started(["30"])
        let deadline = ProcessDeadline(process, seconds: 0.3)
        process.waitUntilExit()
        #expect(deadline.end(), "the deadline did not report the kill")
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        #expect(Date().timeIntervalSince(start) < 20, "sleep 30 was not stopped")
    }

    @Test func leavesAProgramThatEndsInTime() throws {
        let process = try Self.started(["0"])
        let deadline = ProcessDeadline(process, seconds: 30)
        process.waitUntilExit()
        #expect(!deadline.end())
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }
}
