import Foundation
import GeoCore

/// The files a GDAL write makes beside its target before they are renamed into place: the dataset, the files its
/// driver writes next to it (a Shapefile's .dbf, a CSV's .csvt) and SQLite's journals (a GeoPackage). They are
/// registered with the context's `CleanupRegistry` for the write's duration, so that a SIGINT/SIGTERM while GDAL
/// writes removes them too, and removed by `removeAll()` when the write fails.
struct PartialFiles {
    /// The dataset's own temporary path.
    let dataset: String
    /// Every path the write may leave, the dataset first.
    let paths: [String]
    private let registry: CleanupRegistry
    private let tokens: [CleanupRegistry.Token]

    /// SQLite writes these beside a database while a transaction is open.
    static let sqliteJournalSuffixes = ["-journal", "-wal", "-shm"]

    /// The partial files of a dataset for `target`, `.NAME.partial-PID.ext` in its folder, with the companion
    /// extensions its driver adds; registered at once (before GDAL creates any of them).
    init(for target: String, ext: String, companionExtensions: [String] = [], sqlite: Bool = false,
         registry: CleanupRegistry) {
        let url = URL(fileURLWithPath: target)
        let file = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.deletingPathExtension().lastPathComponent).partial-\(getpid()).\(ext)").path
        var all = [file, file + ".aux.xml"]
        all += companionExtensions.map { Self.replacingExtension(file, $0) }
        if sqlite { all += Self.sqliteJournalSuffixes.map { file + $0 } }
        dataset = file
        paths = all
        self.registry = registry
        tokens = registry.withLock { locked in all.map { locked.registerFile($0) } }
    }

    /// `path` with its extension replaced by `ext`.
    static func replacingExtension(_ path: String, _ ext: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension(ext).path
    }

    /// Removes every partial file that exists.
    func removeAll() {
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Withdraws the registrations: the files were renamed into place or removed.
    func release() {
        registry.withLock { locked in tokens.forEach(locked.unregister) }
    }
}
