import GeoCore

/// Streaming reader for OSM XML (`.osm`) and bzip2-compressed OSM XML (`.osm.bz2`).
///
/// A small hand-written tag scanner works on chunks of the (decompressed) text: it looks only at the
/// elements OSM XML uses (`osm`, `bounds`, `node`, `way`, `nd`, `relation`, `member`, `tag`) and skips
/// text, comments, processing instructions, CDATA and DOCTYPE. Attribute values are unescaped (the five
/// named entities and numeric references). One element is held at a time, so memory stays flat.
/// Errors name the file and the line.
public struct OSMXMLReader {
    public let path: String
    public let isBZip2: Bool
    /// One tag (with its attributes) may take at most this much memory.
    public var memoryLimit: MemoryLimit

    public init(path: String, bzip2: Bool, memoryLimit: MemoryLimit = .default) {
        self.path = path
        self.isBZip2 = bzip2
        self.memoryLimit = memoryLimit
    }

    public func read<V: OSMVisitor>(_ visitor: inout V) throws {
        let file = try OSMInputFile(path: path)
        let bzip2 = isBZip2 ? try BZip2Decompressor(file: file) : nil
        var scanner = OSMXMLScanner(path: path, memoryLimit: memoryLimit)
        var builder = OSMXMLElementBuilder(path: path, kinds: visitor.wantedKinds)
        let chunkSize = 256 * 1024
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var atEnd = false
        while !atEnd {
            let n = try chunk.withUnsafeMutableBytes { raw in
                if let bzip2 { return try bzip2.read(into: raw.baseAddress!, count: chunkSize) }
                return try file.read(into: raw.baseAddress!, count: chunkSize)
            }
            if n == 0 { atEnd = true }
            scanner.append(chunk[0..<n], isLast: atEnd)
            while let tag = try scanner.nextTag() {
                try builder.handle(tag, line: scanner.tagLine, visitor: &visitor)
            }
        }
        try builder.finish(line: scanner.line, visitor: &visitor)
    }
}

/// One start, end or empty-element tag.
struct OSMXMLTag {
    enum Kind { case start, end, empty }
    var kind: Kind
    var name: String
    var attributes: [(name: String, value: String)]

    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }
}

/// Splits XML text, fed in chunks, into tags.
struct OSMXMLScanner {
    let path: String
    private var buffer: [UInt8] = []
    private var position = 0
    private var isLast = false
    /// 1-based line of the scanner's position, and of the last tag returned.
    private(set) var line = 1
    private(set) var tagLine = 1
    let memoryLimit: MemoryLimit
    /// Where the search for the end of the markup at `position` goes on when more input arrives (an offset
    /// from `position`; 0 when no search is pending), and the quote it was inside. So a long tag is scanned
    /// once, not again after every chunk.
    private var resumeOffset = 0
    private var resumeQuote: UInt8 = 0

    init(path: String, memoryLimit: MemoryLimit = .default) {
        self.path = path
        self.memoryLimit = memoryLimit
    }

    /// The pending tag's bytes, the unescaped copies of its attribute values and their strings.
    private func checkPendingMemory() throws {
        let pending = buffer.count - position
        try memoryLimit.check(MemoryLimit.product(pending, 3), for: "one XML tag (\(MemoryLimit.format(pending)) so far)",
                              file: path, location: "line \(line)")
    }

    mutating func append(_ bytes: ArraySlice<UInt8>, isLast: Bool) {
        if position > 0 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        buffer.append(contentsOf: bytes)
        self.isLast = isLast
    }

    private func error(_ message: String) -> InputError {
        InputError(file: path, location: "line \(line)", message: message)
    }

    private func find(_ pattern: [UInt8], from start: Int) -> Int? {
        guard pattern.count <= buffer.count else { return nil }
        var i = start
        let last = buffer.count - pattern.count
        while i <= last {
            if buffer[i] == pattern[0] {
                var j = 1
                while j < pattern.count && buffer[i + j] == pattern[j] { j += 1 }
                if j == pattern.count { return i }
            }
            i += 1
        }
        return nil
    }

