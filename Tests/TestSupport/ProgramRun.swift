import Foundation

/// Runs programs to their end with both outputs captured.
public enum ProgramRun {
    public struct Result: Sendable { public var status: Int32; public var stdoutText: String; public var stderr: String }

    /// `executable arguments…` with nothing on standard input; killed (SIGKILL) after `timeoutSeconds`.
    public static func run(_ executable: String, _ arguments: [String], timeoutSeconds: Double) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = try capture(process, timeoutSeconds: timeoutSeconds)
        return Result(status: process.terminationStatus, stdoutText: String(decoding: output.stdout, as: UTF8.self),
                      stderr: String(decoding: output.stderr, as: UTF8.self))
    }

    /// Starts a configured `process` and waits for its end: `stdin` written to it (none: closed at once), standard
    /// output and error read at the same time so that neither pipe can fill and block it, and the process killed
    /// (SIGKILL, `ProcessDeadline`) after `timeoutSeconds` when given (`timedOut`).
    public static func capture(_ process: Process, stdin: Data? = nil,
                               timeoutSeconds: Double?) throws -> (stdout: Data, stderr: Data, timedOut: Bool) {
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        let deadline = timeoutSeconds.map { ProcessDeadline(process, seconds: $0) }
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (outData, errData, deadline?.end() ?? false)
    }
}
