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
        let partial = PartialFiles(for: path, ext: "tif", registry: cleanupRegistry)
        defer { partial.release() }
        partial.removeAll()
        do {
            try capturing { try writeCOG(band, to: partial.dataset) }
            holdBeforeRename()
            guard rename(partial.dataset, path) == 0 else {
                throw GDALError(operation: "write \(path)", message: String(cString: strerror(errno)))
            }
        } catch {
            partial.removeAll()
            throw error
        }
    }

    private func writeCOG(_ band: RasterBandContent, to path: String) throws {
        // Borrowed drivers, registered by the context.
        let memory = try check(GDALGetDriverByName("MEM"), "find the MEM driver")
        let cog = try check(GDALGetDriverByName("COG"), "find the COG driver")
        // Owned in-memory dataset, closed below.
        let source = try check(GDALCreate(memory, "", Int32(band.width), Int32(band.height), 1, GDT_Float32, nil), "make the raster")
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
        // Borrowed from the dataset.
        let raster = try check(GDALGetRasterBand(source, 1), "get the raster band")
        GDALSetRasterNoDataValue(raster, band.noData)
        GDALSetDescription(raster, band.description)
        var values = band.values
        let written = values.withUnsafeMutableBytes { buffer in
            GDALRasterIO(raster, GF_Write, 0, 0, Int32(band.width), Int32(band.height), buffer.baseAddress,
                         Int32(band.width), Int32(band.height), GDT_Float32, 0, 0)
        }
        guard written == CE_None else { throw error("write the raster's values") }
        // Owned result of the copy, closed at once (that flushes the file).
        let copy = try withCStringArray(["COMPRESS=DEFLATE", "PREDICTOR=YES", "BLOCKSIZE=256", "OVERVIEWS=AUTO"]) {
            try check(GDALCreateCopy(cog, path, source, 0, $0, nil, nil), "write the Cloud-Optimized GeoTIFF")
        }
        GDALClose(copy)
        if lastError != nil { throw error("close \(path)") }
    }
}
