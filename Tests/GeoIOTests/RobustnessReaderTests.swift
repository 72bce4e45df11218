import Foundation
import GeoCore
@testable import GeoIO
import NetworkBuild
import Network
import Testing
import TestSupport

// The readers on damaged bytes, in process (thousands of cases a second): each may accept the input or throw
// an `InputError` whose one-line description names the file; any other error is a finding, and a trap would
// stop the test run. Cases derive from a fixed seed (`METROCOMMUTE_TEST_SEED` overrides it), printed in every
// failure. The same damage through the built binary: Tests/CLITests/RobustnessCLITests.swift.

/// Runs `body` on one damaged input and records anything but success or a one-line `InputError` naming `file`.
private func expectInputErrorOnly(_ mutant: Mutant, file: String, sourceLocation: SourceLocation = #_sourceLocation,
                                  _ body: () throws -> Void) -> Bool {
    do {
        try body()
        return false
    } catch let error as InputError {
        if error.description.contains("\n") {
            Issue.record("\(mutant): the error spans several lines: \(error.description)", sourceLocation: sourceLocation)
        }
        if !error.description.contains(file) {
            Issue.record("\(mutant): the error does not name \(file): \(error.description)", sourceLocation: sourceLocation)
        }
        return true
    } catch {
        Issue.record("\(mutant): threw \(type(of: error)), not InputError: \(error)", sourceLocation: sourceLocation)
        return true
    }
}

/// Overwrites the checksum of a network file so that damage to the payload reaches the decoder's own checks.
private func resigned(_ bytes: [UInt8]) -> [UInt8] {
    guard bytes.count >= 32 else { return bytes }
    var b = bytes
    let hash = XXHash64.hash(Array(b[32...]))
    for i in 0..<8 { b[24 + i] = UInt8(truncatingIfNeeded: hash >> (8 * UInt64(i))) }
    return b
}

@Suite("robustness: readers on damaged bytes throw InputError only", .tags(.robustness, .realData))
struct RobustnessReaderTests {
    @Test("GeoJSONReader: 1,500 damaged districts and roads layers, and geometry edge cases")
    func geoJSON() throws {
        var rng = MutationRandom.family(101)
        var mutants: [Mutant] = []
        for (name, text) in [("districts.geojson", TinyArea.districtsGeoJSON), ("roads.geojson", TinyArea.roadsGeoJSON)] {
            mutants += InputMutator.jsonMutants(text, count: 400, rng: &rng, name: name)
            mutants += InputMutator.byteMutants(Array(text.utf8), count: 350, rng: &rng, name: name)
        }
        var failures = 0
        for m in mutants {
            let file = String(m.label.prefix { $0 != ":" })
            if expectInputErrorOnly(m, file: file, { _ = try GeoJSONReader.read(data: Data(m.bytes), fileName: file) }) { failures += 1 }
        }
        // Both outcomes occur: the damage is neither always harmless nor always fatal.
        #expect(failures > 100 && failures < mutants.count, "\(failures) of \(mutants.count) rejected")
    }

    @Test("CsvReader: 1,300 damaged planning-lines and GTFS tables, every field read as text, integer and number")
    func csv() throws {
        var rng = MutationRandom.family(102)
        var mutants: [Mutant] = []
        for (name, text) in [("lines.csv", TinyArea.linesCSV)] + TinyArea.gtfs.map({ ($0.name, $0.text) }) {
            mutants += InputMutator.lineMutants(text, count: 90, rng: &rng, name: name)
            mutants += InputMutator.byteMutants(Array(text.utf8), count: 75, rng: &rng, name: name)
        }
        mutants.append(Mutant("quotes.csv: an unterminated quote", text: "a,b\n\"x,1\n2,3\n"))
        mutants.append(Mutant("quotes.csv: a quote inside a field", text: "a,b\nx\"y,1\n\"p\"q,3\n"))
        mutants.append(Mutant("bom.csv: only a byte-order mark", [0xEF, 0xBB, 0xBF]))
        for m in mutants {
            let file = String(m.label.prefix { $0 != ":" })
            _ = expectInputErrorOnly(m, file: file) {
                var csv = try CsvReader(bytes: m.bytes, fileName: file)
                let width = csv.header.count
                while let row = try csv.next() {
                    for i in 0..<(max(width, row.count) + 1) {
                        _ = row[i]; _ = row.trimmed(i); _ = row.int(i); _ = row.double(i); _ = row.isBlank(i)
                    }
                }
            }
        }
    }

