/// The declared schema of an output's features: one layer per feature kind (the `kind` property; an output
/// without kinds has one layer), each with a geometry type and its fields in a fixed order and type. The same
/// for every area, so tables written from it (GeoPackage, FlatGeobuf, CSV) have the same columns everywhere,
/// and the GeoJSON writer uses it to write a real field always as a real (`3.0`, never `3`).
public struct FeatureSchema: Sendable, Hashable {
    public enum FieldType: String, Sendable, Hashable {
        /// A whole number (OGR Integer, 32-bit).
        case integer
        /// A number (OGR Real); written in GeoJSON with at least one decimal.
        case real
        /// Text; a list or object value is written to tables as compact JSON text.
        case string
        /// true/false (OGR Integer, boolean subtype).
        case boolean
    }

    public struct Field: Sendable, Hashable {
        public var name: String
        public var type: FieldType
        public init(_ name: String, _ type: FieldType) { self.name = name; self.type = type }
    }

    public enum GeometryType: String, Sendable, Hashable {
        case point, multiPoint, lineString, multiLineString, polygon, multiPolygon
        /// Points, lines or polygons in one layer (only an output without kinds may have it).
        case any
    }

    public struct Layer: Sendable, Hashable {
        /// The value of `kind` its features carry.
        public var name: String
        /// The table's name in a GeoPackage, and the suffix of its file where kinds go to files of their own.
        public var table: String
        /// A single part geometry (point, line, polygon) in a multi layer is written as a one-part multi.
        public var geometryType: GeometryType
        public var fields: [Field]
        public init(_ name: String, table: String? = nil, _ geometryType: GeometryType, _ fields: [Field]) {
            self.name = name; self.table = table ?? name; self.geometryType = geometryType; self.fields = fields
        }

        /// Names of the fields typed `real`.
        public var realFields: Set<String> { Set(fields.filter { $0.type == .real }.map(\.name)) }
    }

    /// The property naming a feature's layer.
    public static let kindProperty = "kind"

    public var layers: [Layer]

    public init(_ layers: [Layer]) {
        precondition(!layers.isEmpty, "a schema has a layer")
        precondition(Set(layers.map(\.name)).count == layers.count && Set(layers.map(\.table)).count == layers.count,
                     "layer names are unique")
        self.layers = layers
    }

    /// The layer `feature` belongs to: the one named by its `kind`, else the only layer; nil when none fits.
    public func layer(of feature: Feature) -> Layer? {
        if let kind = feature.properties[Self.kindProperty]?.stringValue, let layer = layers.first(where: { $0.name == kind }) {
            return layer
        }
        return layers.count == 1 ? layers[0] : nil
    }

    /// The features of `collection` grouped by layer, in schema order (each keeps its order); empty layers kept.
    public func split(_ collection: FeatureCollection) -> [(layer: Layer, features: [Feature])] {
        var groups = [[Feature]](repeating: [], count: layers.count)
        for f in collection.features {
            guard let layer = layer(of: f), let i = layers.firstIndex(of: layer) else { continue }
            groups[i].append(f)
        }
        return layers.indices.map { (layers[$0], groups[$0]) }
    }

    /// `collection` with a stable id on every feature that has none: `"<layer>-<n>"`, n counting from 1 within
    /// the layer in the collection's order (the same n is the feature id of the layer's table).
    public func identified(_ collection: FeatureCollection) -> FeatureCollection {
        var counts: [String: Int] = [:]
        var out = collection
        for i in out.features.indices {
            guard let layer = layer(of: out.features[i]) else { continue }
            let n = counts[layer.name, default: 0] + 1
            counts[layer.name] = n
            if out.features[i].id == nil { out.features[i].id = .string(Self.featureID(layer: layer.name, index: n)) }
        }
        return out
    }

    /// `collection` with every single-part geometry (Point, LineString, Polygon) of a layer of the multi type
    /// as a one-part multi, so that each layer has one geometry type in every format (GIS tools such as ogr2ogr
    /// to FlatGeobuf or Shapefile refuse a layer that mixes Polygon and MultiPolygon).
    public func promoted(_ collection: FeatureCollection) -> FeatureCollection {
        var out = collection
        for i in out.features.indices {
            guard let type = layer(of: out.features[i])?.geometryType, let g = out.features[i].geometry else { continue }
            out.features[i].geometry = Self.promoted(g, to: type)
        }
        return out
    }

