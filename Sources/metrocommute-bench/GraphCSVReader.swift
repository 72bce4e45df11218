import Foundation
import GeoCore
import GeoIO
import Network

/// A street graph read from edge-list CSV files (the benchmark graphs of the peer scripts), with the file's
/// node ids kept beside the dense `StreetNodeID`s.
public struct GraphCSV: Sendable {
    public let graph: StreetGraph
    /// The id each node has in the files; `nodeIDs[v]` for `StreetNodeID(v)`. Nodes keep their file order.
    public let nodeIDs: [Int64]
    /// Rows of the edge file (an undirected edge is one row and two arcs).
    public let edgeRowCount: Int
    public let directed: Bool
    /// Nil when the node ids are exactly 0, 1, 2, … in file order (then an id is its index).
    private let indexOfID: [Int64: UInt32]?

    init(graph: StreetGraph, nodeIDs: [Int64], edgeRowCount: Int, directed: Bool, indexOfID: [Int64: UInt32]?) {
        self.graph = graph; self.nodeIDs = nodeIDs; self.edgeRowCount = edgeRowCount; self.directed = directed
        self.indexOfID = indexOfID
    }

    /// The node with file id `id`, nil when the node file has no such id.
    public func node(id: Int64) -> StreetNodeID? {
        if let indexOfID { return indexOfID[id].map { StreetNodeID(rawValue: $0) } }
        return id >= 0 && id < Int64(nodeIDs.count) ? StreetNodeID(Int(id)) : nil
    }
}

/// Reads the graph CSV triple `<prefix>_nodes.csv` (`id,lon,lat`), `<prefix>_edges.csv` (`from,to,length_m`)
/// and `<prefix>_sources.csv` (`id`), plus `<prefix>.meta.json` (`"directed": true/false`), as written by the
/// peer benchmark scripts (`prep_graphs.py`, `gen_grid.py`).
///
/// - Coordinates are parsed as decimal text straight into 1e-7-degree fixed point (exact for ≤ 7 decimals;
///   more decimals round half away from zero). Longitude must be in −180…180, latitude in −90…90.
/// - Lengths are parsed as decimal text straight into whole millimetres (exact for ≤ 3 decimals; more round
///   half away from zero); negative lengths, and lengths of 4,294 km or more, are errors.
/// - Undirected files list each edge once: it becomes two arcs, a→b then b→a. Directed files list arcs.
///   Arcs keep the edge file's order per tail node.
/// Errors (`InputError` naming the file and line): a missing column, a malformed id, coordinate or length,
/// a duplicate node id, an edge or source naming an unknown node.
public struct GraphCSVReader: Sendable {
    public let nodesURL: URL
    public let edgesURL: URL

    public init(nodesURL: URL, edgesURL: URL) {
        self.nodesURL = nodesURL
        self.edgesURL = edgesURL
    }

    /// The files `<prefix>_nodes.csv` and `<prefix>_edges.csv`.
    public init(prefix: String) {
        self.init(nodesURL: URL(fileURLWithPath: prefix + "_nodes.csv"),
                  edgesURL: URL(fileURLWithPath: prefix + "_edges.csv"))
    }

