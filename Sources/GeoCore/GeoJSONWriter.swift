#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Writes canonical RFC 7946 GeoJSON: equal inputs give equal bytes.
///
/// - Key order: collection `"type"`, `"bbox"` (if on), `"features"`, then its foreign members (RFC 7946 §6.1,
///   e.g. `"metadata"`) sorted; feature `"type"`, `"id"` (if any),
///   `"bbox"` (if on), `"geometry"`, `"properties"`; geometry `"type"`, `"coordinates"` / `"geometries"`.
///   Property keys, and keys of nested objects, sorted byte-wise on their UTF-8.
/// - `properties` always present (`{}` when empty); polygons by the right-hand rule (shells counter-clockwise,
///   holes clockwise).
/// - Coordinates and bbox rounded to `precision` decimals, property numbers to `propertyPrecision`;
///   no trailing zeros, no "-0", integers without a point; non-finite numbers written as `null`.
/// - Strings escaped per RFC 8259 (quote, backslash, control characters); other characters as UTF-8.
/// - A collection is written one feature per line: `{"type":"FeatureCollection","features":[\n{…},\n{…}\n]}\n`;
///   each foreign member goes on a line of its own after the features: `…\n],\n"metadata":{…}}\n`.
public struct GeoJSONWriter: Sendable {
    /// Decimals kept in coordinates and bbox (6 ≈ 0.1 m).
    public var precision: Int
    /// Whether to write `bbox` on the collection and on every feature that has a geometry.
    public var includeBoundingBox: Bool
    /// Decimals kept in numbers inside `properties` and `id`.
    public var propertyPrecision: Int
    /// When given, a feature's properties that its layer types `real` are written as reals (`3.0`, never `3`),
    /// so a field keeps one number type in every file; other numbers as above.
    public var schema: FeatureSchema?

    public init(precision: Int = 6, includeBoundingBox: Bool = false, propertyPrecision: Int = 9, schema: FeatureSchema? = nil) {
        self.precision = precision
        self.includeBoundingBox = includeBoundingBox
        self.propertyPrecision = propertyPrecision
        self.schema = schema
    }

    /// The collection as a GeoJSON text ending in a newline.
    public func data(for collection: FeatureCollection) -> Data {
        Data(bytes(for: collection))
    }

    /// One Feature object, ending in a newline.
    public func data(for feature: Feature) -> Data {
        var e = encoder()
        e.feature(feature)
        e.out.append(0x0A)
        return Data(e.out)
    }

    /// One bare geometry object, ending in a newline.
    public func data(for geometry: Geometry) -> Data {
        var e = encoder()
        e.geometry(geometry.rightHandOriented())
        e.out.append(0x0A)
        return Data(e.out)
    }

    /// One JSON value on one line, without a newline: keys sorted, numbers as in `properties`.
    public func text(for value: JSONValue) -> String {
        var e = encoder()
        e.value(value)
        return String(decoding: e.out, as: UTF8.self)
    }

    /// RFC 8142 GeoJSON text sequence: each feature preceded by RS (0x1E) and followed by a newline.
    public func sequenceData(for collection: FeatureCollection) -> Data {
        var e = encoder()
        for f in collection.features {
            e.out.append(0x1E)
            e.feature(f)
            e.out.append(0x0A)
        }
        return Data(e.out)
    }

