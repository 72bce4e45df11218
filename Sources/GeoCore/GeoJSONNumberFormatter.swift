#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes numbers for canonical JSON: at most `maximumFractionDigits` decimals, correctly rounded from the
/// exact binary value (ties to even, as C's `%.*f`), no trailing zeros, no "-0", integers without a point,
/// non-finite values as `null`. Equal inputs give equal bytes.
public struct GeoJSONNumberFormatter: Sendable, Hashable {
    public var maximumFractionDigits: Int

    public init(maximumFractionDigits: Int = 6) {
        precondition((0...17).contains(maximumFractionDigits), "maximumFractionDigits must be in 0...17")
        self.maximumFractionDigits = maximumFractionDigits
    }

    public func string(_ value: Double) -> String {
        var bytes: [UInt8] = []
        append(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let powersOfTen: [Double] = (0...17).map { e in
        var p = 1.0
        for _ in 0..<e { p *= 10 }
        return p
    }

    public func append(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else {
            out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])  // null
            return
        }
        let digits = maximumFractionDigits
        let scaled = value * Self.powersOfTen[digits]
        // Fast path: the product carries a relative error below 2^-53, so for |scaled| < 1e12 its absolute
        // error is below 1.2e-4; at least 1e-3 away from a tie it therefore rounds like the exact product.
        if abs(scaled) < 1e12 {
            let rounded = scaled.rounded(.toNearestOrAwayFromZero)
            let distanceFromTie = abs(abs(scaled - scaled.rounded(.towardZero)) - 0.5)
            if distanceFromTie > 1e-3 {
                appendScaled(Int64(rounded), digits: digits, to: &out)
                return
            }
        }
        appendExact(value, digits: digits, to: &out)
    }

    /// `scaled / 10^digits`, trailing zeros dropped.
    private func appendScaled(_ scaled: Int64, digits: Int, to out: inout [UInt8]) {
        if scaled == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        if scaled < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = scaled.magnitude
        var fraction = [UInt8](repeating: UInt8(ascii: "0"), count: digits)
        for k in stride(from: digits - 1, through: 0, by: -1) {
            fraction[k] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        }
        out.append(contentsOf: String(magnitude).utf8)
        var end = digits
        while end > 0 && fraction[end - 1] == UInt8(ascii: "0") { end -= 1 }
        if end > 0 {
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: fraction[0..<end])
        }
    }

    /// C's exact `%.*f` conversion, then the same clean-up.
    private func appendExact(_ value: Double, digits: Int, to out: inout [UInt8]) {
        // Largest finite double has 309 integer digits.
        var buffer = [CChar](repeating: 0, count: 360)
        let written = withVaList([Int32(digits), value]) { args in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, "%.*f", args) }
        }
        precondition(written > 0 && Int(written) < buffer.count, "vsnprintf failed")
        var text = buffer[0..<Int(written)].map { UInt8(bitPattern: $0) }
        if text.contains(UInt8(ascii: ".")) {
            while text.last == UInt8(ascii: "0") { text.removeLast() }
            if text.last == UInt8(ascii: ".") { text.removeLast() }
        }
        if text.first == UInt8(ascii: "-"), text.dropFirst().allSatisfy({ $0 == UInt8(ascii: "0") }) {
            text.removeFirst()
        }
        out.append(contentsOf: text)
    }
}
