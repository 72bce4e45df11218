import Network
import Routing
import TestSupport
import Testing

/// Range-RAPTOR against the time-expanded reference on random networks: every stop, every departure minute.
/// Seed: `METROCOMMUTE_TEST_SEED` (base; case i uses base + i).
@Suite(.tags(.fast)) struct RaptorDifferentialTests {
    @Test(arguments: 0..<200)
    func rangeRaptorEqualsReference(caseIndex: Int) throws {
        let seed = TestSeed.base &+ UInt64(caseIndex)
        let c = RandomTransitCase.make(seed: seed)
        let layer = try TransitLayerBuilder(parameters: c.parameters).build(c.input).layer
        let reference = TimeExpandedReference(input: c.input, transfers: TimeExpandedReference.transferLists(of: layer))
        let raptor = RangeRaptor(transit: layer, parameters: c.raptor)
        let result = raptor.run(origins: c.origins, firstDepartureSeconds: c.firstDepartureSeconds,
                                windowMinutes: c.windowMinutes)
        let change = c.raptor.sameStopChangeSeconds(in: layer)
        let context = "seed \(seed) (METROCOMMUTE_TEST_SEED=\(TestSeed.base), case \(caseIndex)), maxRides \(c.raptor.maxRides), slack \(c.raptor.boardSlackSeconds), same-stop change \(c.raptor.sameStopChange == nil ? "none" : "\(change)")"
        var mismatches = 0
        var reachedCount = 0
        for m in 0..<c.windowMinutes {
            let departure = result.departureSeconds(minute: m)
            let expected = reference.earliestArrivals(origins: c.origins.map { ($0.stop.index, $0.seconds) },
                                                      departureSeconds: departure, maxRides: c.raptor.maxRides,
                                                      boardSlackSeconds: c.raptor.boardSlackSeconds,
                                                      sameStopChangeSeconds: change)
            let afterRide = reference.earliestArrivals(origins: c.origins.map { ($0.stop.index, $0.seconds) },
                                                       departureSeconds: departure, maxRides: c.raptor.maxRides,
                                                       boardSlackSeconds: c.raptor.boardSlackSeconds,
                                                       sameStopChangeSeconds: change, requireRide: true)
            for s in 0..<layer.stopCount where result.rideArrivalSeconds[s * c.windowMinutes + m] != afterRide[s] && mismatches < 5 {
                mismatches += 1
                Issue.record("\(context): after a ride, stop \(s), minute \(m): RAPTOR \(result.rideArrivalSeconds[s * c.windowMinutes + m]), reference \(afterRide[s])")
            }
            for s in 0..<layer.stopCount {
                let got = result.arrivalSeconds[s * c.windowMinutes + m]
                if got != RangeRaptorResult.unreachable { reachedCount += 1 }
                if got != expected[s] && mismatches < 5 {
                    mismatches += 1
                    Issue.record("\(context): stop \(s), minute \(m) (departure \(departure)): RAPTOR \(got), reference \(expected[s])")
                }
            }
        }
        // The origins are always reached, so every case checks something.
        #expect(reachedCount >= c.windowMinutes, "\(context)")

        // Itineraries of a single-departure run are feasible and arrive when the labels say.
        let departure = c.firstDepartureSeconds
        let arrivals = raptor.earliestArrivals(origins: c.origins, departureSeconds: departure)
        #expect(arrivals == (0..<layer.stopCount).map { result.arrivalSeconds[$0 * c.windowMinutes] }, "\(context)")
        for s in 0..<layer.stopCount where arrivals[s] != RangeRaptorResult.unreachable {
            let it = try #require(raptor.itinerary(to: StopID(s)), "\(context): no itinerary to reached stop \(s)")
            checkFeasible(it, layer: layer, origins: c.origins, departure: departure, target: s, arrival: arrivals[s],
                          parameters: c.raptor, context: context)
        }
    }

    private func checkFeasible(_ it: Itinerary, layer: TransitLayer, origins: [StopAccess], departure: Int32, target: Int,
                               arrival: Int32, parameters: RaptorParameters, context: String) {
        #expect(it.arrivalSeconds == arrival, "\(context)")
        #expect(it.rides.count <= parameters.maxRides, "\(context)")
        var at = -1
        var time: Int32 = 0
        var lastWasRide = false
        for (k, leg) in it.legs.enumerated() {
            switch leg {
            case .access(let stop, let dep, let arr):
                #expect(k == 0 && dep == departure, "\(context)")
                #expect(origins.contains { $0.stop == stop && dep + $0.seconds == arr }, "\(context): bad access \(it.summary)")
                at = stop.index; time = arr; lastWasRide = false
            case .ride(let r):
                #expect(r.boardStop.index == at, "\(context): board elsewhere \(it.summary)")
                let change = lastWasRide ? parameters.sameStopChangeSeconds(in: layer)[at] : 0
                #expect(r.boardSeconds >= time + change + parameters.boardSlackSeconds,
                        "\(context): missed boarding (same-stop change \(change) s) \(it.summary)")
                #expect(r.waitSeconds == r.boardSeconds - time, "\(context)")
                let positions = Array(layer.stops(of: r.pattern))
                let b = positions.firstIndex(of: UInt32(r.boardStop.index))
                #expect(b != nil && layer.trips.patterns[r.trip.index] == UInt32(r.pattern.index), "\(context)")
                #expect(r.alightSeconds > r.boardSeconds || r.alightSeconds == r.boardSeconds, "\(context)")
                at = r.alightStop.index; time = r.alightSeconds; lastWasRide = true
            case .walk(let from, let to, let dep, let arr):
                #expect(lastWasRide && from.index == at && dep == time, "\(context): walk not after a ride \(it.summary)")
                let x = layer.transfers(from: from).first { Int(layer.transfers.targets[$0]) == to.index }
                #expect(x != nil && arr == dep + layer.transfers.seconds[x!], "\(context): no such transfer \(it.summary)")
                at = to.index; time = arr; lastWasRide = false
            }
        }
        #expect(at == target && time == arrival, "\(context): itinerary ends at stop \(at) \(time): \(it.summary)")
    }
}

