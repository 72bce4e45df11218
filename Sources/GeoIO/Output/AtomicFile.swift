import Foundation
import GeoCore

/// Writes one output file so that it either appears whole or not at all: an `OutputSet` of one output (the
/// bytes go to a temporary file beside the target, renamed over it once complete; an existing target keeps its
/// permission bits). The path `-` means standard output. Commands with several outputs use `OutputSet`.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String, inputs: [String?] = []) throws {
        let outputs = OutputSet(inputs: inputs)
        try outputs.add(path, option: "-o/--output")
        try outputs.write(data, to: path)
        try outputs.commit()
    }
}
