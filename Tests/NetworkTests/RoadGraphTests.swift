import GeoCore
import Network
import TestSupport
import Testing

@Suite(.tags(.fast)) struct RoadGraphTests {
    /// Three nodes on a line 0 — 1 — 2 (0.001° of longitude apart at the equator ≈ 111.2 m);
    /// link A (0–1) two-way primary 3 lanes each way at 60 km/h, link B (1→2) one-way residential.
    static func sample() -> RoadGraph {
        let nodes = [Coordinate(longitude: 0, latitude: 0), Coordinate(longitude: 0.001, latitude: 0),
                     Coordinate(longitude: 0.002, latitude: 0)]
        let d = RoadClassDefaults()
        let a = RoadLinkDirection.resolved(speedKmh: 60, lanes: 3, capacityVehiclesPerHour: nil, roadClass: .primary, defaults: d)
        let b = RoadLinkDirection.resolved(speedKmh: nil, lanes: nil, capacityVehiclesPerHour: nil, roadClass: .residential, defaults: d)
        return RoadGraph(nodeCoordinates: nodes, links: [
            RoadLinkInput(key: "A", name: "Main", roadClass: .primary, fromNode: 0, toNode: 1, shape: [nodes[0], nodes[1]],
                          lengthMeters: 100, forward: a, backward: a),
            RoadLinkInput(key: "B", name: "Side", roadClass: .residential, fromNode: 1, toNode: 2,
                          shape: [nodes[1], Coordinate(longitude: 0.0015, latitude: 0.0001), nodes[2]],
                          lengthMeters: 120, forward: b, backward: nil),
        ])
    }

    @Test func arcsFollowDirectionsAndDefaults() throws {
        let g = Self.sample()
        #expect(g.nodeCount == 3 && g.linkCount == 2)
        #expect(g.arcCount == 3)  // two for the two-way link, one for the one-way link
        // Node 2 has no leaving arc (B is one-way 1 → 2).
        #expect(g.arcs(from: RoadNodeID(2)).isEmpty)
        let fromOne = g.arcs(from: RoadNodeID(1)).map { Int(g.head[$0]) }.sorted()
        #expect(fromOne == [0, 2])
        let b = try #require(g.arcs(from: RoadNodeID(1)).first { g.head[$0] == 2 })
        // 120 m at the residential default 30 km/h = 14.4 s; capacity 1 default lane × 600.
        #expect(g.travelTimeMilliseconds[b] == 14_400)
        #expect(g.lanes[b] == 0 && g.capacityVehiclesPerHour[b] == 600)
        let a = try #require(g.arcs(from: RoadNodeID(0)).first)
        // 100 m at 60 km/h = 6 s; 3 lanes × 1,600 (primary) = 4,800 veh/h.
        #expect(g.travelTimeMilliseconds[a] == 6_000 && g.lanes[a] == 3 && g.capacityVehiclesPerHour[a] == 4_800)
        #expect(g.shape(of: RoadLinkID(1)).count == 3)
        #expect(RoadClass(roadType: "motorway_link") == .motorway && RoadClass(roadType: "centroid_connector") == .connector)
        #expect(RoadClass(roadType: "busway") == .other)
    }

    @Test func networkFileKeepsRoadsAndVersions() throws {
        let empty = BuiltNetwork(metadata: .init(areaName: "x"), transit: .empty)
        let bytesWithout = empty.encoded()
        #expect(bytesWithout[8] == 4)  // version 4 with or without roads: META says whether ROAD follows
        #expect(!bytesWithout.indices.dropLast(3).contains { Array(bytesWithout[$0..<($0 + 4)]) == Array("ROAD".utf8) })
        let withRoads = BuiltNetwork(metadata: .init(areaName: "x"), transit: .empty, roads: Self.sample())
        let bytes = withRoads.encoded()
        #expect(bytes[8] == 4)
        let decoded = try BuiltNetwork(decoding: bytes, file: "mem")
        #expect(decoded == withRoads)
        #expect(decoded.roads.linkCount == 2)
        #expect(try BuiltNetwork(decoding: bytesWithout, file: "mem").roads.isEmpty)
        #expect(withRoads.boundingBox?.maxLongitude == 0.002)
    }

    @Test func damagedRoadSectionIsAnError() throws {
        let g = Self.sample()
        let bad = RoadGraph.problem(firstOut: g.firstOut, head: [0, 9, 0], lengthMillimeters: g.lengthMillimeters,
                                    travelTimeMilliseconds: g.travelTimeMilliseconds, roadClass: g.roadClass, lanes: g.lanes,
                                    capacityVehiclesPerHour: g.capacityVehiclesPerHour, arcLink: g.arcLink,
                                    longitudeE7: g.longitudeE7, latitudeE7: g.latitudeE7, links: g.links)
        #expect(bad == "arc head 9 out of range")
        // Flip one byte inside the payload: the checksum catches it.
        var bytes = BuiltNetwork(metadata: .init(areaName: "x"), transit: .empty, roads: g).encoded()
        bytes[bytes.count - 3] ^= 0xFF
        #expect(throws: InputError.self) { try BuiltNetwork(decoding: bytes, file: "mem") }
    }

    @Test func locatorSnapsToNodesWithLeavingArcs() throws {
        let g = Self.sample()
        let near2 = Coordinate(longitude: 0.00201, latitude: 0)
        let any = RoadNodeLocator(graph: g, requireOutgoingArc: false)
        #expect(any.nearest(to: near2)?.node == RoadNodeID(2))
        let drivable = RoadNodeLocator(graph: g)
        #expect(drivable.nearest(to: near2)?.node == RoadNodeID(1))  // node 2 has no leaving arc
        #expect(drivable.nearest(to: Coordinate(longitude: 1, latitude: 1), maxMeters: 500) == nil)
    }
}
