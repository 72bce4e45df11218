import GeoCore
@testable import Network
import TestSupport
import Testing

/// `TransitLayer.applying` regroups hubs only around added stops; when the base stops' tiers do not change, that
/// must give the hubs (and names) `HubGrouping` gives all stops grouped afresh.
@Suite(.tags(.fast)) struct TransitOverlayHubTests {
    typealias F = NetworkFixtures

    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    static let names = ["A", "B", "C", "北京南站", "北京南", "地铁天津站(3号线)", "天津", "D"]

    @Test(arguments: 0..<16) func addedStopsJoinHubsAsAFreshGroupingWould(seed: Int) throws {
        var rng = Generator(state: UInt64(seed) &* 0x2545_f491_4f6c_dd1d &+ 11)
        var input = TransitInput()
        let tiers: [Tier] = [.trunk, .intercity, .suburban, .metro]
        input.routes = tiers.map { F.route($0.rawValue, $0) }
        // Base stops in a 6 × 6 km box; some with parent stations.
        for s in 0..<30 {
            let parent = rng.below(6) == 0 ? "p\(rng.below(3))" : nil
            input.stops.append(F.stop("s\(s)", Self.names[rng.below(Self.names.count)], 116 + rng.unit() * 0.07,
                                      39 + rng.unit() * 0.054, parent: parent))
        }
        for k in 0..<12 {
            let r = rng.below(tiers.count)
            var stops: [Int] = []
            while stops.count < 3 { let s = rng.below(30); if !stops.contains(s) { stops.append(s) } }
            input.trips.append(F.trip("t\(k)", route: r, tier: tiers[r], stops: stops, times: [28_800, 29_400, 30_000]))
        }
        let parameters = BuildParameters()
        let base = try TransitLayerBuilder(parameters: parameters).build(input).layer
        // Added stops: some on top of base stops, some with a base stop's name or parent; metro trips among them
        // only, so no base stop's tiers change.
        var delta = TransitDelta()
        delta.addedRoutes = [F.route("new", .metro)]
        let added = 2 + rng.below(4)
        for k in 0..<added {
            let near = base.coordinate(of: StopID(rng.below(30)))
            let c = rng.below(2) == 0 ? near
                : Coordinate(longitude: near.longitude + (rng.unit() - 0.5) * 0.03, latitude: near.latitude + (rng.unit() - 0.5) * 0.02)
            let parent = rng.below(4) == 0 ? "p\(rng.below(3))" : nil
            delta.addedStops.append(F.stop("n\(k)", Self.names[rng.below(Self.names.count)], c.longitude, c.latitude, parent: parent))
        }
        for k in 0..<(added - 1) {
            delta.addedTrips.append(F.trip("nt\(k)", route: base.routes.count, tier: .metro,
                                           stops: [base.stopCount + k, base.stopCount + k + 1], times: [30_000, 30_600]))
        }
        let overlay = try base.applying(delta, parameters: parameters)
        #expect(Array(overlay.stops.tierMasks.prefix(base.stopCount)) == Array(base.stops.tierMasks), "base tiers unchanged")

        let n = overlay.stopCount
        let coordinates = (0..<n).map { overlay.coordinate(of: StopID($0)) }
        let fresh = HubGrouping.group(names: overlay.stops.names.flattened, coordinates: coordinates,
                                      keys: overlay.stops.keys.flattened, parentKeys: overlay.stops.parentKeys.flattened,
                                      tierMasks: overlay.stops.tierMasks.flattened, parameters: parameters)
        #expect(overlay.stops.hubs.flattened == fresh.hubOfStop)
        #expect(overlay.hubs.count == fresh.hubCount)
        for h in 0..<min(overlay.hubs.count, fresh.hubCount) {
            let members = (0..<n).filter { fresh.hubOfStop[$0] == UInt32(h) }
            let name = HubGrouping.hubName(memberNames: members.map { overlay.stops.names[$0] },
                                           memberTierMasks: members.map { overlay.stops.tierMasks[$0] })
            #expect(overlay.hubs.names[h] == name, "hub \(h)")
        }
    }
}
