import Foundation
import GeoCore
@testable import metrocommute_bench
import GeoIO
import Network
import TestSupport
import Testing

/// GraphCSVReader on small edge lists written here. Expected arcs, lengths and errors are worked out by hand
/// from the CSV text (lengths: metres × 1000; coordinates: degrees × 1e7).
@Suite(.tags(.fast)) struct GraphCSVReaderTests {
    /// Writes `<dir>/g_nodes.csv`, `g_edges.csv`, `g_sources.csv`, `g.meta.json`; returns the prefix.
    private func write(nodes: String, edges: String, sources: String = "id\n", directed: Bool? = nil) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("graphcsv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let prefix = dir.appendingPathComponent("g").path
        try nodes.write(toFile: prefix + "_nodes.csv", atomically: true, encoding: .utf8)
        try edges.write(toFile: prefix + "_edges.csv", atomically: true, encoding: .utf8)
        try sources.write(toFile: prefix + "_sources.csv", atomically: true, encoding: .utf8)
        if let directed {
            try "{\"name\": \"g\", \"directed\": \(directed), \"nodes\": 3}".write(toFile: prefix + ".meta.json",
                                                                             atomically: true, encoding: .utf8)
        }
        return prefix
    }

    /// Arcs as (tail id, head id, mm), sorted, using the file ids.
    private func arcs(_ g: GraphCSV) -> [[Int64]] {
        var out: [[Int64]] = []
        for v in 0..<g.graph.nodeCount {
            for a in Int(g.graph.firstOut[v])..<Int(g.graph.firstOut[v + 1]) {
                out.append([g.nodeIDs[v], g.nodeIDs[Int(g.graph.head[a])], Int64(g.graph.lengthMillimeters[a])])
            }
        }
        return out.sorted { $0.lexicographicallyPrecedes($1) }
    }

    // OSM-like ids (not 0…n−1), so the id dictionary is used.
    private let osmNodes = """
        id,lon,lat
        1001,24.9384000,60.1699000
        1002,24.9390000,60.1701000
        1005,-0.5,-33.25
        """

    @Test func undirectedRowsBecomeTwoArcs() throws {
        let prefix = try write(nodes: osmNodes, edges: "from,to,length_m\n1001,1002,12.34\n1002,1005,0.5\n",
                               sources: "id\n1005\n1001\n", directed: false)
        #expect(try GraphCSVReader.directedFlag(prefix: prefix) == false)
        let g = try GraphCSVReader(prefix: prefix).read(directed: false)
        #expect(g.graph.nodeCount == 3 && g.edgeRowCount == 2 && g.graph.arcCount == 4)
        #expect(arcs(g) == [[1001, 1002, 12_340], [1002, 1001, 12_340], [1002, 1005, 500], [1005, 1002, 500]])
        #expect(g.graph.longitudeE7 == [249_384_000, 249_390_000, -5_000_000])
        #expect(g.graph.latitudeE7 == [601_699_000, 601_701_000, -332_500_000])
        #expect(g.node(id: 1005) == StreetNodeID(2))
        #expect(g.node(id: 7) == nil)
        let sources = try GraphCSVReader.readSources(url: URL(fileURLWithPath: prefix + "_sources.csv"), in: g)
        #expect(sources == [StreetNodeID(2), StreetNodeID(0)])
    }

    @Test func directedRowsAreArcs() throws {
        // Ids 0…n−1 in order: the identity fast path. Node 0 has two arcs, kept in file order.
        let prefix = try write(nodes: "id,lon,lat\n0,116,39.5\n1,116.001,39.5\n2,116.002,39.5\n",
                               edges: "from,to,length_m\n0,2,3\n1,0,2.0005\n0,1,1.9994\n", directed: true)
        #expect(try GraphCSVReader.directedFlag(prefix: prefix) == true)
        let g = try GraphCSVReader(prefix: prefix).read(directed: true)
        #expect(g.graph.arcCount == 3)
        // 2.0005 m rounds half up to 2001 mm; 1.9994 m rounds down to 1999 mm.
        #expect(arcs(g) == [[0, 1, 1999], [0, 2, 3000], [1, 0, 2001]])
        #expect(Array(g.graph.head[0..<2]) == [2, 1])  // file order per tail
        #expect(g.node(id: 2) == StreetNodeID(2) && g.node(id: 3) == nil && g.node(id: -1) == nil)
    }

    @Test func emptyEdgeFile() throws {
        let prefix = try write(nodes: osmNodes, edges: "from,to,length_m\n")
        let g = try GraphCSVReader(prefix: prefix).read(directed: false)
        #expect(g.graph.nodeCount == 3 && g.graph.arcCount == 0)
    }

    /// Each bad row → an InputError naming the file and its line (the header is line 1).
    @Test(arguments: [
        ("from,to,length_m\n1001,1002,1\n1001,9999,2\n", "edges", "line 3, column to", "unknown node id 9999"),
        ("from,to,length_m\n1001,1002,-1\n", "edges", "line 2, column length_m", "not a number of metres"),
        ("from,to,length_m\n1001,1002,1e3\n", "edges", "line 2, column length_m", "not a number of metres"),
        ("from,to,length_m\n1001,1002,\n", "edges", "line 2, column length_m", "not a number of metres"),
        ("from,to,length_m\nx,1002,1\n", "edges", "line 2, column from", "not an integer"),
        ("from,to,length\n1001,1002,1\n", "edges", "line 1", "missing required column length_m"),
    ])
    func badEdgeRows(edges: String, file: String, location: String, message: String) throws {
        let prefix = try write(nodes: osmNodes, edges: edges)
        let error = try #require(throws: InputError.self) { try GraphCSVReader(prefix: prefix).read(directed: false) }
        #expect(error.file == prefix + "_\(file).csv")
        #expect(error.location == location)
        #expect(error.message.contains(message))
    }

    @Test(arguments: [
        ("id,lon,lat\n1,116,39\n1,116,39\n", "line 3, column id", "duplicate node id 1"),
        ("id,lon,lat\n0,116,39\n1,181,39\n", "line 3, column lon", "longitude"),
        ("id,lon,lat\n0,116,-90.5\n", "line 2, column lat", "latitude"),
        ("id,lon,lat\n0,116.0.1,39\n", "line 2, column lon", "longitude"),
    ])
    func badNodeRows(nodes: String, location: String, message: String) throws {
        let prefix = try write(nodes: nodes, edges: "from,to,length_m\n")
        let error = try #require(throws: InputError.self) { try GraphCSVReader(prefix: prefix).read(directed: false) }
        #expect(error.file == prefix + "_nodes.csv")
        #expect(error.location == location)
        #expect(error.message.contains(message))
    }

    @Test func unknownSourceAndMissingMeta() throws {
        let prefix = try write(nodes: osmNodes, edges: "from,to,length_m\n", sources: "id\n1001\n42\n")
        let g = try GraphCSVReader(prefix: prefix).read(directed: false)
        let error = try #require(throws: InputError.self) {
            try GraphCSVReader.readSources(url: URL(fileURLWithPath: prefix + "_sources.csv"), in: g)
        }
        #expect(error.location == "line 3, column id" && error.message == "unknown node id 42")
        let meta = try #require(throws: InputError.self) { try GraphCSVReader.directedFlag(prefix: prefix) }
        #expect(meta.file == prefix + ".meta.json")
    }

    /// Decimal text → scaled integer, checked against the digits by hand.
    @Test func decimalText() {
        func scaled(_ s: String, _ d: Int) -> Int64? {
            Array(s.utf8).withUnsafeBufferPointer { DecimalText.scaled($0, decimals: d) }
        }
        #expect(scaled("116.0012345", 7) == 1_160_012_345)
        #expect(scaled("-33.25", 7) == -332_500_000)
        #expect(scaled("12", 3) == 12_000)
        #expect(scaled(".5", 3) == 500)
        #expect(scaled("0.0005", 3) == 1)
        #expect(scaled("-0.0005", 3) == -1)
        #expect(scaled("0.00049", 3) == 0)
        #expect(scaled("1.", 3) == 1000)
        #expect(scaled("", 3) == nil)
        #expect(scaled(".", 3) == nil)
        #expect(scaled("1e3", 3) == nil)
        #expect(scaled("1 2", 3) == nil)
    }
}
