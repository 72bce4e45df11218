internal import CGDAL
import Foundation

/// One band of 32-bit floats on a north-up grid, to write as a raster.
public struct RasterBandContent: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// The grid's west edge and north edge, in `crs` units.
    public var west: Double
    public var north: Double
    public var cellSize: Double
    /// Row by row from the north, `width × height` values; `noData` where there is none.
    public var values: [Float]
    public var noData: Double
    /// Anything OGR's SetFromUserInput takes ("EPSG:4548", WKT).
    public var crs: String
    /// The band's description (e.g. "travel time, minutes").
    public var description: String

    public init(width: Int, height: Int, west: Double, north: Double, cellSize: Double, values: [Float], noData: Double,
                crs: String, description: String) {
        precondition(width > 0 && height > 0 && values.count == width * height, "a raster has width × height values")
        self.width = width; self.height = height; self.west = west; self.north = north; self.cellSize = cellSize
        self.values = values; self.noData = noData; self.crs = crs; self.description = description
    }
}

extension GDALContext {
    /// Writes `band` as a Cloud-Optimized GeoTIFF (GDAL's COG driver: tiled, DEFLATE, overviews, the CRS and
    /// no-data value stated) at `path`, written beside it and renamed into place: whole or not at all.
    public func writeCloudOptimizedGeoTIFF(_ band: RasterBandContent, to path: String) throws {
        try writeCloudOptimizedGeoTIFF(bands: [band], to: path)
    }

    /// Writes `bands` (one or more, on the same grid: size, corner, cell size, CRS and no-data value) as the bands
    /// of one Cloud-Optimized GeoTIFF, each with its description, in order; whole or not at all, as above.
    public func writeCloudOptimizedGeoTIFF(bands: [RasterBandContent], to path: String) throws {
        precondition(!bands.isEmpty, "a raster has a band")
        let first = bands[0]
        precondition(bands.allSatisfy { $0.width == first.width && $0.height == first.height && $0.west == first.west
                                         && $0.north == first.north && $0.cellSize == first.cellSize && $0.crs == first.crs
                                         && $0.noData == first.noData }, "the bands of one raster share its grid")
        let partial = PartialFiles(for: path, ext: "tif", registry: cleanupRegistry)
        defer { partial.release() }
        partial.removeAll()
        do {
            try capturing { try writeCOG(bands, to: partial.dataset) }
            holdBeforeRename()
            guard rename(partial.dataset, path) == 0 else {
                throw GDALError(operation: "write \(path)", message: String(cString: strerror(errno)))
            }
        } catch {
            partial.removeAll()
            throw error
        }
    }

    private func writeCOG(_ bands: [RasterBandContent], to path: String) throws {
        let band = bands[0]
        // Borrowed drivers, registered by the context.
        let memory = try check(GDALGetDriverByName("MEM"), "find the MEM driver")
        let cog = try check(GDALGetDriverByName("COG"), "find the COG driver")
        // Owned in-memory dataset, closed below.
        let source = try check(GDALCreate(memory, "", Int32(band.width), Int32(band.height), Int32(bands.count), GDT_Float32, nil), "make the raster")
        defer { GDALClose(source) }
        var transform = [band.west, band.cellSize, 0, band.north, 0, -band.cellSize]
        guard GDALSetGeoTransform(source, &transform) == CE_None else { throw error("set the raster's geotransform") }
        // Owned spatial reference; the WKT text is ours to free.
        let srs = try check(OSRNewSpatialReference(nil), "make a spatial reference")
        defer { OSRRelease(srs) }
        try check(OSRSetFromUserInput(srs, band.crs), "read the CRS \"\(band.crs)\"")
        var wkt: UnsafeMutablePointer<CChar>?
        defer { VSIFree(wkt) }
        try check(OSRExportToWkt(srs, &wkt), "describe the CRS \"\(band.crs)\"")
        guard GDALSetProjection(source, wkt) == CE_None else { throw error("set the raster's CRS") }
        for (k, content) in bands.enumerated() {
            // Borrowed from the dataset.
            let raster = try check(GDALGetRasterBand(source, Int32(k + 1)), "get raster band \(k + 1)")
            GDALSetRasterNoDataValue(raster, content.noData)
            GDALSetDescription(raster, content.description)
            var values = content.values
            let written = values.withUnsafeMutableBytes { buffer in
                GDALRasterIO(raster, GF_Write, 0, 0, Int32(content.width), Int32(content.height), buffer.baseAddress,
                             Int32(content.width), Int32(content.height), GDT_Float32, 0, 0)
            }
            guard written == CE_None else { throw error("write the values of raster band \(k + 1)") }
        }
        // Owned result of the copy, closed at once (that flushes the file).
        let copy = try withCStringArray(["COMPRESS=DEFLATE", "PREDICTOR=YES", "BLOCKSIZE=256", "OVERVIEWS=AUTO"]) {
            try check(GDALCreateCopy(cog, path, source, 0, $0, nil, nil), "write the Cloud-Optimized GeoTIFF")
        }
        GDALClose(copy)
        if lastError != nil { throw error("close \(path)") }
    }
}