    /// The collection's UTF-8 bytes (what `data(for:)` wraps).
    public func bytes(for collection: FeatureCollection) -> [UInt8] {
        var e = encoder()
        e.out.append(contentsOf: #"{"type":"FeatureCollection","#.utf8)
        if includeBoundingBox, let box = collection.boundingBox {
            e.out.append(contentsOf: #""bbox":"#.utf8)
            e.bbox(box)
            e.out.append(UInt8(ascii: ","))
        }
        e.out.append(contentsOf: #""features":["#.utf8)
        for (i, f) in collection.features.enumerated() {
            e.out.append(contentsOf: i == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
            e.feature(f)
        }
        if !collection.features.isEmpty { e.out.append(0x0A) }
        e.out.append(UInt8(ascii: "]"))
        for key in collection.foreignMembers.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        where !FeatureCollection.reservedMembers.contains(key) {
            e.out.append(contentsOf: [UInt8(ascii: ","), 0x0A])
            e.string(key)
            e.out.append(UInt8(ascii: ":"))
            e.value(collection.foreignMembers[key]!)
        }
        e.out.append(contentsOf: "}\n".utf8)
        return e.out
    }

    private func encoder() -> GeoJSONEncoder {
        GeoJSONEncoder(coordinates: GeoJSONNumberFormatter(maximumFractionDigits: precision),
                       properties: GeoJSONNumberFormatter(maximumFractionDigits: propertyPrecision),
                       includeBoundingBox: includeBoundingBox, schema: schema)
    }
}

/// The byte-level encoder behind `GeoJSONWriter`.
private struct GeoJSONEncoder {
    let coordinates: GeoJSONNumberFormatter
    let properties: GeoJSONNumberFormatter
    let includeBoundingBox: Bool
    let schema: FeatureSchema?
    var out: [UInt8] = []

    init(coordinates: GeoJSONNumberFormatter, properties: GeoJSONNumberFormatter, includeBoundingBox: Bool,
         schema: FeatureSchema? = nil) {
        self.coordinates = coordinates
        self.properties = properties
        self.includeBoundingBox = includeBoundingBox
        self.schema = schema
        out.reserveCapacity(1 << 16)
    }

    mutating func raw(_ s: StaticString) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    mutating func feature(_ f: Feature) {
        raw(#"{"type":"Feature","#)
        if let id = f.id, !id.isNull {
            raw(#""id":"#)
            value(id)
            out.append(UInt8(ascii: ","))
        }
        let geometry = f.geometry?.rightHandOriented()
        if includeBoundingBox, let box = geometry?.boundingBox {
            raw(#""bbox":"#)
            bbox(box)
            out.append(UInt8(ascii: ","))
        }
        raw(#""geometry":"#)
        if let geometry { self.geometry(geometry) } else { raw("null") }
        raw(#","properties":"#)
        object(f.properties, reals: schema?.layer(of: f)?.realFields ?? [])
        out.append(UInt8(ascii: "}"))
    }

    mutating func bbox(_ b: BoundingBox) {
        out.append(UInt8(ascii: "["))
        coordinates.append(b.minLongitude, to: &out)
        out.append(UInt8(ascii: ","))
        coordinates.append(b.minLatitude, to: &out)
        out.append(UInt8(ascii: ","))
        coordinates.append(b.maxLongitude, to: &out)
        out.append(UInt8(ascii: ","))
        coordinates.append(b.maxLatitude, to: &out)
        out.append(UInt8(ascii: "]"))
    }

    /// Expects polygons already right-hand oriented.
    mutating func geometry(_ g: Geometry) {
        raw(#"{"type":""#)
        out.append(contentsOf: g.typeName.utf8)
        switch g {
        case .geometryCollection(let parts):
            raw(#"","geometries":["#)
            for (i, part) in parts.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                geometry(part)
            }
            raw("]}")
            return
        default:
            raw(#"","coordinates":"#)
        }
        switch g {
        case .point(let c): position(c)
        case .multiPoint(let cs): positions(cs)
        case .lineString(let l): positions(l.coordinates)
        case .multiLineString(let ls): list(ls) { $0.positions($1.coordinates) }
        case .polygon(let p): polygon(p)
        case .multiPolygon(let mp): list(mp.polygons) { $0.polygon($1) }
        case .geometryCollection: break
        }
        out.append(UInt8(ascii: "}"))
    }

    mutating func list<T>(_ items: [T], _ body: (inout GeoJSONEncoder, T) -> Void) {
        out.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            body(&self, item)
        }
        out.append(UInt8(ascii: "]"))
    }

    mutating func polygon(_ p: Polygon) {
        list(p.rings) { $0.positions($1.coordinates) }
    }

    mutating func positions(_ cs: [Coordinate]) {
        out.append(UInt8(ascii: "["))
        for (i, c) in cs.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            position(c)
        }
        out.append(UInt8(ascii: "]"))
    }

    mutating func position(_ c: Coordinate) {
        out.append(UInt8(ascii: "["))
        coordinates.append(c.longitude, to: &out)
        out.append(UInt8(ascii: ","))
        coordinates.append(c.latitude, to: &out)
        out.append(UInt8(ascii: "]"))
    }

    /// `reals`: keys whose numbers are written with at least one decimal.
    mutating func object(_ dict: [String: JSONValue], reals: Set<String> = []) {
        out.append(UInt8(ascii: "{"))
        let keys = dict.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for (i, key) in keys.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            string(key)
            out.append(UInt8(ascii: ":"))
            if case .number(let d) = dict[key]!, reals.contains(key) {
                properties.appendReal(d, to: &out)
            } else {
                value(dict[key]!)
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    mutating func value(_ v: JSONValue) {
        switch v {
        case .null: raw("null")
        case .bool(let b): if b { raw("true") } else { raw("false") }
        case .number(let d): properties.append(d, to: &out)
        case .string(let s): string(s)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                value(item)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let dict): object(dict)
        }
    }

    mutating func string(_ s: String) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw(#"\""#)
            case UInt8(ascii: "\\"): raw(#"\\"#)
            case 0x08: raw(#"\b"#)
            case 0x0C: raw(#"\f"#)
            case 0x0A: raw(#"\n"#)
            case 0x0D: raw(#"\r"#)
            case 0x09: raw(#"\t"#)
            case 0x00..<0x20:
                raw(#"\u00"#)
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
