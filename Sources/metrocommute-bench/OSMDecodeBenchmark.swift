import GeoIO

/// What a full decode of an OSM file touched (the figures also serve as a checksum).
public struct OSMDecodeSummary: Sendable, Equatable {
    public var counts = OSMCounts()
    public var tags = 0
    /// UTF-8 bytes of all tag keys and values.
    public var tagBytes = 0
    public var wayNodeRefs = 0
    public var relationMembers = 0
    /// Sum of node ids, way node refs and member ids (wrapping), so no decoding can be skipped.
    public var idChecksum: Int64 = 0
    public init() {}
}

/// Decodes every element of a file the way a real consumer would: each tag key and value is
/// materialised as a `String`, every way reference and relation member is decoded.
/// Used by `Scripts/bench_pbf.sh` (through the CLI) to compare with `osmium cat -f opl`.
public enum OSMDecodeBenchmark {
    public static func decodeAll(path: String) throws -> OSMDecodeSummary {
        var visitor = FullDecoder()
        try OSMFile(path: path).read(&visitor)
        return visitor.summary
    }

    private struct FullDecoder: OSMVisitor {
        var summary = OSMDecodeSummary()
        mutating func touch(_ tags: OSMTags) {
            for t in tags {
                summary.tags += 1
                summary.tagBytes += t.key.utf8.count + t.value.utf8.count
            }
        }
        mutating func visit(node: OSMNode) {
            summary.counts.nodes += 1
            summary.idChecksum &+= node.id
            touch(node.tags)
        }
        mutating func visit(way: OSMWay) {
            summary.counts.ways += 1
            for id in way.nodeIDs {
                summary.wayNodeRefs += 1
                summary.idChecksum &+= id
            }
            touch(way.tags)
        }
        mutating func visit(relation: OSMRelation) {
            summary.counts.relations += 1
            for m in relation.members {
                summary.relationMembers += 1
                summary.idChecksum &+= m.id &+ Int64(m.role.utf8.count)
            }
            touch(relation.tags)
        }
    }
}
