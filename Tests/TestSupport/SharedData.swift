import Foundation

/// Locates ../shared/data (the project's real test data, present in CI) without hard-coding a machine path.
/// Order: `$METROCOMMUTE_SHARED_DATA`; then `<ancestor>/shared/data` for each ancestor of this source file
/// (so a clone at X/main finds X/shared/data, and a worktree at X/wt/name finds it too).
public enum SharedData {
    public static let root: URL? = {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["METROCOMMUTE_SHARED_DATA"], !env.isEmpty {
            let url = URL(fileURLWithPath: env)
            return fm.fileExists(atPath: url.path) ? url : nil
        }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("shared/data")
            if fm.fileExists(atPath: candidate.appendingPathComponent("README.md").path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    /// The file at `relativePath` under shared/data, or nil when the data is absent (tests then skip).
    public static func file(_ relativePath: String) -> URL? {
        guard let root else { return nil }
        let url = root.appendingPathComponent(relativePath)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The file at `relativePath` under shared/data; throws naming it when it is absent (for shared fixtures,
    /// which cannot `#require`).
    public static func required(_ relativePath: String) throws -> URL {
        guard let url = file(relativePath) else { throw FixtureError("shared/data/\(relativePath) is absent") }
        return url
    }

    /// True when shared/data is present; use as `.enabled(if: SharedData.isPresent, "…")`.
    public static var isPresent: Bool { root != nil }

    public static let skipMessage = "../shared/data is absent (set METROCOMMUTE_SHARED_DATA): real-data test skipped"
}

/// The package root (the folder holding Package.swift), for tests that run scripts or the built binary.
public enum PackageRoot {
    public static let url: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()
}

/// A fresh temporary directory per call, removed by the caller with `cleanUp()`.
public struct TemporaryDirectory {
    public let url: URL
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("metrocommute-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    public func cleanUp() { try? FileManager.default.removeItem(at: url) }
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }
}