    private mutating func advance(to end: Int) {
        var i = position
        while i < end {
            if buffer[i] == 0x0A { line += 1 }
            i += 1
        }
        position = end
    }

    /// The next tag, or nil when more input is needed (or the input is done).
    mutating func nextTag() throws -> OSMXMLTag? {
        while true {
            // Skip text up to the next '<'.
            var lt = position
            while lt < buffer.count && buffer[lt] != UInt8(ascii: "<") { lt += 1 }
            advance(to: lt)
            guard lt < buffer.count else { return nil }
            // Markup that is not an element: skip it whole.
            let skips: [([UInt8], [UInt8])] = [
                (Array("<!--".utf8), Array("-->".utf8)), (Array("<![CDATA[".utf8), Array("]]>".utf8)),
                (Array("<?".utf8), Array("?>".utf8)), (Array("<!".utf8), Array(">".utf8)),
            ]
            if lt + 9 > buffer.count && !isLast && couldBeSpecial(at: lt) { return nil }
            var skipped = false
            var needMore = false
            for (open, close) in skips where hasPrefix(open, at: lt) {
                if let e = find(close, from: max(lt + open.count, lt + resumeOffset)) {
                    advance(to: e + close.count)
                    resumeOffset = 0
                    skipped = true
                } else {
                    needMore = true
                    resumeOffset = max(open.count, buffer.count - lt - close.count + 1)
                }
                break
            }
            if needMore {
                if isLast { throw error("the file ends inside markup (truncated XML?)") }
                try checkPendingMemory()
                return nil
            }
            if skipped { continue }
            // An element tag: find '>' outside quotes.
            var i = max(lt + 1, lt + resumeOffset)
            var quote: UInt8 = resumeOffset > 0 ? resumeQuote : 0
            while i < buffer.count {
                let c = buffer[i]
                if quote != 0 {
                    if c == quote { quote = 0 }
                } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    quote = c
                } else if c == UInt8(ascii: ">") {
                    break
                }
                i += 1
            }
            guard i < buffer.count else {
                if isLast { throw error("the file ends inside a tag (truncated XML?)") }
                resumeOffset = i - lt
                resumeQuote = quote
                try checkPendingMemory()
                return nil
            }
            resumeOffset = 0
            tagLine = line
            let tag = try parseTag(lt + 1, i)
            advance(to: i + 1)
            return tag
        }
    }

    private func hasPrefix(_ p: [UInt8], at i: Int) -> Bool {
        guard i + p.count <= buffer.count else { return false }
        for j in 0..<p.count where buffer[i + j] != p[j] { return false }
        return true
    }

    /// True when the bytes at `i` might be the start of `<!`/`<?` markup not yet fully buffered.
    private func couldBeSpecial(at i: Int) -> Bool {
        i + 1 >= buffer.count || buffer[i + 1] == UInt8(ascii: "!") || buffer[i + 1] == UInt8(ascii: "?")
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    private static func isNameByte(_ c: UInt8) -> Bool {
        !isSpace(c) && c != UInt8(ascii: "=") && c != UInt8(ascii: "/") && c != UInt8(ascii: ">")
    }

    /// Parses the bytes between '<' and '>'.
    private func parseTag(_ start: Int, _ end: Int) throws -> OSMXMLTag {
        var i = start
        var kind = OSMXMLTag.Kind.start
        if i < end && buffer[i] == UInt8(ascii: "/") {
            kind = .end
            i += 1
        }
        var stop = end
        if stop > i && buffer[stop - 1] == UInt8(ascii: "/") {
            guard kind == .start else { throw error("malformed tag") }
            kind = .empty
            stop -= 1
        }
        let nameStart = i
        while i < stop && Self.isNameByte(buffer[i]) { i += 1 }
        guard i > nameStart else { throw error("tag without a name") }
        let name = String(decoding: buffer[nameStart..<i], as: UTF8.self)
        var attributes: [(name: String, value: String)] = []
        while true {
            while i < stop && Self.isSpace(buffer[i]) { i += 1 }
            if i >= stop { break }
            let aStart = i
            while i < stop && Self.isNameByte(buffer[i]) { i += 1 }
            let aName = String(decoding: buffer[aStart..<i], as: UTF8.self)
            while i < stop && Self.isSpace(buffer[i]) { i += 1 }
            guard i < stop, buffer[i] == UInt8(ascii: "="), !aName.isEmpty else {
                throw error("malformed attribute in <\(name)>")
            }
            i += 1
            while i < stop && Self.isSpace(buffer[i]) { i += 1 }
            guard i < stop, buffer[i] == UInt8(ascii: "\"") || buffer[i] == UInt8(ascii: "'") else {
                throw error("attribute \(aName) of <\(name)> is not quoted")
            }
            let q = buffer[i]
            i += 1
            let vStart = i
            while i < stop && buffer[i] != q { i += 1 }
            guard i < stop else { throw error("unterminated attribute \(aName) in <\(name)>") }
            attributes.append((aName, try unescape(vStart, i)))
            i += 1
        }
        return OSMXMLTag(kind: kind, name: name, attributes: attributes)
    }

    private func unescape(_ start: Int, _ end: Int) throws -> String {
        guard buffer[start..<end].contains(UInt8(ascii: "&")) else {
            return String(decoding: buffer[start..<end], as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var i = start
        while i < end {
            let c = buffer[i]
            guard c == UInt8(ascii: "&") else {
                out.append(c)
                i += 1
                continue
            }
            var semi = i + 1
            while semi < end && buffer[semi] != UInt8(ascii: ";") { semi += 1 }
            guard semi < end else { throw error("unterminated entity reference") }
            let entity = String(decoding: buffer[(i + 1)..<semi], as: UTF8.self)
            switch entity {
            case "amp": out.append(UInt8(ascii: "&"))
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                var scalarValue: UInt32?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    scalarValue = UInt32(entity.dropFirst(2), radix: 16)
                } else if entity.hasPrefix("#") {
                    scalarValue = UInt32(entity.dropFirst(1))
                }
                guard let v = scalarValue, let scalar = Unicode.Scalar(v) else {
                    throw error("unknown entity &\(entity);")
                }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            i = semi + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Turns the tag stream into nodes, ways and relations.
struct OSMXMLElementBuilder {
    let path: String
    let kinds: OSMElementKinds
    private enum Current { case none, node, way, relation }
    private var current = Current.none
    private var id: Int64 = 0
    private var coordinate = Coordinate(longitude: 0, latitude: 0)
    private var tags: [OSMTag] = []
    private var refs: [Int64] = []
    private var members: [OSMMember] = []
    private var header = OSMHeader()
    private var headerSent = false
    private var sawRoot = false

    init(path: String, kinds: OSMElementKinds) {
        self.path = path
        self.kinds = kinds
    }

    private func error(_ line: Int, _ message: String) -> InputError {
        InputError(file: path, location: "line \(line)", message: message)
    }

    private func int64(_ tag: OSMXMLTag, _ name: String, _ line: Int) throws -> Int64 {
        guard let s = tag.attribute(name) else { throw error(line, "<\(tag.name)> without \(name)") }
        guard let v = Int64(s) else { throw error(line, "<\(tag.name)> \(name)=\"\(s)\" is not an integer") }
        return v
    }

    private func degrees(_ tag: OSMXMLTag, _ name: String, _ line: Int, limit: Double) throws -> Double {
        guard let s = tag.attribute(name) else { throw error(line, "<\(tag.name)> without \(name)") }
        guard let v = Double(s), v.isFinite, abs(v) <= limit else {
            throw error(line, "<\(tag.name)> \(name)=\"\(s)\" is not a valid coordinate")
        }
        return v
    }

    private mutating func sendHeader<V: OSMVisitor>(_ visitor: inout V) throws {
        guard !headerSent else { return }
        headerSent = true
        try visitor.visit(header: header)
    }

    mutating func handle<V: OSMVisitor>(_ tag: OSMXMLTag, line: Int, visitor: inout V) throws {
        switch (tag.kind, tag.name) {
        case (.start, "osm"), (.empty, "osm"):
            sawRoot = true
            header.writingProgram = tag.attribute("generator")
        case (_, "bounds") where tag.kind != .end:
            if let a = tag.attribute("minlon").flatMap(Double.init), let b = tag.attribute("minlat").flatMap(Double.init),
               let c = tag.attribute("maxlon").flatMap(Double.init), let d = tag.attribute("maxlat").flatMap(Double.init) {
                header.boundingBox = BoundingBox(minLongitude: a, minLatitude: b, maxLongitude: c, maxLatitude: d)
            }
        case (.start, "node"), (.empty, "node"), (.start, "way"), (.empty, "way"),
             (.start, "relation"), (.empty, "relation"):
            guard current == .none else { throw error(line, "<\(tag.name)> inside another element") }
            guard sawRoot else { throw error(line, "<\(tag.name)> outside <osm>: not an OSM XML file") }
            try sendHeader(&visitor)
            id = try int64(tag, "id", line)
            tags.removeAll(keepingCapacity: true)
            refs.removeAll(keepingCapacity: true)
            members.removeAll(keepingCapacity: true)
            switch tag.name {
            case "node":
                current = .node
                coordinate = Coordinate(longitude: try degrees(tag, "lon", line, limit: 180),
                                        latitude: try degrees(tag, "lat", line, limit: 90))
            case "way": current = .way
            default: current = .relation
            }
            if tag.kind == .empty { try emit(&visitor) }
        case (.end, "node"), (.end, "way"), (.end, "relation"):
            guard current != .none, tag.name == String(describing: current) else {
                throw error(line, "unexpected </\(tag.name)>")
            }
            try emit(&visitor)
        case (.empty, "tag"), (.start, "tag"):
            guard current != .none else { return }  // tags of changesets etc.
            guard let k = tag.attribute("k"), let v = tag.attribute("v") else { throw error(line, "<tag> without k or v") }
            tags.append(OSMTag(key: k, value: v))
        case (.empty, "nd"), (.start, "nd"):
            guard current == .way else { throw error(line, "<nd> outside a way") }
            refs.append(try int64(tag, "ref", line))
        case (.empty, "member"), (.start, "member"):
            guard current == .relation else { throw error(line, "<member> outside a relation") }
            let type: OSMElementType
            switch tag.attribute("type") {
            case "node": type = .node
            case "way": type = .way
            case "relation": type = .relation
            default: throw error(line, "<member> type=\"\(tag.attribute("type") ?? "")\" is not node, way or relation")
            }
            members.append(OSMMember(type: type, id: try int64(tag, "ref", line), role: tag.attribute("role") ?? ""))
        default:
            break
        }
    }

    private mutating func emit<V: OSMVisitor>(_ visitor: inout V) throws {
        let kind = current
        current = .none
        switch kind {
        case .node where kinds.contains(.nodes):
            try visitor.visit(node: OSMNode(id: id, coordinate: coordinate, tags: OSMTags(tags)))
        case .way where kinds.contains(.ways):
            try visitor.visit(way: OSMWay(id: id, nodeIDs: refs, tags: OSMTags(tags)))
        case .relation where kinds.contains(.relations):
            try visitor.visit(relation: OSMRelation(id: id, members: members, tags: OSMTags(tags)))
        default:
            break
        }
    }

    mutating func finish<V: OSMVisitor>(line: Int, visitor: inout V) throws {
        guard current == .none else { throw error(line, "the file ends inside a \(current) element (truncated XML?)") }
        guard sawRoot else { throw error(line, "no <osm> element: not an OSM XML file") }
        try sendHeader(&visitor)
    }
}
