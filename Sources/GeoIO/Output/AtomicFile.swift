import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GeoCore

/// Writes an output file so that it either appears whole or not at all: the bytes go to a temporary file
/// beside the target, which is renamed over it once complete. The path `-` means standard output.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(data)
            return
        }
        let target = URL(fileURLWithPath: path)
        let dir = target.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            throw InputError(file: path, message: "output folder \(dir.path) does not exist")
        }
        let temp = dir.appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try data.write(to: temp)
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw InputError(file: path, message: "cannot write output: \(error.localizedDescription)")
        }
        // rename(2) replaces the target atomically on POSIX file systems.
        guard rename(temp.path, target.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temp)
            throw InputError(file: path, message: "cannot move the finished output into place (errno \(code))")
        }
    }
}
