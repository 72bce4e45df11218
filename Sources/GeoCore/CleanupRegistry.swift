import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the process must undo when a signal stops it: temporary files and folders it made, and the process groups
/// of the children it started (headless Chromium). Output writers and child-process runners register here; the
/// CLI's SIGINT/SIGTERM handler calls `cleanUpForExit()` and exits.
///
/// Creating a registered thing and registering it happen under one lock (`withLock`), and `cleanUpForExit()`
/// takes that lock for good: a file is either made and registered before the clean-up, or not made at all.
public final class CleanupRegistry: @unchecked Sendable {
    public static let shared = CleanupRegistry()

    /// A registration, to be withdrawn with `unregister` once the thing is gone or kept on purpose.
    public struct Token: Hashable, Sendable { fileprivate let value: Int }

    fileprivate enum Item { case file(String), folder(String), processGroup(pid_t) }

    private let lock = NSLock()
    fileprivate var items: [Int: Item] = [:]
    private var nextToken = 0

    public init() {}

    /// The registry while its lock is held: register what `withLock`'s body makes.
    public struct Locked {
        fileprivate let registry: CleanupRegistry
        /// A temporary file, removed at clean-up if it exists.
        public func registerFile(_ path: String) -> Token { registry.insert(.file(path)) }
        /// A temporary folder, removed with its contents at clean-up, after the child processes ended.
        public func registerFolder(_ path: String) -> Token { registry.insert(.folder(path)) }
        /// A child's process group (`pgid`, the leader's pid): SIGTERM, then SIGKILL at clean-up.
        public func registerProcessGroup(_ pgid: pid_t) -> Token { registry.insert(.processGroup(pgid)) }
        public func unregister(_ token: Token) { registry.items.removeValue(forKey: token.value) }
    }

    /// Runs `body` under the registry's lock, to make a thing and register it (or remove it and unregister it)
    /// in one step. Blocks forever once `cleanUpForExit()` has run: the process is about to exit.
    public func withLock<T>(_ body: (Locked) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(Locked(registry: self))
    }

    public func registerFile(_ path: String) -> Token { withLock { $0.registerFile(path) } }
    public func registerFolder(_ path: String) -> Token { withLock { $0.registerFolder(path) } }
    public func registerProcessGroup(_ pgid: pid_t) -> Token { withLock { $0.registerProcessGroup(pgid) } }

    public func unregister(_ token: Token) { withLock { $0.unregister(token) } }

    /// The registered paths and process groups, for tests.
    public var registeredCount: Int { withLock { _ in items.count } }

    /// Ends the registered process groups (SIGTERM; SIGKILL after up to `graceSeconds`), then removes the
    /// registered files and folders, and forgets them.
    public func cleanUp(graceSeconds: Double = 1) {
        lock.lock()
        defer { lock.unlock() }
        performCleanUp(graceSeconds: graceSeconds)
    }

    /// `cleanUp()`, keeping the lock: nothing can be made and registered afterwards. Call it only right before
    /// exiting (the signal handler).
    public func cleanUpForExit(graceSeconds: Double = 1) {
        lock.lock()
        performCleanUp(graceSeconds: graceSeconds)
    }

    private func performCleanUp(graceSeconds: Double) {
        let groups = items.values.compactMap { item -> pid_t? in if case .processGroup(let g) = item { return g } else { return nil } }
        for g in groups { kill(-g, SIGTERM) }
        let deadline = Date().addingTimeInterval(graceSeconds)
        var remaining = groups
        while !remaining.isEmpty && Date() < deadline {
            // The leader is our child: reap it so that its group can empty; kill(-g, 0) fails (ESRCH) once empty.
            remaining = remaining.filter { g in
                var status: Int32 = 0
                _ = waitpid(g, &status, WNOHANG)
                return kill(-g, 0) == 0
            }
            if !remaining.isEmpty { usleep(20_000) }
        }
        for g in remaining { kill(-g, SIGKILL) }
        for item in items.values {
            switch item {
            case .file(let path): unlink(path)
            case .folder(let path): try? FileManager.default.removeItem(atPath: path)
            case .processGroup: break
            }
        }
        items.removeAll()
    }

    fileprivate func insert(_ item: Item) -> Token {
        nextToken += 1
        items[nextToken] = item
        return Token(value: nextToken)
    }
}
