internal import CGEOS
import GeoCore

/// Collects the messages GEOS sends to a context's handlers; handed to GEOS as the handlers' user data.
final class GEOSMessageLog {
    var lastError: String?
    var lastNotice: String?
}

/// One GEOS context (GEOS_init_r … GEOS_finish_r) and the geometry operations run on it.
///
/// Every operation takes and returns GeoCore values; GEOS geometries live only inside a call. Polygons returned
/// are right-hand oriented (shells counter-clockwise, holes clockwise) as RFC 7946 asks, whatever GEOS wrote.
/// Operations are planar: areas and lengths are in the units of the coordinates, so project first (see
/// `areaSquareMeters(of:projectedBy:)`).
///
/// Not Sendable: a GEOS context must not be shared between tasks. Make one per task.
public final class GEOSContext {
    let handle: OpaquePointer
    private let log = GEOSMessageLog()

    public init() {
        // GEOS_init_r returns NULL only when out of memory.
        guard let h = GEOS_init_r() else { preconditionFailure("GEOS_init_r failed (out of memory)") }
        handle = h
        // The log lives as long as this context; the handlers are called synchronously inside GEOS calls.
        let userData = Unmanaged.passUnretained(log).toOpaque()
        _ = GEOSContext_setErrorMessageHandler_r(h, { message, userData in
            guard let message, let userData else { return }
            Unmanaged<GEOSMessageLog>.fromOpaque(userData).takeUnretainedValue().lastError = String(cString: message)
        }, userData)
        // Notices (e.g. from validity checks) are kept too, so that GEOS never writes to stdout/stderr.
        _ = GEOSContext_setNoticeMessageHandler_r(h, { message, userData in
            guard let message, let userData else { return }
            Unmanaged<GEOSMessageLog>.fromOpaque(userData).takeUnretainedValue().lastNotice = String(cString: message)
        }, userData)
    }

    deinit {
        GEOS_finish_r(handle)
    }

    /// The GEOS library version, e.g. "3.11.1-CAPI-1.17.1".
    public static var libraryVersion: String { String(cString: GEOSversion()) }

    // MARK: - Error choke point

    /// Forget the previous message before a call whose failure we report.
    func resetErrors() { log.lastError = nil }

    func error(_ operation: String) -> GEOSError {
        GEOSError(operation: operation, message: log.lastError ?? "GEOS reported a failure without a message")
    }

    /// A non-NULL result, or the GEOS error for `operation`.
    func check<P>(_ result: P?, _ operation: String) throws -> P {
        guard let result else { throw error(operation) }
        return result
    }

    /// Destroys a geometry this context owns.
    func destroy(_ geometry: OpaquePointer) {
        GEOSGeom_destroy_r(handle, geometry)
    }
}
