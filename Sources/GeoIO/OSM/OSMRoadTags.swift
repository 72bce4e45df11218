import Foundation
import Network

/// Parsing of the OSM driving tags, shared by the OSM extraction and the GeoJSON road-layer reader
/// (GIS layers exported from OSM keep the same values).
public enum OSMRoadTags {
    /// Travel direction of a link relative to its drawing direction.
    public enum Direction: Sendable, Equatable {
        case both, forwardOnly, backwardOnly
    }

    /// A speed in km/h from an OSM `maxspeed`-style value: `50`, `50 km/h`, `50kmh`, `30 mph`, `30mph`,
    /// `12 knots`; a list (`50;30`) uses its first value. Nil (use the class default) for zone codes such
    /// as `RU:urban` or `DE:motorway`, `none`, `signals`, `walk`, and anything not a positive number.
    public static func speedKmh(_ value: String) -> Double? {
        let first = value.split(separator: ";").first.map(String.init) ?? value
        let text = first.trimmingCharacters(in: .whitespaces).lowercased()
        var digits = ""
        var rest = Substring(text)
        while let c = rest.first, c.isNumber || c == "." { digits.append(c); rest = rest.dropFirst() }
        guard !digits.isEmpty, let number = Double(digits), number > 0, number.isFinite else { return nil }
        let unit = rest.trimmingCharacters(in: .whitespaces)
        switch unit {
        case "", "km/h", "kmh", "kph", "km/hr": return number
        case "mph": return number * 1.609344
        case "knots", "knot", "kn": return number * 1.852
        default: return nil
        }
    }

    /// A lane count from `lanes`-style text (`2`, `2;3` → first value); nil when not a positive number.
    public static func lanes(_ value: String) -> Double? {
        let first = value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard let v = Double(first), v.isFinite, v > 0 else { return nil }
        return v
    }

    /// `oneway` values: `yes`/`true`/`1` → forward only; `-1`/`reverse` → backward only; `no`/`false`/`0` →
    /// both; nil for anything else (`reversible`, `alternating`, unknown: the caller decides).
    public static func oneway(_ value: String) -> Direction? {
        switch value.trimmingCharacters(in: .whitespaces).lowercased() {
        case "yes", "true", "1": return .forwardOnly
        case "-1", "reverse": return .backwardOnly
        case "no", "false", "0": return .both
        default: return nil
        }
    }

    /// Lanes per direction when a two-way way has only a total `lanes` count: half of it, rounded down,
    /// at least 1 (a third lane of `lanes=3` is usually a centre turning lane).
    public static func lanesPerDirection(totalOfTwoWay total: Double) -> Double {
        max(1, (total / 2).rounded(.down))
    }
}
