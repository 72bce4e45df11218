import Foundation
import GeoCore

/// The keys a manifest may hold, object by object. A key that is none of them (a misspelling such as `"line"`
/// for `"lines"` or `headway_minutes` for `headway_min`) is an error naming its place and the closest known
/// keys: a silently ignored key would drop an input or fall back to a default without a word.
enum ManifestKeys {
    /// What the value of a key holds: an object with known keys, an array of such objects, a table whose
    /// keys are data (line ids, road classes) and whose values are objects with known keys, or anything.
    indirect enum Shape: Sendable {
        case object([String: Shape])
        case array(Shape)
        case table(Shape)
        case free
    }

    static func keys<K: CodingKey & CaseIterable>(_: K.Type, _ shapes: [String: Shape] = [:]) -> Shape {
        var out: [String: Shape] = [:]
        for k in K.allCases { out[k.stringValue] = shapes[k.stringValue] ?? .free }
        return .object(out)
    }

    static let lineParameters = keys(AreaManifest.LineParameters.CodingKeys.self)

    /// The manifest's shape. `lines` entries also take the line parameters beside their own keys.
    static let manifest: Shape = {
        guard case .object(var lineKeys) = keys(AreaManifest.LinesInput.CodingKeys.self,
                                                ["line_overrides": .table(lineParameters)]),
              case .object(let parameterKeys) = lineParameters else { return .free }
        lineKeys.merge(parameterKeys) { a, _ in a }
        return keys(AreaManifest.CodingKeys.self, [
            "districts": keys(AreaManifest.DistrictsInput.CodingKeys.self),
            "gtfs": .array(keys(AreaManifest.GTFSInput.CodingKeys.self)),
            "lines": .array(.object(lineKeys)),
            "osm": .array(keys(AreaManifest.OSMInput.CodingKeys.self)),
            "roads": .array(keys(AreaManifest.RoadsInput.CodingKeys.self)),
            "parameters": keys(AreaManifest.Parameters.CodingKeys.self, [
                "hub_transfers": .table(.object(Dictionary(uniqueKeysWithValues: HubTransferKeys.known.map { ($0, .free) }))),
            ]),
            "gaps": keys(AreaManifest.GapThresholds.CodingKeys.self),
        ])
    }()

    /// Throws an `InputError` at the first unknown key, in document order of sorted keys. JSON that does not
    /// parse is left to the decoder, whose message says where.
    static func check(_ data: Data, manifestPath: String) throws {
        guard let root = try? JSONSerialization.jsonObject(with: data) else { return }
        try check(root, shape: manifest, place: "", manifestPath: manifestPath)
    }

    private static func check(_ value: Any, shape: Shape, place: String, manifestPath: String) throws {
        switch shape {
        case .free:
            return
        case .array(let element):
            guard let items = value as? [Any] else { return }
            for (i, item) in items.enumerated() {
                try check(item, shape: element, place: "\(place)[\(i)]", manifestPath: manifestPath)
            }
        case .table(let element):
            guard let object = value as? [String: Any] else { return }
            for key in object.keys.sorted() {
                try check(object[key]!, shape: element, place: "\(place).\(key)", manifestPath: manifestPath)
            }
        case .object(let known):
            guard let object = value as? [String: Any] else { return }
            for key in object.keys.sorted() {
                let here = place.isEmpty ? key : "\(place).\(key)"
                guard let inner = known[key] else {
                    let near = ClosestNames.closest(to: key, among: Array(known.keys), limit: 2)
                    let hint = near.isEmpty ? "" : " (did you mean \(near.map { "\"\($0)\"" }.joined(separator: " or "))?)"
                    throw InputError(file: manifestPath, location: here,
                                     message: "unknown key \"\(key)\"\(hint); known here: \(known.keys.sorted().joined(separator: ", "))")
                }
                try check(object[key]!, shape: inner, place: here, manifestPath: manifestPath)
            }
        }
    }
}
