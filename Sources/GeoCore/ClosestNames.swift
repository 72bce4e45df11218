/// "Did you mean": the candidates nearest to a name that matched nothing, by edit distance over characters
/// (Chinese names compare character by character). Used for place names and manifest keys.
public enum ClosestNames {
    /// Edit distance (insertions, deletions, substitutions, each 1) between two strings, by Character.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The `limit` closest distinct non-empty candidates, nearest first (ties: shorter, then code-point order).
    /// `distance` defaults to `editDistance`.
    public static func closest(to query: String, among candidates: [String], limit: Int = 3,
                               distance: (String, String) -> Int = editDistance) -> [String] {
        let scored = Set(candidates).filter { !$0.isEmpty }.map { (name: $0, d: distance(query, $0)) }
        return scored.sorted { a, b in
            if a.d != b.d { return a.d < b.d }
            if a.name.count != b.name.count { return a.name.count < b.name.count }
            return a.name < b.name
        }.prefix(limit).map(\.name)
    }
}
