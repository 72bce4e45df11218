internal import CPROJ
import GeoCore

/// Turns what a user writes for a CRS into something `proj_create` accepts, and opens it as a PJ object.
enum CRSDefinition {
    /// "wgs84"/"WGS84"/"WGS 84" → "EPSG:4326"; a bare PROJ string ("+proj=utm …") gets "+type=crs" so that
    /// PROJ reads it as a CRS rather than as a coordinate operation; everything else is passed through.
    static func normalized(_ crs: String) -> String {
        let trimmed = String(crs.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
        switch trimmed.lowercased() {
        case "wgs84", "wgs-84", "wgs 84": return "EPSG:4326"
        default: break
        }
        if trimmed.hasPrefix("+"), trimmed.contains("+proj="), !trimmed.contains("+type=crs") {
            return trimmed + " +type=crs"
        }
        return trimmed
    }

    /// A PJ for the CRS `crs` (owned: the caller calls proj_destroy), or a PROJError naming `crs`.
    static func open(_ crs: String, in session: PROJSession) throws -> OpaquePointer {
        session.resetErrors()
        // proj_create returns NULL when the definition is unknown or malformed; the reason is in the log.
        guard let object = proj_create(session.context, normalized(crs)) else {
            throw session.error("unknown CRS \"\(crs)\"")
        }
        // proj_is_crs returns 0 for operations, ellipsoids, datums…
        guard proj_is_crs(object) != 0 else {
            proj_destroy(object)
            throw PROJError(message: "\"\(crs)\" is not a coordinate reference system")
        }
        return object
    }

    /// True for geographic (longitude/latitude) CRSs, looking through a BoundCRS to its source.
    static func isGeographic(_ object: OpaquePointer, in session: PROJSession) -> Bool {
        var type = proj_get_type(object)
        if type == PJ_TYPE_BOUND_CRS, let base = proj_get_source_crs(session.context, object) {
            type = proj_get_type(base)
            proj_destroy(base)
        }
        return type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS
    }
}

/// What PROJ knows about a CRS: its name and its PROJ string. Used to check EPSG codes against their meaning.
public struct CRSDescription: Sendable, Equatable {
    /// The definition as given ("EPSG:4548").
    public var definition: String
    /// PROJ's name for it ("CGCS2000 / 3-degree Gauss-Kruger CM 117E").
    public var name: String
    public var isGeographic: Bool
    /// The PROJ.4-style string ("+proj=tmerc +lat_0=0 +lon_0=117 …"), nil when PROJ cannot express it so.
    public var projString: String?
    /// ESRI-flavoured WKT1, as `.prj` sidecar files hold it (QGIS and ArcGIS read it); nil when PROJ cannot
    /// express the CRS so.
    public var esriWKT: String?
    /// Where the CRS is meant to be used, in degrees (its EPSG "area of use"); nil when PROJ does not know one
    /// (a PROJ string). Across the antimeridian `minLongitude` > `maxLongitude`.
    public var areaOfUse: BoundingBox?

    /// Looks the CRS up with a fresh PROJ context of its own.
    public init(of crs: String) throws {
        let session = PROJSession()
        let object = try CRSDefinition.open(crs, in: session)
        defer { proj_destroy(object) }
        definition = crs
        // proj_get_name returns NULL for unnamed objects.
        name = proj_get_name(object).map { String(cString: $0) } ?? ""
        isGeographic = CRSDefinition.isGeographic(object, in: session)
        // proj_as_proj_string returns NULL when the CRS has no PROJ-string form; the string belongs to the PJ.
        projString = proj_as_proj_string(session.context, object, PJ_PROJ_4, nil).map { String(cString: $0) }
        // proj_as_wkt returns NULL when the CRS cannot be written in that WKT flavour; the string belongs to the PJ.
        esriWKT = proj_as_wkt(session.context, object, PJ_WKT1_ESRI, nil).map { String(cString: $0) }
        // proj_get_area_of_use returns 0 when there is none; unknown bounds are -1000.
        var west = -1000.0, south = -1000.0, east = -1000.0, north = -1000.0
        if proj_get_area_of_use(session.context, object, &west, &south, &east, &north, nil) != 0,
           [west, south, east, north].allSatisfy({ $0 > -1000 }) {
            areaOfUse = BoundingBox(minLongitude: west, minLatitude: south, maxLongitude: east, maxLatitude: north)
        }
    }
}
