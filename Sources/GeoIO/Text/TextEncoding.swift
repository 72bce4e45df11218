import Foundation
import GeoCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The character encoding of a text input, named by the manifest's `encoding` key. Everything inside the
/// program is UTF-8; other encodings are converted as the file is read (iconv).
public enum TextEncoding: String, Sendable, CaseIterable, Codable {
    case utf8 = "utf-8"
    /// GB 18030 (a superset of GBK and GB 2312): what Excel saves as "CSV" on Chinese Windows.
    case gb18030
    /// ISO 8859-1.
    case latin1

    /// Accepts the manifest's spellings: "utf8"/"utf-8", "gb18030"/"gbk"/"gb2312", "latin1"/"iso-8859-1".
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf8", "utf-8": self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
        case "latin1", "latin-1", "iso-8859-1", "iso8859-1": self = .latin1
        default: return nil
        }
    }

    /// The names `init(name:)` suggests in errors.
    public static let manifestNames = ["utf-8", "gb18030", "latin1"]

    var iconvName: String {
        switch self {
        case .utf8: "UTF-8"
        case .gb18030: "GB18030"
        case .latin1: "ISO-8859-1"
        }
    }
}

/// Checks that text is UTF-8; when it is not, the error names the file and line and, when the bytes read as
/// GB18030, says so and gives the conversion.
enum TextEncodingCheck {
    /// Checks each field of a record (`bytes` cut at `ends`); the error names the first bad field's column.
    static func requireUTF8(_ bytes: [UInt8], ends: [Int], header: [String], file: String, line: Int) throws {
        var start = 0
        for (index, end) in ends.enumerated() {
            defer { start = end }
            let field = Array(bytes[start..<end])
            guard let offset = firstInvalidOffset(field) else { continue }
            let location = index < header.count ? "line \(line), column \(header[index])" : "line \(line)"
            var message = "not valid UTF-8 (byte 0x\(String(field[offset], radix: 16, uppercase: true)) at byte "
                + "\(offset + 1) of the field)"
            if let text = try? Transcoder(from: .gb18030).convert(field, final: true), looksChinese(text) {
                message += "; the bytes read as GB18030 (\"\(String(decoding: text, as: UTF8.self).prefix(20))\"): set "
                    + "\"encoding\": \"gb18030\" for this input in the manifest, or convert the file with "
                    + "iconv -f GB18030 -t UTF-8 \(file) > utf8.csv"
            } else {
                message += "; if the file is Latin-1, set \"encoding\": \"latin1\" for this input in the manifest"
            }
            throw InputError(file: file, location: location, message: message)
        }
    }

    /// Offset of the first byte that is not part of valid UTF-8, nil when all is.
    static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput: return nil
            case .error: return min(offset, bytes.count - 1)
            }
        }
    }

    /// Two CJK unified ideographs (U+4E00…U+9FFF) in a row. Latin-1 text also decodes as GB18030 now and
    /// then (a letter byte after "ü" is a valid second byte), but its accented letters stand alone in words.
    static func looksChinese(_ utf8: [UInt8]) -> Bool {
        var previousHan = false
        for scalar in String(decoding: utf8, as: UTF8.self).unicodeScalars {
            let han = (0x4E00...0x9FFF).contains(scalar.value)
            if han && previousHan { return true }
            previousHan = han
        }
        return false
    }
}

/// Converts bytes from one encoding to UTF-8 with iconv, keeping an incomplete multi-byte sequence at the end
/// of one chunk for the next.
final class Transcoder {
    private let handle: iconv_t
    private let encoding: TextEncoding
    private var pending: [UInt8] = []

    init(from encoding: TextEncoding) throws {
        self.encoding = encoding
        let h = iconv_open("UTF-8", encoding.iconvName)
        guard let h, h != iconv_t(bitPattern: -1) else { throw Failure.unavailable }
        handle = h
    }

    deinit { iconv_close(handle) }

    enum Failure: Error {
        case invalid(offset: Int)
        /// This system's iconv has no converter for the encoding.
        case unavailable
    }

    /// The UTF-8 of `bytes` (after any bytes kept from the last call). `final`: no more input follows, so an
    /// incomplete sequence at the end is invalid.
    func convert(_ bytes: [UInt8], final: Bool) throws -> [UInt8] {
        var input = pending + bytes
        pending = []
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        var produced = 0
        let result: Int? = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                let status = inBuf.count == 0 ? 0 : iconv(handle, &inPtr, &inLeft, &outPtr, &outLeft)
                produced = outBuf.count - outLeft
                if status == -1 {
                    let code = errno
                    let offset = inBuf.count - inLeft
                    if code == EINVAL, !final {
                        pending = Array(inBuf[offset...])
                        return nil
                    }
                    return offset
                }
                return nil
            }
        }
        if let offset = result { throw Failure.invalid(offset: offset) }
        output.removeLast(output.count - produced)
        return output
    }
}

/// A byte source in another encoding, handed on as UTF-8.
struct TranscodingSource: CsvByteSource {
    private var base: any CsvByteSource
    private let transcoder: Transcoder
    private let fileName: String
    private let encoding: TextEncoding
    private var consumed = 0

    init(_ base: any CsvByteSource, from encoding: TextEncoding, fileName: String) throws {
        self.base = base
        self.encoding = encoding
        self.fileName = fileName
        do {
            transcoder = try Transcoder(from: encoding)
        } catch {
            throw InputError(file: fileName, message: "this system's iconv cannot convert \(encoding.iconvName)")
        }
    }

    mutating func appendChunk(to buffer: inout [UInt8], maxCount: Int) throws -> Bool {
        var raw: [UInt8] = []
        let more = try base.appendChunk(to: &raw, maxCount: maxCount)
        do {
            buffer += try transcoder.convert(raw, final: !more)
        } catch Transcoder.Failure.invalid(let offset) {
            throw InputError(file: fileName, location: "byte \(consumed + offset + 1)",
                             message: "not valid \(encoding.iconvName) text (the manifest's \"encoding\" says \(encoding.rawValue))")
        }
        consumed += raw.count
        return more
    }
}

/// Checks on an input path before it is opened, so that a folder, a device or an unreadable file gets one
/// plain message instead of the system's.
public enum InputFile {
    public static func requireRegularFile(_ path: String, displayName: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw InputError(file: displayName, message: errno == ENOENT ? "no such file" : "cannot be read (\(String(cString: strerror(errno))))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw InputError(file: displayName, message: "is a folder, not a file")
        default: throw InputError(file: displayName, message: "is not a regular file (a device, pipe or socket)")
        }
        guard access(path, R_OK) == 0 else {
            throw InputError(file: displayName, message: "cannot be read (no read permission)")
        }
    }
}
