import GeoCore
import Routing

/// What an accessibility surface run holds in memory, estimated before its large allocations and checked against
/// `MemoryLimit` (`--max-memory`): first before the egress searches (the number of stop → cell pairs unknown, so
/// counted as none), then with the exact number of pairs before the egress table is allocated.
///
/// Terms, bytes: every cell's egress endpoint while the table is made (the optional tuple's stride, its stop
/// list's header and 8 per stop reached) and kept (point, a `PointGrid` entry); the table itself (8 per pair, 8 per
/// stop); per thread the scratch of one origin at worst (every cell reached: its slot and touched entry, 8, and
/// its time per departure minute, 4 × minutes); per origin its row (the optional row's stride, the list header,
/// 8 per cutoff) and, for the outputs, its table row and feature (`outputBytesPerOrigin`, about what the GeoJSON
/// feature, its property dictionary and its written text take for the measures).
public struct SurfaceMemoryEstimate: Sendable, Equatable {
    public var cells: Int
    public var origins: Int
    public var stops: Int
    public var cutoffs: Int
    public var windowMinutes: Int
    public var threads: Int
    /// Stop → cell pairs of the egress table: 0 until the searches have run.
    public var egressPairs = 0

    public init(cells: Int, origins: Int, stops: Int, cutoffs: Int, windowMinutes: Int, threads: Int) {
        self.cells = cells; self.origins = origins; self.stops = stops; self.cutoffs = cutoffs
        self.windowMinutes = windowMinutes; self.threads = max(1, threads)
    }

    /// A written feature: its dictionary (about 64 bytes per property), its coordinates, and its GeoJSON text
    /// (about 25 bytes per number), per measure plus the four fixed properties.
    static func outputBytesPerOrigin(measures: Int) -> Int { 400 + 100 * (measures + 4) }

    public var egressTableBytes: Int {
        let endpoint = MemoryLayout<(point: AccessPoint, stops: [StopAccess])?>.stride + 32
        return GridMemoryEstimate.sum(MemoryLimit.product(cells, endpoint + MemoryLayout<AccessPoint>.stride + 24),
                                      MemoryLimit.product(egressPairs, 8 + MemoryLayout<StopAccess>.stride),
                                      MemoryLimit.product(stops + 1, 8))
    }

    public var scratchBytes: Int {
        MemoryLimit.product(threads, cells, 8 + 4 * max(1, windowMinutes))
    }

    public var rowBytes: Int {
        let row = MemoryLayout<SurfaceRow?>.stride + 32 + 8 * cutoffs
        return MemoryLimit.product(origins, row + Self.outputBytesPerOrigin(measures: cutoffs + 1))
    }

    public var bytes: Int { GridMemoryEstimate.sum(egressTableBytes, scratchBytes, rowBytes) }

    /// Throws an `InputError` when `bytes` exceed `limit`.
    public func check(_ limit: MemoryLimit) throws {
        guard bytes > limit.bytes else { return }
        throw InputError(file: "surface",
                         message: "a surface of \(cells) cells and \(origins) origins would need about \(MemoryLimit.format(bytes)) "
                             + "of memory (egress table \(MemoryLimit.format(egressTableBytes)), scratch of \(threads) threads "
                             + "\(MemoryLimit.format(scratchBytes)), rows and outputs \(MemoryLimit.format(rowBytes))), more than "
                             + "the limit of \(limit) (\(MemoryLimit.optionName) raises it; a larger --cell, fewer --threads, "
                             + "a --mask or --shard lowers it)")
    }
}
