import Foundation
import GeoCore
import GeoIO
import NetworkBuild
import Network
import Routing
import Testing
import TestSupport
@testable import Analysis

/// `SingleModeSearch` (driving and walking without transit) on a hand-made one-way square, and on Coquimbo:
/// the inward search (reversed graph, used by the rings) agrees with outward searches point by point.
@Suite("Driving and walking modes", .tags(.fast))
struct DriveModeTests {
    /// A one-way square at the equator, 0 → 1 → 2 → 3 → 0, corners 0.01° apart; every side given as 1,000 m at
    /// 36 km/h = 100 s (the lengths are given, not measured).
    static func square() -> BuiltNetwork {
        let nodes = [Coordinate(longitude: 0, latitude: 0), Coordinate(longitude: 0.01, latitude: 0),
                     Coordinate(longitude: 0.01, latitude: 0.01), Coordinate(longitude: 0, latitude: 0.01)]
        let d = RoadLinkDirection.resolved(speedKmh: 36, lanes: nil, capacityVehiclesPerHour: nil, roadClass: .primary,
                                           defaults: RoadClassDefaults())
        let links = (0..<4).map { i in
            RoadLinkInput(key: "L\(i)", name: "", roadClass: .primary, fromNode: i, toNode: (i + 1) % 4,
                          shape: [nodes[i], nodes[(i + 1) % 4]], lengthMeters: 1000, forward: d, backward: nil)
        }
        return BuiltNetwork(metadata: .init(areaName: "square"), transit: .empty,
                            roads: RoadGraph(nodeCoordinates: nodes, links: links))
    }

    /// Walk seconds by hand: crow-fly metres × 1.3 / 1.2 m/s.
    static func walkSeconds(_ a: Coordinate, _ b: Coordinate) -> Double { Earth.haversineMeters(a, b) * 1.3 / 1.2 }

    @Test func oneWaySquareByHand() throws {
        let network = Self.square()
        let p = Coordinate(longitude: 0, latitude: -0.001)   // 111.2 m south of corner 0
        let corner1 = Coordinate(longitude: 0.01, latitude: 0)
        let connector = Self.walkSeconds(p, Coordinate(longitude: 0, latitude: 0))
        #expect(abs(connector - 120.46) < 0.01)

        let outward = try SingleModeSearch(network: network, mode: .drive)
        outward.run(from: outward.sourceEnd(at: p))
        // p → corner 1: walk to corner 0, then one side (100 s).
        let there = try #require(outward.trip(to: outward.targetEnd(at: corner1)))
        #expect(!there.isDirectWalk && there.networkMilliseconds == 100_000)
        #expect(abs(Double(there.totalMilliseconds) / 1000 - (connector + 100)) < 0.002)
        #expect(outward.travelTimeSeconds(to: outward.targetEnd(at: corner1)) == Int32((connector + 100).rounded()))
        // corner 1 → p: three sides the one-way round, then the walk.
        outward.run(from: outward.sourceEnd(at: corner1))
        let back = try #require(outward.trip(to: outward.targetEnd(at: p)))
        #expect(back.networkMilliseconds == 300_000)
        #expect(abs(Double(back.totalMilliseconds) / 1000 - (connector + 300)) < 0.002)

        // Inward (reversed graph) from a destination gives the same trips, in the traveller's direction.
        let inward = try SingleModeSearch(network: network, mode: .drive, direction: .inward)
        inward.run(from: inward.sourceEnd(at: corner1))
        #expect(inward.trip(to: inward.targetEnd(at: p)) == there)
        inward.run(from: inward.sourceEnd(at: p))
        #expect(inward.trip(to: inward.targetEnd(at: corner1)) == back)

        // Off the network (> 500 m from every corner): only a direct walk within 500 m reaches anything.
        let q = Coordinate(longitude: 0.005, latitude: -0.004), q2 = Coordinate(longitude: 0.005, latitude: -0.0015)
        outward.run(from: outward.sourceEnd(at: q))
        #expect(outward.sourceEnd(at: q).node == nil)
        #expect(outward.trip(to: outward.targetEnd(at: corner1)) == nil)
        let hop = try #require(outward.trip(to: outward.targetEnd(at: q2)))
        #expect(hop.isDirectWalk && abs(Double(hop.totalMilliseconds) / 1000 - Self.walkSeconds(q, q2)) < 0.002)

        // Walking without a street graph: crow-fly × detour at any distance.
        let walk = try SingleModeSearch(network: network, mode: .walk)
        walk.run(from: walk.sourceEnd(at: p))
        #expect(walk.travelTimeSeconds(to: walk.targetEnd(at: corner1)) == Int32(Self.walkSeconds(p, corner1).rounded()))

        // No roads: one clear error.
        let bare = BuiltNetwork(metadata: .init(areaName: "bare"), transit: .empty)
        #expect(throws: SingleModeSearch.noRoadGraphError) { try SingleModeSearch(network: bare, mode: .drive) }
    }

