import GeoCore

/// A uniform grid over lon/lat points for radius queries (internal to the builders).
/// Cells are `cellMeters` tall and wide at the points' mean latitude; points are stored cell by cell (CSR).
struct PointGrid {
    private let cellLatitudeDegrees: Double
    private let cellLongitudeDegrees: Double
    private var cellRanges: [Int64: Range<Int>] = [:]
    private var order: [Int32] = []
    private let longitudes: [Double]
    private let latitudes: [Double]

    private static let metersPerDegreeLatitude = Earth.meanRadiusMeters * Double.pi / 180

    /// Cells are at least this wide: a radius from user data (a hub radius of 1e-300 m) must not make cell
    /// indices overflow.
    static let minimumCellMeters = 1.0

    init(longitudes: [Double], latitudes: [Double], cellMeters: Double) {
        precondition(longitudes.count == latitudes.count && cellMeters > 0)
        self.longitudes = longitudes
        self.latitudes = latitudes
        let meanLatitude = latitudes.isEmpty ? 0 : latitudes.reduce(0, +) / Double(latitudes.count)
        // Wider than the Earth is as good as one cell.
        cellLatitudeDegrees = min(max(cellMeters, PointGrid.minimumCellMeters), 4e7) / PointGrid.metersPerDegreeLatitude
        // Narrowest cell at the highest latitude keeps the ring count an upper bound everywhere.
        let maxAbsLatitude = min(89.0, latitudes.map { abs($0) }.max() ?? abs(meanLatitude))
        cellLongitudeDegrees = cellLatitudeDegrees / max(0.01, cos(maxAbsLatitude * Double.pi / 180))
        var keyed: [(key: Int64, index: Int32)] = []
        keyed.reserveCapacity(longitudes.count)
        for i in 0..<longitudes.count {
            keyed.append((key(column: column(longitudes[i]), row: row(latitudes[i])), Int32(i)))
        }
        keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }
        order = keyed.map(\.index)
        var i = 0
        while i < keyed.count {
            var j = i
            while j < keyed.count && keyed[j].key == keyed[i].key { j += 1 }
            cellRanges[keyed[i].key] = i..<j
            i = j
        }
    }

    private func column(_ longitude: Double) -> Int64 { Int64((longitude / cellLongitudeDegrees).rounded(.down)) }
    private func row(_ latitude: Double) -> Int64 { Int64((latitude / cellLatitudeDegrees).rounded(.down)) }
    private func key(column: Int64, row: Int64) -> Int64 { (column << 32) ^ (row & 0xFFFF_FFFF) }

    /// Calls `body(index, meters)` for every point within `radiusMeters` (haversine) of `center`,
    /// in ascending index order.
    func forEach(within radiusMeters: Double, of center: Coordinate, _ body: (Int, Double) -> Void) {
        guard radiusMeters >= 0 else { return }
        let ringCount = (radiusMeters / (cellLatitudeDegrees * PointGrid.metersPerDegreeLatitude)).rounded(.up)
        var hits: [(Int, Double)] = []
        // A radius spanning more cells than there are points (or an infinite one): test every point instead.
        guard ringCount.isFinite, (2 * ringCount + 1) * (2 * ringCount + 1) <= Double(longitudes.count) + 9 else {
            for i in longitudes.indices {
                let d = Earth.haversineMeters(center, Coordinate(longitude: longitudes[i], latitude: latitudes[i]))
                if d <= radiusMeters { body(i, d) }
            }
            return
        }
        let rings = Int64(ringCount)
        let c0 = column(center.longitude), r0 = row(center.latitude)
        for dc in -rings...rings {
            for dr in -rings...rings {
                guard let range = cellRanges[key(column: c0 + dc, row: r0 + dr)] else { continue }
                for k in range {
                    let i = Int(order[k])
                    let d = Earth.haversineMeters(center, Coordinate(longitude: longitudes[i], latitude: latitudes[i]))
                    if d <= radiusMeters { hits.append((i, d)) }
                }
            }
        }
        hits.sort { $0.0 < $1.0 }
        for (i, d) in hits { body(i, d) }
    }

    /// The nearest point within `radiusMeters` (ties: lower index), or nil.
    func nearest(to center: Coordinate, within radiusMeters: Double) -> (index: Int, meters: Double)? {
        var best: (index: Int, meters: Double)?
        forEach(within: radiusMeters, of: center) { i, d in
            if best == nil || d < best!.meters { best = (i, d) }
        }
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
