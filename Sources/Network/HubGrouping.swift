import GeoCore

/// Groups stops into hubs (station complexes) with union-find. Two stops share a hub when
/// 1. one is the other's parent station, or both have the same parent key;
/// 2. their normalised names are equal (see `normalizedName`) and they are at most
///    `sameNameHubMaxMeters` apart (crow-fly); or
/// 3. both are served by trips, their tier masks differ, and they are at most `hubRadiusMeters` apart.
/// Rule 3 deliberately does not join two stops of the same tiers (neighbouring metro stations in a dense
/// centre are often < 800 m apart). Hubs are numbered by their lowest member stop.
public enum HubGrouping {
    /// The name used to match stops of one place: brackets and their content removed (ASCII and full-width,
    /// e.g. "(南海有轨)", "（4号线）"), a leading "地铁" removed, a trailing "站" removed, surrounding spaces
    /// trimmed, ASCII letters lower-cased. "地铁北京南站(4号线)" → "北京南"; "天津站" → "天津".
    public static func normalizedName(_ name: String) -> String {
        var out = ""
        var depth = 0
        for ch in name {
            switch ch {
            case "(", "（", "[", "【": depth += 1
            case ")", "）", "]", "】": depth = max(0, depth - 1)
            default: if depth == 0 { out.append(ch) }
            }
        }
        out = out.trimmingSpaces()
        if out.hasPrefix("地铁") && out.count > 2 { out.removeFirst(2) }
        if out.hasSuffix("站") && out.count > 1 { out.removeLast() }
        return out.trimmingSpaces().lowercased()
    }

    /// Hub of every stop (dense, numbered by lowest member) and the hub count.
    static func group(names: [String], coordinates: [Coordinate], keys: [String], parentKeys: [String],
                      tierMasks: [UInt8], parameters: BuildParameters) -> (hubOfStop: [UInt32], hubCount: Int) {
        let n = names.count
        var sets = DisjointSets(count: n)
        // 1. Parent stations.
        var indexOfKey: [String: Int] = [:]
        for i in 0..<n where indexOfKey[keys[i]] == nil { indexOfKey[keys[i]] = i }
        var firstWithParent: [String: Int] = [:]
        for i in 0..<n where !parentKeys[i].isEmpty {
            if let p = indexOfKey[parentKeys[i]] { sets.union(i, p) }
            if let other = firstWithParent[parentKeys[i]] { sets.union(i, other) } else { firstWithParent[parentKeys[i]] = i }
        }
        // 2. Same normalised name, within the same-name distance.
        var byName: [String: [Int]] = [:]
        for i in 0..<n {
            let key = normalizedName(names[i])
            if !key.isEmpty { byName[key, default: []].append(i) }
        }
        for members in byName.values where members.count > 1 {
            for a in 0..<members.count {
                for b in (a + 1)..<members.count
                where Earth.haversineMeters(coordinates[members[a]], coordinates[members[b]]) <= parameters.sameNameHubMaxMeters {
                    sets.union(members[a], members[b])
                }
            }
        }
        // 3. Different tiers within the hub radius.
        if parameters.hubRadiusMeters > 0 && n > 1 {
            let grid = PointGrid(longitudes: coordinates.map(\.longitude), latitudes: coordinates.map(\.latitude),
                                 cellMeters: parameters.hubRadiusMeters)
            for i in 0..<n where tierMasks[i] != 0 {
                grid.forEach(within: parameters.hubRadiusMeters, of: coordinates[i]) { j, _ in
                    if j > i && tierMasks[j] != 0 && tierMasks[j] != tierMasks[i] { sets.union(i, j) }
                }
            }
        }
        var hubOfRoot: [Int: UInt32] = [:]
        var hubOfStop = [UInt32](repeating: 0, count: n)
        for i in 0..<n {
            let root = sets.find(i)
            if let h = hubOfRoot[root] { hubOfStop[i] = h } else {
                let h = UInt32(hubOfRoot.count)
                hubOfRoot[root] = h
                hubOfStop[i] = h
            }
        }
        return (hubOfStop, hubOfRoot.count)
    }

    /// A hub's name, taken from the members of its highest tier (trunk before intercity, suburban, metro:
    /// "天津南" rather than the metro station's "南站"): among those, the most frequent normalised name (ties:
    /// shorter, then smaller), shown as the shortest original member name having it (ties: smaller).
    static func hubName(memberNames: [String], memberTierMasks: [UInt8]? = nil) -> String {
        var candidates = memberNames
        if let masks = memberTierMasks, masks.count == memberNames.count {
            let lowestBit = masks.filter { $0 != 0 }.map { $0 & (~$0 &+ 1) }.min()
            if let bit = lowestBit {
                candidates = zip(memberNames, masks).filter { $0.1 & bit != 0 }.map(\.0)
            }
        }
        var counts: [String: Int] = [:]
        for name in candidates { counts[normalizedName(name), default: 0] += 1 }
        let best = counts.min { a, b in
            if a.value != b.value { return a.value > b.value }
            if a.key.count != b.key.count { return a.key.count < b.key.count }
            return a.key < b.key
        }
        guard let key = best?.key else { return "" }
        return candidates.filter { normalizedName($0) == key }
            .min { $0.count != $1.count ? $0.count < $1.count : $0 < $1 } ?? ""
    }
}

/// Union-find with path halving and union by size.
struct DisjointSets {
    private var parent: [Int]
    private var size: [Int]
    init(count: Int) { parent = Array(0..<count); size = [Int](repeating: 1, count: count) }
    mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
        return x
    }
    mutating func union(_ a: Int, _ b: Int) {
        var ra = find(a), rb = find(b)
        if ra == rb { return }
        if size[ra] < size[rb] { swap(&ra, &rb) }
        parent[rb] = ra
        size[ra] += size[rb]
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
