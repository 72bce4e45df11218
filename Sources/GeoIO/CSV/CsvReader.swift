import Foundation
import GeoCore

/// A streaming RFC 4180 CSV reader: comma-separated, fields optionally in double quotes (a quoted field may hold
/// commas, newlines and doubled quotes `""`), records ended by CRLF, LF or a lone CR, an optional UTF-8
/// byte-order mark, and a header row that names the columns.
///
/// Rows are pulled one at a time with `next()`; the reader keeps one chunk of the input and the current record,
/// never the file as rows. Line numbers are 1-based physical lines (the header is line 1); a record with an
/// embedded newline is numbered by the line it starts on. Blank lines are skipped. A quote inside an unquoted
/// field is taken literally (common in real feeds); text after a closing quote, or a quote left open at the end
/// of the file, is an `InputError`.
public struct CsvReader {
    /// The name used in errors, e.g. `"nyc_subway_gtfs.zip/stops.txt"`.
    public let fileName: String
    /// Column names of the header row, whitespace-trimmed. Empty for an empty file.
    public private(set) var header: [String] = []

    private var source: any CsvByteSource
    private var buffer: [UInt8] = []
    private var position = 0
    private var sourceFinished = false
    /// Physical line on which the next record starts.
    private var lineNumber = 1
    private var fieldBytes: [UInt8] = []
    private var fieldEnds: [Int] = []
    private var columnIndexByName: [String: Int] = [:]

    static let chunkSize = 1 << 18

    /// Reads a file on disk, chunk by chunk.
    public init(url: URL, fileName: String? = nil) throws {
        let name = fileName ?? url.path
        try self.init(source: CsvFileSource(url: url, displayName: name), fileName: name)
    }

    /// Reads bytes in memory.
    public init(bytes: [UInt8], fileName: String) throws {
        try self.init(source: CsvMemorySource(bytes), fileName: fileName)
    }

    init(source: any CsvByteSource, fileName: String) throws {
        self.source = source
        self.fileName = fileName
        try readHeader()
    }

    private mutating func readHeader() throws {
        while buffer.count < 3 && !sourceFinished { try fill() }
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        guard let row = try next() else { return }
        header = (0..<row.count).map { row[$0].trimmingCharacters(in: .whitespaces) }
        for (index, name) in header.enumerated() where columnIndexByName[name] == nil {
            columnIndexByName[name] = index
        }
    }

    /// The index of the column named `name`, or nil when the header has no such column.
    public func column(_ name: String) -> Int? { columnIndexByName[name] }

    /// The index of the column named `name`; throws an `InputError` naming the file and the column otherwise.
    public func requireColumn(_ name: String) throws -> Int {
        guard let index = columnIndexByName[name] else {
            throw InputError(file: fileName, location: "line 1",
                             message: "missing required column \(name) (header: \(header.joined(separator: ",")))")
        }
        return index
    }

    /// An error at `row`, optionally naming a column.
    public func error(_ message: String, row: CsvRow, column: Int? = nil) -> InputError {
        InputError(file: fileName, location: location(row: row, column: column), message: message)
    }

    /// A warning at `row`, optionally naming a column.
    public func warning(_ message: String, row: CsvRow, column: Int? = nil) -> InputWarning {
        InputWarning(file: fileName, location: location(row: row, column: column), message: message)
    }

    private func location(row: CsvRow, column: Int?) -> String {
        if let column, column < header.count { return "line \(row.lineNumber), column \(header[column])" }
        return "line \(row.lineNumber)"
    }

    /// The next record, or nil at the end of the input.
    public mutating func next() throws -> CsvRow? {
        while true {
            if position >= buffer.count {
                if sourceFinished { return nil }
                try fill()
                continue
            }
            switch try parseRecord(atEnd: sourceFinished) {
            case .needMore:
                try fill()
            case .blank(let newlines):
                lineNumber += newlines
            case .record(let newlines):
                let row = CsvRow(lineNumber: lineNumber, bytes: fieldBytes, ends: fieldEnds)
                lineNumber += newlines
                return row
            }
        }
    }

    /// Drops consumed bytes and appends the next chunk; marks the source finished when it has no more.
    private mutating func fill() throws {
        if position > 0 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        if !(try source.appendChunk(to: &buffer, maxCount: Self.chunkSize)) { sourceFinished = true }
    }

    private enum ParseResult {
        case record(newlines: Int)
        case blank(newlines: Int)
        case needMore
    }

    private static let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

