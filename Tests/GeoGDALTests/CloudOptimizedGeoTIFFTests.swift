import Foundation
import GeoGDAL
import Testing
import TestSupport

/// The Cloud-Optimized GeoTIFF writer: a COG by its structural header, the grid, CRS, no-data value and values
/// as `gdalinfo` (gdal-bin) reads them, byte-identical reruns, and one error and no file for a bad CRS.
@Suite(.tags(.fast)) struct CloudOptimizedGeoTIFFTests {
    static let gdalinfo = ["/usr/bin/gdalinfo", "/usr/local/bin/gdalinfo"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static let band = RasterBandContent(width: 3, height: 2, west: 500_000, north: 4_400_000, cellSize: 200,
                                        values: [5, 12.5, -9999, 30, 45.5, 60], noData: -9999, crs: "EPSG:4548",
                                        description: "travel time, minutes")

    @Test func writesACOGThatGDALReadsBack() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let path = dir.file("grid.tif").path
        try GDALContext().writeCloudOptimizedGeoTIFF(Self.band, to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.prefix(4) == Data([0x49, 0x49, 0x2A, 0x00]))  // little-endian TIFF
        #expect(String(decoding: bytes.prefix(400), as: UTF8.self).contains("LAYOUT=IFDS_BEFORE_DATA"))
        let again = dir.file("again.tif").path
        try GDALContext().writeCloudOptimizedGeoTIFF(Self.band, to: again)
        #expect(try Data(contentsOf: URL(fileURLWithPath: again)) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted() == ["again.tif", "grid.tif"])

        guard let gdalinfo = Self.gdalinfo else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gdalinfo)
        process.arguments = ["-json", "-stats", "-nomd", path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let info = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(info["size"] as? [Int] == [3, 2])
        #expect(info["geoTransform"] as? [Double] == [500_000, 200, 0, 4_400_000, 0, -200])
        #expect((info["coordinateSystem"] as? [String: Any])?["wkt"].map { "\($0)".contains("ID[\"EPSG\",4548]") } == true)
        let band = try #require((info["bands"] as? [[String: Any]])?.first)
        #expect(band["noDataValue"] as? Double == -9999)
        #expect(band["minimum"] as? Double == 5 && band["maximum"] as? Double == 60)
        #expect(band["description"] as? String == "travel time, minutes")
    }

    @Test func badCRSIsOneErrorAndNoFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        var band = Self.band
        band.crs = "EPSG:999999"
        #expect(throws: GDALError.self) { try GDALContext().writeCloudOptimizedGeoTIFF(band, to: dir.file("x.tif").path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == [])
    }
}
