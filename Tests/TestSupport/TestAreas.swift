import Foundation

/// Area manifests for tests that point straight at ../shared/data (no GeoData/cache needed), mirroring
/// GeoData/<area>.json. Nil when the shared data is absent: the caller skips.
public enum TestAreas {
    /// Writes `<area>.json` into `directory` and returns its path; `extra` adds/overrides top-level keys.
    public static func manifest(area: String, in directory: URL, extra: [String: Any] = [:]) throws -> String? {
        guard let root = SharedData.root else { return nil }
        let folder = root.appendingPathComponent("cn/\(area)")
        guard FileManager.default.fileExists(atPath: folder.path) else { return nil }
        let localCRS = ["jingjinji": "EPSG:4548", "guangfo": "EPSG:4547", "chongqing": "EPSG:4545"][area] ?? "auto"
        var object: [String: Any] = [
            "area": area,
            "service_date": "2016-03-10",
            "local_crs": localCRS,
            "districts": [
                "path": folder.appendingPathComponent("districts.geojson").path,
                "name_property": "district_name", "population_property": "pop2020",
                "city_property": "city_name", "code_property": "district_adcode",
            ],
            "gtfs": [["name": "rail", "path": folder.appendingPathComponent("rail_gtfs.zip").path]],
            "lines": [["name": "metro", "path": folder.appendingPathComponent("metro_lines_gcj02.csv").path,
                       "crs": "gcj02", "tier": "metro", "line_overrides": shippedLineOverrides(area: area)]],
        ]
        for (k, v) in extra { object[k] = v }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        let url = directory.appendingPathComponent("\(area).json")
        try data.write(to: url)
        return url.path
    }

    /// The `line_overrides` of the shipped manifest GeoData/<area>.json (empty when it has none).
    static func shippedLineOverrides(area: String) -> [String: Any] {
        let url = PackageRoot.url.appendingPathComponent("GeoData/\(area).json")
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let lines = object["lines"] as? [[String: Any]],
              let overrides = lines.first?["line_overrides"] as? [String: Any] else { return [:] }
        return overrides
    }
}
