internal import CGDAL
import Foundation
import GeoCore

/// Collects the messages GDAL sends to the error handler pushed for one call; handed to GDAL as the handler's
/// user data.
final class GDALMessageLog {
    var lastError: String?
    var warnings: [String] = []
}

/// The GDAL/OGR calls of one task: opening, reading and writing vector datasets. Every operation takes and
/// returns GeoCore values; GDAL handles live only inside a call.
///
/// GDAL keeps its error-handler stack per thread, so the handler is pushed and popped around each call
/// (`capturing`), never left installed: a message can neither leak to stderr nor reach another task's log.
/// Driver registration is process-wide and done once.
///
/// Not Sendable: make one per task (it holds the message log of the call in progress).
public final class GDALContext {
    private let log = GDALMessageLog()

    /// Where a write registers its partial files, so that a SIGINT/SIGTERM while GDAL writes removes them.
    public let cleanupRegistry: CleanupRegistry
    /// Seconds a write waits with its partial files written, before renaming them into place (a test hook, so
    /// that a test can interrupt it there).
    public var holdBeforeRenameSeconds: Double = 0

    /// GDALAllRegister is idempotent but not free; a lazy static runs it once, thread-safely.
    private static let drivers: Void = { GDALAllRegister() }()

    public init(cleanupRegistry: CleanupRegistry = .shared) {
        _ = Self.drivers
        self.cleanupRegistry = cleanupRegistry
    }

    /// Waits `holdBeforeRenameSeconds` (the test hook).
    func holdBeforeRename() {
        if holdBeforeRenameSeconds > 0 { Thread.sleep(forTimeInterval: holdBeforeRenameSeconds) }
    }

    /// The GDAL library version, e.g. "3.6.2".
    public static var libraryVersion: String {
        // GDALVersionInfo returns a string GDAL owns (never NULL).
        String(cString: GDALVersionInfo("RELEASE_NAME"))
    }

    // MARK: - Error choke point

    /// Runs `body` with an error handler that records GDAL's messages in this context's log instead of printing
    /// them. Warnings raised during the call are returned to the caller through `log.warnings`.
    func capturing<T>(_ body: () throws -> T) rethrows -> T {
        log.lastError = nil
        log.warnings = []
        // The log outlives the call; the handler runs synchronously on this thread inside GDAL calls.
        CPLPushErrorHandlerEx({ level, _, message in
            guard let userData = CPLGetErrorHandlerUserData() else { return }
            let log = Unmanaged<GDALMessageLog>.fromOpaque(userData).takeUnretainedValue()
            let text = message.map { String(cString: $0) } ?? ""
            if level == CE_Failure || level == CE_Fatal {
                log.lastError = text
            } else if level == CE_Warning {
                log.warnings.append(text)
            }
        }, Unmanaged.passUnretained(log).toOpaque())
        defer { CPLPopErrorHandler() }
        return try body()
    }

    /// GDAL's last error message for `operation`.
    func error(_ operation: String) -> GDALError {
        GDALError(operation: operation, message: log.lastError ?? "GDAL reported a failure without a message")
    }

    /// A non-NULL result, or the GDAL error for `operation`.
    func check<P>(_ result: P?, _ operation: String) throws -> P {
        guard let result else { throw error(operation) }
        return result
    }

    /// OGRERR_NONE, or the GDAL error for `operation`.
    func check(_ result: OGRErr, _ operation: String) throws {
        guard result == OGRERR_NONE else { throw error(operation) }
    }

    /// Warnings GDAL raised during the last call.
    var lastWarnings: [String] { log.warnings }

    /// The last error message of the call in progress, nil when GDAL reported none.
    var lastError: String? { log.lastError }
}