    @Test("PlanningLinesReader: 460 damaged files, including extreme coordinates and sequence numbers")
    func planningLines() throws {
        var rng = MutationRandom.family(103)
        let text = TinyArea.linesCSV
        var mutants = InputMutator.lineMutants(text, count: 250, rng: &rng, name: "lines.csv")
        mutants += InputMutator.byteMutants(Array(text.utf8), count: 100, rng: &rng, name: "lines.csv")
        for column in ["lon", "lat", "seq", "station_id", "line_id"] {
            mutants += InputMutator.columnMutants(text, column: column, row: 3, name: "lines.csv")
        }
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let url = dir.file("lines.csv")
        for m in mutants {
            try Data(m.bytes).write(to: url)
            _ = expectInputErrorOnly(m, file: "lines.csv") {
                _ = try PlanningLinesReader(url: url, sourceName: "metro").read()
            }
        }
        // Service parameters that no timetable can have are refused by name, not trapped on.
        for service in [PlanningLineService(headwayMinutes: .infinity, speedKmh: 35, dwellSeconds: 30, firstDepartureSeconds: 0, lastDepartureSeconds: 3600),
                        PlanningLineService(headwayMinutes: 5, speedKmh: 1e-300, dwellSeconds: 30, firstDepartureSeconds: 0, lastDepartureSeconds: 3600),
                        PlanningLineService(headwayMinutes: 5, speedKmh: 35, dwellSeconds: Int.max, firstDepartureSeconds: 0, lastDepartureSeconds: 3600),
                        PlanningLineService(headwayMinutes: 5, speedKmh: 35, dwellSeconds: 30, firstDepartureSeconds: 0, lastDepartureSeconds: Int.max)] {
            try Data(text.utf8).write(to: url)
            let options = PlanningLinesOptions(serviceByTier: [.metro: service])
            #expect(throws: InputError.self, "\(service)") { _ = try PlanningLinesReader(url: url, sourceName: "m", options: options).read() }
        }
    }