    /// `geometry` as a one-part multi where `type` is the multi type of its kind.
    public static func promoted(_ geometry: Geometry, to type: GeometryType) -> Geometry {
        switch (geometry, type) {
        case (.point(let c), .multiPoint): return .multiPoint([c])
        case (.lineString(let l), .multiLineString): return .multiLineString([l])
        case (.polygon(let p), .multiPolygon): return .multiPolygon(MultiPolygon([p]))
        default: return geometry
        }
    }

    /// `"<layer>-<n>"`.
    public static func featureID(layer: String, index: Int) -> String { "\(layer)-\(index)" }

    /// The number n of an id `"<layer>-<n>"`, nil for another form.
    public static func featureNumber(_ id: JSONValue?) -> Int? {
        if let n = id?.intValue, n > 0 { return n }
        guard let s = id?.stringValue, let dash = s.lastIndex(of: "-") else { return nil }
        return Int(s[s.index(after: dash)...]).flatMap { $0 > 0 ? $0 : nil }
    }

    /// The first property of `collection` that the schema does not declare, or whose value does not fit its type
    /// (a fraction in an integer field, a number in a text field …): "layer: field: problem"; nil when all fit.
    public func mismatch(in collection: FeatureCollection) -> String? {
        for f in collection.features {
            guard let layer = layer(of: f) else {
                return "a feature of kind \(f.properties[Self.kindProperty]?.stringValue ?? "(none)") has no layer"
            }
            let types = Dictionary(uniqueKeysWithValues: layer.fields.map { ($0.name, $0.type) })
            for (key, value) in f.properties where key != Self.kindProperty {
                guard let type = types[key] else { return "\(layer.name): \(key) is not in the schema" }
                switch (type, value) {
                case (_, .null), (.real, .number), (.boolean, .bool), (.string, .string), (.string, .array), (.string, .object):
                    continue
                case (.integer, .number):
                    if value.intValue == nil { return "\(layer.name): \(key) is not a whole number" }
                default:
                    return "\(layer.name): \(key) does not hold a \(type.rawValue) value"
                }
            }
        }
        return nil
    }
}

extension FeatureSchema.Layer {
    /// The longest field name a Shapefile (dBase) keeps, in bytes.
    public static let shapefileNameLimit = 10

    /// A Shapefile name of at most 10 ASCII bytes for every field, unique within the layer regardless of case
    /// (dBase names are): a name that fits is kept; a longer one, or one that fits but is taken, is abbreviated
    /// word by word (its `_`-separated parts lose their vowels after the first letter and share the 10
    /// characters, earlier parts first, e.g. `share_within_budget` → `shrwthnbdg`); an abbreviation already taken
    /// gets `_2`, `_3` … after its first characters. Names that fit are assigned first, so they never change. Deterministic: the same schema always
    /// gives the same names. `feature_id` (the id column of files without one) is reserved.
    public var shapefileNames: [String: String] {
        let limit = Self.shapefileNameLimit
        var used: Set<String> = ["feature_id"]
        var out: [String: String] = [:]
        for field in fields where field.name.utf8.count <= limit && field.name.allSatisfy(\.isASCII) {
            if used.insert(field.name.lowercased()).inserted { out[field.name] = field.name }
        }
        for field in fields where out[field.name] == nil {
            var candidate = Self.abbreviated(field.name, to: limit)
            var n = 2
            while !used.insert(candidate.lowercased()).inserted {
                let suffix = "_\(n)"
                candidate = String(Self.abbreviated(field.name, to: limit).prefix(limit - suffix.count)) + suffix
                n += 1
            }
            out[field.name] = candidate
        }
        return out
    }

    static func abbreviated(_ name: String, to limit: Int) -> String {
        let ascii = String(name.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) || $0 == "_" })
        let parts = ascii.split(separator: "_").map { part -> [Character] in
            let chars = Array(part)
            guard let first = chars.first else { return [] }
            let rest = chars.dropFirst().filter { !"aeiouAEIOU".contains($0) }
            return [first] + rest
        }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { return "field" }
        // Share the characters: each part its equal share, what a short part leaves goes to the parts after it.
        var budget = limit, out = ""
        for (i, part) in parts.enumerated() {
            let remaining = parts.count - i
            let share = (budget + remaining - 1) / remaining
            let take = min(part.count, max(1, share))
            out += String(part.prefix(take))
            budget -= take
            if budget <= 0 { break }
        }
        return String(out.prefix(limit))
    }
}
