import Foundation
import GeoCore
import GeoIO
import NetworkBuild
import Network
import Testing
import TestSupport


@Suite("Road layer (GeoJSON)", .tags(.fast))
struct RoadLayerReaderTests {
    static func line(_ coords: [(Double, Double)], _ props: [String: JSONValue]) -> Feature {
        Feature(geometry: .lineString(LineString(coords.map { Coordinate(longitude: $0.0, latitude: $0.1) })), properties: props)
    }

    @Test func snapsEndsAndReadsAttributes() throws {
        // 1e-6° of latitude ≈ 0.11 m: within the 0.25 m default, so the two lines share a node.
        let fc = FeatureCollection([
            Self.line([(0, 0), (0, 0.001)], ["link_id": 7, "link_type": "primary", "direction": 1, "speed_ab": 50, "lanes_ab": 2]),
            Self.line([(0, 0.001001), (0.001, 0.001)], ["link_id": 8, "highway": "tertiary", "oneway": "-1", "maxspeed": "30 mph"]),
            Self.line([(0.001, 0.001), (0.002, 0.001)], ["highway": "residential", "lanes": 4, "maxspeed": "RU:urban"]),
        ])
        let (g, report) = try RoadLayerReader().read(fc, fileName: "mem")
        #expect(g.nodeCount == 4 && g.linkCount == 3)
        #expect(g.arcCount == 1 + 1 + 2)
        #expect(g.links.keys == ["7", "8", "2"])  // a link without a key gets its feature index
        // Link 8 is drawn node 1 → 2 but oneway=-1: only the arc 2 → 1, at 30 mph = 48.28 km/h.
        let back = try #require(g.arcs(from: RoadNodeID(2)).first { g.arcLink[$0] == 1 })
        #expect(g.head[back] == 1)
        #expect(g.arcs(from: RoadNodeID(1)).allSatisfy { g.arcLink[$0] != 1 })
        let meters8 = Earth.haversineMeters(Coordinate(longitude: 0, latitude: 0.001001), Coordinate(longitude: 0.001, latitude: 0.001))
        #expect(abs(Double(g.travelTimeMilliseconds[back]) - meters8 / (30 * 1.609344 / 3.6) * 1000) <= 1)
        // Residential, lanes=4 two-way → 2 per direction, speed "RU:urban" → class default 30 km/h.
        let res = try #require(g.arcs(from: RoadNodeID(2)).first { g.arcLink[$0] == 2 })
        #expect(g.lanes[res] == 2 && g.capacityVehiclesPerHour[res] == 1200)
        let meters3 = Earth.haversineMeters(Coordinate(longitude: 0.001, latitude: 0.001), Coordinate(longitude: 0.002, latitude: 0.001))
        #expect(abs(Double(g.travelTimeMilliseconds[res]) - meters3 / (30 / 3.6) * 1000) <= 1)
        #expect(report.oneWayLinks == 2 && report.linksByClass[.primary] == 1)

        var strict = RoadLayerOptions()
        strict.snapToleranceMeters = 0.05
        #expect(try RoadLayerReader(options: strict).read(fc, fileName: "mem").graph.nodeCount == 5)
    }

    @Test func badGeometryAndOddValues() throws {
        let point = FeatureCollection([Feature(geometry: .point(Coordinate(longitude: 0, latitude: 0)))])
        #expect(throws: InputError(file: "mem", location: "feature 0", message: "geometry is a Point, expected a LineString")) {
            try RoadLayerReader().read(point, fileName: "mem")
        }
        let odd = FeatureCollection([Self.line([(0, 0), (0, 0.001)], ["direction": 2, "speed": "fast"])])
        let (g, report) = try RoadLayerReader().read(odd, fileName: "mem")
        #expect(g.arcCount == 2)  // unknown direction → both ways, with a warning
        #expect(report.warnings.count == 2)
    }

    static let pythonCounts = """
        import json, sys, math
        d = json.load(open(sys.argv[1]))['features']
        nodes = set()
        for f in d:
            nodes.add(f['properties']['a_node']); nodes.add(f['properties']['b_node'])
        oneway = sum(1 for f in d if f['properties']['direction'] != 0)
        arcs = sum(1 if f['properties']['direction'] != 0 else 2 for f in d)
        print(len(d), len(nodes), oneway, arcs)
        """

    // Independent figures: python3 on coquimbo_links.geojson (distinct a_node/b_node ids, links, direction).
    // Recorded: 19983 links, 15724 nodes, 5420 one-way, 34546 arcs (README section 5 gives the same link and
    // one-way counts). Two distinct nodes lie 0.47 m apart (22041/39425, by a Python scan of
    // coquimbo_nodes.geojson), so a 0.5 m tolerance merges exactly one pair.
    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "shared data absent"))
    func coquimboLinksMatchIndependentCount() throws {
        let url = try #require(SharedData.file("coquimbo/coquimbo_links.geojson"))
        var expected = [19983, 15724, 5420, 34546]
        if let out = try PythonCheck.run(Self.pythonCounts, arguments: [url.path]) {
            expected = out.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        }
        let (g, report) = try RoadLayerReader().read(url: url)
        #expect([g.linkCount, g.nodeCount, report.oneWayLinks, g.arcCount] == expected)
        #expect(report.linksByClass[.connector] == 137 && report.linksWithSpeed == 3400)
        var loose = RoadLayerOptions()
        loose.snapToleranceMeters = 0.5
        #expect(try RoadLayerReader(options: loose).read(url: url).graph.nodeCount == expected[1] - 1)
    }

    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "shared data absent"))
    func areaBuilderReadsRoadsWithoutTransit() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let links = try #require(SharedData.file("coquimbo/coquimbo_links.geojson"))
        let zones = try #require(SharedData.file("coquimbo/coquimbo_zones_population.geojson"))
        let manifest: [String: Any] = [
            "area": "coquimbo", "service_date": "2019-03-01",
            "districts": ["path": zones.path, "name_property": "zone_id", "population_property": "population"],
            "roads": [["name": "roads", "path": links.path, "default_speeds_kmh": ["residential": 25],
                       "capacity_per_lane": ["motorway": 2100]]],
        ]
        let path = dir.file("coquimbo.json")
        try JSONSerialization.data(withJSONObject: manifest).write(to: path)
        let network = try AreaBuilder(manifestPath: path.path).build().network
        #expect(network.transit.stopCount == 0)
        #expect(network.districts.count == 133 && network.districts[0].name == "1")
        #expect(network.roads.nodeCount == 15724 && network.roads.linkCount == 19983)
        // The residential default applies where the layer has no speed: 25 km/h.
        let g = network.roads
        let arc = try #require((0..<g.arcCount).first { g.roadClass(ofArc: $0) == .residential })
        let l = Int(g.arcLink[arc])
        let idx = try JSONSerialization.jsonObject(with: Data(contentsOf: links)) as! [String: Any]
        let props = (idx["features"] as! [[String: Any]])[l]["properties"] as! [String: Any]
        if props["speed_ab"] is NSNull {
            #expect(abs(Double(g.travelTimeMilliseconds[arc]) - Double(g.lengthMillimeters[arc]) / (25 / 3.6)) <= 1)
        }
        let bad = dir.file("bad.json")
        var badManifest = manifest
        badManifest["roads"] = [["name": "roads", "path": links.path, "properties": ["colour": "x"]]]
        try JSONSerialization.data(withJSONObject: badManifest).write(to: bad)
        #expect(throws: InputError.self) { try AreaBuilder(manifestPath: bad.path).build() }
    }
}