    /// Parses one record starting at `position`. On `.needMore` nothing is consumed (the record is parsed again
    /// from its start once more bytes are in the buffer).
    private mutating func parseRecord(atEnd: Bool) throws -> ParseResult {
        fieldBytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        let startLine = lineNumber
        let fileName = self.fileName
        var out = fieldBytes
        var ends = fieldEnds
        fieldBytes = []
        fieldEnds = []
        defer { fieldBytes = out; fieldEnds = ends }
        let result: (ParseResult, Int) = try buffer.withUnsafeBufferPointer { buf -> (ParseResult, Int) in
            let n = buf.count
            var i = position
            var newlines = 0
            // A line holding nothing but its line end is blank.
            if buf[i] == Self.lf { return (.blank(newlines: 1), i + 1) }
            if buf[i] == Self.cr {
                if i + 1 < n { return (.blank(newlines: 1), buf[i + 1] == Self.lf ? i + 2 : i + 1) }
                if atEnd { return (.blank(newlines: 1), i + 1) }
                return (.needMore, position)
            }
            while true {
                // Start of a field.
                if i < n, buf[i] == Self.quote {
                    i += 1
                    var closed = false
                    while i < n {
                        let b = buf[i]
                        if b == Self.quote {
                            if i + 1 < n {
                                if buf[i + 1] == Self.quote { out.append(Self.quote); i += 2; continue }
                                i += 1; closed = true; break
                            }
                            if atEnd { i += 1; closed = true; break }
                            return (.needMore, position)
                        }
                        if b == Self.lf { newlines += 1 } else if b == Self.cr, i + 1 < n, buf[i + 1] != Self.lf {
                            newlines += 1
                        }
                        out.append(b)
                        i += 1
                    }
                    if !closed {
                        if atEnd {
                            throw InputError(file: fileName, location: "line \(startLine)",
                                             message: "quoted field is not closed before the end of the file")
                        }
                        return (.needMore, position)
                    }
                    if i < n, buf[i] != Self.comma, buf[i] != Self.lf, buf[i] != Self.cr {
                        throw InputError(file: fileName, location: "line \(startLine + newlines)",
                                         message: "unexpected character after a closing quote")
                    }
                } else {
                    let fieldStart = i
                    while i < n {
                        let b = buf[i]
                        if b == Self.comma || b == Self.lf || b == Self.cr { break }
                        i += 1
                    }
                    if i > fieldStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[fieldStart..<i])) }
                }
                ends.append(out.count)
                // After a field: a comma, a line end, or the end of the buffer.
                if i >= n {
                    if atEnd { return (.record(newlines: newlines + 1), n) }
                    return (.needMore, position)
                }
                let b = buf[i]
                if b == Self.comma { i += 1; continue }
                if b == Self.lf { return (.record(newlines: newlines + 1), i + 1) }
                // CR: swallow a following LF; need one more byte to know.
                if i + 1 < n { return (.record(newlines: newlines + 1), buf[i + 1] == Self.lf ? i + 2 : i + 1) }
                if atEnd { return (.record(newlines: newlines + 1), i + 1) }
                return (.needMore, position)
            }
        }
        position = result.1
        return result.0
    }
}

/// One CSV record: the unquoted bytes of its fields. Accessors return "" / nil for a column past the row's end.
public struct CsvRow: Sendable {
    /// 1-based line on which the record starts.
    public let lineNumber: Int
    let bytes: [UInt8]
    let ends: [Int]

    public var count: Int { ends.count }

    private func range(_ index: Int) -> Range<Int>? {
        guard index >= 0, index < ends.count else { return nil }
        return (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    /// The field as a string (invalid UTF-8 is repaired), "" when absent.
    public subscript(index: Int) -> String {
        guard let r = range(index), !r.isEmpty else { return "" }
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[r]), as: UTF8.self) }
    }

    /// The field when the column exists, else "".
    public subscript(index: Int?) -> String {
        guard let index else { return "" }
        return self[index]
    }

    /// Calls `body` with the field's bytes with surrounding spaces and tabs removed (empty when absent).
    public func withTrimmedField<R>(_ index: Int?, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard let index, var r = range(index) else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try bytes.withUnsafeBufferPointer { buf in
            while r.lowerBound < r.upperBound, buf[r.lowerBound] == 0x20 || buf[r.lowerBound] == 0x09 {
                r = (r.lowerBound + 1)..<r.upperBound
            }
            while r.lowerBound < r.upperBound, buf[r.upperBound - 1] == 0x20 || buf[r.upperBound - 1] == 0x09 {
                r = r.lowerBound..<(r.upperBound - 1)
            }
            return try body(UnsafeBufferPointer(rebasing: buf[r]))
        }
    }

    /// True when the column is absent or the field holds only spaces.
    public func isBlank(_ index: Int?) -> Bool { withTrimmedField(index) { $0.isEmpty } }

    /// The field as a decimal integer (optional sign), nil when blank or not a number.
    public func int(_ index: Int?) -> Int? {
        withTrimmedField(index) { b -> Int? in
            guard !b.isEmpty, b.count <= 18 else { return nil }
            var i = 0, negative = false
            if b[0] == 0x2D || b[0] == 0x2B { negative = b[0] == 0x2D; i = 1 }
            guard i < b.count else { return nil }
            var value = 0
            while i < b.count {
                let d = Int(b[i]) - 48
                guard d >= 0, d <= 9 else { return nil }
                value = value * 10 + d
                i += 1
            }
            return negative ? -value : value
        }
    }

    /// The field as a finite floating-point number, nil when blank or not a number.
    public func double(_ index: Int?) -> Double? {
        withTrimmedField(index) { b -> Double? in
            guard !b.isEmpty else { return nil }
            guard let d = Double(String(decoding: b, as: UTF8.self)), d.isFinite else { return nil }
            return d
        }
    }

    /// The field, trimmed of surrounding spaces.
    public func trimmed(_ index: Int?) -> String {
        withTrimmedField(index) { String(decoding: $0, as: UTF8.self) }
    }
}
