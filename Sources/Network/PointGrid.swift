import GeoCore

/// Points (stops, street or road nodes) bucketed in cells of about `cellMeters`, for radius and nearest queries
/// by haversine distance. Cells are CSR arrays sorted by cell key; built once, read-only. Queries look one ring
/// of cells beyond the radius, so a point near a cell edge at a high latitude is never missed.
public struct PointGrid: Sendable {
    private let longitudes: [Double]
    private let latitudes: [Double]
    private let cellLatitudeDegrees: Double
    private let cellLongitudeDegrees: Double
    /// Sorted distinct cell keys, and the points of cell `keys[i]` at `members[start[i] ..< start[i + 1]]`.
    private let keys: [Int64]
    private let start: [Int32]
    private let members: [Int32]

    private static let metersPerDegreeLatitude = Earth.meanRadiusMeters * Double.pi / 180

    /// Cells are at least this wide: a radius from user data (a hub radius of 1e-300 m) must not make cell
    /// indices overflow.
    public static let minimumCellMeters = 1.0

    public var count: Int { longitudes.count }

    public init(longitudes: [Double], latitudes: [Double], cellMeters: Double) {
        precondition(longitudes.count == latitudes.count, "one latitude per longitude")
        precondition(cellMeters > 0, "cell size must be positive")
        self.longitudes = longitudes
        self.latitudes = latitudes
        // At most the Earth: wider is as good as one cell.
        cellLatitudeDegrees = min(max(cellMeters, PointGrid.minimumCellMeters), 4e7) / PointGrid.metersPerDegreeLatitude
        // The narrowest cell (highest latitude) keeps the ring count an upper bound everywhere.
        let maxAbsLatitude = min(89.0, latitudes.map { abs($0) }.max() ?? 0)
        cellLongitudeDegrees = cellLatitudeDegrees / max(0.01, cos(maxAbsLatitude * Double.pi / 180))
        var keyed: [(Int64, Int32)] = []
        keyed.reserveCapacity(longitudes.count)
        for i in longitudes.indices {
            keyed.append((PointGrid.key(column: Int64((longitudes[i] / cellLongitudeDegrees).rounded(.down)),
                                              row: Int64((latitudes[i] / cellLatitudeDegrees).rounded(.down))), Int32(i)))
        }
        keyed.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var keys: [Int64] = [], start: [Int32] = []
        for (k, (key, _)) in keyed.enumerated() where keys.last != key {
            keys.append(key); start.append(Int32(k))
        }
        start.append(Int32(keyed.count))
        self.keys = keys; self.start = start; members = keyed.map(\.1)
    }

    private static func key(column: Int64, row: Int64) -> Int64 { (column << 32) ^ (row & 0xFFFF_FFFF) }

    private func cellMembers(column: Int64, row: Int64) -> Range<Int>? {
        let k = PointGrid.key(column: column, row: row)
        var lo = 0, hi = keys.count
        while lo < hi { let mid = (lo + hi) >> 1; if keys[mid] < k { lo = mid + 1 } else { hi = mid } }
        guard lo < keys.count, keys[lo] == k else { return nil }
        return Int(start[lo]) ..< Int(start[lo + 1])
    }

    public func coordinate(_ i: Int) -> Coordinate { Coordinate(longitude: longitudes[i], latitude: latitudes[i]) }

    /// Every point within `radiusMeters` of `center`, ascending index, with its distance in metres.
    public func points(within radiusMeters: Double, of center: Coordinate) -> [(index: Int, meters: Double)] {
        guard !keys.isEmpty, center.isValidGeographic, radiusMeters >= 0 else { return [] }
        let ringCount = (radiusMeters / (cellLatitudeDegrees * PointGrid.metersPerDegreeLatitude)).rounded(.up) + 1
        var hits: [(index: Int, meters: Double)] = []
        // A radius spanning more cells than there are points (or an infinite one): test every point instead.
        guard ringCount.isFinite, (2 * ringCount + 1) * (2 * ringCount + 1) <= Double(longitudes.count) + 9 else {
            for i in longitudes.indices {
                let d = Earth.haversineMeters(center, coordinate(i))
                if d <= radiusMeters { hits.append((i, d)) }
            }
            return hits
        }
        let rings = Int64(ringCount)
        let c0 = Int64((center.longitude / cellLongitudeDegrees).rounded(.down))
        let r0 = Int64((center.latitude / cellLatitudeDegrees).rounded(.down))
        for dc in -rings...rings {
            for dr in -rings...rings {
                guard let range = cellMembers(column: c0 + dc, row: r0 + dr) else { continue }
                for k in range {
                    let i = Int(members[k])
                    let d = Earth.haversineMeters(center, coordinate(i))
                    if d <= radiusMeters { hits.append((i, d)) }
                }
            }
        }
        hits.sort { $0.index < $1.index }
        return hits
    }

    /// Calls `body(index, meters)` for every point within `radiusMeters` of `center`, ascending index.
    public func forEach(within radiusMeters: Double, of center: Coordinate, _ body: (Int, Double) -> Void) {
        for hit in points(within: radiusMeters, of: center) { body(hit.index, hit.meters) }
    }

    /// The nearest point within `radiusMeters` (ties: lower index), or nil.
    public func nearest(to center: Coordinate, within radiusMeters: Double) -> (index: Int, meters: Double)? {
        var best: (index: Int, meters: Double)?
        for hit in points(within: radiusMeters, of: center) where best == nil || hit.meters < best!.meters { best = hit }
        return best
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
