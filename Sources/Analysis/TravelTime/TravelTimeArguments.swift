import GeoCore
import Routing

/// Parsing of the user-facing travel-time options (clock times, percentile lists). Errors are `InputError`s
/// naming the option, in one line.
public enum TravelTimeArguments {
    /// "8:00", "08:00" or "08:00:30" → seconds after midnight of the service day. Hours 0…47 (GTFS service days
    /// run past midnight), minutes and seconds 0…59.
    public static func parseClock(_ text: String, argument: String = "--depart") throws -> Int32 {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        func number(_ s: Substring, digits: ClosedRange<Int>) -> Int? {
            guard digits.contains(s.count), s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(s)
        }
        guard parts.count == 2 || parts.count == 3,
              let h = number(parts[0], digits: 1...2), let m = number(parts[1], digits: 2...2),
              h <= 47, m <= 59 else {
            throw InputError(file: argument, message: "\"\(text)\" is not a time of day: expected HH:MM, 00:00 to 47:59 (e.g. 08:00)")
        }
        var s = 0
        if parts.count == 3 {
            guard let v = number(parts[2], digits: 2...2), v <= 59 else {
                throw InputError(file: argument, message: "\"\(text)\" is not a time of day: expected HH:MM or HH:MM:SS")
            }
            s = v
        }
        return Int32(h * 3600 + m * 60 + s)
    }

    /// "5,50,95" → [5, 50, 95]: 1 to `TravelTimeParameters.maxPercentileCount` distinct values within 0…100,
    /// returned ascending.
    public static func parsePercentiles(_ text: String, argument: String = "--percentile") throws -> [Double] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var values: [Double] = []
        for item in items {
            guard let v = Double(item), v.isFinite, v >= 0, v <= 100 else {
                throw InputError(file: argument, message: "\"\(item)\" is not a percentile between 0 and 100")
            }
            values.append(v)
        }
        guard Set(values).count == values.count else {
            throw InputError(file: argument, message: "\"\(text)\" repeats a percentile")
        }
        guard !values.isEmpty, values.count <= TravelTimeParameters.maxPercentileCount else {
            throw InputError(file: argument, message: "give 1 to \(TravelTimeParameters.maxPercentileCount) percentiles, not \(values.count)")
        }
        return values.sorted()
    }

    /// Column name of a percentile: "p50", "p2.5".
    public static func columnName(percentile p: Double) -> String {
        p.rounded() == p ? "p\(Int(p))" : "p\(p)"
    }
}
