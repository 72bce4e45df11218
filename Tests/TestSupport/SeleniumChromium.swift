import Foundation

/// Debian's headless browser stack for the browser tests: chromium, chromium-driver and python3-selenium, driven by
/// Debian's /usr/bin/python3 (the python3 first on PATH may be another one, without selenium).
public enum SeleniumChromium {
    public static let installCommand = "apt-get install chromium chromium-driver python3-selenium"
    public static let python = "/usr/bin/python3"

    /// True when chromium and chromedriver are in /usr/bin and Debian's python3 imports selenium.
    public static let isAvailable: Bool = {
        let fm = FileManager.default
        guard fm.isExecutableFile(atPath: "/usr/bin/chromedriver"), fm.isExecutableFile(atPath: "/usr/bin/chromium"),
              fm.isExecutableFile(atPath: python) else { return false }
        return (try? run(script: nil, arguments: ["-c", "import selenium"]).status) == 0
    }()

    /// Runs `python3 script arguments…` (or `python3 arguments…` without a script); stdout and stderr as text.
    public static func run(script: URL?, arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = (script.map { [$0.path] } ?? []) + arguments
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("metrocommute-selenium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Files rather than pipes: a chatty child cannot block on a full pipe.
        let outURL = folder.appendingPathComponent("out"), errURL = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return (process.terminationStatus, String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
