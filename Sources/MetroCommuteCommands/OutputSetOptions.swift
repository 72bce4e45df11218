import ArgumentParser
import Foundation
import GeoCore
import GeoGDAL
import GeoIO

// All-or-nothing outputs (docs/ROBUSTNESS.md, "Outputs: all or nothing"), kept apart from OptionGroups.swift:
// each command names every output and every input before it computes, writes into the set and commits at the end.

extension OutputOptions {
    /// An output set holding `-o` (standard output when not given) and `others` (option name, path; nil paths
    /// are left out), checked against `inputs` and each other before any work.
    func outputSet(inputs: [String?], others: [(option: String, path: String?)] = []) throws -> OutputSet {
        let outputs = OutputSet.forCommand(inputs: inputs)
        try outputs.add(path, option: "-o/--output")
        for other in others { try outputs.add(other.path, option: other.option) }
        return outputs
    }
}

extension OutputSet {
    /// A set for a command. `METROCOMMUTE_TEST_HOLD_OUTPUTS=seconds` (a test hook, no option) makes it wait that
    /// long with its temporary files written, before committing, so that tests can interrupt it there.
    static func forCommand(inputs: [String?]) -> OutputSet {
        let outputs = OutputSet(inputs: inputs)
        if let text = ProcessInfo.processInfo.environment["METROCOMMUTE_TEST_HOLD_OUTPUTS"], let seconds = Double(text) {
            outputs.holdBeforeCommitSeconds = min(max(seconds, 0), 60)
        }
        return outputs
    }
}

extension GDALContext {
    /// A context for a command's GDAL outputs. `METROCOMMUTE_TEST_HOLD_GDAL_WRITE=seconds` (a test hook, no
    /// option) makes each write wait that long with its partial files written, so that tests can interrupt it there.
    static func forCommand() -> GDALContext {
        let gdal = GDALContext()
        if let text = ProcessInfo.processInfo.environment["METROCOMMUTE_TEST_HOLD_GDAL_WRITE"], let seconds = Double(text) {
            gdal.holdBeforeRenameSeconds = min(max(seconds, 0), 60)
        }
        return gdal
    }
}

/// `--excel`, for the commands that write CSV.
struct CSVOutputOptions: ParsableArguments {
    @Flag(help: "CSV outputs start with a UTF-8 byte-order mark, so that Excel reads Chinese text right.")
    var excel = false

    /// `csv` ready to write: with the byte-order mark in front under `--excel`.
    func bytes(_ csv: Data) -> Data {
        excel ? Data(CSVField.utf8ByteOrderMark) + csv : csv
    }
}
