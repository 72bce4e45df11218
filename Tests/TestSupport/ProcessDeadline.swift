import Foundation

/// Ends a started process with SIGKILL when it is still running `seconds` after the deadline was set, unless
/// `end()` came first. The timer has a thread of its own (the global queues may all be blocked in other runs), and
/// the signal is SIGKILL because the child inherits the test runner's blocked-signal mask, which can hold SIGTERM.
public final class ProcessDeadline: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var expired = false

    public init(_ process: Process, seconds: Double) {
        let pid = process.processIdentifier
        Thread.detachNewThread { [self] in
            guard finished.wait(timeout: .now() + seconds) == .timedOut else { return }
            lock.withLock { expired = true }
            kill(pid, SIGKILL)
        }
    }

    /// Call once the process has exited: stops the timer. True when the deadline killed the process.
    @discardableResult
    public func end() -> Bool {
        finished.signal()
        return lock.withLock { expired }
    }
}
