/// A travel-time grid as an ESRI ASCII grid (.asc): a header (ncols, nrows, xllcorner, yllcorner, cellsize,
/// NODATA_value) and rows from north to south, values in minutes with one decimal, `nodataValue` where no cell
/// was reached. Coordinates are those of the grid's CRS (metres); the extent is the reached cells' bounding box.
public enum RasterASCIIGrid {
    public static let nodataValue = -9999

    public static func text(of grid: TravelTimeGrid) -> String {
        guard let e = grid.extent else {
            return "ncols 1\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize \(number(grid.cellMeters))\nNODATA_value \(nodataValue)\n\(nodataValue)\n"
        }
        let width = Int(e.maxColumn - e.minColumn) + 1, height = Int(e.maxRow - e.minRow) + 1
        var values = [Int32](repeating: -1, count: width * height)
        for (k, c) in grid.cells.enumerated() {
            values[Int(c.row - e.minRow) * width + Int(c.column - e.minColumn)] = grid.travelTimesSeconds[k]
        }
        var out = "ncols \(width)\nnrows \(height)\n"
        out += "xllcorner \(number(Double(e.minColumn) * grid.cellMeters))\n"
        out += "yllcorner \(number(Double(e.minRow) * grid.cellMeters))\n"
        out += "cellsize \(number(grid.cellMeters))\nNODATA_value \(nodataValue)\n"
        out.reserveCapacity(out.utf8.count + width * height * 6)
        for row in stride(from: height - 1, through: 0, by: -1) {
            var line: [String] = []
            line.reserveCapacity(width)
            for column in 0..<width {
                let s = values[row * width + column]
                line.append(s < 0 ? "\(nodataValue)" : minutes(s))
            }
            out += line.joined(separator: " ") + "\n"
        }
        return out
    }

    /// The grid as minutes (one decimal, the values of the ASCII grid) row by row from the north, `nodataValue`
    /// where no cell is reached, with the west and north edges of the grid in its CRS: what a GeoTIFF holds.
    public static func minutes(of grid: TravelTimeGrid) -> (width: Int, height: Int, west: Double, north: Double, values: [Float]) {
        guard let e = grid.extent else { return (1, 1, 0, grid.cellMeters, [Float(nodataValue)]) }
        let width = Int(e.maxColumn - e.minColumn) + 1, height = Int(e.maxRow - e.minRow) + 1
        var values = [Float](repeating: Float(nodataValue), count: width * height)
        for (k, c) in grid.cells.enumerated() where grid.travelTimesSeconds[k] >= 0 {
            let tenths = (Int(grid.travelTimesSeconds[k]) * 10 + 30) / 60
            values[(height - 1 - Int(c.row - e.minRow)) * width + Int(c.column - e.minColumn)] = Float(tenths) / 10
        }
        return (width, height, Double(e.minColumn) * grid.cellMeters, Double(e.maxRow + 1) * grid.cellMeters, values)
    }

    /// Seconds as minutes with one decimal (rounded half up on tenths).
    static func minutes(_ seconds: Int32) -> String {
        let tenths = (Int(seconds) * 10 + 30) / 60
        return "\(tenths / 10).\(tenths % 10)"
    }

    static func number(_ v: Double) -> String {
        v.rounded() == v && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
