import GeoCore
import Network

/// "Did you mean" for place names: Levenshtein distance over characters (Chinese names compare character by
/// character), on the names as given and on their `HubGrouping.normalizedName` forms; the smaller counts.
public enum PlaceNameSuggestions {
    /// Edit distance (insertions, deletions, substitutions, each 1) between two strings, by Character.
    public static func editDistance(_ a: String, _ b: String) -> Int { ClosestNames.editDistance(a, b) }

    /// Distance of a query to a candidate name: the smaller of the raw and the normalised comparison.
    public static func distance(query: String, name: String) -> Int {
        min(editDistance(query, name),
            editDistance(HubGrouping.normalizedName(query), HubGrouping.normalizedName(name)))
    }

    /// The `limit` closest distinct candidates, nearest first (ties: shorter, then code-point order).
    public static func closest(to query: String, among candidates: [String], limit: Int = 5) -> [String] {
        ClosestNames.closest(to: query, among: candidates, limit: limit) { distance(query: $0, name: $1) }
    }
}
