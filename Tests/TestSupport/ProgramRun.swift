import Foundation

/// Any program run to its end with both outputs captured; killed by PID after `timeoutSeconds`.
public enum ProgramRun {
    public struct Result: Sendable { public var status: Int32; public var stdoutText: String; public var stderr: String }

    public static func run(_ executable: String, _ arguments: [String], timeoutSeconds: Double) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ProcessDeadline(process, seconds: timeoutSeconds)
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        deadline.end()
        return Result(status: process.terminationStatus, stdoutText: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
