import Foundation
import Testing
import TestSupport

/// `isochrone --raster`: an ESRI ASCII grid with a `.prj` sidecar that GDAL reads as the grid's CRS.
@Suite("isochrone raster output", .tags(.cli, .realData),
       .enabled(if: CLIRunner.isAvailable, "metrocommute binary not built (run swift build --build-tests)"),
       .enabled(if: SharedData.isPresent, "../shared/data is absent: real-data test skipped"))
struct IsochroneRasterCLITests {
    @Test func asciiGridWithProjectionSidecar() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.cleanUp() }
        let shared = try #require(try SharedAreaBuild.area("jingjinji"))
        let network = URL(fileURLWithPath: shared.network)
        #expect(shared.build.status == 0)
        let grid = tmp.file("grid.asc"), rings = tmp.file("rings.geojson")
        let run = try CLIRunner.run(["isochrone", network.path, "--from", "北京南", "--cutoffs", "30,60", "--cell", "500",
                                     "--raster", grid.path, "-o", rings.path, "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOf: grid, encoding: .utf8)
        let header = Dictionary(uniqueKeysWithValues: text.split(separator: "\n").prefix(6).map { line -> (String, String) in
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            return (String(parts[0]).lowercased(), String(parts[1]))
        })
        #expect(header["cellsize"] == "500")
        let columns = try #require(header["ncols"].flatMap { Int($0) })
        let rows = try #require(header["nrows"].flatMap { Int($0) })
        #expect(text.split(separator: "\n").count == 6 + rows)
        // The manifest's local CRS is EPSG:4548 (CGCS2000 3° GK, CM 117°E): the sidecar names it.
        let prj = try String(contentsOf: tmp.file("grid.prj"), encoding: .utf8)
        #expect(prj.hasPrefix("PROJCS[") && prj.contains("CM_117E"), "\(prj.prefix(120))")

        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/gdalinfo") else { return }
        let gdal = Process()
        gdal.executableURL = URL(fileURLWithPath: "/usr/bin/gdalinfo")
        gdal.arguments = [grid.path]
        let pipe = Pipe()
        gdal.standardOutput = pipe
        try gdal.run()
        let info = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        gdal.waitUntilExit()
        #expect(gdal.terminationStatus == 0)
        #expect(info.contains("Size is \(columns), \(rows)"))
        #expect(info.contains("CGCS2000"), "GDAL must read the CRS from the .prj sidecar")
    }
}
