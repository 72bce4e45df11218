import Foundation

/// Chromium could not be found or did not produce what was asked for.
public struct ChromiumError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Headless Chromium (Debian package `chromium`), run as a child process to screenshot or serialise a page.
/// Each run gets its own throw-away profile folder, so runs never share state or touch the user's profile.
public struct Chromium: Sendable {
    public let executablePath: String

    public init(executablePath: String) { self.executablePath = executablePath }

    public static let notFoundMessage =
        "chromium not found: install it (Debian: apt-get install chromium) or set METROCOMMUTE_CHROMIUM to its path"

    /// `$METROCOMMUTE_CHROMIUM`, else the first of chromium, chromium-browser, google-chrome(-stable) on `PATH`.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> Chromium? {
        let fm = FileManager.default
        if let explicit = environment["METROCOMMUTE_CHROMIUM"], !explicit.isEmpty {
            return fm.isExecutableFile(atPath: explicit) ? Chromium(executablePath: explicit) : nil
        }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for folder in folders where !folder.isEmpty {
                let path = folder + "/" + name
                if fm.isExecutableFile(atPath: path) { return Chromium(executablePath: path) }
            }
        }
        return nil
    }

    /// Renders `html` at `widthPixels × heightPixels` (device scale 1) and returns the PNG bytes.
    public func renderPNG(html: Data, widthPixels: Int, heightPixels: Int, timeoutSeconds: Double = 120) throws(ChromiumError) -> Data {
        let folder = try makeWorkFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("page.html")
        do { try html.write(to: page) } catch { throw ChromiumError("cannot write temporary page: \(error.localizedDescription)") }
        return try screenshot(of: page, widthPixels: widthPixels, heightPixels: heightPixels, timeoutSeconds: timeoutSeconds)
    }

    /// Screenshot of a page on disk.
    public func screenshot(of page: URL, widthPixels: Int, heightPixels: Int, timeoutSeconds: Double = 120) throws(ChromiumError) -> Data {
        let folder = try makeWorkFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let png = folder.appendingPathComponent("shot.png")
        let result = try run(["--screenshot=\(png.path)", "--window-size=\(widthPixels),\(heightPixels)", page.absoluteString],
                             profile: folder.appendingPathComponent("profile"), timeoutSeconds: timeoutSeconds)
        guard let data = try? Data(contentsOf: png), data.starts(with: [0x89, 0x50, 0x4E, 0x47]) else {
            throw ChromiumError("chromium wrote no screenshot (exit status \(result.status)): \(Self.lastLine(result.log))")
        }
        return data
    }

    /// The page's DOM after its scripts ran, and Chromium's log (console messages appear there as `CONSOLE`).
    public func dumpDOM(of page: URL, timeoutSeconds: Double = 120) throws(ChromiumError) -> (dom: String, log: String) {
        let folder = try makeWorkFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try run(["--enable-logging=stderr", "--v=0", "--dump-dom", page.absoluteString],
                             profile: folder.appendingPathComponent("profile"), timeoutSeconds: timeoutSeconds)
        guard result.status == 0 else {
            throw ChromiumError("chromium --dump-dom failed (exit status \(result.status)): \(Self.lastLine(result.log))")
        }
        return (result.output, result.log)
    }

    // MARK: - Process

    private func makeWorkFolder() throws(ChromiumError) -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("metrocommute-chromium-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw ChromiumError("cannot create a temporary folder: \(error.localizedDescription)")
        }
        return folder
    }

    private func run(_ arguments: [String], profile: URL, timeoutSeconds: Double) throws(ChromiumError) -> (status: Int32, output: String, log: String) {
        let folder = profile.deletingLastPathComponent()
        let outURL = folder.appendingPathComponent("stdout.txt"), errURL = folder.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executablePath)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
            "--disable-background-networking", "--disable-component-update", "--mute-audio",
            "--user-data-dir=\(profile.path)",
        ] + arguments
        do {
            let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
            defer { try? out.close(); try? err.close() }
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
        } catch {
            throw ChromiumError("cannot start \(executablePath): \(error.localizedDescription)")
        }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                throw ChromiumError("chromium did not finish within \(Int(timeoutSeconds)) s")
            }
            usleep(20_000)
        }
        let output = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let log = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return (process.terminationStatus, output, log)
    }

    private static func lastLine(_ log: String) -> String {
        log.split(separator: "\n").last.map(String.init) ?? "no message"
    }
}
