import Foundation
import GeoCore
import GeoIO
import Testing
import TestSupport

/// Runs `osmium` (osmium-tool) and returns its standard output, or nil when it is not installed.
func runOsmium(_ arguments: [String]) throws -> String? {
    let candidates = ["/usr/bin/osmium", "/usr/local/bin/osmium"]
    guard let tool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self)
}

/// Node/way/relation counts as osmium reports them (`osmium fileinfo -e -g data.count.<type>`).
func osmiumCounts(_ path: String) throws -> OSMCounts? {
    func count(_ what: String) throws -> Int? {
        try runOsmium(["fileinfo", "-e", "-g", "data.count.\(what)", path])
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
    guard let n = try count("nodes"), let w = try count("ways"), let r = try count("relations") else { return nil }
    return OSMCounts(nodes: n, ways: w, relations: r)
}

@Suite("OSM readers: element counts against osmium", .tags(.fast))
struct OSMReaderCountTests {
    // osmium-tool 1.15.0, `osmium fileinfo -e` (2026-11):
    //   Helsinki.osm.pbf      24,260 nodes, 5,130 ways, 620 relations
    //   monaco.osm.pbf        30,626 nodes, 4,846 ways, 290 relations
    //   West-Oakland.osm.bz2     446 nodes,    66 ways,  23 relations
    // The data README gives the same figures. The test asks osmium again when it is installed and
    // falls back to these recorded figures otherwise.
    static let recorded: [String: OSMCounts] = [
        "osm/Helsinki.osm.pbf": OSMCounts(nodes: 24_260, ways: 5_130, relations: 620),
        "osm/monaco.osm.pbf": OSMCounts(nodes: 30_626, ways: 4_846, relations: 290),
        "osm/West-Oakland.osm.bz2": OSMCounts(nodes: 446, ways: 66, relations: 23),
    ]

    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "shared data absent"),
          arguments: ["osm/Helsinki.osm.pbf", "osm/monaco.osm.pbf", "osm/West-Oakland.osm.bz2"])
    func countsMatchOsmium(_ relativePath: String) throws {
        let url = try #require(SharedData.file(relativePath), "\(SharedData.skipMessage)")
        let expected: OSMCounts
        if let fromOsmium = try osmiumCounts(url.path) {
            expected = fromOsmium
        } else {
            print("osmium not installed: comparing with the recorded osmium figures for \(relativePath)")
            expected = try #require(Self.recorded[relativePath])
        }
        let file = try OSMFile(path: url.path)
        #expect(file.format == (relativePath.hasSuffix(".bz2") ? .xmlBZip2 : .pbf))
        let counts = try file.countElements()
        #expect(counts == expected)
    }
}
