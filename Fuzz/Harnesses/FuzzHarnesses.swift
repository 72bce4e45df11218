import Foundation
import GeoCore
@testable import GeoIO
@testable import Network
import NetworkBuild
import Scenarios

/// One reader under fuzzing: a name (the folder under Fuzz/seeds, Fuzz/corpus and Fuzz/crashers) and what
/// to do with one input.
struct FuzzHarness: Sendable {
    var name: String
    var run: @Sendable ([UInt8]) throws -> Void
}

/// Every harness. Limits are low so that what a reader estimates before allocating stops early; an input
/// that still takes more memory than libFuzzer's -rss_limit_mb (2 GB) is a finding.
enum FuzzHarnesses {
    static let limit = MemoryLimit(bytes: 256 << 20)

    static let all: [FuzzHarness] = [
        FuzzHarness(name: "json", run: json),
        FuzzHarness(name: "manifest", run: manifest),
        FuzzHarness(name: "csv", run: csv),
        FuzzHarness(name: "gtfs", run: gtfs),
        FuzzHarness(name: "gtfsfeed", run: gtfsFeed),
        FuzzHarness(name: "lines", run: planningLines),
        FuzzHarness(name: "pbf", run: pbf),
        FuzzHarness(name: "osmxml", run: osmXML),
        FuzzHarness(name: "bzip2", run: bzip2),
        FuzzHarness(name: "mcnet", run: mcnet),
        FuzzHarness(name: "scenario", run: scenario),
    ]

    static func named(_ name: String) -> FuzzHarness? { all.first { $0.name == name } }

    /// A scenario file: read, then applied to a small network (stations S0…S3 on a meridian, lines R0 metro
    /// S0–S1–S2 every 10 min and G1 trunk S0–S3), so that mutations reach every modification's checks.
    static func scenario(_ bytes: [UInt8]) throws {
        let scenario = try ScenarioFile.parse(Data(bytes), file: "fuzz.json")
        _ = try ScenarioApplication.apply(scenario, to: scenarioNetwork)
    }

    static let scenarioNetwork: BuiltNetwork = {
        var input = TransitInput()
        for s in 0..<4 {
            input.stops.append(TransitInput.Stop(key: "s\(s)", name: "S\(s)",
                                                 coordinate: Coordinate(longitude: 116.4, latitude: 39.0 + 0.045 * Double(s)), source: "fuzz"))
        }
        input.routes = [TransitInput.Route(key: "R0", shortName: "R0", longName: "", gtfsRouteType: nil, tier: .metro, tierReason: "fuzz", source: "fuzz"),
                        TransitInput.Route(key: "G", shortName: "G", longName: "", gtfsRouteType: 2, tier: .trunk, tierReason: "fuzz", source: "fuzz")]
        for k in 0..<12 {
            let d = Int32(6 * 3600 + k * 600)
            input.trips.append(TransitInput.Trip(key: "m\(k)", route: 0, name: "", tier: .metro, stops: [0, 1, 2],
                                                 arrivalSeconds: [d, d + 300, d + 600], departureSeconds: [d, d + 330, d + 600]))
        }
        input.trips.append(TransitInput.Trip(key: "g", route: 1, name: "G1", tier: .trunk, stops: [0, 3],
                                             arrivalSeconds: [28_800, 29_700], departureSeconds: [28_800, 29_700]))
        let parameters = BuildParameters(transferRadiusMeters: 0)
        let layer = try! TransitLayerBuilder(parameters: parameters).build(input).layer
        return BuiltNetwork(metadata: .init(areaName: "fuzz", parameters: parameters), transit: layer)
    }()

    /// GeoJSON (GeoCore's JSON parser and feature reader), geographic and projected.
    static func json(_ bytes: [UInt8]) throws {
        _ = try? GeoJSONReader.read(data: Data(bytes), fileName: "fuzz.geojson")
        _ = try GeoJSONReader.read(data: Data(bytes), fileName: "fuzz.geojson", geographic: false)
    }

    /// An area manifest: key check, decoding, date check (AreaManifest.load reads a path).
    static func manifest(_ bytes: [UInt8]) throws {
        _ = try AreaManifest.load(path: try FuzzFile.write(bytes, as: "area.json"))
    }

