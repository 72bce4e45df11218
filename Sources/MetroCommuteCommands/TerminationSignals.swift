import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GeoCore
import GeoIO

/// SIGINT and SIGTERM end the CLI cleanly: the registered temporary files and folders are removed and the child
/// process groups (Chromium) ended (`CleanupRegistry`), then the process exits with 128 + the signal (130, 143).
/// SIGPIPE is ignored, so that a closed standard output is a write error (`StandardOutput`), not a silent death.
///
/// The handler only writes the signal's number to a pipe (async-signal-safe); a thread of its own reads it and
/// does the work, so it runs even while every other thread computes.
enum TerminationSignals {
    nonisolated(unsafe) private static var pipeWriteEnd: Int32 = -1

    static func install() {
        signal(SIGPIPE, SIG_IGN)
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        pipeWriteEnd = ends[1]
        let readEnd = ends[0]
        Thread.detachNewThread {
            var number: UInt8 = 0
            while read(readEnd, &number, 1) != 1 {}
            let name = number == UInt8(SIGINT) ? "SIGINT" : "SIGTERM"
            CleanupRegistry.shared.cleanUpForExit()
            let line = "Error: interrupted by \(name): temporary files removed, outputs not written\n"
            _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
            _exit(128 + Int32(number))
        }
        for number in [SIGINT, SIGTERM] {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { received in
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(TerminationSignals.pipeWriteEnd, &byte, 1)
            }
            #else
            action.__sigaction_u.__sa_handler = { received in
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(TerminationSignals.pipeWriteEnd, &byte, 1)
            }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
        // A parent (a test runner, a shell script) may have blocked them; threads started later inherit this.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }
}
