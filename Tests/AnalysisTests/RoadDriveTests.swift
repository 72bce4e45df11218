import Foundation
import GeoCore
import GeoGEOS
import GeoIO
import GeoPROJ
import Network
import Routing
import Testing
import TestSupport

@Suite("Driving one-to-all on OSM roads", .tags(.fast))
struct RoadDriveTests {
    /// Bellman-Ford over the same arcs: an independent shortest-time check for `RoadSearch`.
    static func bellmanFord(_ g: RoadGraph, from s: Int) -> [UInt64] {
        var best = [UInt64](repeating: .max, count: g.nodeCount)
        best[s] = 0
        var changed = true
        while changed {
            changed = false
            for v in 0..<g.nodeCount where best[v] != .max {
                for a in g.arcs(from: RoadNodeID(v)) {
                    let w = Int(g.head[a]), t = best[v] + UInt64(g.travelTimeMilliseconds[a])
                    if t < best[w] { best[w] = t; changed = true }
                }
            }
        }
        return best
    }

    static func hullAreaSquareMeters(_ points: [Coordinate], geos: GEOSContext, transformer: Transformer) throws -> Double {
        guard points.count >= 3 else { return 0 }
        let hull = try geos.concaveHull(of: .multiPoint(points), ratio: 1)
        return try geos.areaSquareMeters(of: hull) { try transformer.transform($0) }
    }

    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "shared data absent"), arguments: ["osm/Helsinki.osm.pbf", "osm/monaco.osm.pbf"])
    func tenMinuteDriveReachesFartherThanTenMinuteWalk(_ relativePath: String) throws {
        let url = try #require(SharedData.file(relativePath))
        let roads = try OSMRoadExtractor.extract(path: url.path).graph
        let streets = try OSMNetworkExtractor.extract(path: url.path, options: .init(streets: true, rail: false)).streetGraph
        // Origin: the road node nearest the centre of the road data.
        let box = try #require(BoundingBox(covering: (0..<roads.nodeCount).map { roads.coordinate(of: RoadNodeID($0)) }))
        let drive = try #require(DrivingTravelTimes.compute(graph: roads, locator: RoadNodeLocator(graph: roads), from: box.center))
        let origin = roads.coordinate(of: drive.origin)

        // Same answer as an independent Bellman-Ford on the same arcs.
        let reference = Self.bellmanFord(roads, from: drive.origin.index)
        for v in 0..<roads.nodeCount {
            let mine = drive.travelTimeMilliseconds[v]
            #expect((mine == .max ? UInt64.max : UInt64(mine)) == reference[v])
        }

        // Plausible: no node faster than 130 km/h as the crow flies; median crow-fly speed of town driving
        // between 10 and 60 km/h.
        var speeds: [Double] = []
        for v in 0..<roads.nodeCount where drive.travelTimeMilliseconds[v] != .max && drive.travelTimeMilliseconds[v] > 10_000 {
            let meters = Earth.haversineMeters(origin, roads.coordinate(of: RoadNodeID(v)))
            speeds.append(meters / (Double(drive.travelTimeMilliseconds[v]) / 1000) * 3.6)
        }
        speeds.sort()
        #expect(!speeds.isEmpty && speeds.last! < 130)
        let median = speeds[speeds.count / 2]
        #expect(median > 10 && median < 60, "median crow-fly driving speed \(median) km/h")

        // 10 minutes: driving (free flow) against walking at 1.2 m/s (720 m) from the street node nearest the origin.
        let drivePoints = (0..<roads.nodeCount).filter { drive.travelTimeMilliseconds[$0] <= 600_000 }
            .map { roads.coordinate(of: RoadNodeID($0)) }
        let walkStart = try #require((0..<streets.nodeCount).min {
            Earth.haversineMeters(streets.coordinate(of: StreetNodeID($0)), origin) < Earth.haversineMeters(streets.coordinate(of: StreetNodeID($1)), origin)
        })
        let walk = StreetSearch(graph: streets)
        walk.run(from: StreetNodeID(walkStart), maxDistanceMillimeters: 720_000)
        let walkPoints = walk.reachedNodes.map { streets.coordinate(of: $0) }
        let geos = GEOSContext()
        let transformer = try Transformer(from: "EPSG:4326", to: LocalCRS.utm(for: origin))
        let driveArea = try Self.hullAreaSquareMeters(drivePoints, geos: geos, transformer: transformer)
        let walkArea = try Self.hullAreaSquareMeters(walkPoints, geos: geos, transformer: transformer)
        #expect(driveArea > walkArea, "10-min drive hull \(driveArea) m², walk hull \(walkArea) m²")
        let driveFarthest = drivePoints.map { Earth.haversineMeters(origin, $0) }.max() ?? 0
        #expect(driveFarthest > 720)  // a walk cannot get beyond 720 m in 10 minutes
        print("\(relativePath): origin \(origin), drive nodes ≤10 min \(drivePoints.count)/\(roads.nodeCount), hull \(Int(driveArea)) m², farthest \(Int(driveFarthest)) m; walk nodes \(walkPoints.count)/\(streets.nodeCount), hull \(Int(walkArea)) m²; median crow-fly speed \(String(format: "%.1f", median)) km/h")
    }
}
