import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import NetworkBuild
import Network

public struct Build: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(
        abstract: "Build an area's network (timetables, hubs, tiers, streets, districts) from its manifest.",
        discussion: """
            Reads every input the manifest names and writes one binary network file that the analysis \
            commands load in milliseconds. Warnings (repaired polygons, far-away stops, dropped trips) go to \
            standard error; errors name the file and place and leave no output file.

            Example:
              metrocommute build GeoData/jingjinji.json -o jingjinji.mcnet
            """
    )

    @Argument(help: "Area manifest (JSON), e.g. GeoData/jingjinji.json.")
    var manifest: String

    @Option(help: "Show at most this many warnings (the rest are counted).")
    var maxWarnings = 20

    @Option(help: ArgumentHelp("Most memory one read may ask for, e.g. 8G, 512M (default 8G); an input needing more is refused before it is read.",
                               valueName: "size"))
    var maxMemory = "8G"

    @OptionGroup(title: "Output") var out: OutputOptions

    public func validate() throws {
        guard MemoryLimit(parsing: maxMemory) != nil else {
            throw ValidationError("--max-memory must be a size such as 8G, 512M or 2000000000 (bytes), not \(maxMemory)")
        }
        try out.requireOutput()
    }

    public func run() throws {
        let reporter = out.reporter
        let started = Date()
        // The output may be neither the manifest nor any file it names.
        let outputs = try out.outputSet(inputs: [manifest] + Self.manifestInputs(manifest))
        let result = try AreaBuilder(manifestPath: manifest, memoryLimit: MemoryLimit(parsing: maxMemory) ?? .default).build { stage, fraction in
            reporter.bar(stage, fraction: fraction)
        }
        if !out.quiet {
            for w in result.warnings.prefix(maxWarnings) { reporter.warning(w.description) }
            if result.warnings.count > maxWarnings {
                reporter.warning("… and \(result.warnings.count - maxWarnings) more warnings")
            }
        }
        try outputs.write(Data(result.network.encoded()), to: out.path)
        try outputs.commit()
        let t = result.network.transit
        reporter.done(String(format: "built %@: %d stops, %d hubs, %d trips, %d districts, %d street nodes, %d road links in %.2f s → %@",
                             result.network.metadata.areaName, t.stopCount, t.hubs.count, t.tripCount,
                             result.network.districts.count, result.network.streets.nodeCount,
                             result.network.roads.linkCount, Date().timeIntervalSince(started), out.path))
    }

    /// The files the manifest names, resolved against its folder; none when it cannot be read (the build then
    /// reports why).
    static func manifestInputs(_ manifest: String) -> [String] {
        guard let (m, folder) = try? AreaManifest.load(path: manifest) else { return [] }
        let paths = [m.districts?.path].compactMap { $0 } + m.gtfs.map(\.path) + m.lines.map(\.path) + m.osm.map(\.path)
            + m.roads.map(\.path)
        return paths.map { AreaManifest.resolve($0, in: folder) }
    }
}

public struct Inspect: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(
        abstract: "Describe a built network: stops, hubs, routes and trips by tier, classification reasons, districts, streets.",
        discussion: """
            The description goes to standard output, or to the file given with -o.

            Example:
              metrocommute inspect jingjinji.mcnet
              metrocommute inspect jingjinji.mcnet --json -o summary.json
            """
    )

    @Argument(help: "A network file written by `metrocommute build`.")
    var network: String

    @Flag(help: "Machine-readable JSON instead of text.")
    var json = false

    @OptionGroup(title: "Output") var out: OutputOptions

    public func run() throws {
        let built = try BuiltNetwork(contentsOfFile: network)
        let summary = NetworkSummary(built)
        let data: Data
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            data = try encoder.encode(summary) + Data("\n".utf8)
        } else {
            data = Data(summary.text.utf8)
        }
        try AtomicFile.write(data, to: out.path, inputs: [network])
        if out.path != "-" { out.reporter.done("\(network) described → \(out.path)") }
    }
}
