import Foundation
import GeoCore
import Network
import Routing
import TestSupport
import Testing
@testable import Analysis

/// Issue 16: `isochrone --cell 10 --cutoffs 1440` (both inside the documented ranges) took 4.9 GB and aborted.
/// Each grid allocation is now estimated first and checked against the memory limit (`GridMemoryEstimate`).
@Suite(.tags(.fast)) struct GridMemoryLimitTests {
    static func calculator(cutoffs: [Int], cell: Double, limit: MemoryLimit, mode: TravelMode = .transit,
                           streets: Bool = true) throws -> IsochroneCalculator {
        let travel = TravelTimeParameters(firstDepartureSeconds: 8 * 3600, windowMinutes: 10, percentiles: [50])
        var parameters = IsochroneParameters(cutoffsMinutes: cutoffs, travel: travel, cellMeters: cell, mode: mode)
        parameters.memoryLimit = limit
        let network = IsochroneSyntheticTests.network(streets: streets ? IsochroneSyntheticTests.streetGrid(spacing: 200, half: 3) : .empty)
        return try IsochroneCalculator(network: network, parameters: parameters, crs: "EPSG:4548")
    }

    @Test func aDayLongTenMetreGridIsRefusedBeforeItIsMade() throws {
        // Crow-fly (no streets, as on jingjinji): an 80 km walk in 10 m cells is 2.6·10⁸ cells of the dense window,
        // three quarters of them reached, far past 8 GiB.
        let calc = try Self.calculator(cutoffs: [1440], cell: 10, limit: .default, streets: false)
        let e = #expect(throws: InputError.self) { _ = try calc.run(origins: [IsochroneSyntheticTests.place]) }
        #expect(e?.message.hasPrefix("a travel-time grid of 10 m cells up to 1440 min (the walk from o) would need about") == true)
        #expect(e?.message.contains("more than the limit of 8.0 GiB (--max-memory raises it; a larger --cell or a smaller last --cutoffs lowers it)") == true)
    }

    @Test func theLimitIsOnMemoryNotOnTheOptions() throws {
        // The same 10 m cells up to 15 min fit easily; 200 m cells up to 60 min do not fit in 16 KiB.
        let small = try Self.calculator(cutoffs: [15], cell: 10, limit: .default)
        #expect(try small.run(origins: [IsochroneSyntheticTests.place]).rings[0].cellCount > 0)
        let tight = try Self.calculator(cutoffs: [60], cell: 200, limit: MemoryLimit(bytes: 16 << 10))
        let e = #expect(throws: InputError.self) { _ = try tight.run(origins: [IsochroneSyntheticTests.place]) }
        #expect(e?.message.contains("limit of 16.0 KiB") == true)
        // Walking mode (crow-fly, no streets) has its own window: checked too.
        let walk = try Self.calculator(cutoffs: [1440], cell: 10, limit: .default, mode: .walk, streets: false)
        let w = #expect(throws: InputError.self) { _ = try walk.run(origins: [IsochroneSyntheticTests.place]) }
        #expect(w?.message.contains("(the walk from o)") == true)
    }

    @Test func contoursAreCheckedOnTheirBoundingBox() throws {
        // Two cells 10⁵ cells apart: a tracer raster of 10¹⁰ corners.
        let grid = TravelTimeGrid(crs: "EPSG:4548", cellMeters: 10,
                                  cells: [.init(column: 0, row: 0), .init(column: 100_000, row: 100_000)], travelTimesSeconds: [60, 60])
        let calc = try Self.calculator(cutoffs: [15], cell: 10, limit: .default)
        let e = #expect(throws: InputError.self) { try calc.checkContourMemory(grid) }
        #expect(e?.message.contains("(contours of 2 cells)") == true)
    }
}
