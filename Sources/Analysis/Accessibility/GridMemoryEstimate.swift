import GeoCore

/// What travel-time grids and their contours cost in memory, checked against `TravelTimeGridParameters.memoryLimit`
/// before each large allocation: a dense window of cells around a walk (`CellPatch`), the sparse store of
/// reached cells (`GridAccumulator`), the sorted grid, and the raster and edges of a contour (`ContourTracer`).
/// A 10 m grid up to 24 hours on a metropolitan network needs gigabytes; past the limit the error names the
/// estimate and the options that change it.
enum GridMemoryEstimate {
    /// One cell of a dense window: its best time (Int32).
    static let patchBytesPerCell = 4
    /// One reached cell in the accumulator: key (8), map slot with its load factor (~24), direct time (4),
    /// transit start (4), rounded up; its transit times add 4 bytes per departure minute.
    static let accumulatedBytesPerCell = 48
    /// One cell of the reduced grid while it is made: the (cell, time) pair (16), the sorted copy's cell and time
    /// arrays (12), rounded up.
    static let reducedBytesPerCell = 32
    /// One cell of a contour: its place in the cell list (8) and up to four boundary edges as corners (4 × 8),
    /// rounded up; the tracer's raster adds 2 bytes per cell of the bounding box (inside flag, visited mask).
    static let contourBytesPerCell = 48

    /// Cells of the dense window `CellPatch(centre:radiusMeters:cellMeters:)` makes: its side is the diameter in
    /// cells plus one.
    static func patchCells(radiusMeters: Double, cellMeters: Double) -> Int {
        let side = (2 * max(0, radiusMeters) / cellMeters).rounded(.up) + 2
        guard side.isFinite, side < 3e9 else { return Int.max }
        return MemoryLimit.product(Int(side), Int(side))
    }

    static func sum(_ values: Int...) -> Int {
        values.reduce(0) { a, b in let (s, o) = a.addingReportingOverflow(b); return o ? Int.max : s }
    }
}

extension TravelTimeGridParameters {
    /// Throws when `bytes` (what the grid holds and is about to allocate) exceed the memory limit.
    func checkMemory(_ bytes: Int, _ what: String) throws {
        guard bytes > memoryLimit.bytes else { return }
        let minutes = Int(maxTravelSeconds / 60)
        let cell = cellMeters == cellMeters.rounded() ? String(Int(cellMeters)) : String(cellMeters)
        throw InputError(file: "isochrone",
                         message: "a travel-time grid of \(cell) m cells up to \(minutes) min (\(what)) would need about "
                             + "\(MemoryLimit.format(bytes)) of memory, more than the limit of \(memoryLimit) "
                             + "(\(MemoryLimit.optionName) raises it; a larger --cell or a smaller last --cutoffs lowers it)")
    }
}
