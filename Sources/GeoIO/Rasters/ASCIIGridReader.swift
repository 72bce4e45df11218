import Foundation
import GeoCore

/// Reads an ESRI ASCII grid (.asc): a header of `ncols`, `nrows`, `xllcorner`|`xllcenter`,
/// `yllcorner`|`yllcenter`, `cellsize` and an optional `NODATA_value` (keys in any case, any order), then
/// `nrows` rows of `ncols` numbers from north to south. The CRS is the `.prj` sidecar beside the file (WKT)
/// when there is one, else `crs`; a grid with neither is refused, since its numbers cannot be placed.
/// Errors name the file, the line and the problem.
public enum ASCIIGridReader {
    /// Largest grid accepted (cells), about 0.4 GB of values.
    public static let maxCellCount = 50_000_000

    public static func read(path: String, crs: String? = nil) throws -> RasterGrid {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw InputError(file: path, message: "cannot read the grid: \(error.localizedDescription)")
        }
        let prjPath = url.deletingPathExtension().appendingPathExtension("prj").path
        var gridCRS = crs
        if let prj = FileManager.default.contents(atPath: prjPath),
           let text = String(data: prj, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            gridCRS = gridCRS ?? text
        }
        guard let gridCRS else {
            throw InputError(file: path, message: "the grid's CRS is unknown: put a .prj beside it or give the CRS (e.g. EPSG:4547)")
        }
        return try parse(bytes: [UInt8](data), fileName: path, crs: gridCRS)
    }

    public static func parse(bytes: [UInt8], fileName: String, crs: String?) throws -> RasterGrid {
        var tokenizer = Tokenizer(bytes: bytes)
        var header: [String: Double] = [:]
        var cornerX = true, cornerY = true
        let keys = ["ncols", "nrows", "xllcorner", "xllcenter", "yllcorner", "yllcenter", "cellsize", "nodata_value"]
        // Header: keyword/value pairs until the first token that is a number.
        while let (token, line) = tokenizer.peek(), Double(token) == nil {
            let key = token.lowercased()
            guard keys.contains(key) else {
                throw InputError(file: fileName, location: "line \(line)", message: "unknown header key \"\(token)\" (expected \(keys.joined(separator: ", ")))")
            }
            _ = tokenizer.next()
            guard let (valueText, valueLine) = tokenizer.next(), let value = Double(valueText), value.isFinite else {
                throw InputError(file: fileName, location: "line \(line)", message: "header key \(token) needs a number")
            }
            if header[key] != nil { throw InputError(file: fileName, location: "line \(valueLine)", message: "header key \(token) given twice") }
            header[key] = value
            if key == "xllcenter" { cornerX = false }
            if key == "yllcenter" { cornerY = false }
        }
        func required(_ names: [String]) throws -> Double {
            for n in names { if let v = header[n] { return v } }
            throw InputError(file: fileName, location: "line \(1)", message: "the header lacks \(names.joined(separator: " or "))")
        }
        let columns = try required(["ncols"]), rows = try required(["nrows"])
        guard columns >= 1, rows >= 1, columns == columns.rounded(), rows == rows.rounded() else {
            throw InputError(file: fileName, location: "line \(1)", message: "ncols and nrows must be whole numbers ≥ 1")
        }
        guard columns * rows <= Double(maxCellCount) else {
            throw InputError(file: fileName, location: "line \(1)", message: "\(Int(columns)) × \(Int(rows)) cells is more than \(maxCellCount)")
        }
        let size = try required(["cellsize"])
        guard size > 0 else { throw InputError(file: fileName, location: "line \(1)", message: "cellsize must be positive") }
        var x = try required(["xllcorner", "xllcenter"]), y = try required(["yllcorner", "yllcenter"])
        if !cornerX { x -= size / 2 }
        if !cornerY { y -= size / 2 }
        let nodata = header["nodata_value"]
        let count = Int(columns) * Int(rows)
        var values = [Double?](repeating: nil, count: count)
        for k in 0..<count {
            guard let (token, line) = tokenizer.next() else {
                throw InputError(file: fileName, location: "line \(tokenizer.line)", message: "the grid ends after \(k) of \(count) values")
            }
            guard let v = Double(token), v.isFinite else {
                throw InputError(file: fileName, location: "line \(line)", message: "\"\(token)\" is not a number")
            }
            values[k] = v == nodata ? nil : v
        }
        if let (token, line) = tokenizer.next() {
            throw InputError(file: fileName, location: "line \(line)", message: "more values than ncols × nrows = \(count) (\"\(token)\")")
        }
        return RasterGrid(columnCount: Int(columns), rowCount: Int(rows), minX: x, minY: y, cellSize: size,
                          values: values, crs: crs)
    }

    /// Whitespace-separated tokens with their 1-based line numbers; each byte is looked at once.
    private struct Tokenizer {
        let bytes: [UInt8]
        var position = 0
        var line = 1
        private var peeked: (String, Int)??

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func peek() -> (String, Int)? {
            if let p = peeked { return p }
            let t = scan()
            peeked = .some(t)
            return t
        }

        mutating func next() -> (String, Int)? {
            if let p = peeked { peeked = nil; return p }
            return scan()
        }

        private mutating func scan() -> (String, Int)? {
            while position < bytes.count, Self.isSpace(bytes[position]) {
                if bytes[position] == 0x0A { line += 1 }
                position += 1
            }
            guard position < bytes.count else { return nil }
            let start = position
            while position < bytes.count, !Self.isSpace(bytes[position]) { position += 1 }
            return (String(decoding: bytes[start..<position], as: UTF8.self), line)
        }

        private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    }
}
