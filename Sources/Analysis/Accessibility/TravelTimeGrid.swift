import GeoCore

/// Travel times on a sparse square grid in a projected (metric) CRS: only the cells that were reached within
/// the grid's time limit are stored.
///
/// Cell (column, row) is the square `[column·s, (column+1)·s) × [row·s, (row+1)·s)` in CRS metres, s =
/// `cellMeters`, so cells of any two grids with the same CRS and size line up. A cell's time is the travel time
/// to its centre.
public struct TravelTimeGrid: Sendable, Equatable {
    public struct Cell: Sendable, Hashable, Comparable {
        public var column: Int32
        public var row: Int32
        public init(column: Int32, row: Int32) { self.column = column; self.row = row }
        /// Row-major order, bottom row first.
        public static func < (a: Cell, b: Cell) -> Bool { a.row != b.row ? a.row < b.row : a.column < b.column }
    }

    /// The projected CRS of the cells ("EPSG:4548").
    public let crs: String
    public let cellMeters: Double
    /// Reached cells, ascending (row, column).
    public let cells: [Cell]
    /// Travel time per cell of `cells`, seconds (a percentile over the departure window).
    public let travelTimesSeconds: [Int32]

    public init(crs: String, cellMeters: Double, cells: [Cell], travelTimesSeconds: [Int32]) {
        precondition(cells.count == travelTimesSeconds.count, "one time per cell")
        precondition(cellMeters > 0, "cell size must be positive")
        self.crs = crs; self.cellMeters = cellMeters; self.cells = cells; self.travelTimesSeconds = travelTimesSeconds
    }

    public var isEmpty: Bool { cells.isEmpty }

    /// Centre of a cell in CRS metres.
    public func centre(of cell: Cell) -> PlanarPoint {
        PlanarPoint(x: (Double(cell.column) + 0.5) * cellMeters, y: (Double(cell.row) + 0.5) * cellMeters)
    }

    /// The cells reached within `seconds` (inclusive), ascending.
    public func cells(within seconds: Int32) -> [Cell] {
        var out: [Cell] = []
        for (i, c) in cells.enumerated() where travelTimesSeconds[i] <= seconds { out.append(c) }
        return out
    }

    /// Travel time of one cell, nil when it was not reached.
    public func travelTimeSeconds(at cell: Cell) -> Int32? {
        var lo = 0, hi = cells.count
        while lo < hi { let mid = (lo + hi) >> 1; if cells[mid] < cell { lo = mid + 1 } else { hi = mid } }
        return lo < cells.count && cells[lo] == cell ? travelTimesSeconds[lo] : nil
    }

    /// The cell holding a projected point.
    public func cell(containing p: PlanarPoint) -> Cell {
        Cell(column: Int32((p.x / cellMeters).rounded(.down)), row: Int32((p.y / cellMeters).rounded(.down)))
    }

    /// Smallest and largest column and row of the reached cells; nil when empty.
    public var extent: (minColumn: Int32, maxColumn: Int32, minRow: Int32, maxRow: Int32)? {
        guard let first = cells.first, let last = cells.last else { return nil }
        var lo = first.column, hi = first.column
        for c in cells { lo = min(lo, c.column); hi = max(hi, c.column) }
        return (lo, hi, first.row, last.row)
    }
}
