/// A coordinate reference system as users name it on the command line and in manifests:
/// `wgs84` (EPSG:4326), `gcj02` (Chinese web maps), `bd09` (Baidu), or anything PROJ understands
/// (`EPSG:4547`, `+proj=utm +zone=50 +datum=WGS84`, WKT). GCJ-02 and BD-09 are not in PROJ; they are
/// converted by `GCJ02`/`BD09` in pure Swift.
public enum CoordinateSystem: Hashable, Sendable, CustomStringConvertible {
    case wgs84
    case gcj02
    case bd09
    /// A definition handed to PROJ as is.
    case proj(String)

    /// Parses a user's name; nil for an empty string. Names are case-insensitive;
    /// `EPSG:4326`, `WGS84`, `WGS-84` and `4326` all mean `.wgs84`.
    public init?(parsing text: String) {
        let t = text.trimmingCharactersInWhitespace()
        guard !t.isEmpty else { return nil }
        switch t.lowercased() {
        case "wgs84", "wgs-84", "wgs 84", "epsg:4326", "4326", "ogc:crs84": self = .wgs84
        case "gcj02", "gcj-02", "gcj": self = .gcj02
        case "bd09", "bd-09", "bd09ll", "baidu": self = .bd09
        default:
            if t.allSatisfy(\.isNumber) { self = .proj("EPSG:\(t)") } else { self = .proj(t) }
        }
    }

    /// True for systems whose coordinates are longitude/latitude degrees.
    public var isGeographicChinese: Bool { self == .gcj02 || self == .bd09 }

    public var description: String {
        switch self {
        case .wgs84: return "wgs84"
        case .gcj02: return "gcj02"
        case .bd09: return "bd09"
        case .proj(let s): return s
        }
    }
}

extension String {
    func trimmingCharactersInWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
