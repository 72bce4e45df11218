import Foundation

/// The most memory one read or build may ask for. Readers estimate each large allocation before making it
/// (trips generated from frequencies, a zip member or bzip2 stream held whole, one CSV record, one XML token)
/// and stop with one `InputError` naming the input, the estimate and the option when it is past the limit.
///
/// The default, 8 GiB, leaves room for the rest of a build on a 24 GB machine; the CLI sets it from
/// `--max-memory`. The limit is on memory, never on counts: a feed of millions of trips is fine while it fits.
public struct MemoryLimit: Sendable, Equatable, CustomStringConvertible {
    public var bytes: Int

    public init(bytes: Int) { self.bytes = max(0, bytes) }

    /// 8 GiB.
    public static let `default` = MemoryLimit(bytes: 8 << 30)
    /// The option that sets the limit, named in every error.
    public static let optionName = "--max-memory"

    public var description: String { Self.format(bytes) }

    /// Throws when `estimate` bytes (for `what`, e.g. "the trips generated from frequencies.txt") exceed the limit.
    public func check(_ estimate: Int, for what: String, file: String, location: String? = nil) throws {
        guard estimate > bytes else { return }
        throw InputError(file: file, location: location,
                         message: "\(what) would need about \(Self.format(estimate)) of memory, more than the limit of "
                             + "\(Self.format(bytes)) (\(Self.optionName) raises it)")
    }

    /// `a × b` without overflow (saturating at `Int.max`), for estimates built from counts in the input.
    public static func product(_ values: Int...) -> Int {
        var result = 1
        for v in values {
            let (p, overflow) = result.multipliedReportingOverflow(by: max(0, v))
            if overflow { return Int.max }
            result = p
        }
        return result
    }

    /// Bytes in binary units with one decimal: "512 B", "3.5 MiB", "8.0 GiB".
    public static func format(_ bytes: Int) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        guard bytes >= 1024 else { return "\(bytes) B" }
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        return "\((value * 10).rounded() / 10) \(units[unit])"
    }

    /// Parses "8G", "512M", "4GiB", "2000000000" (bytes); nil for anything else. For `--max-memory`.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let suffixes: [(String, Int)] = [("TIB", 1 << 40), ("GIB", 1 << 30), ("MIB", 1 << 20), ("KIB", 1 << 10),
                                         ("TB", 1 << 40), ("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10),
                                         ("T", 1 << 40), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10), ("B", 1)]
        var number = Substring(t), scale = 1
        for (suffix, s) in suffixes where t.hasSuffix(suffix) {
            number = t.dropLast(suffix.count)
            scale = s
            break
        }
        guard let value = Double(number.trimmingCharacters(in: .whitespaces)), value.isFinite, value > 0,
              value * Double(scale) < Double(Int.max) / 2 else { return nil }
        self.init(bytes: Int(value * Double(scale)))
    }
}
