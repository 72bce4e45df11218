import GeoCore

/// The encodings of an OSM file this package reads.
public enum OSMFileFormat: String, Sendable, Hashable {
    case pbf
    case xml
    case xmlBZip2 = "xml.bz2"
}

/// An OSM input file: PBF, XML, or bzip2-compressed XML, told apart by their first bytes
/// (`BZh` → bzip2, `<` after optional BOM/whitespace → XML, anything else → PBF).
public struct OSMFile: Sendable {
    public let path: String
    public let format: OSMFileFormat
    /// The most memory one XML tag may take (PBF blocks have their own fixed 32 MiB cap).
    public var memoryLimit: MemoryLimit = .default

    public init(path: String, memoryLimit: MemoryLimit = .default) throws {
        self.path = path
        self.memoryLimit = memoryLimit
        try InputFile.requireRegularFile(path, displayName: path)
        let head = try OSMInputFile.prefix(path: path, count: 64)
        if head.starts(with: [0x42, 0x5A, 0x68]) {
            format = .xmlBZip2
        } else {
            var rest = head[...]
            if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
            let firstNonSpace = rest.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
            format = firstNonSpace == UInt8(ascii: "<") ? .xml : .pbf
        }
    }

    public init(path: String, format: OSMFileFormat) {
        self.path = path
        self.format = format
    }

    /// Streams every element to `visitor`, in file order.
    public func read<V: OSMVisitor>(_ visitor: inout V) throws {
        switch format {
        case .pbf: try OSMPBFReader(path: path).read(&visitor)
        case .xml: try OSMXMLReader(path: path, bzip2: false, memoryLimit: memoryLimit).read(&visitor)
        case .xmlBZip2: try OSMXMLReader(path: path, bzip2: true, memoryLimit: memoryLimit).read(&visitor)
        }
    }

    /// Counts nodes, ways and relations without keeping any.
    public func countElements() throws -> OSMCounts {
        var counter = OSMCountingVisitor()
        try read(&counter)
        return counter.counts
    }
}
