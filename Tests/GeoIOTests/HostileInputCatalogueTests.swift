import Foundation
import GeoCore
@testable import GeoIO
import Network
import Testing
import TestSupport

/// The reader cases of issue 16 ("Hostile and mistaken input"), one test each. Large inputs are made by
/// generators (sparse files, repeated bytes) and limits are set low, so every case ends in milliseconds: a
/// memory-limit error must come before the allocation it protects. docs/ROBUSTNESS.md lists the catalogue.
@Suite(.tags(.fast)) struct HostileInputCatalogueTests {
    private static let mebibyte = 1 << 20

    private func readAll(_ reader: inout CsvReader) throws -> [[String]] {
        var rows: [[String]] = []
        while let row = try reader.next() { rows.append((0..<row.count).map { row[$0] }) }
        return rows
    }

    // MARK: crashes and hangs

    @Test func frequenciesThatWouldGenerateTooManyTripsFailBeforeGenerating() throws {
        // Four rows of 0–999 h every second: 14.4 M trips, about 9 GB.
        let rows = (0..<4).map { _ in "T1,00:00:00,999:00:00,1" }.joined(separator: "\n")
        let feed = try GTFSTestFeed(["frequencies.txt": "trip_id,start_time,end_time,headway_secs\n\(rows)\n"])
        defer { feed.cleanUp() }
        let e = #expect(throws: InputError.self) {
            _ = try GTFSReader(url: feed.url, sourceName: "t").read(serviceDate: GTFSDate("20240612")!)
        }
        #expect(e?.file.hasSuffix("frequencies.txt") == true)
        #expect(e?.message.contains(MemoryLimit.optionName) == true)
        #expect(e?.message.contains("8.0 GiB") == true)
        // A lower limit stops even one such row, at its own line.
        let one = try GTFSTestFeed(["frequencies.txt": "trip_id,start_time,end_time,headway_secs\nT1,00:00:00,999:00:00,1\n"])
        defer { one.cleanUp() }
        var reader = GTFSReader(url: one.url, sourceName: "t")
        reader.memoryLimit = MemoryLimit(bytes: 256 * Self.mebibyte)
        let low = #expect(throws: InputError.self) { _ = try reader.read(serviceDate: GTFSDate("20240612")!) }
        #expect(low?.location == "line 2")
        #expect(low?.message.contains("3596400 from this row alone") == true)
        // Past a quarter of the limit the report warns: 3,600 trips of 704 B under 8 MiB.
        let two = try GTFSTestFeed(["frequencies.txt": "trip_id,start_time,end_time,headway_secs\nT1,00:00:00,10:00:00,10\n"])
        defer { two.cleanUp() }
        var warned = GTFSReader(url: two.url, sourceName: "t")
        warned.memoryLimit = MemoryLimit(bytes: 8 * Self.mebibyte)
        let report = try warned.read(serviceDate: GTFSDate("20240612")!).report
        #expect(report.frequencyTripsGenerated == 3600)
        #expect(report.warnings.contains { $0.message.contains("will take about 2.4 MiB of memory (limit 8.0 MiB)") })
    }

    @Test func longZippedFieldStopsAtTheMemoryLimit() throws {
        // A stops.txt of one field, stored in the zip (a deflated one streams the same way).
        let field = [UInt8](repeating: UInt8(ascii: "x"), count: 1_200_000)
        var members = GTFSTestFeed.base.map { (name: $0.key, bytes: Array($0.value.utf8)) }.sorted { $0.name < $1.name }
        members.removeAll { $0.name == "stops.txt" }
        members.append((name: "stops.txt", bytes: Array("stop_id,stop_lat,stop_lon\n".utf8) + field))
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let zip = dir.file("feed.zip")
        try Data(StoredZip.make(members)).write(to: zip)
        var reader = GTFSReader(url: zip, sourceName: "t")
        // The archive (held whole, twice) fits under 3 MiB; the record's estimate, four times its bytes, does not.
        reader.memoryLimit = MemoryLimit(bytes: 3 * Self.mebibyte)
        let e = #expect(throws: InputError.self) { _ = try reader.read(serviceDate: GTFSDate("20240612")!) }
        #expect(e?.file == "\(zip.path)/stops.txt")
        #expect(e?.location == "line 2")
        #expect(e?.message.contains("CSV record starting on line 2") == true)
        #expect(e?.message.contains(MemoryLimit.optionName) == true)
    }

    @Test func zipMemberLargerThanTheLimitIsRefusedBeforeInflating() throws {
        var zip = StoredZip.make([(name: "stops.txt", bytes: Array("stop_id\nA\n".utf8))])
        // The central directory's uncompressed size (offset 24 of the entry) claims 2 GB.
        let central = zip.count - 22 - (46 + "stops.txt".utf8.count)
        let claimed = 2_000_000_000
        for i in 0..<4 { zip[central + 24 + i] = UInt8(claimed >> (8 * i) & 0xFF) }
        var archive = try ZipArchive(bytes: zip, fileName: "feed.zip")
        archive.memoryLimit = MemoryLimit(bytes: 1 << 30)
        let entry = try #require(archive.entry(named: "stops.txt"))
        #expect(entry.uncompressedSize == claimed)
        let e = #expect(throws: InputError.self) { _ = try archive.contents(of: entry) }
        #expect(e?.message.contains("member stops.txt") == true)
        #expect(e?.message.contains("1.9 GiB") == true)
        #expect(e?.message.contains(MemoryLimit.optionName) == true)
    }

    @Test func gigabyteOfNULsIsRefusedAtOnce() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let url = dir.file("lines.csv")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 1 << 30)  // sparse: a gigabyte of NULs that takes no disk
        try handle.close()
        let e = #expect(throws: InputError.self) { _ = try CsvReader(url: url) }
        #expect(e?.location == "line 1")
        #expect(e?.message.contains("NUL byte") == true)
    }

    /// A source of `count` bytes of one value, made as they are asked for.
    struct Repeated: CsvByteSource {
        var prefix: [UInt8]
        var byte: UInt8
        var count: Int
        var given = 0
        mutating func appendChunk(to buffer: inout [UInt8], maxCount: Int) throws -> Bool {
            if !prefix.isEmpty { buffer += prefix; prefix = []; return true }
            guard given < count else { return false }
            let n = min(maxCount, count - given)
            buffer.append(contentsOf: repeatElement(byte, count: n))
            given += n
            return true
        }
    }

    @Test func overlongRecordStopsAtTheLimitAndShortOnesReadWhole() throws {
        // A 64 MB field under a 4 MiB limit: an error about line 2, after at most a few chunks.
        var reader = try CsvReader(source: Repeated(prefix: Array("a,b\n1,".utf8), byte: 0x61, count: 64 * Self.mebibyte),
                                   fileName: "t.csv", memoryLimit: MemoryLimit(bytes: 4 * Self.mebibyte))
        let e = #expect(throws: InputError.self) { _ = try readAll(&reader) }
        #expect(e?.location == "line 2")
        #expect(e?.message.contains("4.0 MiB (\(MemoryLimit.optionName) raises it)") == true)
        // The same field of 3 MB, quoted, under the default limit: read whole, across twelve chunks.
        var quoted = try CsvReader(source: Repeated(prefix: Array("a,b\n1,\"".utf8), byte: 0x62, count: 3_000_000) ,
                                   fileName: "t.csv")
        let e2 = #expect(throws: InputError.self) { _ = try readAll(&quoted) }
        #expect(e2?.message.contains("quoted field is not closed") == true)
        var plain = try CsvReader(source: Repeated(prefix: Array("a,b\n1,".utf8), byte: 0x62, count: 3_000_000),
                                  fileName: "t.csv")
        let rows = try readAll(&plain)
        #expect(rows.count == 1)
        #expect(rows.first?[1].utf8.count == 3_000_000)
    }

    @Test func hugeXMLAttributeStopsAtTheLimit() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let url = dir.file("area.osm")
        var bytes = Array(#"<?xml version="1.0"?><osm version="0.6"><node id="1" lat="39.9" lon="116.4"><tag k="name" v=""#.utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "a"), count: 16 * Self.mebibyte)
        bytes += Array(#""/></node></osm>"#.utf8)
        try Data(bytes).write(to: url)
        var counter = OSMCountingVisitor()
        let e = #expect(throws: InputError.self) {
            try OSMXMLReader(path: url.path, bzip2: false, memoryLimit: MemoryLimit(bytes: 8 * Self.mebibyte)).read(&counter)
        }
        #expect(e?.message.contains("one XML tag") == true)
        #expect(e?.message.contains(MemoryLimit.optionName) == true)
        // Under the default limit the same file reads (one tag, scanned once).
        var whole = OSMCountingVisitor()
        try OSMFile(path: url.path).read(&whole)
        #expect(whole.counts.nodes == 1)
    }

    // MARK: encodings and files that are not text

    /// "北京南站" in GB18030 (GBK range): B1B1 BEA9 C4CF D5BE.
    static let beijingSouthGB18030: [UInt8] = [0xB1, 0xB1, 0xBE, 0xA9, 0xC4, 0xCF, 0xD5, 0xBE]

    @Test func gb18030IsNamedWithTheIconvCommandAndConvertsWhenDeclared() throws {
        let bytes = Array("id,name\n1,ok\n2,".utf8) + Self.beijingSouthGB18030 + [0x0A]
        var utf8 = try CsvReader(bytes: bytes, fileName: "lines.csv")
        let e = #expect(throws: InputError.self) { _ = try readAll(&utf8) }
        #expect(e?.location == "line 3, column name")
        #expect(e?.message.contains("not valid UTF-8") == true)
        #expect(e?.message.contains("北京南站") == true)
        #expect(e?.message.contains("iconv -f GB18030 -t UTF-8 lines.csv") == true)
        #expect(e?.message.contains("\"encoding\": \"gb18030\"") == true)
        var gb = try CsvReader(bytes: bytes, fileName: "lines.csv", encoding: .gb18030)
        #expect(try readAll(&gb) == [["1", "ok"], ["2", "北京南站"]])
    }

    @Test func latin1IsAnErrorUnlessDeclared() throws {
        let bytes = Array("id,name\n1,Z".utf8) + [0xFC] + Array("rich\n".utf8)  // "Zürich" in ISO 8859-1
        var utf8 = try CsvReader(bytes: bytes, fileName: "s.csv")
        let e = #expect(throws: InputError.self) { _ = try readAll(&utf8) }
        #expect(e?.location == "line 2, column name")
        #expect(e?.message.contains("latin1") == true)
        var latin = try CsvReader(bytes: bytes, fileName: "s.csv", encoding: .latin1)
        #expect(try readAll(&latin) == [["1", "Zürich"]])
    }

    @Test func folderAndDeviceGetAPlainMessage() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let folder = #expect(throws: InputError.self) { _ = try CsvReader(url: dir.url, fileName: "lines.csv") }
        #expect(folder?.description == "lines.csv: is a folder, not a file")
        let device = #expect(throws: InputError.self) { _ = try CsvReader(url: URL(fileURLWithPath: "/dev/zero")) }
        #expect(device?.description == "/dev/zero: is not a regular file (a device, pipe or socket)")
        let zip = #expect(throws: InputError.self) { _ = try ZipArchive(url: dir.url) }
        #expect(zip?.message == "is a folder, not a file")
        let osm = #expect(throws: InputError.self) { _ = try OSMFile(path: "/dev/zero") }
        #expect(osm?.message.contains("not a regular file") == true)
        let geojson = #expect(throws: InputError.self) { _ = try GeoJSONReader.read(contentsOf: dir.url) }
        #expect(geojson?.message == "is a folder, not a file")
        let districts = BoundariesReader(nameProperty: "n", populationProperty: "p")
        let device2 = #expect(throws: InputError.self) { _ = try districts.read(url: URL(fileURLWithPath: "/dev/zero")) }
        #expect(device2?.message.contains("not a regular file") == true)
    }

    // MARK: silently wrong models

    @Test func stopAtNullIslandIsAnError() throws {
        var stops = GTFSTestFeed.base["stops.txt"]!
        stops = stops.replacingOccurrences(of: "B,Bee,39.950,116.400", with: "B,Bee,0,0")
        let feed = try GTFSTestFeed(["stops.txt": stops])
        defer { feed.cleanUp() }
        let e = #expect(throws: InputError.self) {
            _ = try GTFSReader(url: feed.url, sourceName: "t").read(serviceDate: GTFSDate("20240612")!)
        }
        #expect(e?.file.hasSuffix("stops.txt") == true)
        #expect(e?.message.contains("stop B \"Bee\" is at (0, 0)") == true)
    }

    @Test func planningLineStationAtNullIslandIsAnError() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let url = dir.file("l.csv")
        try Data("""
            line_id,line_name,seq,station_id,station_name,lon,lat
            L1,Line 1,1,a,A,116.0,40.0
            L1,Line 1,2,b,B,0,0

            """.utf8).write(to: url)
        let e = #expect(throws: InputError.self) { _ = try PlanningLinesReader(url: url, sourceName: "m").read() }
        #expect(e?.location == "line 3")
        #expect(e?.message.contains("station b \"B\" is at (0, 0)") == true)
    }

    @Test func duplicateDistrictsAreAnError() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let url = dir.file("d.geojson")
        let square = #"{"type":"Polygon","coordinates":[[[116.0,39.0],[116.1,39.0],[116.1,39.1],[116.0,39.1],[116.0,39.0]]]}"#
        try Data("""
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"n":"West","p":1,"c":"X","k":1},"geometry":\(square)},
            {"type":"Feature","properties":{"n":"West","p":2,"c":"X","k":2},"geometry":\(square)},
            {"type":"Feature","properties":{"n":"West","p":3,"c":"X","k":1},"geometry":\(square)}
            ]}
            """.utf8).write(to: url)
        let reader = BoundariesReader(nameProperty: "n", populationProperty: "p", cityProperty: "c", codeProperty: "k")
        let e = #expect(throws: InputError.self) { _ = try reader.read(url: url) }
        #expect(e?.location == "feature 2 (West)")
        #expect(e?.message.contains("duplicate district: feature 0") == true)
        // Names alone may repeat when the codes tell them apart.
        let distinct = BoundariesReader(nameProperty: "n", populationProperty: "p", cityProperty: "c", codeProperty: "p")
        #expect(try distinct.read(url: url).districts.count == 3)
    }
}

@Suite(.tags(.fast)) struct MemoryLimitTests {
    @Test func parsesTheOptionsSpellingsAndFormatsInBinaryUnits() {
        #expect(MemoryLimit(parsing: "8G")?.bytes == 8 << 30)
        #expect(MemoryLimit(parsing: "512m")?.bytes == 512 << 20)
        #expect(MemoryLimit(parsing: "1.5GiB")?.bytes == 3 << 29)
        #expect(MemoryLimit(parsing: "2000000000")?.bytes == 2_000_000_000)
        for bad in ["", "G", "-1G", "0", "nan", "8X", "1e30G"] { #expect(MemoryLimit(parsing: bad) == nil, "\(bad)") }
        #expect(MemoryLimit.default.description == "8.0 GiB")
        #expect(MemoryLimit.format(1023) == "1023 B")
        #expect(MemoryLimit.format(1536) == "1.5 KiB")
        #expect(MemoryLimit.product(Int.max / 2, 3) == Int.max)
    }
}
