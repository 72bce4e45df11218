import Foundation

/// A GTFS service date (`yyyymmdd`), proleptic Gregorian, no time zone.
public struct GTFSDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil when the date does not exist (e.g. 2023-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// Parses `yyyymmdd` (surrounding spaces allowed); nil when malformed.
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .init(charactersIn: " \t"))
        guard t.utf8.count == 8, t.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let v = Int(t) else { return nil }
        self.init(year: v / 10_000, month: v / 100 % 100, day: v % 100)
    }

    /// Parses ISO `yyyy-mm-dd` (as in manifests and on the command line); nil when malformed.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2 else { return nil }
        self.init(parts.joined())
    }

    /// `yyyy-mm-dd`.
    public var isoString: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// yyyymmdd as an integer, e.g. 20160310.
    public var number: Int { year * 10_000 + month * 100 + day }

    public var description: String { String(number) }

    public static func < (a: GTFSDate, b: GTFSDate) -> Bool { a.number < b.number }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// 0 = Monday … 6 = Sunday, the order of the weekday columns of calendar.txt.
    public var weekdayIndexFromMonday: Int {
        // 1970-01-01 was a Thursday (index 3).
        ((daysSinceEpoch % 7) + 7 + 3) % 7
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
