import GeoCore
import Network
import TestSupport
import Testing

@Suite(.tags(.fast)) struct HubGroupingTests {
    typealias F = NetworkFixtures

    @Test(arguments: [
        ("北京南站", "北京南"), ("北京南", "北京南"), ("地铁北京南站(4号线)", "北京南"), ("石门(南海有轨)", "石门"),
        ("石门站（广佛线）", "石门"), ("天津站", "天津"), ("站", "站"), (" Tianjin West ", "tianjin west"), ("", ""),
    ])
    func normalizedNames(raw: String, expected: String) {
        #expect(HubGrouping.normalizedName(raw) == expected)
    }

    /// Builds a layer where each stop is served by a two-stop trip of `tier` to a far-away dummy stop.
    private func layer(_ stops: [(String, Double, Tier)], parents: [String?]? = nil) throws -> TransitLayer {
        var input = TransitInput()
        input.routes = Tier.allCases.map { F.route($0.rawValue, $0) }
        for (i, s) in stops.enumerated() {
            input.stops.append(F.stop("k\(i)", s.0, 116.4, 39.9 + F.degreesNorth(s.1), parent: parents?[i] ?? nil))
        }
        for (i, s) in stops.enumerated() {
            let dummy = input.stops.count
            input.stops.append(F.stop("d\(i)", "远\(i)", 117.0 + Double(i) * 0.1, 39.0))
            input.trips.append(F.trip("t\(i)", route: s.2.rank, tier: s.2, stops: [i, dummy], times: [0, 3600]))
        }
        return try TransitLayerBuilder().build(input).layer
    }

    @Test func sameNameDifferentTiersShareAHub() throws {
        let l = try layer([("北京南", 0, .trunk), ("北京南站", 400, .metro)])
        #expect(l.stops.hubs[0] == l.stops.hubs[1])
        let hub = Int(l.stops.hubs[0])
        #expect(l.hubs.names[hub] == "北京南")
        #expect(l.hubs.tierMasks[hub] == Tier.trunk.maskBit | Tier.metro.maskBit)
        #expect(Array(l.hubs.stops[Int(l.hubs.stopStart[hub]) ..< Int(l.hubs.stopStart[hub + 1])]) == [0, 1])
    }

    @Test func differentTiersWithinRadiusJoinOutsideDoNot() throws {
        let near = try layer([("甲", 0, .intercity), ("乙", 700, .metro)])
        #expect(near.stops.hubs[0] == near.stops.hubs[1])
        let far = try layer([("甲", 0, .intercity), ("乙", 900, .metro)])
        #expect(far.stops.hubs[0] != far.stops.hubs[1])
    }

    @Test func sameTierNeighboursStaySeparate() throws {
        let l = try layer([("甲", 0, .metro), ("乙", 500, .metro)])
        #expect(l.stops.hubs[0] != l.stops.hubs[1])
    }

    @Test func bracketQualifiersAndSuffixMatch() throws {
        let l = try layer([("石门(南海有轨)", 0, .metro), ("石门站", 1500, .suburban)])
        #expect(l.stops.hubs[0] == l.stops.hubs[1])  // 1.5 km: joined by name, not by radius
        #expect(l.hubs.names[Int(l.stops.hubs[0])] == "石门站")
    }

    @Test func sameNameFarApartStaysSeparate() throws {
        let l = try layer([("火车站", 0, .metro), ("火车站", 5000, .metro)])
        #expect(l.stops.hubs[0] != l.stops.hubs[1])
    }

    @Test func parentStationJoins() throws {
        let l = try layer([("甲", 0, .metro), ("乙", 2000, .metro)], parents: [nil, "k0"])
        #expect(l.stops.hubs[0] == l.stops.hubs[1])
        #expect(l.stops.parentKeys[1] == "k0")
    }

    @Test func hubsAreNumberedByLowestMember() throws {
        let l = try layer([("甲", 0, .metro), ("乙", 5000, .metro), ("甲站", 100, .trunk)])
        #expect(l.stops.hubs[0] == 0 && l.stops.hubs[1] == 1 && l.stops.hubs[2] == 0)
        // Every stop belongs to exactly one hub's member list.
        var seen = [Int](repeating: 0, count: l.stopCount)
        for m in l.hubs.stops { seen[Int(m)] += 1 }
        #expect(seen.allSatisfy { $0 == 1 })
    }
}