    /// CSV records, UTF-8 and converted from GB18030.
    static func csv(_ bytes: [UInt8]) throws {
        for encoding in [TextEncoding.utf8, .gb18030] {
            guard var reader = try? CsvReader(bytes: bytes, fileName: "fuzz.csv", encoding: encoding, memoryLimit: limit) else { continue }
            while let row = try? reader.next() {
                for i in 0..<row.count { _ = row[i] }
            }
        }
    }

    /// A zipped GTFS feed read for one service date (the date of the shared rail feeds).
    static func gtfs(_ bytes: [UInt8]) throws {
        var reader = GTFSReader(url: URL(fileURLWithPath: try FuzzFile.write(bytes, as: "feed.zip")), sourceName: "fuzz")
        reader.memoryLimit = limit
        _ = try reader.read(serviceDate: GTFSDate("20160310")!)
    }

    /// A GTFS feed written as text, each file after a line "== name.txt", zipped here with correct CRCs and
    /// sizes, so that mutations reach the feed's meaning (calendars, times, frequencies) rather than the zip.
    static func gtfsFeed(_ bytes: [UInt8]) throws {
        var members: [(name: String, bytes: [UInt8])] = []
        for part in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if part.starts(with: Array("== ".utf8)) {
                members.append((String(decoding: part.dropFirst(3), as: UTF8.self), []))
            } else if !members.isEmpty {
                members[members.count - 1].bytes += part + [UInt8(ascii: "\n")]
            }
        }
        try gtfs(StoredZip.make(members))
    }

    /// A planning-lines CSV (line/station lists).
    static func planningLines(_ bytes: [UInt8]) throws {
        var options = PlanningLinesOptions()
        options.memoryLimit = limit
        let url = URL(fileURLWithPath: try FuzzFile.write(bytes, as: "lines.csv"))
        _ = try PlanningLinesReader(url: url, sourceName: "fuzz", options: options).read()
    }

    /// An OSM PBF file, every element decoded and its tags read.
    static func pbf(_ bytes: [UInt8]) throws {
        var visitor = FuzzOSMVisitor()
        try OSMPBFReader(path: try FuzzFile.write(bytes, as: "area.osm.pbf")).read(&visitor)
    }

    /// OSM XML text.
    static func osmXML(_ bytes: [UInt8]) throws {
        var visitor = FuzzOSMVisitor()
        try OSMXMLReader(path: try FuzzFile.write(bytes, as: "area.osm"), bzip2: false, memoryLimit: limit).read(&visitor)
    }

    /// bzip2 streams: decompressed whole, then as OSM XML (the .osm.bz2 path).
    static func bzip2(_ bytes: [UInt8]) throws {
        let path = try FuzzFile.write(bytes, as: "area.osm.bz2")
        let decompressor = try BZip2Decompressor(file: try OSMInputFile(path: path))
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var total = 0
        while total < 64 << 20 {
            let n = try buffer.withUnsafeMutableBytes { try decompressor.read(into: $0.baseAddress!, count: $0.count) }
            if n == 0 { break }
            total += n
        }
        var visitor = FuzzOSMVisitor()
        try OSMXMLReader(path: path, bzip2: true, memoryLimit: limit).read(&visitor)
    }

    /// A network file. Inputs that start with the magic get the header's payload length and checksum set to
    /// match, so mutations reach the tables instead of stopping at the checksum.
    static func mcnet(_ bytes: [UInt8]) throws {
        _ = try? BuiltNetwork(decoding: bytes, file: "fuzz.mcnet")
        guard let fixed = BuiltNetwork.withMatchingHeader(bytes) else { return }
        _ = try BuiltNetwork(decoding: fixed, file: "fuzz.mcnet")
    }
}

/// Counts elements and reads every tag and member, so lazily decoded parts are decoded too.
struct FuzzOSMVisitor: OSMVisitor {
    var count = 0
    mutating func visit(node: OSMNode) { for tag in node.tags { count += tag.key.utf8.count } }
    mutating func visit(way: OSMWay) {
        for tag in way.tags { count += tag.value.utf8.count }
        for id in way.nodeIDs { count &+= Int(truncatingIfNeeded: id) }
    }
    mutating func visit(relation: OSMRelation) {
        for tag in relation.tags { count += tag.key.utf8.count }
        for member in relation.members { count += member.role.utf8.count }
    }
}

/// The readers that take a path read the input from one file per harness in a folder of this process.
enum FuzzFile {
    static let folder: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = "\(base)/metrocommute-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static func write(_ bytes: [UInt8], as name: String) throws -> String {
        let path = "\(folder)/\(name)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
