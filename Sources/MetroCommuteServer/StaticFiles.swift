import Foundation

/// A folder served read-only: a request path maps to a regular file inside it or to nothing. The path is
/// percent-decoded once and refused when any segment is empty, `.`/`..` or hidden, or holds a backslash or NUL;
/// the resolved file (symbolic links followed) must still lie inside the folder.
public struct StaticFolder: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root.standardizedFileURL.resolvingSymlinksInPath() }

    public var exists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The file for `relativePath` (as it came in the URL, without the route's prefix), or nil.
    public func file(for relativePath: String) -> URL? {
        guard let decoded = relativePath.removingPercentEncoding, !decoded.isEmpty else { return nil }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: false)
        for s in segments {
            if s.isEmpty || s.hasPrefix(".") || s.contains("\\") || s.contains("\0") || s.contains("%") { return nil }
        }
        var url = root
        for s in segments { url.appendPathComponent(String(s)) }
        let resolved = url.standardizedFileURL.resolvingSymlinksInPath()
        guard resolved.path.hasPrefix(root.path + "/") else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved.path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        return resolved
    }

    /// The media type by extension.
    public static func contentType(of url: URL) -> String {
        switch url.pathExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "json": return "application/json"
        case "png": return "image/png"
        case "svg": return "image/svg+xml"
        default: return "application/octet-stream"
        }
    }
}

/// Where the page's files are: `--web-root`, else the repository's `Sources/MetroCommuteServer/Web` (found from
/// this source file's path, so a debug or release build run from the checkout serves them), else `web/` beside the
/// executable (an installed copy).
public enum WebRoot {
    public static let sourceFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Web")

    public static func locate(given: String?) -> URL? {
        if let given { return URL(fileURLWithPath: given) }
        let candidates = [
            sourceFolder,
            URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent().appendingPathComponent("web"),
        ]
        return candidates.first { StaticFolder(root: $0).file(for: "index.html") != nil }
    }

    /// Debian's libjs-leaflet.
    public static let leaflet = URL(fileURLWithPath: "/usr/share/javascript/leaflet")
}
