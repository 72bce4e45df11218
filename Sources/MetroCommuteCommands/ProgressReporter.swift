import Foundation

/// Progress and notes for long work, on standard error only (standard output may carry data with `-o -`).
/// On a terminal one line is redrawn in place; otherwise each stage is a line of its own.
struct ProgressReporter {
    let quiet: Bool
    private let isTerminal = isatty(STDERR_FILENO) != 0

    init(quiet: Bool = false) { self.quiet = quiet }

    func stage(_ text: String) {
        guard !quiet else { return }
        write(isTerminal ? "\r\u{1B}[K\(text)" : "\(text)\n")
    }

    /// A bar for stage `text` at `fraction` (0…1).
    func bar(_ text: String, fraction: Double) {
        guard !quiet, isTerminal else { return }
        let width = 24
        let filled = max(0, min(width, Int((fraction * Double(width)).rounded())))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        write("\r\u{1B}[K\(text) [\(bar)] \(Int((fraction * 100).rounded()))%")
    }

    /// Ends an in-place line.
    func done(_ text: String) {
        guard !quiet else { return }
        write(isTerminal ? "\r\u{1B}[K\(text)\n" : "\(text)\n")
    }

    func warning(_ text: String) {
        write((isTerminal ? "\r\u{1B}[K" : "") + "warning: \(text)\n")
    }

    private func write(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }
}