    /// The `directed` flag of `<prefix>.meta.json`.
    public static func directedFlag(prefix: String) throws -> Bool {
        let path = prefix + ".meta.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, message: "cannot read the graph's meta file")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw InputError(file: path, message: "not a JSON object")
        }
        guard let directed = object["directed"] as? Bool else {
            throw InputError(file: path, message: "missing boolean member \"directed\"")
        }
        return directed
    }

    public func read(directed: Bool) throws -> GraphCSV {
        let nodes = try readNodes()
        let indexOfID = nodes.isIdentity ? nil : nodes.indexOfID
        let nodeCount = nodes.ids.count
        var reader = try CsvReader(url: edgesURL)
        let fromColumn = try reader.requireColumn("from")
        let toColumn = try reader.requireColumn("to")
        let lengthColumn = try reader.requireColumn("length_m")
        var tails: [UInt32] = [], heads: [UInt32] = [], lengths: [UInt32] = []
        func index(_ row: CsvRow, _ column: Int) throws -> UInt32 {
            guard let id = row.int(column) else {
                throw reader.error("node id \"\(row.trimmed(column))\" is not an integer", row: row, column: column)
            }
            if let indexOfID {
                if let v = indexOfID[Int64(id)] { return v }
            } else if id >= 0 && id < nodeCount {
                return UInt32(id)
            }
            throw reader.error("unknown node id \(id)", row: row, column: column)
        }
        while let row = try reader.next() {
            let a = try index(row, fromColumn)
            let b = try index(row, toColumn)
            guard let mm = row.withTrimmedField(lengthColumn, { DecimalText.scaled($0, decimals: 3) }),
                  mm >= 0, mm < Int64(UInt32.max) else {
                throw reader.error("length \"\(row.trimmed(lengthColumn))\" is not a number of metres in 0…4,294,967",
                                   row: row, column: lengthColumn)
            }
            tails.append(a); heads.append(b); lengths.append(UInt32(mm))
        }
        let edgeRows = tails.count
        let arcCount = directed ? edgeRows : 2 * edgeRows
        precondition(arcCount < Int(UInt32.max), "too many arcs for 32-bit offsets")

        // Counting sort by tail into CSR.
        var firstOut = [UInt32](repeating: 0, count: nodeCount + 1)
        for e in 0..<edgeRows {
            firstOut[Int(tails[e]) + 1] += 1
            if !directed { firstOut[Int(heads[e]) + 1] += 1 }
        }
        for v in 0..<nodeCount { firstOut[v + 1] += firstOut[v] }
        var cursor = firstOut
        var head = [UInt32](repeating: 0, count: arcCount)
        var length = [UInt32](repeating: 0, count: arcCount)
        // Undirected: a→b then b→a per row, so each tail's arcs are in file order.
        for e in 0..<edgeRows {
            let a = Int(tails[e]), b = Int(heads[e])
            var p = Int(cursor[a]); head[p] = UInt32(b); length[p] = lengths[e]; cursor[a] += 1
            if !directed { p = Int(cursor[b]); head[p] = UInt32(a); length[p] = lengths[e]; cursor[b] += 1 }
        }
        tails = []; heads = []; lengths = []
        let graph = StreetGraph(firstOut: firstOut, head: head, lengthMillimeters: length,
                                longitudeE7: nodes.longitudeE7, latitudeE7: nodes.latitudeE7)
        return GraphCSV(graph: graph, nodeIDs: nodes.ids, edgeRowCount: edgeRows, directed: directed,
                        indexOfID: indexOfID)
    }

    /// Reads a sources file (`id` column) and resolves each id in `graph`.
    public static func readSources(url: URL, in graph: GraphCSV) throws -> [StreetNodeID] {
        var reader = try CsvReader(url: url)
        let idColumn = try reader.requireColumn("id")
        var out: [StreetNodeID] = []
        while let row = try reader.next() {
            guard let id = row.int(idColumn) else {
                throw reader.error("node id \"\(row.trimmed(idColumn))\" is not an integer", row: row, column: idColumn)
            }
            guard let v = graph.node(id: Int64(id)) else {
                throw reader.error("unknown node id \(id)", row: row, column: idColumn)
            }
            out.append(v)
        }
        return out
    }

    private struct NodeColumns {
        var ids: [Int64] = []
        var longitudeE7: [Int32] = []
        var latitudeE7: [Int32] = []
        var indexOfID: [Int64: UInt32] = [:]
        var isIdentity = true
    }

    private func readNodes() throws -> NodeColumns {
        var reader = try CsvReader(url: nodesURL)
        let idColumn = try reader.requireColumn("id")
        let lonColumn = try reader.requireColumn("lon")
        let latColumn = try reader.requireColumn("lat")
        var out = NodeColumns()
        while let row = try reader.next() {
            guard let id = row.int(idColumn) else {
                throw reader.error("node id \"\(row.trimmed(idColumn))\" is not an integer", row: row, column: idColumn)
            }
            guard let lon = row.withTrimmedField(lonColumn, { DecimalText.scaled($0, decimals: 7) }),
                  abs(lon) <= 1_800_000_000 else {
                throw reader.error("longitude \"\(row.trimmed(lonColumn))\" is not a number in −180…180",
                                   row: row, column: lonColumn)
            }
            guard let lat = row.withTrimmedField(latColumn, { DecimalText.scaled($0, decimals: 7) }),
                  abs(lat) <= 900_000_000 else {
                throw reader.error("latitude \"\(row.trimmed(latColumn))\" is not a number in −90…90",
                                   row: row, column: latColumn)
            }
            let index = out.ids.count
            precondition(index < Int(UInt32.max), "too many nodes for 32-bit ids")
            // While ids are 0, 1, 2, … no dictionary is needed; build it on the first exception.
            if out.isIdentity && Int64(id) != Int64(index) {
                out.isIdentity = false
                out.indexOfID.reserveCapacity(index + 1024)
                for i in 0..<index { out.indexOfID[Int64(i)] = UInt32(i) }
            }
            if !out.isIdentity {
                if out.indexOfID.updateValue(UInt32(index), forKey: Int64(id)) != nil {
                    throw reader.error("duplicate node id \(id)", row: row, column: idColumn)
                }
            }
            out.ids.append(Int64(id))
            out.longitudeE7.append(Int32(lon))
            out.latitudeE7.append(Int32(lat))
        }
        return out
    }
}

/// Exact decimal text → scaled integer (no binary floating point in between).
enum DecimalText {
    /// `text` × 10^decimals as an integer: optional sign, digits, optional point and digits; digits past
    /// `decimals` round half away from zero. Nil for anything else (exponents, blanks, stray characters) or
    /// values beyond ±9.2e17 / 10^decimals.
    static func scaled(_ text: UnsafeBufferPointer<UInt8>, decimals: Int) -> Int64? {
        var i = 0
        let n = text.count
        guard n > 0, n <= 40 else { return nil }
        var negative = false
        if text[0] == 0x2D || text[0] == 0x2B { negative = text[0] == 0x2D; i = 1 }
        var value: Int64 = 0
        var digits = 0
        while i < n, text[i] >= 0x30, text[i] <= 0x39 {
            guard value < 100_000_000_000_000_000 else { return nil }
            value = value * 10 + Int64(text[i] - 0x30)
            i += 1; digits += 1
        }
        var fraction = 0
        var roundUp = false
        if i < n, text[i] == 0x2E {
            i += 1
            while i < n, text[i] >= 0x30, text[i] <= 0x39 {
                if fraction < decimals {
                    value = value * 10 + Int64(text[i] - 0x30)
                    fraction += 1
                } else if fraction == decimals {
                    roundUp = text[i] >= 0x35
                    fraction += 1
                }
                i += 1; digits += 1
            }
        }
        guard i == n, digits > 0 else { return nil }
        for _ in min(fraction, decimals)..<decimals {
            guard value < 100_000_000_000_000_000 else { return nil }
            value *= 10
        }
        if roundUp { value += 1 }
        return negative ? -value : value
    }
}
