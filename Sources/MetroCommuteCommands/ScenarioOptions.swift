import Analysis
import ArgumentParser
import Foundation
import GeoCore
import Network
import Scenarios

/// `--scenario s.json`: the analysis runs on the network with the scenario's modifications applied in memory
/// (README "Scenarios"). Outputs name the scenario in their provenance (`metadata.scenario`).
struct ScenarioOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A scenario file (JSON, docs/scenario.schema.json) applied to the network first.", valueName: "file"))
    var scenario: String?

    /// The network file read, with the scenario applied when one is given, and the scenario for provenance.
    func load(_ networkPath: String, reporter: ProgressReporter) throws -> LoadedNetwork {
        let built = try BuiltNetwork(contentsOfFile: networkPath)
        guard let scenario else { return LoadedNetwork(network: built, scenario: nil) }
        reporter.stage("applying scenario \(scenario)")
        let loaded = try ScenarioFile.read(path: scenario)
        let (network, report) = try ScenarioApplication.apply(loaded, to: built)
        for line in report { reporter.done("scenario \(line)") }
        return LoadedNetwork(network: network, scenario: loaded)
    }
}

/// A network as an analysis uses it: possibly with a scenario applied.
struct LoadedNetwork {
    var network: BuiltNetwork
    var scenario: Scenario?

    /// The provenance `scenario` member: null for the base network, else the scenario's name, file, hash and
    /// modification ids.
    var provenance: JSONValue { Self.provenance(scenario) }

    static func provenance(_ scenario: Scenario?) -> JSONValue {
        guard let s = scenario else { return .null }
        return .object([
            "name": .string(s.name),
            "path": .string(s.path),
            "hash": .string(s.hash),
            "modifications": .array(s.modifications.map { .string($0.id) }),
        ])
    }
}
