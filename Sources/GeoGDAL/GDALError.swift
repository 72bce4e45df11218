/// A failure reported by GDAL/OGR, with GDAL's own message (captured by the context's error handler), e.g.
/// "`/tmp/x.gpkg' not recognized as a supported file format." — or a problem we found before asking GDAL
/// (a Shapefile without its .dbf).
public struct GDALError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What we asked GDAL to do ("open", "create layer stations", "write feature 12").
    public var operation: String
    /// GDAL's message; a note of our own when GDAL said nothing.
    public var message: String

    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { "GDAL \(operation) failed: \(message)" }
}
