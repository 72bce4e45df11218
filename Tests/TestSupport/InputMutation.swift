import Foundation

/// SplitMix64 for the randomised and robustness tests: small, fast and the same on every platform, so a seed
/// reproduces a case.
public typealias SplitMix64 = MutationRandom

/// The tests' SplitMix64 (`SplitMix64` names it where no mutation is involved).
public struct MutationRandom: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `METROCOMMUTE_TEST_SEED` when set (decimal), else a fixed seed; failure messages print it.
    public static let baseSeed: UInt64 = {
        if let s = ProcessInfo.processInfo.environment["METROCOMMUTE_TEST_SEED"], let v = UInt64(s) { return v }
        return 20_240_707
    }()

    /// A generator for one family of cases: the base seed mixed with a fixed salt per family.
    public static func family(_ salt: UInt64) -> MutationRandom { MutationRandom(seed: baseSeed ^ (salt &* 0x2545_F491_4F6C_DD1D)) }
}

/// One damaged variant of an input: what was done (with the seed, so it can be reproduced) and the bytes.
public struct Mutant: Sendable, CustomStringConvertible {
    public var label: String
    public var bytes: [UInt8]
    public init(_ label: String, _ bytes: [UInt8]) { self.label = label; self.bytes = bytes }
    public init(_ label: String, text: String) { self.label = label; self.bytes = Array(text.utf8) }
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    public var description: String { "\(label) (METROCOMMUTE_TEST_SEED=\(MutationRandom.baseSeed))" }
}

/// Derives damaged variants of good inputs: bytes (truncation, flips, deletions, duplications, bytes that are
/// not UTF-8), lines of a delimited text (deleted, duplicated, swapped, columns swapped, fields emptied or
/// replaced by extreme values) and numbers in JSON text (replaced by extreme values).
public enum InputMutator {
    /// Field values that break naive parsers: huge, tiny, negative, non-finite, not numbers, quotes.
    public static let extremeValues = [
        "1e308", "-1e308", "1e400", "-1e400", "99999999999", "-99999999999", "9223372036854775808", "NaN", "nan",
        "Infinity", "-Infinity", "inf", "0", "-0", "-1", "1e-320", "0x1F", " ", "\"", "\"unterminated", "a\"b", "１２",
    ]
    /// Numbers to put where JSON has a number (JSON text, so non-finite words make the file invalid JSON).
    public static let extremeJSONNumbers = [
        "1e308", "-1e308", "1e400", "-1e400", "99999999999", "-99999999999", "0", "-0", "-1", "1e-320",
        "18446744073709551616", "NaN", "Infinity", "-Infinity", "null", "\"12\"", "[]", "{}",
    ]

    /// `count` random byte-level variants of `original`.
    public static func byteMutants(_ original: [UInt8], count: Int, rng: inout MutationRandom, name: String) -> [Mutant] {
        var result: [Mutant] = []
        guard !original.isEmpty else { return [Mutant("\(name): empty", [])] }
        for i in 0..<count {
            var b = original
            let at = Int.random(in: 0..<b.count, using: &rng)
            let label: String
            switch i % 7 {
            case 0:
                b.removeSubrange(at...)
                label = "truncated at byte \(at)"
            case 1:
                let x = UInt8.random(in: 1...255, using: &rng)
                b[at] ^= x
                label = "byte \(at) xor \(x)"
            case 2:
                let v: UInt8 = [0x00, 0xFF, 0x80, 0x7F, 0x0A, 0x2C, 0x22][Int.random(in: 0..<7, using: &rng)]
                b[at] = v
                label = "byte \(at) set to \(v)"
            case 3:
                let bad: [[UInt8]] = [[0xFF], [0xC3, 0x28], [0xE2, 0x82], [0xF0, 0x90, 0x80], [0xED, 0xA0, 0x80], [0x00]]
                let seq = bad[Int.random(in: 0..<bad.count, using: &rng)]
                b.insert(contentsOf: seq, at: at)
                label = "non-UTF-8 bytes \(seq) inserted at \(at)"
            case 4:
                let n = Int.random(in: 1...max(1, min(64, b.count - at)), using: &rng)
                b.removeSubrange(at ..< at + n)
                label = "\(n) bytes deleted at \(at)"
            case 5:
                let n = Int.random(in: 1...max(1, min(64, b.count - at)), using: &rng)
                b.insert(contentsOf: b[at ..< at + n], at: at)
                label = "\(n) bytes duplicated at \(at)"
            default:
                // Several flips at once.
                var flips: [Int] = []
                for _ in 0..<4 {
                    let p = Int.random(in: 0..<b.count, using: &rng)
                    b[p] ^= UInt8.random(in: 1...255, using: &rng)
                    flips.append(p)
                }
                label = "bytes \(flips) flipped"
            }
            result.append(Mutant("\(name): \(label)", b))
        }
        return result
    }

