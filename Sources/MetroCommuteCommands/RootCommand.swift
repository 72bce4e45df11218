import ArgumentParser

public struct MetroCommute: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(
        commandName: "metrocommute",
        abstract: "Metropolitan-area commuting analysis on the four rail networks (trunk, intercity, suburban, metro).",
        discussion: """
            Typical pipeline:
              metrocommute build GeoData/jingjinji.json -o jingjinji.mcnet
              metrocommute inspect jingjinji.mcnet
              metrocommute convert --from gcj02 --to wgs84 metro_lines_gcj02.csv -o metro_lines_wgs84.csv

            Errors in input data are reported on one line naming the file and the place, with a non-zero exit
            status; no partial output file is left behind.
            """,
        version: MetroCommuteVersion.string,
        subcommands: [Build.self, Inspect.self, TravelTime.self, Isochrone.self, Rings.self, Gaps.self, Bottlenecks.self, Roads.self, Convert.self, Preview.self]
    )
}

enum MetroCommuteVersion {
    static let string = "0.1.0"
}
