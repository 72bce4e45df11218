import ArgumentParser
import Foundation
import GeoIO

public struct MetroCommute: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(
        commandName: "metrocommute",
        abstract: "Metropolitan-area commuting analysis on the four rail networks (trunk, intercity, suburban, metro).",
        discussion: """
            Typical pipeline:
              metrocommute build GeoData/jingjinji.json -o jingjinji.mcnet
              metrocommute inspect jingjinji.mcnet
              metrocommute convert --src-crs gcj02 --dst-crs wgs84 metro_lines_gcj02.csv -o metro_lines_wgs84.csv

            Every command takes -o/--output and -q/--quiet; the analyses share --depart, --window, --percentile, \
            --max-rides and --threads, with one meaning and one range each. --from, --to and --core are places; \
            a place with a negative longitude can follow them directly (--from -73.98,40.75).

            Errors in input data are reported on one line naming the file and the place, with a non-zero exit
            status; no partial output file is left behind. A command's outputs are written all or nothing: \
            every output's folder must exist, no output may be an input or another output, at most one is -, \
            and SIGINT/SIGTERM remove the temporary files.
            """,
        version: MetroCommuteVersion.string,
        subcommands: [Build.self, Inspect.self, Export.self, TravelTime.self, Isochrone.self, Rings.self, Surface.self, Gaps.self, Bottlenecks.self, Corridors.self, Compare.self, Roads.self, Convert.self, Preview.self, Serve.self]
    )

    /// `main()`, except that a first argument naming no command (`metrocommute isocrone`) ends with one line
    /// suggesting the closest command, exit status 64, instead of ArgumentParser's "Unexpected argument".
    /// Before anything else it reserves the standard descriptors and installs the SIGINT/SIGTERM clean-up.
    public static func mainWithSuggestions(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) {
        StandardOutput.reserveDescriptors()
        TerminationSignals.install()
        if let message = unknownCommandMessage(arguments) {
            FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        main(arguments)
    }

    /// The subcommands' names, in the order of the help.
    static var commandNames: [String] { configuration.subcommands.map { $0._commandName } }

    /// The error for `arguments` whose first word is neither a command, `help` nor an option; nil otherwise.
    static func unknownCommandMessage(_ arguments: [String]) -> String? {
        guard let word = arguments.first, !word.hasPrefix("-"), word != "help", !commandNames.contains(word) else { return nil }
        let candidates = commandNames.map { (name: $0, distance: editDistance(word.lowercased(), $0)) }
            // One typo in a short name, two in a longer one.
            .filter { $0.distance <= min(2, max(1, $0.name.count / 3)) }
        if let best = candidates.min(by: { $0.distance < $1.distance }) {
            return "unknown command '\(word)'; did you mean '\(best.name)'?"
        }
        return "unknown command '\(word)'; commands: \(commandNames.joined(separator: ", "))"
    }

    /// Levenshtein distance over characters (one row at a time).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let b = Array(b)
        var row = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var diagonal = row[0]
            row[0] = i + 1
            for (j, y) in b.enumerated() {
                let above = row[j + 1]
                row[j + 1] = min(above + 1, row[j] + 1, diagonal + (x == y ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }
}

enum MetroCommuteVersion {
    static let string = "0.2.0"
}
