import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GeoCore

/// Chromium could not be found or did not produce what was asked for.
public struct ChromiumError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Headless Chromium (Debian package `chromium`), run as a child process to screenshot or serialise a page.
/// Each run gets its own throw-away profile folder, so runs never share state or touch the user's profile.
/// The folder and the browser's process group (Chromium starts a dozen helpers) are registered with
/// `CleanupRegistry.shared`, so that a SIGINT or SIGTERM to the CLI removes the one and ends the other.
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
        let (folder, token) = try makeWorkFolder()
        defer { removeWorkFolder(folder, token) }
        let page = folder.appendingPathComponent("page.html")
        do { try html.write(to: page) } catch { throw ChromiumError("cannot write temporary page: \(error.localizedDescription)") }
        return try screenshot(of: page, widthPixels: widthPixels, heightPixels: heightPixels, timeoutSeconds: timeoutSeconds)
    }

    /// Screenshot of a page on disk.
    public func screenshot(of page: URL, widthPixels: Int, heightPixels: Int, timeoutSeconds: Double = 120) throws(ChromiumError) -> Data {
        let (folder, token) = try makeWorkFolder()
        defer { removeWorkFolder(folder, token) }
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
        let (folder, token) = try makeWorkFolder()
        defer { removeWorkFolder(folder, token) }
        let result = try run(["--enable-logging=stderr", "--v=0", "--dump-dom", page.absoluteString],
                             profile: folder.appendingPathComponent("profile"), timeoutSeconds: timeoutSeconds)
        guard result.status == 0 else {
            throw ChromiumError("chromium --dump-dom failed (exit status \(result.status)): \(Self.lastLine(result.log))")
        }
        return (result.output, result.log)
    }

    // MARK: - Process

    private func makeWorkFolder() throws(ChromiumError) -> (URL, CleanupRegistry.Token) {
        // A short name (mkdtemp's): Chromium's socket paths under it must stay within 107 bytes.
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("mcc-XXXXXX").path
        let made = CleanupRegistry.shared.withLock { locked -> (URL, CleanupRegistry.Token)? in
            var bytes = Array(template.utf8CString)
            // Returns NULL on failure, else the template with its X's replaced.
            guard mkdtemp(&bytes) != nil else { return nil }
            let path = String(cString: bytes)
            return (URL(fileURLWithPath: path), locked.registerFolder(path))
        }
        guard let made else { throw ChromiumError("cannot create a temporary folder in \(template): \(String(cString: strerror(errno)))") }
        return made
    }

    private func removeWorkFolder(_ folder: URL, _ token: CleanupRegistry.Token) {
        CleanupRegistry.shared.withLock { locked in
            try? FileManager.default.removeItem(at: folder)
            locked.unregister(token)
        }
    }

    /// Runs Chromium in a process group of its own (posix_spawn, not Foundation's Process, which cannot make
    /// one), with standard output and error to files in its work folder, so that its helpers can be ended as a
    /// group: at a timeout here, at a signal by the CLI's clean-up.
    private func run(_ arguments: [String], profile: URL, timeoutSeconds: Double) throws(ChromiumError) -> (status: Int32, output: String, log: String) {
        let folder = profile.deletingLastPathComponent()
        let outURL = folder.appendingPathComponent("stdout.txt"), errURL = folder.appendingPathComponent("stderr.txt")
        let argv = [executablePath,
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
            "--disable-background-networking", "--disable-component-update", "--mute-audio",
            "--user-data-dir=\(profile.path)",
        ] + arguments
        // Chromium's own temporary files (org.chromium.Chromium.*, left behind when it is stopped) go inside the
        // work folder too, so that removing the folder removes them; unless the path would make its socket
        // paths (…/org.chromium.Chromium.XXXXXX/SingletonSocket) longer than a socket address holds.
        let scratch = folder.appendingPathComponent("t")
        var environment = ProcessInfo.processInfo.environment
        if scratch.path.utf8.count + 46 <= 107, (try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)) != nil {
            environment["TMPDIR"] = scratch.path
        }
        let (pid, token) = try spawn(argv, environment: environment.map { "\($0.key)=\($0.value)" }.sorted(),
                                     stdout: outURL.path, stderr: errURL.path)
        defer { CleanupRegistry.shared.unregister(token) }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR {
                throw ChromiumError("lost track of chromium: \(String(cString: strerror(errno)))")
            }
            if Date() > deadline {
                Self.endGroup(pid)
                throw ChromiumError("chromium did not finish within \(Int(timeoutSeconds)) s")
            }
            usleep(20_000)
        }
        // Helpers the browser left behind go with it.
        kill(-pid, SIGKILL)
        let exitStatus: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let output = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let log = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return (exitStatus, output, log)
    }

    /// Starts `argv` in a new process group (its pid), registered with the clean-up registry in the same step.
    private func spawn(_ argv: [String], environment: [String], stdout: String, stderr: String) throws(ChromiumError) -> (pid_t, CleanupRegistry.Token) {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // Its own group (pgid = its pid); default handling of the signals the CLI catches or ignores; no
        // signal blocked (the parent may block some).
        var defaults = sigset_t(), none = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup($0) } + [nil]
        defer { for p in cArguments + cEnvironment { free(p) } }
        var pid: pid_t = 0
        let result = CleanupRegistry.shared.withLock { locked -> (Int32, CleanupRegistry.Token?) in
            // Returns an errno value, 0 on success.
            let code = cArguments.withUnsafeBufferPointer { args in
                cEnvironment.withUnsafeBufferPointer { env in
                    posix_spawn(&pid, executablePath, &actions, &attributes, args.baseAddress!, env.baseAddress!)
                }
            }
            return (code, code == 0 ? locked.registerProcessGroup(pid) : nil)
        }
        guard result.0 == 0, let token = result.1 else {
            throw ChromiumError("cannot start \(executablePath): \(String(cString: strerror(result.0)))")
        }
        return (pid, token)
    }

    /// SIGTERM to the group, SIGKILL after a second; reaps the leader.
    private static func endGroup(_ pid: pid_t) {
        kill(-pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<50 {
            if waitpid(pid, &status, WNOHANG) == pid { break }
            usleep(20_000)
        }
        kill(-pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
    }

    private static func lastLine(_ log: String) -> String {
        log.split(separator: "\n").last.map(String.init) ?? "no message"
    }
}
