import GeoCore
import Network
import TestSupport
import Testing

@Suite(.tags(.fast)) struct TransitLayerBuilderTests {
    typealias F = NetworkFixtures

    @Test func emptyInputGivesEmptyLayer() throws {
        let (layer, warnings) = try TransitLayerBuilder().build(TransitInput())
        #expect(layer == TransitLayer.empty)
        #expect(warnings.isEmpty)
        #expect(layer.stopPatternStart == [0])
    }

    @Test func patternsGroupTripsAndSortByDeparture() throws {
        // Stops 2 km apart (no generated transfers at 800 m).
        let stops = (0..<3).map { F.stop("s\($0)", "S\($0)", 116.0, 39.0 + F.degreesNorth(2000 * Double($0))) }
        let input = TransitInput(
            stops: stops, routes: [F.route("R1", .intercity), F.route("R2", .metro)],
            trips: [
                F.trip("late", route: 0, tier: .intercity, stops: [0, 1, 2], times: [3600, 4200, 4800], name: "C2"),
                F.trip("early", route: 0, tier: .intercity, stops: [0, 1, 2], times: [1800, 2400, 3000], name: "C1"),
                F.trip("other", route: 1, tier: .metro, stops: [2, 1], times: [100, 200]),
                F.trip("lonely", route: 1, tier: .metro, stops: [2], times: [100]),
            ])
        let (layer, warnings) = try TransitLayerBuilder().build(input)
        #expect(warnings.count == 1 && warnings[0].message.contains("fewer than two stops"))
        #expect(layer.patternCount == 2)
        #expect(layer.tripCount == 3)
        // Pattern 0 (first appearance) holds the two C trips, earliest first.
        #expect(layer.trips(of: PatternID(0)) == 0..<2)
        #expect(layer.trips.keys == ["early", "late", "other"])
        #expect(layer.trips.names == ["C1", "C2", ""])
        #expect(Array(layer.stops(of: PatternID(0))) == [0, 1, 2])
        #expect(layer.departureSeconds(trip: TripID(1), position: 2) == 4800)
        #expect(layer.arrivalSeconds(trip: TripID(0), position: 1) == 2400)
        #expect(layer.tier(ofPattern: PatternID(1)) == .metro)
        // Stop tiers: stop 0 intercity only; stops 1 and 2 intercity + metro.
        #expect(layer.stops.tierMasks == [Tier.intercity.maskBit, Tier.intercity.maskBit | Tier.metro.maskBit,
                                          Tier.intercity.maskBit | Tier.metro.maskBit])
        // stop → patterns CSR: stop 1 is position 1 of pattern 0 and position 1 of pattern 1.
        let entries = layer.patternEntries(at: StopID(1))
        #expect(entries.map { layer.stopPatterns[$0] } == [0, 1])
        #expect(entries.map { layer.stopPatternPositions[$0] } == [1, 1])
        #expect(layer.stopPatternStart == [0, 1, 3, 5])
    }

    @Test func overtakingTripsAreSplitIntoFIFOPatterns() throws {
        let stops = (0..<3).map { F.stop("s\($0)", "S\($0)", 116.0, 39.0 + F.degreesNorth(5000 * Double($0))) }
        // "slow" leaves first but the express leaves 5 min later and arrives 20 min earlier at stop 2.
        let input = TransitInput(stops: stops, routes: [F.route("R", .trunk)], trips: [
            F.trip("slow", route: 0, tier: .trunk, stops: [0, 1, 2], times: [0, 1800, 3600]),
            F.trip("express", route: 0, tier: .trunk, stops: [0, 1, 2], times: [300, 1200, 2400]),
            F.trip("slow2", route: 0, tier: .trunk, stops: [0, 1, 2], times: [600, 2400, 4200]),
        ])
        let layer = try TransitLayerBuilder().build(input).layer
        #expect(layer.patternCount == 2)
        #expect(layer.trips.keys == ["slow", "slow2", "express"])
        #expect(layer.trips(of: PatternID(0)) == 0..<2 && layer.trips(of: PatternID(1)) == 2..<3)
        // FIFO within each pattern at every position (the layer validated it too).
        for p in 0..<layer.patternCount {
            let trips = layer.trips(of: PatternID(p))
            for t in trips.dropFirst() {
                for i in 0..<layer.stopCount(of: PatternID(p)) {
                    #expect(layer.departureSeconds(trip: TripID(t - 1), position: i) <= layer.departureSeconds(trip: TripID(t), position: i))
                }
            }
        }
    }

    @Test func timesGoingBackwardsAreAnInputError() {
        let stops = [F.stop("a", "A", 116, 39), F.stop("b", "B", 116.1, 39)]
        let input = TransitInput(stops: stops, routes: [F.route("R", .metro)], trips: [
            F.trip("bad", route: 0, tier: .metro, stops: [0, 1], times: [500, 400]),
        ])
        #expect(throws: InputError.self) { try TransitLayerBuilder().build(input) }
        do { _ = try TransitLayerBuilder().build(input) } catch let e as InputError {
            #expect(e.description == "test: trip bad, stop 2: arrival 400 s is before the previous departure 500 s")
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func transfersAreWalkPlusTierMinimumAndSourceTransfersOverride() throws {
        // Three stops: metro m0, metro m1 500 m north, rail r 300 m north of m0; a far stop 5 km away.
        let lat0 = 39.9
        let stops = [
            F.stop("m0", "甲", 116.4, lat0), F.stop("m1", "乙", 116.4, lat0 + F.degreesNorth(500)),
            F.stop("r", "丙", 116.4, lat0 + F.degreesNorth(300)), F.stop("far", "丁", 116.4, lat0 + F.degreesNorth(5000)),
        ]
        let input = TransitInput(
            stops: stops, routes: [F.route("M", .metro), F.route("S", .suburban)],
            trips: [F.trip("m", route: 0, tier: .metro, stops: [0, 1], times: [0, 120]),
                    F.trip("s", route: 1, tier: .suburban, stops: [2, 3], times: [0, 600])],
            transfers: [TransitInput.Transfer(fromStop: 2, toStop: 0, minSeconds: 90),
                        TransitInput.Transfer(fromStop: 2, toStop: 2, minSeconds: 300)])
        let layer = try TransitLayerBuilder().build(input).layer
        func transfers(_ s: Int) -> [(Int, Int32)] {
            layer.transfers(from: StopID(s)).map { (Int(layer.transfers.targets[$0]), layer.transfers.seconds[$0]) }
        }
        // Expected: round(d × 1.3 / 1.2) + min transfer (metro↔metro 120, rail↔metro 300), d by haversine.
        func expected(_ a: Int, _ b: Int, _ minimum: Int32) -> Int32 {
            let d = F.haversine(stops[a].coordinate.longitude, stops[a].coordinate.latitude,
                                stops[b].coordinate.longitude, stops[b].coordinate.latitude)
            return Int32((d * 1.3 / 1.2).rounded()) + minimum
        }
        let t0 = transfers(0)
        #expect(t0.map(\.0) == [1, 2])
        #expect(t0[0].1 == expected(0, 1, 120))  // 500 m: 542 + 120 = 662
        #expect(t0[0].1 == 662)
        #expect(t0[1].1 == expected(0, 2, 300))  // 300 m: 325 + 300 = 625
        // The source transfer r → m0 (90 s) replaces the generated one; r → r is ignored.
        let t2 = transfers(2)
        #expect(t2.map(\.0) == [0, 1])
        #expect(t2[0].1 == 90)
        #expect(transfers(3).isEmpty)
        // CSR invariants.
        #expect(layer.transfers.start.count == layer.stopCount + 1)
        #expect(Int(layer.transfers.start.last!) == layer.transfers.count)
    }
}
