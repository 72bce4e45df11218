import Foundation

/// `metrocommute build` of a test area (`TestAreas.manifest`), run once per test process for each distinct
/// manifest and shared by every CLI suite: the commands under test only read the network file. The manifest and
/// the network live in a per-process temporary folder, removed when the process exits.
public enum SharedAreaBuild {
    public struct Built: Sendable {
        /// The built network file (`<area>.mcnet`).
        public var network: String
        /// The manifest it was built from.
        public var manifest: String
        /// The build run: tests check `build.status == 0` and show `build.stderr` when it is not.
        public var build: CLIRunner.Result
    }

    /// The area built from `TestAreas.manifest(area:extra:)`, or nil when the shared data is absent.
    public static func area(_ area: String, extra: [String: Any] = [:]) throws -> Built? {
        let extraKey = String(decoding: try JSONSerialization.data(withJSONObject: extra, options: [.sortedKeys]), as: UTF8.self)
        return try builds.value(for: Key(area: area, extra: extraKey)) { _ in
            let dir = folder.appendingPathComponent(UUID().uuidString)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            guard let manifest = try TestAreas.manifest(area: area, in: dir, extra: extra) else { return nil }
            let network = dir.appendingPathComponent("\(area).mcnet").path
            let build = try CLIRunner.run(["build", manifest, "-o", network, "-q"])
            return Built(network: network, manifest: manifest, build: build)
        }
    }

    private struct Key: Hashable, Sendable { var area: String; var extra: String }

    private static let builds = BuildOnce<Key, Built?>()

    private static let folder: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("metrocommute-test-areas-\(ProcessInfo.processInfo.processIdentifier)")
        atexit { try? FileManager.default.removeItem(at: SharedAreaBuild.folder) }
        return url
    }()
}
