import GeoCore

/// Choice of a local metric CRS for a place, for planar lengths and areas.
public enum LocalCRS {
    /// The WGS-84 UTM zone holding `c`: "EPSG:326zz" north of the equator, "EPSG:327zz" south.
    /// Zones are the regular 6° ones (the Norway/Svalbard exceptions are not applied).
    public static func utm(for c: Coordinate) -> String {
        precondition(c.isValidGeographic, "utm(for:) needs a longitude/latitude, got \(c)")
        let zone = min(60, max(1, Int(((c.longitude + 180) / 6).rounded(.down)) + 1))
        let base = c.latitude >= 0 ? 32600 : 32700
        return "EPSG:\(base + zone)"
    }

    /// Central meridians of the CGCS2000 3-degree Gauss-Kruger CRSs without zone prefix: 75°E … 135°E.
    public static let gaussKrugerCentralMeridians = stride(from: 75, through: 135, by: 3)

    /// The CGCS2000 3-degree Gauss-Kruger CRS (central meridian in the code's name, false easting 500 km)
    /// whose zone holds `c`: EPSG:4534 (CM 75°E) … EPSG:4554 (CM 135°E), e.g. EPSG:4548 (CM 117°E) for Beijing.
    /// A zone covers its central meridian ± 1.5°; longitudes outside 73.5°E ..< 136.5°E throw.
    public static func cgcs2000GaussKruger3Degree(for c: Coordinate) throws -> String {
        guard c.isValidGeographic else {
            throw PROJError(message: "no CGCS2000 Gauss-Kruger zone for \(c): not a longitude/latitude")
        }
        let centralMeridian = 3 * Int(((c.longitude + 1.5) / 3).rounded(.down))
        guard gaussKrugerCentralMeridians.contains(centralMeridian) else {
            throw PROJError(message: "no CGCS2000 3-degree Gauss-Kruger zone for longitude \(c.longitude): "
                + "the zones (EPSG:4534–4554) cover 73.5°E to 136.5°E")
        }
        return "EPSG:\(4534 + (centralMeridian - 75) / 3)"
    }
}