/// The random cases exercise what the differential test is meant to cover (counts over the 200 seeds; with the
/// default seed: 110 cases with split patterns, 51 past midnight, 34 loop lines, 48 with ≥ 2-ride journeys,
/// 83 with walks after rides, 94 with maxRides ≤ 2).
@Suite(.tags(.fast)) struct RandomCaseCoverageTests {
    @Test func randomCasesCoverTheFeatures() throws {
        var split = 0, pastMidnight = 0, loops = 0, multiRide = 0, walkAfterRide = 0, roundLimited = 0, changeBinds = 0
        for i in 0..<200 {
            let seed = TestSeed.base &+ UInt64(i)
            let c = RandomTransitCase.make(seed: seed)
            let layer = try TransitLayerBuilder(parameters: c.parameters).build(c.input).layer
            let groups = Set(c.input.trips.map { "\($0.route)|\($0.tier)|\($0.stops)" }).count
            if layer.patternCount > groups { split += 1 }
            if c.input.trips.contains(where: { $0.arrivalSeconds.last! > 86_400 }) { pastMidnight += 1 }
            if c.input.trips.contains(where: { Set($0.stops).count < $0.stops.count }) { loops += 1 }
            if c.raptor.maxRides <= 2 { roundLimited += 1 }
            let raptor = RangeRaptor(transit: layer, parameters: c.raptor)
            let arrivals = raptor.earliestArrivals(origins: c.origins, departureSeconds: c.firstDepartureSeconds)
            var sawMulti = false, sawWalk = false
            for s in 0..<layer.stopCount where arrivals[s] != RangeRaptorResult.unreachable {
                let it = try #require(raptor.itinerary(to: StopID(s)))
                if it.rides.count >= 2 { sawMulti = true }
                if it.legs.contains(where: { if case .walk = $0 { return true } else { return false } }) { sawWalk = true }
            }
            if sawMulti { multiRide += 1 }
            // The same-stop change time changes some arrival (the rule is exercised, not only present).
            if c.raptor.sameStopChange != nil {
                var without = c.raptor
                without.sameStopChange = nil
                let free = RangeRaptor(transit: layer, parameters: without)
                    .run(origins: c.origins, firstDepartureSeconds: c.firstDepartureSeconds, windowMinutes: c.windowMinutes)
                let bound = raptor.run(origins: c.origins, firstDepartureSeconds: c.firstDepartureSeconds,
                                       windowMinutes: c.windowMinutes)
                if free != bound { changeBinds += 1 }
            }
            if sawWalk { walkAfterRide += 1 }
        }
        let summary = "split \(split), past midnight \(pastMidnight), loops \(loops), multi-ride \(multiRide), walks \(walkAfterRide), round-limited \(roundLimited), same-stop change binds \(changeBinds) (seed base \(TestSeed.base))"
        #expect(split >= 10, "\(summary)")
        #expect(pastMidnight >= 10, "\(summary)")
        #expect(loops >= 5, "\(summary)")
        #expect(multiRide >= 20, "\(summary)")
        #expect(walkAfterRide >= 20, "\(summary)")
        #expect(roundLimited >= 20, "\(summary)")
        #expect(changeBinds >= 10, "\(summary)")
    }
}
