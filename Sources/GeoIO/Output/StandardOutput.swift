import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GeoCore

/// Standard output written with write(2), so that a reader that went away (EPIPE; SIGPIPE must be ignored) or a
/// full device (ENOSPC, e.g. /dev/full) is one `InputError` line instead of a trap in FileHandle.
public enum StandardOutput {
    /// The name errors give it.
    public static let name = "standard output"

    nonisolated(unsafe) private static var closedAtStart = false

    /// Call first thing in `main`: standard input, output and error that were closed (`>&-`) are opened on
    /// /dev/null, so that no file opened later takes their numbers; a closed standard output is remembered and
    /// writing to it is an error.
    public static func reserveDescriptors() {
        for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let null = open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY)
            if null >= 0 && null != fd {
                dup2(null, fd)
                close(null)
            }
            if fd == STDOUT_FILENO { closedAtStart = true }
        }
    }

    /// The problem writing to standard output would meet before any byte is written, or nil.
    public static var problem: String? {
        closedAtStart ? "it is closed: nothing can be written to it (give -o FILE, or redirect it)" : nil
    }

    /// Writes all of `data`; errors are one line naming standard output.
    public static func write(_ data: Data) throws {
        if let problem { throw InputError(file: name, message: problem) }
        try FileDescriptorWriter.writeAll(data, to: STDOUT_FILENO, name: name)
    }

    /// Writes `text` as UTF-8.
    public static func write(_ text: String) throws { try write(Data(text.utf8)) }
}

/// write(2) until every byte is out, retrying interruptions; errors are `InputError`s naming `name`.
enum FileDescriptorWriter {
    static func writeAll(_ data: Data, to fd: Int32, name: String) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, base + offset, min(buffer.count - offset, 1 << 20))
                if n > 0 { offset += n; continue }
                let code = errno
                if n < 0 && code == EINTR { continue }
                if n < 0 && code == EAGAIN {
                    // A non-blocking descriptor that is full: wait until it can take more.
                    var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&p, 1, -1)
                    continue
                }
                throw InputError(file: name, message: message(errno: n == 0 ? EIO : code))
            }
        }
    }

    static func message(errno code: Int32) -> String {
        switch code {
        case EPIPE: return "broken pipe: the program reading the output closed it before the end"
        case ENOSPC: return "no space left on the device: the output is incomplete"
        case EDQUOT: return "disk quota exceeded: the output is incomplete"
        default: return "cannot write: \(String(cString: strerror(code)))"
        }
    }
}
