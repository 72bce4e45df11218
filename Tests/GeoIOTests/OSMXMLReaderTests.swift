import Foundation
import GeoCore
import GeoIO
import Testing
import TestSupport

@Suite("OSM XML reader", .tags(.fast))
struct OSMXMLReaderTests {
    static let sample = """
    <?xml version="1.0" encoding="UTF-8"?>
    <!-- a comment with <node> inside -->
    <osm version="0.6" generator="hand &amp; test">
      <bounds minlat="60.1" minlon="24.9" maxlat="60.2" maxlon="25.0"/>
      <node id="1" lat="60.15" lon="24.95" version="1"/>
      <node id="2" lat='60.16' lon='24.96'>
        <tag k="name" v="Caf&#233; &quot;X&quot; &lt;&gt; a>b"/>
        <tag k="amenity" v="cafe"/>
      </node>
      <way id="10">
        <nd ref="1"/>
        <nd ref="2"/>
        <tag k="highway" v="footway"/>
      </way>
      <relation id="20">
        <member type="node" ref="2" role="stop"/>
        <member type="way" ref="10" role=""/>
        <tag k="type" v="route"/>
      </relation>
    </osm>
    """

    @Test func parsesElementsTagsAndEntities() throws {
        let dir = try TemporaryDirectory(); defer { dir.cleanUp() }
        let url = dir.file("sample.osm")
        try Data(Self.sample.utf8).write(to: url)
        let file = try OSMFile(path: url.path)
        #expect(file.format == .xml)
        var v = CollectingVisitor()
        try file.read(&v)
        #expect(v.header?.writingProgram == "hand & test")
        #expect(v.header?.boundingBox == BoundingBox(minLongitude: 24.9, minLatitude: 60.1, maxLongitude: 25.0, maxLatitude: 60.2))
        #expect(v.nodes.map(\.id) == [1, 2])
        #expect(v.nodes[1].coordinate == Coordinate(longitude: 24.96, latitude: 60.16))
        #expect(v.nodes[1].tags["name"] == "Café \"X\" <> a>b")
        #expect(v.nodes[1].tags.count == 2 && v.nodes[0].tags.isEmpty)
        #expect(v.ways.count == 1 && Array(v.ways[0].nodeIDs) == [1, 2] && v.ways[0].tags.has("highway", "footway"))
        #expect(Array(v.relations[0].members) == [OSMMember(type: .node, id: 2, role: "stop"),
                                                 OSMMember(type: .way, id: 10, role: "")])
    }

    @Test func truncatedXMLNamesTheLine() throws {
        let dir = try TemporaryDirectory(); defer { dir.cleanUp() }
        let url = dir.file("cut.osm")
        let text = Self.sample
        let cut = text[..<text.range(of: "<nd ref=\"2\"")!.upperBound]
        try Data(cut.utf8).write(to: url)
        let error = try #require(throws: InputError.self) { try OSMFile(path: url.path).countElements() }
        #expect(error.file == url.path)
        #expect(error.location == "line 12")  // the line of the unfinished <nd> tag
    }

    @Test func bzip2MatchesPlainXML() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/bzip2") else {
            print("bzip2 not installed: .bz2 round trip skipped"); return
        }
        let dir = try TemporaryDirectory(); defer { dir.cleanUp() }
        let url = dir.file("sample.osm")
        try Data(Self.sample.utf8).write(to: url)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/bzip2")
        p.arguments = ["-k", url.path]
        try p.run(); p.waitUntilExit()
        let bz = OSMFile(path: url.path + ".bz2", format: .xmlBZip2)
        #expect(try OSMFile(path: bz.path).format == .xmlBZip2)
        #expect(try bz.countElements() == OSMCounts(nodes: 2, ways: 1, relations: 1))
        // A truncated .bz2 is an error, not a silent short read.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: bz.path))
        let cutURL = dir.file("cut.osm.bz2")
        try bytes.prefix(bytes.count - 20).write(to: cutURL)
        #expect(throws: InputError.self) { try OSMFile(path: cutURL.path).countElements() }
    }

    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "shared data absent"))
    func westOaklandContentMatchesOsmium() throws {
        let url = try #require(SharedData.file("osm/West-Oakland.osm.bz2"))
        var v = CollectingVisitor()
        try OSMFile(path: url.path).read(&v)
        // Compare every element with osmium's OPL rendering of the same file: ids, tag counts, refs.
        guard let opl = try runOsmium(["cat", url.path, "-f", "opl", "-o", "-"]) else {
            print("osmium not installed: content comparison skipped"); return
        }
        var oplTags: [String: Int] = [:], oplRefs: [String: Int] = [:]
        for line in opl.split(separator: "\n") {
            let fields = line.split(separator: " ")
            let id = String(fields[0])
            let t = fields.first { $0.hasPrefix("T") }.map { $0.count > 1 ? $0.dropFirst().split(separator: ",").count : 0 } ?? 0
            oplTags[id] = t
            let refs = fields.first { $0.hasPrefix("N") || $0.hasPrefix("M") }
            oplRefs[id] = refs.map { $0.count > 1 ? $0.dropFirst().split(separator: ",").count : 0 } ?? 0
        }
        var mine: [String: Int] = [:], mineRefs: [String: Int] = [:]
        for n in v.nodes { mine["n\(n.id)"] = n.tags.count; mineRefs["n\(n.id)"] = 0 }
        for w in v.ways { mine["w\(w.id)"] = w.tags.count; mineRefs["w\(w.id)"] = w.nodeIDs.count }
        for r in v.relations { mine["r\(r.id)"] = r.tags.count; mineRefs["r\(r.id)"] = r.members.count }
        #expect(mine == oplTags)
        #expect(mineRefs == oplRefs)
    }
}
