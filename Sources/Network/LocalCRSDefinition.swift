/// The metric CRS an area's analyses work in (areas, grids, buffers, coverage): the manifest's `local_crs`,
/// kept whole as the user wrote it ("EPSG:4548", or a PROJ string with spaces such as
/// "+proj=tmerc +lon_0=117 +k=1 +x_0=500000 +ellps=GRS80 +units=m +no_defs").
///
/// A network holds nil for "auto" (the analyses then pick the UTM zone of the place they work on).
/// `AreaBuilder` checks the definition with PROJ before a network is built, so a stored one is usable.
public struct LocalCRSDefinition: Sendable, Equatable {
    /// The definition exactly as given, spaces included.
    public let definition: String

    /// `definition` must not be empty or "auto" (those mean no definition: use `init?(manifestValue:)`).
    public init(_ definition: String) {
        precondition(LocalCRSDefinition.meansAuto(definition) == false, "an explicit CRS definition")
        self.definition = definition
    }

    /// The manifest's `local_crs` value: nil when absent, empty or "auto" (any case).
    public init?(manifestValue: String?) {
        guard let value = manifestValue, !LocalCRSDefinition.meansAuto(value) else { return nil }
        self.definition = value
    }

    private static func meansAuto(_ value: String) -> Bool {
        let trimmed = value.trimmingSpaces()
        return trimmed.isEmpty || trimmed.lowercased() == "auto"
    }
}
