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

    /// As `append`, but a whole number keeps one decimal (`3.0`), so that a reader types the value as a real.
    public func appendReal(_ value: Double, to out: inout [UInt8]) {
        let start = out.count
        append(value, to: &out)
        guard value.isFinite, !out[start...].contains(UInt8(ascii: ".")) else { return }
        out.append(contentsOf: [UInt8(ascii: "."), UInt8(ascii: "0")])
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
        // Fast path: the computed product differs from the exact one by at most half an ulp, and the distance
        // of its fraction from .5 is computed exactly; when that distance exceeds an ulp, both round alike.
        if abs(scaled) < 4.0e15 {
            let distanceFromTie = abs(abs(scaled - scaled.rounded(.towardZero)) - 0.5)
            if distanceFromTie > scaled.ulp {
                appendScaled(Int64(scaled.rounded(.toNearestOrAwayFromZero)), digits: digits, to: &out)
                return
            }
        }
        appendExact(value, digits: digits, to: &out)
    }

    private static let integerPowersOfTen: [UInt64] = (0...17).map { e in
        var p: UInt64 = 1
        for _ in 0..<e { p *= 10 }
        return p
    }

    /// `scaled / 10^digits`, trailing zeros dropped.
    private func appendScaled(_ scaled: Int64, digits: Int, to out: inout [UInt8]) {
        if scaled == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        if scaled < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = scaled.magnitude
        let unit = Self.integerPowersOfTen[digits]
        appendDigits(magnitude / unit, count: 1, to: &out)
        var fraction = magnitude % unit
        guard fraction != 0 else { return }
        var fractionDigits = digits
        while fraction % 10 == 0 {
            fraction /= 10
            fractionDigits -= 1
        }
        out.append(UInt8(ascii: "."))
        appendDigits(fraction, count: fractionDigits, to: &out)
    }

    /// The decimal digits of `value`, left-padded with zeros to at least `count` digits.
    private func appendDigits(_ value: UInt64, count: Int, to out: inout [UInt8]) {
        var n = 1
        var rest = value / 10
        while rest > 0 {
            n += 1
            rest /= 10
        }
        n = max(n, count)
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n))
        var v = value
        var k = start + n - 1
        while v > 0 {
            out[k] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            k -= 1
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