    @Test func reversedGraphTurnsEveryArc() {
        let g = Self.square().roads
        let r = g.reversed()
        #expect(r.nodeCount == g.nodeCount && r.arcCount == g.arcCount)
        var forward: [String] = [], backward: [String] = []
        for v in 0..<g.nodeCount {
            for a in g.arcs(from: RoadNodeID(v)) { forward.append("\(v)>\(g.head[a]):\(g.travelTimeMilliseconds[a])") }
            for a in r.arcs(from: RoadNodeID(v)) { backward.append("\(r.head[a])>\(v):\(r.travelTimeMilliseconds[a])") }
        }
        #expect(forward.sorted() == backward.sorted())
        #expect(r.reversed() == g)
    }

    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "shared data absent"))
    func coquimboInwardEqualsOutwardAndRingsUseIt() throws {
        let links = try #require(SharedData.file("coquimbo/coquimbo_links.geojson"))
        let zones = try #require(SharedData.file("coquimbo/coquimbo_zones_population.geojson"))
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let manifest = dir.file("coquimbo.json")
        try JSONSerialization.data(withJSONObject: [
            "area": "coquimbo", "service_date": "2019-01-02",
            "districts": ["path": zones.path, "name_property": "zone_id", "population_property": "population"],
            "roads": [["name": "roads", "path": links.path]],
        ] as [String: Any]).write(to: manifest)
        let network = try AreaBuilder(manifestPath: manifest.path).build().network
        let core = try PlaceResolver(network: network).resolve("12")[0]

        // Inward from the core against one outward search per point, for 40 seeded points in the bounding box.
        let inward = try SingleModeSearch(network: network, mode: .drive, direction: .inward)
        inward.run(from: inward.sourceEnd(at: core.coordinate))
        let outward = try SingleModeSearch(network: network, mode: .drive)
        let box = try #require(network.boundingBox)
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) }
        var reached = 0
        for _ in 0..<40 {
            let c = Coordinate(longitude: box.minLongitude + next() * (box.maxLongitude - box.minLongitude),
                               latitude: box.minLatitude + next() * (box.maxLatitude - box.minLatitude))
            outward.run(from: outward.sourceEnd(at: c))
            let a = outward.trip(to: outward.targetEnd(at: core.coordinate))
            let b = inward.trip(to: inward.targetEnd(at: c))
            #expect(a == b, "\(c)")
            if a != nil { reached += 1 }
        }
        #expect(reached >= 10, "only \(reached) of 40 random points on the roads")

        // Rings by car: every point's time is the outward drive from it to the core.
        let travel = TravelTimeParameters(firstDepartureSeconds: 7 * 3600, windowMinutes: 1)
        let population = try UniformDistrictPopulation().surface(network: network, crs: "EPSG:32719")
        let rings = try RingAnalysis(network: network, core: core,
                                     parameters: RingParameters(budgetMinutes: 30, travel: travel, threads: 1, mode: .drive),
                                     population: population, crs: "EPSG:32719")
        #expect(rings.districts.count == 133)
        // Every 25th cell: its time is the outward drive from it to the core (≤ the 120-minute longest trip).
        for k in stride(from: 0, to: rings.cells.count, by: 25) {
            outward.run(from: outward.sourceEnd(at: rings.cells[k].coordinate))
            let drive = outward.travelTimeSeconds(to: outward.targetEnd(at: core.coordinate))
            #expect(rings.cellSeconds[k] == (drive ?? RangeRaptorResult.unreachable), "cell \(k)")
        }
    }
}
