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
    /// Scan state of a record that spans chunks.
    private var inRecord = false
    private var state = ScanState.fieldStart
    private var recordNewlines = 0
    private var previousWasCR = false
    private var hasHighBytes = false
    /// A record or blank line ended with CR: an LF right after it belongs to the same line end.
    private var skipLineFeed = false
    /// Largest memory one record may take (`checkRecordMemory`).
    public var memoryLimit: MemoryLimit

    static let chunkSize = 1 << 18

    /// Reads a file on disk, chunk by chunk, converting from `encoding` to UTF-8 on the way. A record that would
    /// take more memory than `memoryLimit` is an error.
    public init(url: URL, fileName: String? = nil, encoding: TextEncoding = .utf8,
                memoryLimit: MemoryLimit = .default) throws {
        let name = fileName ?? url.path
        try InputFile.requireRegularFile(url.path, displayName: name)
        try self.init(source: CsvFileSource(url: url, displayName: name), fileName: name, encoding: encoding,
                      memoryLimit: memoryLimit)
    }

    /// Reads bytes in memory.
    public init(bytes: [UInt8], fileName: String, encoding: TextEncoding = .utf8,
                memoryLimit: MemoryLimit = .default) throws {
        try self.init(source: CsvMemorySource(bytes), fileName: fileName, encoding: encoding, memoryLimit: memoryLimit)
    }

    init(source: any CsvByteSource, fileName: String, encoding: TextEncoding = .utf8,
         memoryLimit: MemoryLimit = .default) throws {
        self.source = encoding == .utf8 ? source : try TranscodingSource(source, from: encoding, fileName: fileName)
        self.fileName = fileName
        self.memoryLimit = memoryLimit
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
                if sourceFinished {
                    guard inRecord else { return nil }
                    return try finishRecord(newlines: recordNewlines + 1, atEndOfInput: true)
                }
                if inRecord { try checkRecordMemory() }
                try fill()
                continue
            }
            if skipLineFeed {
                skipLineFeed = false
                if buffer[position] == Self.lf { position += 1; continue }
            }
            if !inRecord {
                let b = buffer[position]
                // A line holding nothing but its line end is blank.
                if b == Self.lf || b == Self.cr {
                    position += 1
                    lineNumber += 1
                    skipLineFeed = b == Self.cr
                    continue
                }
                inRecord = true
                state = .fieldStart
                recordNewlines = 0
                previousWasCR = false
                hasHighBytes = false
                fieldBytes.removeAll(keepingCapacity: true)
                fieldEnds.removeAll(keepingCapacity: true)
            }
            if let newlines = try scan() { return try finishRecord(newlines: newlines) }
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

    /// Where the scan of the current record stands; kept across chunks so that every byte is looked at once.
    private enum ScanState {
        case fieldStart, unquoted, quoted
        /// Inside a quoted field, just after a quote: a second quote is a literal one, anything else closes it.
        case quoteInQuoted
        /// After a closing quote: only a comma or a line end may follow.
        case closed
    }

    private static let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

    /// Scans the current record from `position` to the end of the buffer or of the record. Returns the
    /// record's count of line ends when it ended (its own line end included), nil when more input is needed.
    /// Consumed bytes are moved into `fieldBytes`, so nothing is scanned twice.
    private mutating func scan() throws -> Int? {
        var out = fieldBytes, ends = fieldEnds
        fieldBytes = []; fieldEnds = []
        defer { fieldBytes = out; fieldEnds = ends }
        var state = self.state, newlines = recordNewlines, previousWasCR = self.previousWasCR
        var high = hasHighBytes, sawNUL = false, badQuoteLine: Int?
        var endSkipsLF = false
        let (ended, next): (Bool, Int) = buffer.withUnsafeBufferPointer { buf in
            let n = buf.count
            var i = position
            func endField(_ b: UInt8) -> Bool {
                ends.append(out.count)
                i += 1
                if b == Self.comma { state = .fieldStart; return false }
                endSkipsLF = b == Self.cr
                return true
            }
            while i < n {
                switch state {
                case .fieldStart:
                    if buf[i] == Self.quote { state = .quoted; previousWasCR = false; i += 1 } else { state = .unquoted }
                case .unquoted:
                    let start = i
                    var b: UInt8 = 0
                    while i < n {
                        b = buf[i]
                        if b == Self.comma || b == Self.lf || b == Self.cr { break }
                        if b >= 0x80 { high = true } else if b == 0 { sawNUL = true }
                        i += 1
                    }
                    if i > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<i])) }
                    if sawNUL { return (false, i) }
                    if i < n, endField(b) { return (true, i) }
                case .quoted:
                    let start = i
                    while i < n {
                        let b = buf[i]
                        if b == Self.quote { break }
                        if b == Self.lf {
                            if !previousWasCR { newlines += 1 }
                            previousWasCR = false
                        } else if b == Self.cr {
                            newlines += 1
                            previousWasCR = true
                        } else {
                            previousWasCR = false
                            if b >= 0x80 { high = true } else if b == 0 { sawNUL = true }
                        }
                        i += 1
                    }
                    if i > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<i])) }
                    if sawNUL { return (false, i) }
                    if i < n { state = .quoteInQuoted; i += 1 }
                case .quoteInQuoted:
                    if buf[i] == Self.quote {
                        out.append(Self.quote)
                        state = .quoted
                        previousWasCR = false
                        i += 1
                    } else {
                        state = .closed
                    }
                case .closed:
                    let b = buf[i]
                    guard b == Self.comma || b == Self.lf || b == Self.cr else {
                        badQuoteLine = newlines
                        return (false, i)
                    }
                    if endField(b) { return (true, i) }
                }
            }
            return (false, i)
        }
        position = next
        self.state = state
        recordNewlines = newlines
        self.previousWasCR = previousWasCR
        hasHighBytes = high
        if let badQuoteLine {
            throw InputError(file: fileName, location: "line \(lineNumber + badQuoteLine)",
                             message: "unexpected character after a closing quote")
        }
        if sawNUL {
            throw InputError(file: fileName, location: "line \(lineNumber + newlines)",
                             message: "holds a NUL byte: not a UTF-8 text file (UTF-16 or binary data?)")
        }
        guard ended else { return nil }
        skipLineFeed = endSkipsLF
        return newlines + 1
    }

    /// Completes the current record and returns it. `atEndOfInput`: the input ended inside the record, so its
    /// last field ends here too (a quoted one must have been closed).
    private mutating func finishRecord(newlines: Int, atEndOfInput: Bool = false) throws -> CsvRow {
        if atEndOfInput {
            guard state != .quoted else {
                throw InputError(file: fileName, location: "line \(lineNumber)",
                                 message: "quoted field is not closed before the end of the file")
            }
            fieldEnds.append(fieldBytes.count)
        }
        inRecord = false
        if hasHighBytes {
            try TextEncodingCheck.requireUTF8(fieldBytes, ends: fieldEnds, header: header, file: fileName, line: lineNumber)
        }
        let row = CsvRow(lineNumber: lineNumber, bytes: fieldBytes, ends: fieldEnds)
        lineNumber += newlines
        return row
    }

    /// The memory the pending record will take (its bytes, the row and the strings made from it, the field
    /// ends), checked against the limit before more input is appended to it.
    private func checkRecordMemory() throws {
        let estimate = MemoryLimit.product(fieldBytes.count, 4) + MemoryLimit.product(fieldEnds.count, 16)
        try memoryLimit.check(estimate, for: "the CSV record starting on line \(lineNumber) (\(MemoryLimit.format(fieldBytes.count)) so far)",
                              file: fileName, location: "line \(lineNumber)")
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
