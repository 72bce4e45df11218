import Foundation
import GeoCore
import Testing
import TestSupport

@Suite("roads command (Coquimbo)", .tags(.cli, .realData))
struct RoadsCommandTests {
    /// Independent count of district border crossings with shapely: a link (connectors excluded) crosses
    /// when its first and last positions lie in different zones (first zone in file order that intersects
    /// the point, as the analysis does). Prints the number of crossing links and of zone pairs.
    static let python = """
        import json, sys
        from shapely.geometry import shape, Point
        from shapely.prepared import prep
        zones = [(f['properties']['zone_id'], shape(f['geometry'])) for f in json.load(open(sys.argv[2]))['features']]
        prepared = [(z, prep(g), g.bounds) for z, g in zones]
        def zone(c):
            for z, p, (x0, y0, x1, y1) in prepared:
                if x0 <= c[0] <= x1 and y0 <= c[1] <= y1 and p.intersects(Point(c)):
                    return z
            return None
        links, pairs = 0, set()
        for f in json.load(open(sys.argv[1]))['features']:
            if f['properties']['link_type'] == 'centroid_connector':
                continue
            cs = f['geometry']['coordinates']
            a, b = zone(cs[0]), zone(cs[-1])
            if a is not None and b is not None and a != b:
                links += 1
                pairs.add((min(a, b), max(a, b)))
        print(links, len(pairs))
        """

    @Test(.enabled(if: SharedData.isPresent && CLIRunner.isAvailable, "shared data or built binary absent"))
    func coquimboRoadGaps() throws {
        let links = try #require(SharedData.file("coquimbo/coquimbo_links.geojson"))
        let zones = try #require(SharedData.file("coquimbo/coquimbo_zones_population.geojson"))
        let gtfs = try #require(SharedData.file("coquimbo/coquimbo_bus_gtfs.zip"))
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let manifest: [String: Any] = [
            "area": "coquimbo", "service_date": "2016-03-01",
            "districts": ["path": zones.path, "name_property": "zone_id", "population_property": "population"],
            "gtfs": [["name": "bus", "path": gtfs.path]],
            "roads": [["name": "roads", "path": links.path]],
        ]
        let manifestURL = dir.file("coquimbo.json")
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
        let net = dir.file("coquimbo.mcnet").path
        let build = try CLIRunner.run(["build", manifestURL.path, "-o", net, "--quiet"])
        #expect(build.status == 0, "\(build.stderr)")

        let out = dir.file("road-gaps.geojson"), md = dir.file("road-gaps.md"), csv = dir.file("road-gaps.csv")
        let run = try CLIRunner.run(["roads", net, "-o", out.path, "--report", md.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try CLIRunner.run(["roads", net, "-o", out.path, "--report", csv.path, "--quiet"]).status == 0)
        if GeoJSONChecker.isAvailable {
            let check = try GeoJSONChecker.check([out])
            #expect(check.status == 0, "\(check.output)")
        }
        let collection = try GeoJSONReader.read(contentsOf: out)
        var byKind: [String: Int] = [:]
        for f in collection.features { byKind[f.properties["kind"]?.stringValue ?? "?", default: 0] += 1 }
        let crossingFeatures = collection.features.filter { $0.properties["kind"]?.stringValue == "border_crossings" }
        let crossingLinks = crossingFeatures.reduce(0) { $0 + ($1.properties["crossings"]?.intValue ?? 0) }
        let pairsWithLinks = crossingFeatures.filter { ($0.properties["crossings"]?.intValue ?? 0) > 0 }.count
        if let text = try PythonCheck.run(Self.python, arguments: [links.path, zones.path]) {
            let expected = text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
            #expect([crossingLinks, pairsWithLinks] == expected)
        }
        // Severity order within a kind: border pairs by capacity ascending.
        let capacities = crossingFeatures.compactMap { $0.properties["capacity_per_hour"]?.doubleValue }
        #expect(capacities == capacities.sorted())
        #expect((byKind["unconnected_road"] ?? 0) > 0 && (byKind["lane_drop"] ?? 0) > 0)
        let csvLines = try CSVOutput.table(contentsOf: csv).split(separator: "\n")
        #expect(csvLines.count == collection.features.count + 1)
        #expect(try String(contentsOf: md, encoding: .utf8).contains("15724 nodes, 19983 links"))
        print("coquimbo roads: \(byKind), border crossing links \(crossingLinks) in \(pairsWithLinks) zone pairs; \(run.stderr)")

        // A network without roads is a clear error.
        let bad = try CLIRunner.run(["roads", "/nonexistent.mcnet", "-o", out.path])
        #expect(bad.status != 0 && bad.stderr.contains("/nonexistent.mcnet"))
    }
}

