import Foundation

/// Runs the built `metrocommute` binary (from the same build folder as the tests) and captures its output.
public enum CLIRunner {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: String
        /// True when the process ended by a signal (a Swift trap is SIGILL/SIGTRAP); `status` is then the signal.
        public var killedBySignal = false
        /// True when `run(…, timeoutSeconds:)` had to stop the process.
        public var timedOut = false
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// The binary beside the test bundle (`swift build --build-tests` builds both), or nil if not built.
    public static let binary: URL? = {
        let fm = FileManager.default
        var candidates: [URL] = []
        if let arg0 = CommandLine.arguments.first {
            var dir = URL(fileURLWithPath: arg0).deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent("metrocommute"))
                dir = dir.deletingLastPathComponent()
            }
        }
        candidates.append(PackageRoot.url.appendingPathComponent(".build/debug/metrocommute"))
        return candidates.first { fm.isExecutableFile(atPath: $0.path) }
    }()

    public static var isAvailable: Bool { binary != nil }

    /// Runs the binary; with `timeoutSeconds` a process still running then is terminated (`timedOut`).
    public static func run(_ arguments: [String], stdin: Data? = nil, currentDirectory: URL? = nil,
                           timeoutSeconds: Double? = nil) throws -> Result {
        guard let binary else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let output = try ProgramRun.capture(process, stdin: stdin, timeoutSeconds: timeoutSeconds)
        return Result(status: process.terminationStatus, stdout: output.stdout, stderr: String(decoding: output.stderr, as: UTF8.self),
                      killedBySignal: process.terminationReason == .uncaughtSignal, timedOut: output.timedOut)
    }
}

/// Runs `Scripts/check_geojson.py` (ogrinfo + shapely) on written files; nil when python3/ogrinfo are missing.
public enum GeoJSONChecker {
    public static var isAvailable: Bool {
        ["/usr/bin/ogrinfo", "/usr/local/bin/ogrinfo"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Exit status and combined output of the checker.
    public static func check(_ files: [URL]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", PackageRoot.url.appendingPathComponent("Scripts/check_geojson.py").path] + files.map(\.path)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// The table of a CSV the commands write: the text after its `# key: value` provenance header (README
/// "Provenance"), as a reader with `comment='#'` sees it.
public enum CSVOutput {
    public static func table(_ text: String) -> String {
        var rest = Substring(text)
        while rest.hasPrefix("#") {
            guard let end = rest.firstIndex(of: "\n") else { return "" }
            rest = rest[rest.index(after: end)...]
        }
        return String(rest)
    }

    /// The table of the CSV file at `url`.
    public static func table(contentsOf url: URL) throws -> String {
        table(try String(contentsOf: url, encoding: .utf8))
    }
}
