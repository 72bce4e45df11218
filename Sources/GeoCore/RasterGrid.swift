/// A north-up raster of numbers in some CRS: `columnCount` × `rowCount` square cells of `cellSize` CRS units,
/// the lower-left corner of the grid at (`minX`, `minY`). Values are row-major from the northern row (as ESRI
/// ASCII grids and GeoTIFFs store them); nil where the raster has no data.
public struct RasterGrid: Sendable, Equatable {
    public var columnCount: Int
    public var rowCount: Int
    public var minX: Double
    public var minY: Double
    public var cellSize: Double
    public var values: [Double?]
    /// The grid's CRS as given (EPSG code, PROJ string or WKT); nil when unknown.
    public var crs: String?

    public init(columnCount: Int, rowCount: Int, minX: Double, minY: Double, cellSize: Double, values: [Double?],
                crs: String?) {
        precondition(columnCount >= 1 && rowCount >= 1, "a raster has at least one cell")
        precondition(values.count == columnCount * rowCount, "one value per cell")
        precondition(cellSize > 0, "cells have a positive size")
        self.columnCount = columnCount; self.rowCount = rowCount; self.minX = minX; self.minY = minY
        self.cellSize = cellSize; self.values = values; self.crs = crs
    }

    /// Value of the cell in `column` (from the west) and `row` (from the north).
    public func value(column: Int, row: Int) -> Double? { values[row * columnCount + column] }

    /// Centre of a cell in CRS units.
    public func centre(column: Int, row: Int) -> (x: Double, y: Double) {
        (minX + (Double(column) + 0.5) * cellSize, minY + (Double(rowCount - row) - 0.5) * cellSize)
    }

    /// Sum of the values with data.
    public var total: Double { values.reduce(0) { $0 + ($1 ?? 0) } }
}
