import Foundation
import GeoCore
@testable import GeoIO
import Testing
import TestSupport

/// Streaming CSV edge cases. Expected values are written out by hand from the RFC 4180 rules.
@Suite(.tags(.fast)) struct CsvReaderTests {
    private func rows(_ text: String, chunk: Int? = nil) throws -> (header: [String], rows: [[String]], lines: [Int]) {
        try rows(bytes: Array(text.utf8), chunk: chunk)
    }

    private func rows(bytes: [UInt8], chunk: Int? = nil) throws -> (header: [String], rows: [[String]], lines: [Int]) {
        var reader: CsvReader
        if let chunk {
            reader = try CsvReader(source: TinyChunks(bytes: bytes, size: chunk), fileName: "t.csv")
        } else {
            reader = try CsvReader(bytes: bytes, fileName: "t.csv")
        }
        var out: [[String]] = [], lines: [Int] = []
        while let row = try reader.next() {
            out.append((0..<row.count).map { row[$0] })
            lines.append(row.lineNumber)
        }
        return (reader.header, out, lines)
    }

    /// Hands out a few bytes at a time, so every record straddles chunk boundaries.
    struct TinyChunks: CsvByteSource {
        var bytes: [UInt8]
        var size: Int
        var offset = 0
        mutating func appendChunk(to buffer: inout [UInt8], maxCount: Int) throws -> Bool {
            guard offset < bytes.count else { return false }
            let end = min(bytes.count, offset + size)
            buffer.append(contentsOf: bytes[offset..<end])
            offset = end
            return true
        }
    }

    static let tricky = "\u{FEFF}id,name,note\r\n1,\"Smith, John\",\"said \"\"hi\"\"\"\r\n2,\"two\nlines\",x\r\n\r\n3,,\"\"\r\n4,last,no newline"

    @Test func quotesBOMCRLFAndEmbeddedNewline() throws {
        let r = try rows(Self.tricky)
        #expect(r.header == ["id", "name", "note"])
        #expect(r.rows == [["1", "Smith, John", "said \"hi\""], ["2", "two\nlines", "x"], ["3", "", ""],
                           ["4", "last", "no newline"]])
        // Line 1 header, 2 first record, 3–4 the record with the embedded newline, 5 blank, 6 and 7.
        #expect(r.lines == [2, 3, 6, 7])
    }

    @Test(arguments: [1, 2, 3, 5, 7])
    func sameResultAcrossChunkBoundaries(chunk: Int) throws {
        let whole = try rows(Self.tricky)
        let split = try rows(Self.tricky, chunk: chunk)
        #expect(split.header == whole.header)
        #expect(split.rows == whole.rows)
        #expect(split.lines == whole.lines)
    }

    @Test func lfAndLoneCRLineEnds() throws {
        let lf = try rows("a,b\n1,2\n3,4\n")
        #expect(lf.rows == [["1", "2"], ["3", "4"]])
        #expect(lf.lines == [2, 3])
        let cr = try rows("a,b\r1,2\r3,4")
        #expect(cr.rows == [["1", "2"], ["3", "4"]])
    }

    @Test func columnsByNameAndMissingColumnError() throws {
        let reader = try CsvReader(bytes: Array("stop_id, stop_name ,stop_lon\n".utf8), fileName: "stops.txt")
        #expect(reader.column("stop_name") == 1)
        #expect(reader.column("stop_lat") == nil)
        let error = #expect(throws: InputError.self) { try reader.requireColumn("stop_lat") }
        #expect(error?.description.hasPrefix("stops.txt: line 1: missing required column stop_lat") == true)
    }

    @Test func typedAccessors() throws {
        var reader = try CsvReader(bytes: Array("a,b,c,d\n 42 ,-7.25,x1,\n".utf8), fileName: "t.csv")
        let row = try #require(try reader.next())
        #expect(row.int(0) == 42)
        #expect(row.double(1) == -7.25)
        #expect(row.int(2) == nil)
        #expect(row.isBlank(3))
        #expect(row.isBlank(9))
        #expect(row[9] == "")
    }

    @Test func unterminatedQuoteNamesLine() throws {
        var reader = try CsvReader(bytes: Array("a,b\n1,2\n3,\"open\nstill open".utf8), fileName: "bad.csv")
        _ = try reader.next()
        let error = #expect(throws: InputError.self) { _ = try reader.next() }
        #expect(error?.description.hasPrefix("bad.csv: line 3: quoted field is not closed") == true)
    }

    @Test func textAfterClosingQuoteIsAnError() throws {
        var reader = try CsvReader(bytes: Array("a,b\n\"x\"y,2\n".utf8), fileName: "bad.csv")
        let error = #expect(throws: InputError.self) { _ = try reader.next() }
        #expect(error?.location == "line 2")
    }

    @Test func emptyFileHasNoHeaderAndNoRows() throws {
        var reader = try CsvReader(bytes: [], fileName: "empty.csv")
        #expect(reader.header.isEmpty)
        #expect(try reader.next() == nil)
    }

    /// Streams a file from disk: row count and total field bytes equal Python's csv module (run in the test).
    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "shared data absent"))
    func fileRowCountMatchesPythonCsv() throws {
        let url = try #require(SharedData.file("cn/jingjinji/metro_lines.csv"))
        var reader = try CsvReader(url: url)
        var count = 0, fieldBytes = 0
        while let row = try reader.next() {
            count += 1
            for i in 0..<row.count { fieldBytes += row[i].utf8.count }
        }
        let script = "import csv,sys; r=list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8-sig')))[1:]; "
            + "print(len(r), sum(len(f.encode()) for row in r for f in row))"
        let output = try PythonCheck.output(script, url.path)
        #expect(output == "\(count) \(fieldBytes)")
        #expect(count == 760)  // data README section 1.3: jingjinji 760 rows
    }
}

