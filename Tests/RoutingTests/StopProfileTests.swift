import TestSupport
import Network
import Routing
import Testing

/// `StopProfiles` (one RAPTOR run per departure from each stop, combined per point) against the time-expanded
/// reference from each point (multi-origin, arrivals after a ride), on the random networks of the RAPTOR
/// differential test: every minute of the
/// window, random access sets and destination stops. Seed: `METROCOMMUTE_TEST_SEED` (case i uses base + i).
@Suite(.tags(.fast)) struct StopProfileTests {
    @Test(arguments: 0..<120)
    func profilesEqualMultiOriginRaptor(caseIndex: Int) throws {
        let seed = TestSeed.base &+ 7_919 &+ UInt64(caseIndex)
        let c = RandomTransitCase.make(seed: seed)
        let layer = try TransitLayerBuilder(parameters: c.parameters).build(c.input).layer
        var rng = SplitMix64(seed: seed ^ 0x5eed)
        let n = layer.stopCount
        func access(_ count: Int) -> [StopAccess] {
            Array(Set((0..<count).map { _ in Int.random(in: 0..<n, using: &rng) })).sorted()
                .map { StopAccess(stop: StopID($0), seconds: Int32.random(in: 0...900, using: &rng)) }
        }
        let targets = access(Int.random(in: 1...3, using: &rng))
        let maxAccess: Int32 = 900
        let span = c.firstDepartureSeconds ... c.firstDepartureSeconds + Int32(c.windowMinutes - 1) * 60 + maxAccess
        // Every other case prunes at a longest trip; its values up to that trip must still be exact.
        let maxTrip: Int32? = caseIndex % 2 == 0 ? nil : Int32.random(in: 900...4_000, using: &rng)
        let profiles = StopProfiles(transit: layer, parameters: c.raptor, targets: targets, spanSeconds: span,
                                    threads: 1 + caseIndex % 2, maxTripSeconds: maxTrip)
        func capped(_ t: Int32) -> Int32 { maxTrip.map { t > $0 ? RangeRaptorResult.unreachable : t } ?? t }
        let reference = TimeExpandedReference(input: c.input, transfers: TimeExpandedReference.transferLists(of: layer))
        let change = c.raptor.sameStopChangeSeconds(in: layer)
        let context = "seed \(seed) (METROCOMMUTE_TEST_SEED=\(TestSeed.base), case \(caseIndex))"
        var reached = 0
        for point in 0..<4 {
            let origins = access(Int.random(in: 1...3, using: &rng))
            let direct: Int32? = point == 3 ? Int32.random(in: 600...5_000, using: &rng) : nil
            let got = profiles.travelTimesSeconds(access: origins, directSeconds: direct,
                                                  firstDepartureSeconds: c.firstDepartureSeconds,
                                                  windowMinutes: c.windowMinutes)
            for m in 0..<c.windowMinutes {
                let departure = c.firstDepartureSeconds + Int32(m) * 60
                // The time-expanded reference, arrivals after at least one ride (access never chains into egress).
                let arrivals = reference.earliestArrivals(origins: origins.map { ($0.stop.index, $0.seconds) },
                                                          departureSeconds: departure, maxRides: c.raptor.maxRides,
                                                          boardSlackSeconds: c.raptor.boardSlackSeconds,
                                                          sameStopChangeSeconds: change, requireRide: true)
                var expected = direct ?? RangeRaptorResult.unreachable
                for t in targets where arrivals[t.stop.index] != .max {
                    expected = min(expected, arrivals[t.stop.index] + t.seconds - departure)
                }
                if expected != RangeRaptorResult.unreachable { reached += 1 }
                #expect(capped(got[m]) == capped(expected), "\(context): point \(point) \(origins), minute \(m), max trip \(String(describing: maxTrip))")
            }
        }
        // Every case has one point with a direct time, so each checks reachable values.
        #expect(reached >= c.windowMinutes, "\(context)")
    }
}
