/// GTFS times of day: `H:MM:SS` or `HH:MM:SS` counted from noon minus 12 h of the service day, so hours of
/// 24 and more are valid (a call after midnight).
public enum GTFSTime {
    /// Seconds after midnight, or nil when the text is not a time (minutes and seconds must be two digits < 60).
    public static func parseSeconds(_ text: String) -> Int? {
        let utf8 = Array(text.utf8)
        return utf8.withUnsafeBufferPointer { parseSeconds($0) }
    }

    static func parseSeconds(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = b.count
        guard n >= 7, n <= 9, b[n - 3] == 0x3A, b[n - 6] == 0x3A else { return nil }
        func digit(_ i: Int) -> Int? {
            let d = Int(b[i]) - 48
            return d >= 0 && d <= 9 ? d : nil
        }
        var hours = 0
        for i in 0..<(n - 6) {
            guard let d = digit(i) else { return nil }
            hours = hours * 10 + d
        }
        guard let m1 = digit(n - 5), let m2 = digit(n - 4), let s1 = digit(n - 2), let s2 = digit(n - 1),
              m1 < 6, s1 < 6 else { return nil }
        return hours * 3600 + (m1 * 10 + m2) * 60 + s1 * 10 + s2
    }

    /// `HH:MM:SS`, hours not wrapped at 24.
    public static func format(_ seconds: Int) -> String {
        let h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(h)):\(two(m)):\(two(s))"
    }
}
