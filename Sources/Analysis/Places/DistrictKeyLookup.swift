/// A district as a user's table names it (OD tables, `surface --opportunities`): its name ("朝阳区"), city + name
/// ("北京市朝阳区") or administrative code ("110105"). A name shared by several districts is ambiguous; a key that
/// matches no name is tried as a code. The callers word the errors (each names its file, line and column).
public struct DistrictKeyLookup: Sendable {
    public enum Match: Equatable, Sendable {
        case district(Int)
        /// The districts sharing the name, ascending.
        case ambiguous([Int])
        case unknown
    }

    private var byName: [String: [Int]] = [:]
    private var byCode: [Int: Int] = [:]

    /// `districts[i]`: the name, city name and code of district i.
    public init(districts: [(name: String, cityName: String?, code: Int?)]) {
        for (i, d) in districts.enumerated() {
            byName[d.name, default: []].append(i)
            if let city = d.cityName { byName[city + d.name, default: []].append(i) }
            if let code = d.code { byCode[code] = i }
        }
    }

    /// The district `key` (trimmed of spaces) names.
    public func match(_ key: String) -> Match {
        let key = key.trimmingCharacters(in: .whitespaces)
        if let found = byName[key] { return found.count == 1 ? .district(found[0]) : .ambiguous(found.sorted()) }
        if let code = Int(key), let i = byCode[code] { return .district(i) }
        return .unknown
    }

    /// Every name a key can match (names and city + names), for "closest" suggestions.
    public var names: [String] { Array(byName.keys) }
}
