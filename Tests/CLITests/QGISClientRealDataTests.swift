import Analysis
import Foundation
import GeoCore
import Testing
import TestSupport

/// A real GIS client: the main job's outputs (Scripts/main.sh: the 1-hour circle around 北京南, the isochrones and
/// the integration gaps on jingjinji) written as GeoPackages (and the rings also as GeoJSON with --styles) and
/// loaded by QGIS itself through PyQGIS, headless (Scripts/qgis_check.py): every layer valid, with the feature
/// count of the GeoJSON and the field types of the declared schema, the shipped styles loading (the renderer
/// they name, not QGIS's default), and a PNG of the 1-hour circle that is not a single colour.
@Suite(.tags(.cli, .realData), .enabled(if: SharedData.isPresent && CLIRunner.isAvailable, "needs ../shared/data and the built binary"))
struct QGISClientRealDataTests {
    static let installHint = "PyQGIS is absent: install it with `sudo apt-get install python3-qgis qgis-providers` (Scripts/setup.sh does)"

    /// The first Python that imports PyQGIS: the one on PATH, else the system's (Debian installs PyQGIS for
    /// /usr/bin/python3, which a pyenv or venv python3 on PATH does not see).
    static let pyQGIS: String? = {
        let onPath = ProcessInfo.processInfo.environment["PATH", default: "/usr/bin"].split(separator: ":").map { "\($0)/python3" }
        for python in onPath + ["/usr/bin/python3"] where FileManager.default.isExecutableFile(atPath: python) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", "import qgis.core"]
            process.environment = ProcessInfo.processInfo.environment.merging(["QT_QPA_PLATFORM": "offscreen"]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { continue }
            process.waitUntilExit()
            if process.terminationStatus == 0 { return python }
        }
        return nil
    }()

    /// One spec entry per layer of `schema` in the GeoPackage `gpkg`, counts from the same output as GeoJSON.
    static func entries(_ gpkg: URL, geojson: URL, schema: FeatureSchema, renderers: [String: String]) throws -> [[String: Any]] {
        let collection = try GeoJSONReader.read(contentsOf: geojson)
        return schema.split(collection).map { layer, features in
            var fields: [String: String] = [:]
            for f in layer.fields { fields[f.name] = f.type.rawValue }
            return ["source": "\(gpkg.path)|layername=\(layer.table)", "name": "\(gpkg.lastPathComponent):\(layer.table)",
                    "count": features.count, "fields": fields, "renderer": renderers[layer.name] ?? "singleSymbol"]
        }
    }

    @Test(.enabled(if: pyQGIS != nil, "\(installHint)"))
    func mainJobOutputsLoadValidStyledAndRenderInQGIS() throws {
        let shared = try #require(try SharedAreaBuild.area("jingjinji"))
        try #require(shared.build.status == 0, "build failed: \(shared.build.stderr)")
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        // The main job's commands (Scripts/main.sh), each to GeoJSON and GeoPackage.
        let jobs: [(name: String, arguments: [String])] = [
            ("rings", ["rings", shared.network, "--core", "北京南", "--budget", "60", "--depart", "07:00", "--window", "120"]),
            ("isochrones", ["isochrone", shared.network, "--from", "北京南", "--depart", "08:00", "--window", "60", "--cutoffs", "15,30,45,60"]),
            ("gaps", ["gaps", shared.network]),
        ]
        for job in jobs {
            for ext in ["geojson", "gpkg"] {
                var arguments = job.arguments + ["-q", "-o", dir.file("\(job.name).\(ext)").path]
                if job.name == "rings" && ext == "geojson" { arguments += ["--split-kinds", "--styles"] }
                let run = try CLIRunner.run(arguments)
                try #require(run.status == 0, "\(job.name) -o .\(ext): \(run.stderr)")
            }
        }
        // The rings' GeoJSON went to one file per kind: their counts sum to the GeoPackage's.
        let ringsGeoJSON = dir.file("rings-all.geojson")
        let parts = try ["district", "commute_circle"].flatMap { try GeoJSONReader.read(contentsOf: dir.file("rings-\($0).geojson")).features }
        try GeoJSONWriter().data(for: FeatureCollection(parts)).write(to: ringsGeoJSON)

        var layers = try Self.entries(dir.file("rings.gpkg"), geojson: ringsGeoJSON, schema: RingAnalysis.featureSchema,
                                      renderers: ["district": "categorizedSymbol"])
        layers += try Self.entries(dir.file("isochrones.gpkg"), geojson: dir.file("isochrones.geojson"),
                                   schema: IsochroneResult.featureSchema, renderers: ["isochrone": "categorizedSymbol"])
        layers += try Self.entries(dir.file("gaps.gpkg"), geojson: dir.file("gaps.geojson"), schema: IntegrationGapReport.featureSchema,
                                   renderers: ["hub": "categorizedSymbol"])
        // The GeoJSON districts with the .qml written beside them by --styles, applied explicitly.
        layers.append(["source": dir.file("rings-district.geojson").path, "name": "rings-district.geojson",
                       "count": parts.filter { $0.properties["kind"] == "district" }.count,
                       "style": dir.file("rings-district.qml").path, "renderer": "categorizedSymbol",
                       "fields": ["adcode": "integer", "share_within_budget": "real", "district": "string"]])
        let png = dir.file("circle.png")
        let spec: [String: Any] = ["layers": layers, "render": [
            "layers": ["rings.gpkg:commute_circle", "rings.gpkg:district"], "png": png.path, "width": 800, "height": 600,
        ]]
        let specFile = dir.file("spec.json")
        try JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys]).write(to: specFile)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.pyQGIS))
        process.arguments = [PackageRoot.url.appendingPathComponent("Scripts/qgis_check.py").path, specFile.path]
        process.environment = ProcessInfo.processInfo.environment.merging(["QT_QPA_PLATFORM": "offscreen"]) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "qgis_check failed:\n\(stderr)\n\(stdout)")
        #expect(stdout.split(separator: "\n").count == layers.count + 1, "\(stdout)")
        #expect(FileManager.default.fileExists(atPath: png.path))
        // To look at the map: METROCOMMUTE_QGIS_PNG=path keeps a copy.
        if let keep = ProcessInfo.processInfo.environment["METROCOMMUTE_QGIS_PNG"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: png.path, toPath: keep)
        }
    }
}
