import GeoCore
import Network
import Routing
import TestSupport
import Testing

/// Builder transfers walked on a hand-built street graph (`StreetTransferWalks`) versus crow-fly.
///
/// Geometry (on the meridian 116° E unless said; 111 195.08 m per degree of latitude on a 6 371 008.8 m sphere,
/// computed here without the library), four metro stops, stop links at most 50 m:
/// S0 at 39.0 on node N0; S1 300 m north of S0, 5 m north of node N1; S2 700 m north of S0 on node N3;
/// S3 200 m east of S0, 200 m from every node: no street link. Node N2 lies 1.7 km east (no stop near it).
/// Arcs both ways: N0–N2 450 m, N2–N1 450 m, N1–N3 600 m. So S0–S1 is 300 m crow-fly but 905 m on streets,
/// S1–S2 is 605 m on streets, and S0–S2 is 1,505 m on streets, beyond 800 m × 1.3 = 1,040 m.
@Suite(.tags(.fast)) struct StreetTransferTests {
    static let metersPerDegree = 6_371_008.8 * Double.pi / 180
    static func north(_ meters: Double) -> Double { 39.0 + meters / metersPerDegree }
    static let eastOfS0 = 116.0 + 200 / (metersPerDegree * cos(39.0 * Double.pi / 180))
    static let parameters = BuildParameters(stopLinkMaxMeters: 50)  // 1.2 m/s, detour 1.3, radius 800 m

    static func input() -> TransitInput {
        var input = TransitInput()
        let places = [(116.0, 39.0), (116.0, north(300)), (116.0, north(700)), (eastOfS0, 39.0)]
        for (k, p) in places.enumerated() {
            input.stops.append(TransitInput.Stop(key: "s\(k)", name: "S\(k)",
                                                 coordinate: Coordinate(longitude: p.0, latitude: p.1), source: "hand"))
        }
        input.routes = [TransitInput.Route(key: "M", shortName: "M", longName: "Metro", gtfsRouteType: nil, tier: .metro,
                                           tierReason: "hand", source: "hand")]
        input.trips = [TransitInput.Trip(key: "t", route: 0, name: "", tier: .metro, stops: [0, 1, 2, 3],
                                         arrivalSeconds: [0, 300, 600, 900], departureSeconds: [0, 300, 600, 900])]
        return input
    }

    static let streets: StreetGraph = {
        let nodes = [Coordinate(longitude: 116, latitude: 39), Coordinate(longitude: 116, latitude: north(295)),
                     Coordinate(longitude: 116.02, latitude: 39), Coordinate(longitude: 116, latitude: north(700))]
        let arcs: [(UInt32, UInt32, UInt32)] = [(0, 2, 450_000), (2, 1, 450_000), (1, 3, 600_000)]
        return StreetGraph(nodeCoordinates: nodes, arcs: arcs.flatMap { [($0.0, $0.1, $0.2), ($0.1, $0.0, $0.2)] })
    }()

    static func walks(_ input: TransitInput) -> StreetTransferWalks {
        let links = StopStreetLinks.compute(coordinates: input.stops.map { TransitLayer.storedCoordinate($0.coordinate) },
                                            streets: streets, maxMeters: parameters.stopLinkMaxMeters)
        return StreetTransferWalks(streets: streets, links: links)
    }

    /// Transfers from one stop as target → seconds.
    static func row(_ layer: TransitLayer, _ stop: Int) -> [Int: Int32] {
        var row: [Int: Int32] = [:]
        for k in layer.transfers(from: StopID(stop)) { row[Int(layer.transfers.targets[k])] = layer.transfers.seconds[k] }
        return row
    }

    static let minimum = MinTransferTable.defaults.seconds(fromTierMask: Tier.metro.maskBit, toTierMask: Tier.metro.maskBit)
    static func street(_ meters: Double) -> Int32 { Int32((meters / 1.2).rounded()) + minimum }
    static func crowFly(_ meters: Double) -> Int32 { Int32((meters * 1.3 / 1.2).rounded()) + minimum }

    @Test func linksAreTheOnesTheBuiltNetworkMakes() throws {
        let input = Self.input()
        let layer = try TransitLayerBuilder(parameters: Self.parameters).build(input).layer
        let network = BuiltNetwork(metadata: .init(areaName: "hand", parameters: Self.parameters), transit: layer,
                                   streets: Self.streets)
        let links = StopStreetLinks.compute(coordinates: input.stops.map { TransitLayer.storedCoordinate($0.coordinate) },
                                            streets: Self.streets, maxMeters: Self.parameters.stopLinkMaxMeters)
        #expect(links == network.stopLinks)
        #expect(links.nodes[0] == 0 && links.nodes[1] == 1 && links.nodes[2] == 3)
        #expect(links.node(of: StopID(3)) == nil)
    }

    @Test func crowFlyWithoutStreets() throws {
        let layer = try TransitLayerBuilder(parameters: Self.parameters).build(Self.input()).layer
        #expect(Self.minimum == 120)
        // S0 → S1 300 m → 325 s + 120; S0 → S2 700 m → 758 s + 120; S0 → S3 200 m → 217 s + 120.
        #expect(Self.row(layer, 0) == [1: Self.crowFly(300), 2: Self.crowFly(700), 3: Self.crowFly(200)])
        #expect(Self.row(layer, 0) == [1: 445, 2: 878, 3: 337])
    }

    @Test func streetsDecideWhereBothStopsAreLinked() throws {
        let input = Self.input()
        let layer = try TransitLayerBuilder(parameters: Self.parameters).build(input, streets: Self.walks(input)).layer
        // S0 → S1: 0 + 900 + 5 m = 905 m on streets → 754 s + 120, not 300 × 1.3 / 1.2 = 325 s + 120.
        // S0 → S2: 1,505 m on streets is beyond 1,040 m: crow-fly 700 m as before (the fallback).
        // S0 → S3: S3 has no street link: crow-fly 200 m.
        #expect(Self.row(layer, 0) == [1: Self.street(905), 2: Self.crowFly(700), 3: Self.crowFly(200)])
        #expect(Self.row(layer, 0) == [1: 874, 2: 878, 3: 337])
        // S1 → S0 the same walk back; S1 → S2: 5 + 600 + 0 = 605 m → 504 s + 120.
        #expect(Self.row(layer, 1)[0] == 874)
        #expect(Self.row(layer, 1)[2] == Self.street(605))
        #expect(Self.row(layer, 2)[0] == Self.crowFly(700))
    }

    /// One access model: the transfer's walk is the walk `AccessSearch` finds from the stop's position.
    @Test func transferWalkIsTheAccessWalk() throws {
        let input = Self.input()
        let layer = try TransitLayerBuilder(parameters: Self.parameters).build(input, streets: Self.walks(input)).layer
        let network = BuiltNetwork(metadata: .init(areaName: "hand", parameters: Self.parameters), transit: layer,
                                   streets: Self.streets)
        let access = AccessSearch(network: network, parameters: AccessParameters())
        let reach = access.reach(from: network.transit.coordinate(of: StopID(0)))
        let toS1 = try #require(reach.stops.first { $0.stop == StopID(1) })
        #expect(toS1.seconds + Self.minimum == Self.row(layer, 0)[1])
    }

    @Test func sourceTransfersStillReplaceStreetWalks() throws {
        var input = Self.input()
        input.transfers = [TransitInput.Transfer(fromStop: 0, toStop: 1, minSeconds: 90)]
        let layer = try TransitLayerBuilder(parameters: Self.parameters).build(input, streets: Self.walks(input)).layer
        #expect(Self.row(layer, 0)[1] == 90)
        #expect(Self.row(layer, 1)[0] == Self.street(905))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
