import GeoCore
@testable import Network
import Testing

/// `TailedArray` (base shared, tail appended, base elements replaced sparsely) and its use by
/// `TransitLayer.applying`: a scenario that adds stops keeps the base network's stop, link, index and transfer
/// storage and holds only what it adds.
@Suite(.tags(.fast)) struct TailedArrayTests {
    typealias F = NetworkFixtures

    static func address<T>(_ a: [T]) -> UnsafeRawPointer? { a.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }

    @Test func readsBaseTailAndReplacedElements() {
        var a = TailedArray([1, 2, 3], tail: [4])
        a.append(5)
        a.append(contentsOf: [6, 7])
        a.replace(1, with: 20)
        a.replace(4, with: 50)
        #expect(Array(a) == [1, 20, 3, 4, 50, 6, 7])
        #expect(a.count == 7 && a[6] == 7)
        #expect(a.base == [1, 2, 3], "the base is not written")
        #expect(a.replaced == [1: 20])
        #expect(a.flattened == [1, 20, 3, 4, 50, 6, 7])
        #expect(a == TailedArray([1, 20, 3, 4, 50, 6, 7]), "equal by elements, however stored")
        #expect(a != TailedArray([1, 2, 3, 4, 50, 6, 7]))
    }

    @Test func sharingKeepsTheBaseAndStoresOnlyTheDifferences() {
        let base = Array(0..<64)
        var values = base + [100, 101]
        values[5] = -5
        let a = TailedArray(sharing: base, values: values)
        #expect(Self.address(a.base) == Self.address(base), "base storage shared")
        #expect(a.replaced == [5: -5] && a.tail == [100, 101])
        #expect(Array(a) == values)

        // Dense changes, or fewer values than the base: a plain copy.
        let dense = TailedArray(sharing: base, values: base.map { -$0 - 1 })
        #expect(dense.replaced.isEmpty && dense.tail.isEmpty && dense.base == base.map { -$0 - 1 })
        let shorter = TailedArray(sharing: base, values: base.dropLast(3))
        #expect(Array(shorter) == Array(base.dropLast(3)) && shorter.replaced.isEmpty)
    }

    @Test func bitArrayReadsBackItsBooleans() {
        for n in [0, 1, 63, 64, 65, 130] {
            let bools = (0..<n).map { $0 % 3 == 0 || $0 == 64 }
            let bits = BitArray(bools)
            #expect(Array(bits) == bools && bits.count == n, "\(n) booleans")
            #expect(bits.words.count == (n + 63) / 64, "one word per 64")
        }
    }

    /// Base: two metro lines with a crossing; the scenario adds two stops (one beside a base stop, joining its hub)
    /// and a line through them. The result shares every per-stop column of the base (identity of the storage),
    /// holds the added stops in the tails, and its transfers equal a network built from scratch with the added
    /// stops and trips.
    @Test func addingStopsSharesTheBaseStopStorage() throws {
        var input = TransitInput()
        input.routes = [F.route("m1", .metro), F.route("m2", .metro)]
        for k in 0..<6 { input.stops.append(F.stop("a\(k)", "A\(k)", 116 + 0.01 * Double(k), 39, parent: nil)) }
        for k in 0..<6 { input.stops.append(F.stop("b\(k)", "B\(k)", 116.02 + 0.0001, 38.98 + 0.01 * Double(k), parent: nil)) }
        input.trips.append(F.trip("t0", route: 0, tier: .metro, stops: Array(0..<6), times: (0..<6).map { 28_800 + 120 * Int32($0) }))
        input.trips.append(F.trip("t1", route: 1, tier: .metro, stops: Array(6..<12), times: (0..<6).map { 28_900 + 120 * Int32($0) }))
        let parameters = BuildParameters()
        let built = try TransitLayerBuilder(parameters: parameters).build(input).layer
        let base = BuiltNetwork(metadata: .init(areaName: "t", parameters: parameters), transit: built)

        var delta = TransitDelta()
        delta.addedRoutes = [F.route("new", .metro)]
        delta.addedStops = [F.stop("n0", "A3", 116.03 + 0.0005, 39.0005, parent: nil), F.stop("n1", "N1", 116.03, 39.02, parent: nil)]
        delta.addedTrips = [F.trip("nt", route: 2, tier: .metro, stops: [0, 12, 13], times: [29_000, 29_300, 29_600])]
        let after = try base.applying(delta)
        let s = after.transit.stops, b = base.transit.stops

        #expect(after.transit.stopCount == b.count + 2)
        for (name, x, y) in [("keys", s.keys, b.keys), ("names", s.names, b.names), ("sources", s.sources, b.sources),
                             ("parent keys", s.parentKeys, b.parentKeys)] {
            #expect(Self.address(x.base) == Self.address(y.base) && x.tail.count == 2, "stop \(name) shared")
        }
        #expect(Self.address(s.longitudeE7.base) == Self.address(b.longitudeE7.base) && s.longitudeE7.tail.count == 2)
        #expect(Self.address(s.latitudeE7.base) == Self.address(b.latitudeE7.base) && s.latitudeE7.tail.count == 2)
        #expect(Self.address(s.hubs.base) == Self.address(b.hubs.base) && s.hubs.tail.count == 2)
        #expect(Self.address(s.tierMasks.base) == Self.address(b.tierMasks.base) && s.tierMasks.tail.count == 2)
        #expect(s.tierMasks.replaced.isEmpty, "the added metro line does not change a base stop's tiers")
        #expect(s.hubs[12] == s.hubs[3], "the added stop beside A3 joins its hub")
        #expect(Self.address(after.stopLinks.nodes.base) == Self.address(base.stopLinks.nodes.base))
        #expect(Self.address(after.transit.hubs.names.base) == Self.address(base.transit.hubs.names.base))
        #expect(Self.address(after.transit.stopPatternStart) == Self.address(base.transit.stopPatternStart), "index shared")
        #expect(Self.address(after.transit.stopPatterns.base) == Self.address(base.transit.stopPatterns.base))
        #expect(Self.address(after.transit.patterns.stops.base) == Self.address(base.transit.patterns.stops.base))
        #expect(Self.address(after.transit.transfers.start) == Self.address(base.transit.transfers.start))
        #expect(Self.address(after.transit.transfers.targets.base) == Self.address(base.transit.transfers.targets.base))
        #expect(after.transit.transfers.changedRows.count < after.transit.stopCount, "only changed rows stored")

        // The same network built from scratch: the same transfers and the same stop → pattern entries.
        var full = input
        full.routes += delta.addedRoutes; full.stops += delta.addedStops; full.trips += delta.addedTrips
        let fresh = try TransitLayerBuilder(parameters: parameters).build(full).layer
        let t = after.transit
        for stop in 0..<t.stopCount {
            let mine = t.transfers(from: StopID(stop)).map { [Int(t.transfers.targets[$0]), Int(t.transfers.seconds[$0])] }
            let theirs = fresh.transfers(from: StopID(stop)).map { [Int(fresh.transfers.targets[$0]), Int(fresh.transfers.seconds[$0])] }
            #expect(mine == theirs, "transfers from stop \(stop)")
            let entries = t.patternEntries(at: StopID(stop)).map { t.stops(of: PatternID(Int(t.stopPatterns[$0])))[...].map { $0 } }
            let freshEntries = fresh.patternEntries(at: StopID(stop)).map { fresh.stops(of: PatternID(Int(fresh.stopPatterns[$0])))[...].map { $0 } }
            #expect(Set(entries) == Set(freshEntries), "patterns at stop \(stop)")
        }
        // Written and read back, the scenario network is the one built from its flattened columns.
        let flat = t.transfers.flattened(stopCount: t.stopCount)
        #expect(flat.targets.count == fresh.transfers.count && flat.start == fresh.transfers.start)
    }
}
