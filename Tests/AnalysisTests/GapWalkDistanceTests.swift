import GeoCore
import Network
import TestSupport
import Testing
@testable import Analysis

/// Transfer walks on a street graph: a metro stop and a trunk stop 222 m apart (0.002° of latitude) whose only
/// street path goes round three sides of a square, with arc lengths set by hand (200 + 300 + 200 m).
@Suite(.tags(.fast)) struct GapWalkDistanceTests {
    static func network(connected: Bool) throws -> BuiltNetwork {
        var input = TransitInput()
        input.stops = [
            TransitInput.Stop(key: "w:M", name: "东站", coordinate: Coordinate(longitude: 117.0, latitude: 39.0), source: "w"),
            TransitInput.Stop(key: "w:M2", name: "西门", coordinate: Coordinate(longitude: 116.9, latitude: 39.0), source: "w"),
            TransitInput.Stop(key: "w:T", name: "东", coordinate: Coordinate(longitude: 117.0, latitude: 39.002), source: "w"),
            TransitInput.Stop(key: "w:T2", name: "北", coordinate: Coordinate(longitude: 117.0, latitude: 39.5), source: "w"),
        ]
        input.routes = [
            TransitInput.Route(key: "w:m", shortName: "1", longName: "", gtfsRouteType: 1, tier: .metro, tierReason: "t", source: "w"),
            TransitInput.Route(key: "w:t", shortName: "G", longName: "", gtfsRouteType: 2, tier: .trunk, tierReason: "t", source: "w"),
        ]
        input.trips = [
            TransitInput.Trip(key: "m1", route: 0, name: "", tier: .metro, stops: [0, 1], arrivalSeconds: [0, 600], departureSeconds: [0, 600]),
            TransitInput.Trip(key: "t1", route: 1, name: "G1", tier: .trunk, stops: [2, 3], arrivalSeconds: [0, 900], departureSeconds: [0, 900]),
        ]
        let nodes = [(117.0, 39.0), (117.003, 39.0), (117.003, 39.002), (117.0, 39.002)]
            .map { Coordinate(longitude: $0.0, latitude: $0.1) }
        var arcs: [(tail: UInt32, head: UInt32, lengthMillimeters: UInt32)] = []
        for (a, b, mm) in [(0, 1, 200_000), (1, 2, 300_000), (2, 3, 200_000)] as [(UInt32, UInt32, UInt32)] {
            if !connected && a == 1 { continue }
            arcs.append((a, b, mm)); arcs.append((b, a, mm))
        }
        let parameters = BuildParameters()
        let layer = try TransitLayerBuilder(parameters: parameters).build(input).layer
        return BuiltNetwork(metadata: .init(areaName: "walk", localCRS: LocalCRSDefinition("EPSG:4548"),
                                            parameters: parameters),
                            transit: layer, streets: StreetGraph(nodeCoordinates: nodes, arcs: arcs))
    }

    @Test func streetPathIsUsedAndRated() throws {
        let network = try Self.network(connected: true)
        let walker = WalkDistanceCalculator(network: network)
        let leg = try #require(walker.walk(from: StopID(0), to: StopID(2), maxWalkMeters: 1040))
        #expect(leg.method == .streets)
        // Stops sit on nodes 0 and 3 (links of 0 m): 200 + 300 + 200 m.
        #expect(abs(leg.walkMeters - 700) < 0.001)
        #expect(abs(leg.crowFlyMeters - 0.002 * Earth.meanRadiusMeters * .pi / 180) < 0.01)
        #expect(walker.walk(from: StopID(0), to: StopID(2), maxWalkMeters: 699) == nil)
        #expect(walker.walk(from: StopID(0), to: StopID(0), maxWalkMeters: 10)?.method == .sameStop)

        let report = try IntegrationGapAnalysis().run(on: network)
        let hub = try #require(report.hubs.first)
        #expect(report.hubs.count == 1 && hub.tiers == [.trunk, .metro])
        // 700 m / 1.2 m/s = 9.72 min: poor.
        #expect(hub.transfers[0].rating == .poor)
        #expect(abs((hub.transfers[0].walkMinutes ?? 0) - 700 / 1.2 / 60) < 1e-6)
        #expect(report.usesStreetGraph)
    }

    @Test func noStreetPathIsDisconnected() throws {
        let network = try Self.network(connected: false)
        let walker = WalkDistanceCalculator(network: network)
        #expect(walker.walk(from: StopID(0), to: StopID(2), maxWalkMeters: 5000) == nil)
        let report = try IntegrationGapAnalysis().run(on: network)
        #expect(report.hubs.first?.worstRating == .disconnected)
    }
}
