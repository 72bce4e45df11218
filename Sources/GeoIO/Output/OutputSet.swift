import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GeoCore

/// Every output of one command, written all or nothing.
///
/// A command names all its outputs up front (`add`), before computing: each one's folder must exist and be
/// writable, no output may be a folder, the same file as another output or the same file as an input (compared
/// as real paths, symbolic links and `./` resolved, and by device and inode), and at most one may be standard
/// output (`-`). The bytes then go to hidden temporary files beside their targets (`write`, or
/// `temporaryPath(for:)` for writers that need a path), registered with `CleanupRegistry` so that SIGINT/SIGTERM
/// remove them; standard output is held back. `commit()` writes standard output, then renames every temporary
/// file over its target; an existing target's permission bits are kept. Anything not committed is removed
/// (`discard()`, also on deinit).
public final class OutputSet {
    private struct Entry {
        var path: String
        var option: String
        /// nil for standard output.
        var identity: FileIdentity?
        var temporary: String?
        var token: CleanupRegistry.Token?
        var standardOutputData: Data?
    }

    private let inputs: [(path: String, identity: FileIdentity)]
    private let registry: CleanupRegistry
    private var entries: [Entry] = []
    private var finished = false
    private static let counter = Counter()
    /// Seconds `commit()` waits, with every temporary file written, before it moves them (a test hook).
    public var holdBeforeCommitSeconds: Double = 0

    /// `inputs`: every file the command reads, as the user gave them (nil, `-` and paths that do not exist are
    /// left out).
    public init(inputs: [String?], registry: CleanupRegistry = .shared) {
        self.registry = registry
        self.inputs = inputs.compactMap { $0 }.filter { $0 != "-" }.compactMap { path in
            FileIdentity(existing: path).map { (path, $0) }
        }
    }

    deinit { discard() }

    /// Adds an output (nil is ignored); `option` names it in errors (`-o/--output`, `--summary`). Throws an
    /// `InputError` naming the path when it cannot be an output of this set.
    public func add(_ path: String?, option: String) throws {
        guard let path else { return }
        guard !path.isEmpty else { throw InputError(file: option, message: "empty: give a file, or - for standard output") }
        if path == "-" {
            if let other = entries.first(where: { $0.identity == nil }) {
                throw InputError(file: option, message: "\(other.option) already writes to standard output: only one output can be -")
            }
            if let problem = StandardOutput.problem { throw InputError(file: StandardOutput.name, message: problem) }
            entries.append(Entry(path: path, option: option))
            return
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw InputError(file: path, message: "output folder \(folder) does not exist (\(option))")
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw InputError(file: path, message: "cannot write in the output folder \(folder): \(String(cString: strerror(errno))) (\(option))")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw InputError(file: path, message: "is a folder, not a file (\(option))")
        }
        guard let identity = FileIdentity(output: path) else {
            throw InputError(file: path, message: "cannot resolve the output's folder (\(option))")
        }
        if let input = inputs.first(where: { $0.identity.sameFile(as: identity) }) {
            let same = input.path == path ? "" : " (\(input.path))"
            throw InputError(file: path, message: "\(option) would overwrite the input\(same): choose another output file")
        }
        if let other = entries.first(where: { $0.identity.map { $0.sameFile(as: identity) } ?? false }) {
            throw InputError(file: path, message: "\(option) and \(other.option) name the same file: give each output its own")
        }
        entries.append(Entry(path: path, option: option, identity: identity))
    }

    /// Whether `path` was added.
    public func contains(_ path: String) -> Bool { entries.contains { $0.path == path } }

    /// Writes the whole of `path`'s content: to its temporary file (replacing what an earlier call wrote), or,
    /// for `-`, held until `commit()`.
    public func write(_ data: Data, to path: String) throws {
        let i = try index(of: path)
        if entries[i].identity == nil {
            entries[i].standardOutputData = data
            return
        }
        let temporary = try makeTemporary(i)
        // Made and registered in one step, so that a signal between the two cannot leave it behind.
        let fd = try registry.withLock { _ -> Int32 in
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
            guard fd >= 0 else {
                throw InputError(file: path, message: "cannot create a temporary file beside it: \(String(cString: strerror(errno)))")
            }
            return fd
        }
        do {
            try FileDescriptorWriter.writeAll(data, to: fd, name: path)
        } catch {
            close(fd)
            throw error
        }
        guard close(fd) == 0 else {
            throw InputError(file: path, message: FileDescriptorWriter.message(errno: errno))
        }
    }

