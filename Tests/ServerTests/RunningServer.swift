import Foundation
import Testing
import TestSupport

/// `metrocommute serve` started on 127.0.0.1 with a free port (`--port 0`, read from its first stderr line),
/// spoken to with curl, and stopped by its PID (SIGTERM, then SIGKILL after a grace period) in every path.
final class RunningServer: @unchecked Sendable {
    let process = Process()
    let port: Int
    private let lock = NSLock()
    private let stderrText = LogBuffer()
    private var stopped = false

    var pid: Int32 { process.processIdentifier }
    var base: String { "http://127.0.0.1:\(port)" }
    var log: String { stderrText.text }

    /// The server's standard error so far.
    final class LogBuffer: @unchecked Sendable {
        private let lock = NSLock()
        private var value = ""
        var text: String { lock.lock(); defer { lock.unlock() }; return value }
        func append(_ chunk: String) -> String { lock.lock(); defer { lock.unlock() }; value += chunk; return value }
    }

    static var curlAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") }

    /// Starts the server on `network`; throws when it does not report its port within `timeout` seconds.
    init(network: String, arguments: [String] = [], timeout: Double = 60) throws {
        guard let binary = CLIRunner.binary else { throw FixtureError("the metrocommute binary is not built") }
        process.executableURL = binary
        process.arguments = ["serve", network, "--host", "127.0.0.1", "--port", "0"] + arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let found = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var reported: Int?
        let handle = err.fileHandleForReading
        // Reads stderr until the server ends; the first "on http://127.0.0.1:PORT/" gives the port.
        let buffer = stderrText
        Thread.detachNewThread {
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                let text = buffer.append(String(decoding: chunk, as: UTF8.self))
                if reported == nil, let m = text.firstMatch(of: /on http:\/\/127\.0\.0\.1:(\d+)\//) {
                    reported = Int(m.1)
                    found.signal()
                }
            }
            found.signal()
        }
        if found.wait(timeout: .now() + timeout) == .timedOut || reported == nil {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw FixtureError("serve did not report its port: \(buffer.text)")
        }
        port = reported!
    }

    /// SIGTERM and wait (the graceful path); SIGKILL after `grace` seconds. Returns the exit status and whether
    /// it ended by itself.
    @discardableResult
    func stop(grace: Double = 20) -> (status: Int32, graceful: Bool) {
        lock.lock()
        if stopped { lock.unlock(); return (process.terminationStatus, true) }
        stopped = true
        lock.unlock()
        guard process.isRunning else { return (process.terminationStatus, false) }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
            return (process.terminationStatus, false)
        }
        return (process.terminationStatus, true)
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    struct Answer {
        var status: Int
        var body: Data
        var contentType: String
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any], "not a JSON object: \(text.prefix(300))")
        }
    }

    /// One request with curl (`--path-as-is`: the path goes out exactly as written, `..` included).
    func request(_ path: String, method: String = "GET", body: Data? = nil, timeout: Double = 120) throws -> Answer {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        var arguments = ["-s", "--path-as-is", "--max-time", String(Int(timeout)), "-X", method, "-o", "-", "-D", "/dev/stderr"]
        if body != nil { arguments += ["-H", "Content-Type: application/json", "--data-binary", "@-"] }
        curl.arguments = arguments + [base + path]
        // curl's own --max-time bounds the request.
        let (data, headers, _) = try ProgramRun.capture(curl, stdin: body, timeoutSeconds: nil)
        let head = String(decoding: headers, as: UTF8.self)
        let statuses = head.matches(of: /HTTP\/[0-9.]+ (\d{3})/).compactMap { Int($0.1) }
        let type = head.firstMatch(of: /(?i)content-type: *([^\r\n]+)/).map { String($0.1) } ?? ""
        return Answer(status: statuses.last ?? 0, body: data, contentType: type)
    }

    func post(_ path: String, json: String) throws -> Answer { try request(path, method: "POST", body: Data(json.utf8)) }
}

/// The tiny area's network, built once per test process with the binary.
enum ServedTinyNetwork {
    static let cache = BuildOnce<String, String>()

    static func path() throws -> String {
        try cache.value(for: "tiny") { _ in
            let area = try TinyArea()
            let network = area.directory.file("tiny.mcnet").path
            let build = try CLIRunner.run(["build", area.manifest, "-o", network, "-q"])
            guard build.status == 0 else { throw FixtureError("tiny build failed: \(build.stderr)") }
            return network
        }
    }
}
