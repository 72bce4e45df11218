internal import CPROJ

/// Collects what PROJ writes to its log; handed to PROJ as the log function's user data.
final class PROJMessageLog {
    private(set) var messages: [String] = []

    func append(_ message: String) {
        // Keep the last few only: a long batch must not grow memory through repeated messages.
        if messages.count >= 16 { messages.removeFirst() }
        messages.append(message)
    }

    func clear() { messages.removeAll(keepingCapacity: true) }
}

/// One PJ_CONTEXT with a log function that captures PROJ's messages instead of printing them.
/// Not shared between tasks: each `Transformer` (and each one-off lookup) makes its own.
final class PROJSession {
    let context: OpaquePointer
    let log = PROJMessageLog()

    init() {
        // proj_context_create returns NULL only when out of memory.
        guard let ctx = proj_context_create() else { preconditionFailure("proj_context_create failed (out of memory)") }
        context = ctx
        // The log object lives as long as this session, which outlives every call on the context.
        proj_log_func(ctx, Unmanaged.passUnretained(log).toOpaque()) { userData, _, message in
            guard let userData, let message else { return }
            Unmanaged<PROJMessageLog>.fromOpaque(userData).takeUnretainedValue().append(String(cString: message))
        }
        _ = proj_log_level(ctx, PJ_LOG_ERROR)
    }

    deinit {
        proj_context_destroy(context)
    }

    /// Clears the captured messages before a call whose failure we report. (PROJ has no call to reset the
    /// context's error code; per-object codes are reset with proj_errno_reset by the caller.)
    func resetErrors() {
        log.clear()
    }

    /// An error carrying PROJ's messages and the text of its current error code.
    func error(_ message: String, object: OpaquePointer? = nil) -> PROJError {
        let code = object.map { Int(proj_errno($0)) } ?? 0
        let contextCode = code != 0 ? code : Int(proj_context_errno(context))
        var details = log.messages
        if contextCode != 0, let text = proj_context_errno_string(context, Int32(contextCode)) {
            let s = String(cString: text)
            // PROJ_ERR_OTHER's text is "Unknown error (code 4096)": say nothing rather than that.
            if !details.contains(s), !(s.hasPrefix("Unknown error") && !details.isEmpty) { details.append(s) }
        }
        return PROJError(message: message, code: contextCode, details: details)
    }
}