    /// A temporary path beside `path` for a writer that creates the file itself (GDAL); registered for removal,
    /// renamed over `path` by `commit()` if the file exists then.
    public func temporaryPath(for path: String) throws -> String {
        let i = try index(of: path)
        guard entries[i].identity != nil else { throw InputError(file: path, message: "needs a file, not standard output") }
        return try makeTemporary(i)
    }

    /// Writes the standard output, then moves every written temporary file over its target. Outputs added but
    /// never written are left alone. After a failure nothing more is moved and the remaining temporary files are
    /// removed.
    public func commit() throws {
        defer { discard() }
        if holdBeforeCommitSeconds > 0 { Thread.sleep(forTimeInterval: holdBeforeCommitSeconds) }
        if let data = entries.first(where: { $0.identity == nil })?.standardOutputData {
            try StandardOutput.write(data)
        }
        try registry.withLock { locked in
            for i in entries.indices {
                guard let temporary = entries[i].temporary, FileManager.default.fileExists(atPath: temporary) else { continue }
                let target = entries[i].path
                // An existing output keeps its permission bits (a private mode-600 file stays private).
                var existing = stat()
                if stat(target, &existing) == 0 { chmod(temporary, existing.st_mode & 0o7777) }
                // rename(2) replaces the target atomically on POSIX file systems; -1 on failure.
                guard rename(temporary, target) == 0 else {
                    let code = errno
                    throw InputError(file: target, message: "cannot move the finished output into place: \(String(cString: strerror(code)))")
                }
                if let token = entries[i].token { locked.unregister(token) }
                entries[i].temporary = nil
                entries[i].token = nil
            }
        }
        finished = true
    }

    /// Removes every temporary file not yet committed. Safe to call more than once.
    public func discard() {
        registry.withLock { locked in
            for i in entries.indices {
                if let temporary = entries[i].temporary { unlink(temporary) }
                if let token = entries[i].token { locked.unregister(token) }
                entries[i].temporary = nil
                entries[i].token = nil
            }
        }
        finished = true
    }

    private func index(of path: String) throws -> Int {
        guard let i = entries.firstIndex(where: { $0.path == path }) else {
            preconditionFailure("OutputSet: \(path) was not added before it was written")
        }
        guard !finished else { preconditionFailure("OutputSet: \(path) written after commit or discard") }
        return i
    }

    /// The entry's temporary path, made and registered on first use: `.name.PID.N.tmp` in the target's folder.
    private func makeTemporary(_ i: Int) throws -> String {
        if let existing = entries[i].temporary { return existing }
        let url = URL(fileURLWithPath: entries[i].path)
        let name = ".\(url.lastPathComponent).\(getpid()).\(Self.counter.next()).tmp"
        let temporary = url.deletingLastPathComponent().appendingPathComponent(name).path
        entries[i].token = registry.registerFile(temporary)
        entries[i].temporary = temporary
        return temporary
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.withLock { value += 1; return value } }
    }
}

/// A file's identity: its real path (links and `.`/`..` resolved; for a file that does not exist yet, its
/// folder's real path and its name), and its device and inode when it exists (so hard links match too).
struct FileIdentity: Equatable {
    var realPath: String
    var device: UInt64?
    var inode: UInt64?

    /// An existing file; nil when it does not exist.
    init?(existing path: String) {
        guard let resolved = Self.realPath(path) else { return nil }
        realPath = resolved
        var s = stat()
        if stat(path, &s) == 0 { device = UInt64(s.st_dev); inode = UInt64(s.st_ino) }
    }

    /// An output: the file if it exists, else its folder's real path and its name.
    init?(output path: String) {
        if let existing = FileIdentity(existing: path) { self = existing; return }
        let url = URL(fileURLWithPath: path)
        guard let folder = Self.realPath(url.deletingLastPathComponent().path) else { return nil }
        realPath = folder == "/" ? "/" + url.lastPathComponent : folder + "/" + url.lastPathComponent
    }

    func sameFile(as other: FileIdentity) -> Bool {
        if realPath == other.realPath { return true }
        if let d = device, let i = inode, d == other.device, i == other.inode { return true }
        return false
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