    /// `count` random line/field-level variants of delimited text (first line = header).
    public static func lineMutants(_ text: String, count: Int, rng: inout MutationRandom, name: String,
                                   separator: Character = ",") -> [Mutant] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let usable = lines.indices.filter { !lines[$0].isEmpty }
        guard usable.count >= 2 else { return [] }
        var result: [Mutant] = []
        func fields(_ line: String) -> [String] { line.split(separator: separator, omittingEmptySubsequences: false).map(String.init) }
        for i in 0..<count {
            var l = lines
            let row = usable[Int.random(in: 1..<usable.count, using: &rng)]
            let label: String
            switch i % 8 {
            case 0:
                let which = usable[Int.random(in: 0..<usable.count, using: &rng)]
                l.remove(at: which)
                label = "line \(which + 1) deleted"
            case 1:
                l.insert(l[row], at: row)
                label = "line \(row + 1) duplicated"
            case 2:
                let other = usable[Int.random(in: 0..<usable.count, using: &rng)]
                l.swapAt(row, other)
                label = "lines \(row + 1) and \(other + 1) swapped"
            case 3:
                // Two columns swapped in every data row (the header stays): values land in the wrong columns.
                let width = fields(l[usable[0]]).count
                guard width >= 2 else { continue }
                let a = Int.random(in: 0..<width, using: &rng)
                var c = Int.random(in: 0..<width - 1, using: &rng)
                if c >= a { c += 1 }
                for r in usable.dropFirst() {
                    var f = fields(l[r])
                    if f.count > max(a, c) { f.swapAt(a, c) }
                    l[r] = f.joined(separator: String(separator))
                }
                label = "columns \(a) and \(c) swapped in the data rows"
            case 4:
                var f = fields(l[row])
                let col = Int.random(in: 0..<f.count, using: &rng)
                f[col] = ""
                l[row] = f.joined(separator: String(separator))
                label = "line \(row + 1) field \(col) emptied"
            case 5:
                var f = fields(l[row])
                f.removeLast()
                l[row] = f.joined(separator: String(separator))
                label = "line \(row + 1) last field removed"
            default:
                var f = fields(l[row])
                let col = Int.random(in: 0..<f.count, using: &rng)
                let v = extremeValues[Int.random(in: 0..<extremeValues.count, using: &rng)]
                f[col] = v
                l[row] = f.joined(separator: String(separator))
                label = "line \(row + 1) field \(col) = \(v)"
            }
            result.append(Mutant("\(name): \(label)", text: l.joined(separator: "\n")))
        }
        return result
    }

    /// Every variant with one field of `column` (by header name) replaced by each extreme value, on data row `row` (1-based).
    public static func columnMutants(_ text: String, column: String, row: Int = 1, name: String,
                                     values: [String] = extremeValues) -> [Mutant] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let col = lines[0].split(separator: ",", omittingEmptySubsequences: false).firstIndex(where: { $0 == column }),
              row < lines.count else { return [] }
        let original = lines[row]
        return values.map { v in
            var f = original.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            f[col] = v
            lines[row] = f.joined(separator: ",")
            return Mutant("\(name): line \(row + 1) \(column) = \(v)", text: lines.joined(separator: "\n"))
        }
    }

    /// `count` variants of JSON text with one number token replaced by an extreme value, plus structural damage.
    public static func jsonMutants(_ text: String, count: Int, rng: inout MutationRandom, name: String) -> [Mutant] {
        let scalars = Array(text.unicodeScalars)
        // Number tokens: a run of [-0-9.eE+] that starts with - or a digit, outside strings.
        var numbers: [Range<Int>] = []
        var brackets: [Int] = []
        var inString = false, escaped = false
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                i += 1
                continue
            }
            if c == "\"" { inString = true; i += 1; continue }
            if "[]{}".unicodeScalars.contains(c) { brackets.append(i) }
            if c == "-" || ("0"..."9").contains(c) {
                let start = i
                while i < scalars.count, "-+.eE0123456789".unicodeScalars.contains(scalars[i]) { i += 1 }
                numbers.append(start ..< i)
                continue
            }
            i += 1
        }
        var result: [Mutant] = []
        func string(_ s: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(s)) }
        for k in 0..<count {
            if k % 5 == 4, !brackets.isEmpty {
                let at = brackets[Int.random(in: 0..<brackets.count, using: &rng)]
                let text = string(scalars[..<at]) + string(scalars[(at + 1)...])
                result.append(Mutant("\(name): bracket at scalar \(at) deleted", text: text))
                continue
            }
            guard !numbers.isEmpty else { break }
            let r = numbers[Int.random(in: 0..<numbers.count, using: &rng)]
            let v = extremeJSONNumbers[Int.random(in: 0..<extremeJSONNumbers.count, using: &rng)]
            let text = string(scalars[..<r.lowerBound]) + v + string(scalars[r.upperBound...])
            result.append(Mutant("\(name): number \(string(scalars[r])) at scalar \(r.lowerBound) → \(v)", text: text))
        }
        return result
    }
}

/// A ZIP archive of stored (uncompressed) members, written by hand for fixtures (PKWARE APPNOTE 4.3).
public enum StoredZip {
    public static func make(_ members: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func u16(_ v: Int, _ a: inout [UInt8]) { a += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int, _ a: inout [UInt8]) { u16(v & 0xFFFF, &a); u16(v >> 16 & 0xFFFF, &a) }
        for m in members {
            let name = Array(m.name.utf8)
            let crc = Int(crc32(m.bytes))
            let offset = out.count
            u32(0x0403_4B50, &out); u16(20, &out); u16(0, &out); u16(0, &out); u16(0, &out); u16(0x21, &out)
            u32(crc, &out); u32(m.bytes.count, &out); u32(m.bytes.count, &out); u16(name.count, &out); u16(0, &out)
            out += name + m.bytes
            u32(0x0201_4B50, &central); u16(20, &central); u16(20, &central); u16(0, &central); u16(0, &central)
            u16(0, &central); u16(0x21, &central); u32(crc, &central); u32(m.bytes.count, &central)
            u32(m.bytes.count, &central); u16(name.count, &central); u16(0, &central); u16(0, &central)
            u16(0, &central); u16(0, &central); u32(0, &central); u32(offset, &central)
            central += name
        }
        let centralOffset = out.count
        out += central
        u32(0x0605_4B50, &out); u16(0, &out); u16(0, &out); u16(members.count, &out); u16(members.count, &out)
        u32(central.count, &out); u32(centralOffset, &out); u16(0, &out)
        return out
    }

    /// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), bit by bit.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
