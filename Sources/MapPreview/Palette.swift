import Foundation

/// The project's map colours, read from Resources/palette.json (compiled in as `Palette.json`): `preview`'s
/// layer styles and the QGIS styles of the outputs take every colour from here, so maps look alike everywhere.
public struct Palette: Sendable {
    public struct Fill: Sendable { public var fill: String; public var outline: String }
    public struct Bin: Sendable {
        public var label: String
        /// Values below it fall in the bin; nil for the last, open bin.
        public var upper: Double?
        public var color: String
        /// Line width, points.
        public var width: Double
    }

    public var district: Fill
    public var missing: String
    /// Ring classes from the shortest band to the one beyond the budget.
    public var ringClasses: [String]
    public var commuteCircle: String
    /// The circle (or ring) before a scenario, drawn dashed beside the `commuteCircle` of the after side.
    public var commuteCircleBefore: String
    /// Sequential ramp, darkest (shortest time) first; isochrone cutoffs are spread over it.
    public var sequential: [String]
    /// By transfer rating, snake_case as the gaps output writes it (`zero_distance` …).
    public var hubRatings: [String: String]
    /// By rail tier name.
    public var tiers: [String: String]
    /// Volume over capacity bins, ascending.
    public var volumeOverCapacity: [Bin]
    /// By gaps feature kind (hubs go by rating).
    public var gapKinds: [String: String]
    /// A comparison's changes: `entered`, `left` (the circle; new and gone features too), `better`, `worse`,
    /// `changed` (neither better nor worse) and `unchanged`.
    public var changes: [String: String]
    static let changeKeys = ["entered", "left", "better", "worse", "changed", "unchanged"]
    /// Qualitative colours for anything else, by position.
    public var generic: [String]

    /// The shipped palette.
    public static let shipped: Palette = {
        do { return try Palette(json: Data(json.utf8)) } catch { preconditionFailure("Resources/palette.json: \(error)") }
    }()

    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses a palette file; an error names the first missing or malformed key.
    public init(json data: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FormatError(description: "not a JSON object")
        }
        func value<T>(_ key: String, _ type: T.Type) throws -> T {
            guard let v = root[key] as? T else { throw FormatError(description: "\(key) is missing or not a \(T.self)") }
            return v
        }
        let districtColours = try value("district", [String: String].self)
        guard let fill = districtColours["fill"], let outline = districtColours["outline"] else {
            throw FormatError(description: "district needs fill and outline")
        }
        district = Fill(fill: fill, outline: outline)
        missing = try value("missing", String.self)
        ringClasses = try value("ring_classes", [String].self)
        commuteCircle = try value("commute_circle", String.self)
        commuteCircleBefore = try value("commute_circle_before", String.self)
        sequential = try value("sequential", [String].self)
        hubRatings = try value("hub_ratings", [String: String].self)
        tiers = try value("tiers", [String: String].self)
        volumeOverCapacity = try value("v_c", [[String: Any]].self).map { bin in
            guard let label = bin["label"] as? String, let color = bin["color"] as? String,
                  let width = (bin["width"] as? NSNumber)?.doubleValue else {
                throw FormatError(description: "v_c bins need label, color and width")
            }
            return Bin(label: label, upper: (bin["upper"] as? NSNumber)?.doubleValue, color: color, width: width)
        }
        gapKinds = try value("gap_kinds", [String: String].self)
        let changeColours = try value("changes", [String: String].self)
        changes = changeColours
        if let absent = Self.changeKeys.first(where: { changeColours[$0] == nil }) {
            throw FormatError(description: "changes needs \(absent)")
        }
        generic = try value("generic", [String].self)
        guard ringClasses.count >= 2, sequential.count >= 2, !generic.isEmpty, !volumeOverCapacity.isEmpty else {
            throw FormatError(description: "ring_classes and sequential need two colours, generic and v_c one")
        }
        let all = [district.fill, district.outline, missing, commuteCircle, commuteCircleBefore] + ringClasses + sequential
            + Array(hubRatings.values) + Array(changes.values) + Array(tiers.values) + volumeOverCapacity.map(\.color) + Array(gapKinds.values) + generic
        if let bad = all.first(where: { Self.rgb($0) == nil }) { throw FormatError(description: "\(bad) is not #RRGGBB") }
    }

    /// The red, green and blue of `#RRGGBB`; nil for another form.
    public static func rgb(_ hex: String) -> [Int]? {
        let digits = Array(hex.utf8)
        guard digits.count == 7, digits[0] == UInt8(ascii: "#") else { return nil }
        let values = stride(from: 1, to: 7, by: 2).map { Int(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16) }
        guard values.allSatisfy({ $0 != nil }) else { return nil }
        return values.map { $0! }
    }

    /// Colour `rank` of `count` spread evenly over the sequential ramp (interpolated in RGB).
    public func sequentialColor(rank: Int, of count: Int) -> String {
        guard count > 1 else { return sequential[0] }
        let position = Double(rank) * Double(sequential.count - 1) / Double(count - 1)
        let lower = min(Int(position), sequential.count - 2)
        let t = position - Double(lower)
        let a = Self.rgb(sequential[lower])!, b = Self.rgb(sequential[lower + 1])!
        let mixed = (0..<3).map { Int((Double(a[$0]) * (1 - t) + Double(b[$0]) * t).rounded()) }
        return "#" + mixed.map { c in
            let hex = String(c, radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    /// Ring class `index` of `count` (the last is the band beyond the budget): the first classes take the ramp
    /// in order, the last always the ramp's last colour.
    public func ringClassColor(index: Int, of count: Int) -> String {
        if index == count - 1 { return ringClasses[ringClasses.count - 1] }
        return ringClasses[min(index, ringClasses.count - 2)]
    }
}
