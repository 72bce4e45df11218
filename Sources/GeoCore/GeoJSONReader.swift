#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads RFC 7946 GeoJSON: a FeatureCollection, a single Feature or a bare geometry of any of the seven types.
///
/// - Foreign members are accepted and ignored; `bbox` members are ignored (recomputed on write).
/// - A Feature keeps its `id`; `"properties": null` becomes an empty dictionary; `"geometry": null` stays nil.
/// - Positions keep longitude and latitude; a third or further number (altitude) is dropped.
/// - Bad data throws `InputError` naming the place: `feature 3, line 12 column 5` (features counted from 0,
///   as in `features[3]`; line and column 1-based, column in UTF-8 bytes), and the problem.
public enum GeoJSONReader {
    /// The whole document as a collection; a single Feature or bare geometry becomes a collection of one.
    /// `geographic` false accepts projected coordinates (no [-180, 180] × [-90, 90] check; e.g. EPSG:4547
    /// metres in a legacy, non-RFC 7946 file); positions must still be finite.
    public static func read(data: Data, fileName: String, geographic: Bool = true) throws(InputError) -> FeatureCollection {
        let result: Result<FeatureCollection, InputError> = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            do throws(InputError) {
                return .success(try read(bytes: bytes, fileName: fileName, geographic: geographic))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Reads a file from disk; a file that cannot be opened throws `InputError` too, and so does one whose
    /// bytes and parsed features (estimated at five times the file's size) would not fit `memoryLimit`.
    public static func read(contentsOf url: URL, geographic: Bool = true,
                            memoryLimit: MemoryLimit = .default) throws(InputError) -> FeatureCollection {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        switch attributes?[.type] as? FileAttributeType {
        case .typeDirectory?: throw InputError(file: url.path, message: "is a folder, not a file")
        case .typeRegular?, .typeSymbolicLink?, nil: break
        default: throw InputError(file: url.path, message: "is not a regular file (a device, pipe or socket)")
        }
        let size = (attributes?[.size] as? Int) ?? 0
        do {
            try memoryLimit.check(MemoryLimit.product(size, 5), for: "reading this GeoJSON file", file: url.path)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: url.path, message: "\(error)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw InputError(file: url.path, message: "cannot read file: \(error)")
        }
        return try read(data: data, fileName: url.path, geographic: geographic)
    }

    static func read(bytes: UnsafeBufferPointer<UInt8>, fileName: String, geographic: Bool = true) throws(InputError) -> FeatureCollection {
        var parser = JSONParser(bytes: bytes)
        if parser.isBlank() { throw InputError(file: fileName, message: "empty file, expected GeoJSON") }
        let root: JSONNode
        do {
            root = try parser.parseDocument()
        } catch {
            throw InputError(file: fileName, location: TextPosition(offset: error.offset, in: bytes).description,
                             message: "malformed JSON: \(error.message)")
        }
        var builder = GeoJSONBuilder(bytes: bytes, fileName: fileName, geographic: geographic)
        return try builder.collection(from: root)
    }
}

/// Turns the parsed JSON tree into GeoCore values, checking RFC 7946 rules on the way.
private struct GeoJSONBuilder {
    let bytes: UnsafeBufferPointer<UInt8>
    let fileName: String
    /// Check positions against the geographic range (false for projected coordinates).
    let geographic: Bool
    /// Index of the feature being read, for error locations.
    var featureIndex: Int?

    init(bytes: UnsafeBufferPointer<UInt8>, fileName: String, geographic: Bool) {
        self.bytes = bytes
        self.fileName = fileName
        self.geographic = geographic
    }

    func fail(_ message: String, at offset: Int) -> InputError {
        let where_ = TextPosition(offset: offset, in: bytes).description
        let location = featureIndex.map { "feature \($0), \(where_)" } ?? where_
        return InputError(file: fileName, location: location, message: message)
    }

    func typeName(of node: JSONNode, what: String) throws(InputError) -> String {
        guard case .object = node else { throw fail("\(what) must be a JSON object, found \(kind(node))", at: node.offset) }
        guard let typeNode = node.member("type") else { throw fail("\(what) has no \"type\" member", at: node.offset) }
        guard case .scalar(.string(let name), _) = typeNode else {
            throw fail("\"type\" must be a string, found \(kind(typeNode))", at: typeNode.offset)
        }
        return name
    }

    mutating func collection(from root: JSONNode) throws(InputError) -> FeatureCollection {
        let type = try typeName(of: root, what: "the GeoJSON document")
        switch type {
        case "FeatureCollection":
            guard let featuresNode = root.member("features") else {
                throw fail("FeatureCollection has no \"features\" member", at: root.offset)
            }
            guard case .array(let items, _) = featuresNode else {
                throw fail("\"features\" must be an array, found \(kind(featuresNode))", at: featuresNode.offset)
            }
            var features: [Feature] = []
            features.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                featureIndex = i
                features.append(try feature(from: item))
            }
            featureIndex = nil
            var foreign: [String: JSONValue] = [:]
            if case .object(let members, _) = root {
                for m in members where !FeatureCollection.reservedMembers.contains(m.key) { foreign[m.key] = m.value.jsonValue }
            }
            return FeatureCollection(features, foreignMembers: foreign)
        case "Feature":
            featureIndex = 0
            defer { featureIndex = nil }
            return FeatureCollection([try feature(from: root)])
        default:
            return FeatureCollection([Feature(geometry: try geometry(from: root))])
        }
    }

    func feature(from node: JSONNode) throws(InputError) -> Feature {
        let type = try typeName(of: node, what: "a feature")
        guard type == "Feature" else { throw fail("expected type \"Feature\", found \"\(type)\"", at: node.offset) }
        var id: JSONValue?
        if let idNode = node.member("id") {
            switch idNode.jsonValue {
            case .null: id = nil
            case .string, .number: id = idNode.jsonValue
            default: throw fail("feature \"id\" must be a string or a number, found \(kind(idNode))", at: idNode.offset)
            }
        }
        var geometry: Geometry?
        if let g = node.member("geometry") {
            if case .scalar(.null, _) = g {
                geometry = nil
            } else {
                geometry = try self.geometry(from: g)
            }
        }
        var properties: [String: JSONValue] = [:]
        if let p = node.member("properties") {
            switch p.jsonValue {
            case .null: break
            case .object(let dict): properties = dict
            default: throw fail("\"properties\" must be an object or null, found \(kind(p))", at: p.offset)
            }
        }
        return Feature(id: id, geometry: geometry, properties: properties)
    }

    func geometry(from node: JSONNode) throws(InputError) -> Geometry {
        let type = try typeName(of: node, what: "a geometry")
        if type == "GeometryCollection" {
            guard let g = node.member("geometries") else {
                throw fail("GeometryCollection has no \"geometries\" member", at: node.offset)
            }
            guard case .array(let items, _) = g else {
                throw fail("\"geometries\" must be an array, found \(kind(g))", at: g.offset)
            }
            var parts: [Geometry] = []
            parts.reserveCapacity(items.count)
            for item in items { parts.append(try geometry(from: item)) }
            return .geometryCollection(parts)
        }
        let known = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"]
        guard known.contains(type) else {
            if type == "Feature" || type == "FeatureCollection" {
                throw fail("a \(type) cannot stand where a geometry is expected", at: node.offset)
            }
            throw fail("unknown geometry type \"\(type)\"", at: node.offset)
        }
        guard let c = node.member("coordinates") else { throw fail("\(type) has no \"coordinates\" member", at: node.offset) }
        guard case .coordinates(let tree, _) = c else { throw diagnoseCoordinates(c, type: type) }
        switch type {
        case "Point":
            guard case .position(let p) = tree else { throw wrongDepth(type, "a single position [longitude, latitude]", c) }
            try check(p, at: c.offset, what: "the position")
            return .point(p)
        case "MultiPoint":
            guard let (points, offset) = positionList(tree) else { throw wrongDepth(type, "an array of positions", c) }
            try check(points, arrayOffset: offset, what: "MultiPoint")
            return .multiPoint(points)
        case "LineString":
            return .lineString(try lineString(tree, node: c, type: type, what: "LineString"))
        case "MultiLineString":
            guard case .nested(let parts, _) = tree else { throw wrongDepth(type, "an array of lines (arrays of positions)", c) }
            var lines: [LineString] = []
            for (i, part) in parts.enumerated() {
                lines.append(try lineString(part, node: c, type: type, what: "line \(i) of MultiLineString"))
            }
            return .multiLineString(lines)
        case "Polygon":
            return .polygon(try polygon(tree, node: c, type: type, what: "polygon"))
        default:  // MultiPolygon
            guard case .nested(let parts, _) = tree else { throw wrongDepth(type, "an array of polygons (arrays of rings)", c) }
            var polygons: [Polygon] = []
            for (i, part) in parts.enumerated() {
                polygons.append(try polygon(part, node: c, type: type, what: "polygon \(i)"))
            }
            return .multiPolygon(MultiPolygon(polygons))
        }
    }

    // MARK: - Coordinate checks

    /// The positions of a list level: `.positions`, or an empty array.
    func positionList(_ tree: CoordinateTree) -> ([Coordinate], Int)? {
        switch tree {
        case .positions(let cs, let offset): return (cs, offset)
        case .nested(let items, let offset) where items.isEmpty: return ([], offset)
        default: return nil
        }
    }

    func lineString(_ tree: CoordinateTree, node: JSONNode, type: String, what: String) throws(InputError) -> LineString {
        guard let (points, offset) = positionList(tree) else {
            throw wrongDepth(type, "arrays of positions at this level", node)
        }
        guard points.count >= 2 else {
            throw fail("\(what) has \(points.count) position\(points.count == 1 ? "" : "s"), needs at least 2", at: offset)
        }
        try check(points, arrayOffset: offset, what: what)
        return LineString(points)
    }

    func polygon(_ tree: CoordinateTree, node: JSONNode, type: String, what: String) throws(InputError) -> Polygon {
        guard case .nested(let ringTrees, let polygonOffset) = tree else {
            throw wrongDepth(type, "polygons as arrays of linear rings (arrays of positions)", node)
        }
        guard !ringTrees.isEmpty else { throw fail("\(what) has no rings", at: polygonOffset) }
        var rings: [LinearRing] = []
        rings.reserveCapacity(ringTrees.count)
        for (r, ringTree) in ringTrees.enumerated() {
            guard let (points, offset) = positionList(ringTree) else {
                throw wrongDepth(type, "linear rings as arrays of positions", node)
            }
            let ringName = "ring \(r) of \(what)"
            guard points.count >= 4 else {
                throw fail("\(ringName) has \(points.count) position\(points.count == 1 ? "" : "s"), needs at least 4", at: offset)
            }
            try check(points, arrayOffset: offset, what: ringName)
            guard points.first == points.last else {
                throw fail("\(ringName) is not closed: first position \(points.first!) differs from last \(points.last!)", at: offset)
            }
            rings.append(LinearRing(points))
        }
        return Polygon(shell: rings[0], holes: Array(rings.dropFirst()))
    }

    func check(_ p: Coordinate, at offset: Int, what: String) throws(InputError) {
        if let problem = rangeProblem(p) { throw fail("\(what) \(problem)", at: offset) }
    }

    func check(_ points: [Coordinate], arrayOffset: Int, what: String) throws(InputError) {
        for (k, p) in points.enumerated() {
            if let problem = rangeProblem(p) {
                throw fail("position \(k) of \(what) \(problem)", at: offsetOfPosition(k, inArrayAt: arrayOffset))
            }
        }
    }

    func rangeProblem(_ p: Coordinate) -> String? {
        if !p.longitude.isFinite || !p.latitude.isFinite { return "is not finite: \(p)" }
        guard geographic else { return nil }
        if abs(p.longitude) > 180 { return "has longitude \(p.longitude) outside [-180, 180]" }
        if abs(p.latitude) > 90 { return "has latitude \(p.latitude) outside [-90, 90]" }
        return nil
    }

    /// Byte offset of the k-th position of the positions array that starts at `arrayOffset`.
    /// Positions hold only numbers, so the k-th '[' after the opening one starts position k.
    func offsetOfPosition(_ k: Int, inArrayAt arrayOffset: Int) -> Int {
        var seen = -1
        var i = arrayOffset + 1
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "[") {
                seen += 1
                if seen == k { return i }
            }
            i += 1
        }
        return arrayOffset
    }

    func wrongDepth(_ type: String, _ expected: String, _ node: JSONNode) -> InputError {
        fail("\(type) coordinates must hold \(expected)", at: node.offset)
    }

    /// Why a `coordinates` value is not nested arrays of numbers, pointing at the first offending part.
    func diagnoseCoordinates(_ node: JSONNode, type: String) -> InputError {
        func walk(_ n: JSONNode) -> InputError? {
            switch n {
            case .array(let items, let offset):
                let numbers = items.filter { if case .scalar(.number, _) = $0 { return true }; return false }.count
                let arrays = items.filter { if case .array = $0 { return true }; return false }.count
                for item in items {
                    switch item {
                    case .scalar(.number, _), .array: continue
                    default:
                        return fail("\(type) coordinates must hold only arrays and numbers, found \(kind(item))", at: item.offset)
                    }
                }
                if numbers > 0 && arrays > 0 {
                    return fail("\(type) coordinates mix numbers and arrays in one array", at: offset)
                }
                if numbers > 0 && numbers < 2 {
                    return fail("position has \(numbers) number, needs at least 2 (longitude, latitude)", at: offset)
                }
                for item in items { if case .array = item, let e = walk(item) { return e } }
                return nil
            case .coordinates: return nil
            default:
                return fail("\(type) coordinates must be an array, found \(kind(n))", at: n.offset)
            }
        }
        return walk(node) ?? fail("\(type) coordinates are malformed", at: node.offset)
    }

    func kind(_ node: JSONNode) -> String {
        switch node {
        case .object: return "an object"
        case .array, .coordinates: return "an array"
        case .scalar(let v, _):
            switch v {
            case .null: return "null"
            case .bool: return "a boolean"
            case .number: return "a number"
            case .string(let s): return "the string \"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
            case .array: return "an array"
            case .object: return "an object"
            }
        }
    }
}