    @Test("GTFSReader: 300 feeds with one damaged member, and every member missing in turn")
    func gtfs() throws {
        var rng = MutationRandom.family(104)
        let date = try #require(GTFSDate(iso: "2016-03-10"))
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        func write(_ members: [(name: String, text: String)]) throws -> URL {
            let feed = dir.file("feed-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: feed, withIntermediateDirectories: true)
            for m in members { try Data(m.text.utf8).write(to: feed.appendingPathComponent(m.name)) }
            return feed
        }
        for (index, member) in TinyArea.gtfs.enumerated() {
            var variants = InputMutator.lineMutants(member.text, count: 25, rng: &rng, name: member.name)
            variants += InputMutator.byteMutants(Array(member.text.utf8), count: 12, rng: &rng, name: member.name)
            for v in variants {
                var members = TinyArea.gtfs
                members[index].text = v.text
                let feed = try write(members)
                _ = expectInputErrorOnly(v, file: feed.lastPathComponent) {
                    _ = try GTFSReader(url: feed, sourceName: "rail").read(serviceDate: date)
                }
                try? FileManager.default.removeItem(at: feed)
            }
            if member.name == "stop_times.txt" {
                // Seed 2 found it: an empty trip_id on the first row was taken for the trip before it (none).
                var members = TinyArea.gtfs
                members[index].text = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n,08:00:00,08:00:00,S1,1\n"
                let feed = try write(members)
                _ = expectInputErrorOnly(Mutant("stop_times.txt: first row without trip_id", []), file: feed.lastPathComponent) {
                    _ = try GTFSReader(url: feed, sourceName: "rail").read(serviceDate: date)
                }
            }
            var without = TinyArea.gtfs
            without.remove(at: index)
            let feed = try write(without)
            _ = expectInputErrorOnly(Mutant("feed without \(member.name)", []), file: feed.lastPathComponent) {
                _ = try GTFSReader(url: feed, sourceName: "rail").read(serviceDate: date)
            }
        }
    }

    @Test("ZipArchive: 900 damaged archives (1,400 with the shared data), every member read")
    func zip() throws {
        var rng = MutationRandom.family(105)
        var originals = [("stored.zip", TinyArea.gtfsZip())]
        if let real = SharedData.file("cn/jingjinji/rail_gtfs.zip") {
            // Deflated members (written by another tool); the first 40 kB hold local headers and deflate streams.
            originals.append(("deflated.zip", try [UInt8](Data(contentsOf: real))))
        }
        for (name, bytes) in originals {
            var mutants = InputMutator.byteMutants(bytes, count: originals.count == 1 ? 800 : 400, rng: &rng, name: name)
            // Damage aimed at the central directory and the end record (the last 22 bytes and before).
            for _ in 0..<100 {
                var b = bytes
                let at = bytes.count - 1 - Int.random(in: 0..<min(bytes.count, 400), using: &rng)
                b[at] = UInt8.random(in: 0...255, using: &rng)
                mutants.append(Mutant("\(name): directory byte \(at) = \(b[at])", b))
            }
            for m in mutants {
                _ = expectInputErrorOnly(m, file: name) {
                    let archive = try ZipArchive(bytes: m.bytes, fileName: name)
                    for entry in archive.entries where !entry.isDirectory && entry.uncompressedSize < 50_000_000 {
                        _ = try archive.contents(of: entry)
                    }
                }
            }
        }
    }

    @Test("OSMFile: 880 damaged PBF files (raw blobs), never-ending varints, and damaged zlib blobs")
    func osmPBF() throws {
        var rng = MutationRandom.family(106)
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        var mutants = InputMutator.byteMutants(TinyPBF.streets(), count: 560, rng: &rng, name: "streets.osm.pbf")
        for latitude: Int64 in [900_000_001, 950_000_000, -2_140_000_000, Int64(Int32.max) * 10] {
            mutants.append(Mutant("streets.osm.pbf: node 1 at latitude \(Double(latitude) / 1e7)°", TinyPBF.streets(firstLatitude: latitude)))
        }
        for offset in stride(from: 0, to: 40, by: 2) {
            mutants.append(Mutant("streets.osm.pbf: never-ending varint at data offset \(offset)", TinyPBF.corruptVarint(at: offset)))
        }
        // A block holding the hand-written sample with every element kind (OSMPBFDecodingTests), damaged.
        let sample = pbfBlock(type: "OSMHeader", payload: headerBlock(required: ["OsmSchema-V0.6", "DenseNodes"]))
            + pbfBlock(type: "OSMData", payload: OSMPBFDecodingTests.sampleData())
        mutants += InputMutator.byteMutants(sample, count: 300, rng: &rng, name: "sample.osm.pbf")
        if let monaco = SharedData.file("osm/monaco.osm.pbf") {
            let bytes = try [UInt8](Data(contentsOf: monaco))
            // Only the first blocks matter for damage; keep the runs short by cutting the file at 60 kB.
            mutants += InputMutator.byteMutants(Array(bytes.prefix(60_000)), count: 14, rng: &rng, name: "monaco.osm.pbf")
        }
        let path = dir.file("input.osm.pbf").path
        for m in mutants {
            try Data(m.bytes).write(to: URL(fileURLWithPath: path))
            _ = expectInputErrorOnly(m, file: "input.osm.pbf") {
                var visitor = CollectingVisitor()
                try OSMFile(path: path).read(&visitor)
                _ = try OSMNetworkExtractor.extract(path: path)
            }
        }
    }

    @Test("BuiltNetwork(decoding:): 600 damaged files, 600 more with the checksum made to match")
    func networkFile() throws {
        let area = try TinyArea()
        defer { area.cleanUp() }
        let built = try AreaBuilder(manifestPath: area.manifest).build().network
        let bytes = built.encoded()
        #expect(try BuiltNetwork(decoding: bytes, file: "tiny.mcnet") == built, "the untouched file decodes to the network")
        var rng = MutationRandom.family(107)
        let plain = InputMutator.byteMutants(bytes, count: 600, rng: &rng, name: "tiny.mcnet")
        for m in plain {
            var decoded: BuiltNetwork?
            _ = expectInputErrorOnly(m, file: "tiny.mcnet") { decoded = try BuiltNetwork(decoding: m.bytes, file: "tiny.mcnet") }
            // The checksum covers the payload: what decodes was not changed (a byte set to its own value, the flags).
            if let decoded { #expect(decoded == built, "\(m): damage went unnoticed") }
        }
        // Same-length damage to the payload with a matching checksum: the decoder's table checks must hold, and a
        // network they accept must be summarised without a trap.
        var accepted = 0
        for i in 0..<600 {
            var b = bytes
            let at = 32 + Int.random(in: 0..<(b.count - 32), using: &rng)
            let label: String
            if i % 2 == 0 {
                let v = UInt8.random(in: 0...255, using: &rng)
                b[at] = v
                label = "payload byte \(at) = \(v), re-signed"
            } else {
                for k in at ..< min(b.count, at + 4) { b[k] = 0xFF }
                label = "payload bytes \(at)… = 0xFF × 4, re-signed"
            }
            let m = Mutant("tiny.mcnet: \(label)", resigned(b))
            var network: BuiltNetwork?
            _ = expectInputErrorOnly(m, file: "tiny.mcnet") { network = try BuiltNetwork(decoding: m.bytes, file: "tiny.mcnet") }
            if let network {
                accepted += 1
                _ = NetworkSummary(network).text
            }
        }
        #expect(accepted > 0, "some damage (to names, times) is structurally valid and must be accepted")
    }

    @Test("AreaManifest and BoundariesReader: damaged manifests and district files")
    func manifestAndBoundaries() throws {
        var rng = MutationRandom.family(108)
        let area = try TinyArea()
        defer { area.cleanUp() }
        let text = TinyArea.manifestText()
        var mutants = InputMutator.jsonMutants(text, count: 150, rng: &rng, name: "tiny.json")
        mutants += InputMutator.byteMutants(Array(text.utf8), count: 100, rng: &rng, name: "tiny.json")
        for m in mutants {
            try Data(m.bytes).write(to: URL(fileURLWithPath: area.manifest))
            _ = expectInputErrorOnly(m, file: "tiny.json") { _ = try AreaManifest.load(path: area.manifest) }
        }
        var districts = InputMutator.jsonMutants(TinyArea.districtsGeoJSON, count: 150, rng: &rng, name: "districts.geojson")
        districts += InputMutator.byteMutants(Array(TinyArea.districtsGeoJSON.utf8), count: 60, rng: &rng, name: "districts.geojson")
        let url = area.directory.file("districts.geojson")
        let reader = BoundariesReader(nameProperty: "name", populationProperty: "pop", cityProperty: "city", codeProperty: "code")
        for m in districts {
            try Data(m.bytes).write(to: url)
            _ = expectInputErrorOnly(m, file: "districts.geojson") { _ = try reader.read(url: url) }
        }
    }
}
