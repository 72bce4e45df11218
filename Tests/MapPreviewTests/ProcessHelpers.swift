import Foundation

/// Runs `python3 -c script args…` for independent checks; returns standard output, or nil when python3 is absent.
func runPython(_ script: String, arguments: [String] = [], stdin: Data? = nil) throws -> String? {
    guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
    else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", script] + arguments
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mp-py-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let outURL = folder.appendingPathComponent("out"), inURL = folder.appendingPathComponent("in")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    try (stdin ?? Data()).write(to: inURL)
    let out = try FileHandle(forWritingTo: outURL)
    process.standardOutput = out
    process.standardInput = try FileHandle(forReadingFrom: inURL)
    try process.run()
    process.waitUntilExit()
    try out.close()
    guard process.terminationStatus == 0 else { throw PythonFailure(status: process.terminationStatus) }
    return String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
}

struct PythonFailure: Error { var status: Int32 }
