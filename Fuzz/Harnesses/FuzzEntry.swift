import Foundation

// The libFuzzer entry points of the one fuzz binary (Scripts/fuzz.sh builds it with
// `swiftc -sanitize=fuzzer,address`). The harness is chosen by name: the first argument when it names one
// (taken off before libFuzzer reads its flags), else the environment variable MC_FUZZ_HARNESS.
//   fuzz csv Fuzz/corpus/csv Fuzz/seeds/csv -max_total_time=300

/// The harness this process runs, set once by `LLVMFuzzerInitialize`.
nonisolated(unsafe) private var selected: FuzzHarness?

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>,
                           _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    var name = ProcessInfo.processInfo.environment["MC_FUZZ_HARNESS"]
    if argc.pointee > 1, let first = argv.pointee[1], FuzzHarnesses.named(String(cString: first)) != nil {
        name = String(cString: first)
        // Shift the remaining arguments down over the harness name.
        for i in 1..<Int(argc.pointee) { argv.pointee[i] = argv.pointee[i + 1] }
        argc.pointee -= 1
    }
    guard let name, let harness = FuzzHarnesses.named(name) else {
        let known = FuzzHarnesses.all.map(\.name).joined(separator: ", ")
        FileHandle.standardError.write(Data("fuzz: name a harness as the first argument or in MC_FUZZ_HARNESS: \(known)\n".utf8))
        _exit(64)  // not exit: LeakSanitizer would report the runtime's live objects
    }
    selected = harness
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    // Thrown errors are the readers' normal answer to bad input; only crashes, hangs and leaks are findings.
    try? selected?.run(bytes)
    return 0
}
