import GeoCore
import Network
import Routing

/// What produced an output: the tool, the command and its resolved model options, the access profile, the
/// scenario, and the network with its area, service date, local CRS and inputs (path as the manifest writes it,
/// hash). Written as the `metadata` foreign member of a GeoJSON collection (`jsonValue`), as `# key: value`
/// lines heading a CSV (`commentHeader`) and as a closing section of a Markdown report (`markdownSection`).
///
/// It lives in Analysis because it joins a `BuiltNetwork` (Network) with an `AccessProfile` (Routing), and the
/// report writers here and the commands above both use it; GeoCore only carries the JSON value.
/// Nothing in it depends on the machine or the time: paths are kept as given, so reruns give the same bytes.
public struct Provenance: Sendable, Equatable {
    public var tool: String
    public var command: String
    /// The command's resolved model values (not its argv), e.g. `["budget_min": 60, "percentile": 50]`.
    public var options: [String: JSONValue]
    /// nil for commands without access and egress (roads, export): written as `null`.
    public var profile: AccessProfile?
    /// The scenario applied to the network (name, file, hash, modification ids), `null` for the base network.
    public var scenario: JSONValue
    public var serviceDate: String
    public var area: String
    /// The network file as the user named it, and the `InputHash` of its bytes.
    public var networkPath: String
    public var networkHash: String
    public var inputs: [BuiltNetwork.SourceSummary]
    /// The network's local CRS definition, or "auto" (the UTM zone of the place worked on).
    public var localCRS: String

    public init(tool: String, command: String, options: [String: JSONValue], profile: AccessProfile?,
                network: BuiltNetwork, networkPath: String, networkHash: String, scenario: JSONValue = .null) {
        self.tool = tool
        self.command = command
        self.options = options
        self.profile = profile
        self.scenario = scenario
        self.serviceDate = network.metadata.serviceDate
        self.area = network.metadata.areaName
        self.networkPath = networkPath
        self.networkHash = networkHash
        self.inputs = network.metadata.sources
        self.localCRS = network.metadata.localCRS?.definition ?? "auto"
    }

    /// The top-level keys in the order of the text forms (the JSON form sorts them).
    private var members: [(key: String, value: JSONValue)] {
        [
            ("tool", .string(tool)),
            ("command", .string(command)),
            ("options", .object(options)),
            ("profile", profile.map(Self.json) ?? .null),
            ("scenario", scenario),
            ("service_date", .string(serviceDate)),
            ("area", .string(area)),
            ("network", .object(["path": .string(networkPath), "hash": .string(networkHash)])),
            ("inputs", .array(inputs.map { .object(["name": .string($0.name), "path": .string($0.path), "hash": .string($0.hash)]) })),
            ("local_crs", .string(localCRS)),
        ]
    }

    /// The `metadata` object of a GeoJSON collection.
    public var jsonValue: JSONValue {
        .object(Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) }))
    }

    /// `key: value` lines, strings bare and other values as one-line JSON; one `input:` line per input.
    private var lines: [String] {
        let writer = GeoJSONWriter()
        var lines: [String] = []
        for (key, value) in members {
            switch (key, value) {
            case ("inputs", .array(let items)):
                lines += items.map { "input: " + writer.text(for: $0) }
            case (_, .string(let s)):
                lines.append("\(key): " + s.map { $0 == "\n" || $0 == "\r" ? " " : String($0) }.joined())
            default:
                lines.append("\(key): " + writer.text(for: value))
            }
        }
        return lines
    }

    /// The header of a CSV file: `# provenance`, then `# key: value` lines, each ending in a newline. Readers
    /// skip it as comments (pandas `read_csv(comment='#')`, R `read.csv(comment.char='#')`).
    public var commentHeader: String {
        (["provenance"] + lines).map { "# \($0)\n" }.joined()
    }

    /// A closing `## Provenance` section of a Markdown report: the same lines in a fenced block.
    public var markdownSection: String {
        "\n## Provenance\n\n```text\n" + lines.map { $0 + "\n" }.joined() + "```\n"
    }

    /// The profile as JSON: its name, modes and the parameters of every mode it uses.
    static func json(_ profile: AccessProfile) -> JSONValue {
        func mode(_ p: AccessModeParameters) -> JSONValue {
            .object([
                "speed_km_h": .number((p.speedMetersPerSecond * 3.6 * 1000).rounded() / 1000),
                "detour_factor": .number(p.detourFactor),
                "max_min": .number(Double(p.maxSeconds) / 60),
                "penalty_s": .number(Double(p.penaltySeconds)),
                "walk_to_vehicle_m": .number(p.walkToVehicleMeters),
                "headway_s": .number(Double(p.headwaySeconds)),
                "uses_streets": .bool(p.usesStreets),
            ])
        }
        var parameters: [String: JSONValue] = [:]
        for m in Set(profile.access + profile.egress) {
            switch m {
            case .walk: parameters[m.rawValue] = .object(["max_radius_m": .number(profile.walkMaxRadiusMeters)])
            case .bicycle: parameters[m.rawValue] = mode(profile.bicycle)
            case .ebike: parameters[m.rawValue] = mode(profile.ebike)
            case .bus: parameters[m.rawValue] = mode(profile.bus)
            case .car: parameters[m.rawValue] = mode(profile.car)
            }
        }
        return .object([
            "name": .string(profile.name),
            "access": .array(profile.access.map { .string($0.rawValue) }),
            "egress": .array(profile.egress.map { .string($0.rawValue) }),
            "parameters": .object(parameters),
        ])
    }
}

extension TravelTimeParameters {
    /// The model values every transit analysis shares, for `Provenance.options`.
    public var provenanceOptions: [String: JSONValue] {
        [
            "depart": .string(ServiceClock.format(firstDepartureSeconds)),
            "window_min": .number(Double(windowMinutes)),
            "percentiles": .array(percentiles.map { .number($0) }),
            "max_rides": .number(Double(raptor.maxRides)),
            "board_slack_s": .number(Double(raptor.boardSlackSeconds)),
            "max_trip_min": .number(Double(maxTripSeconds) / 60),
            "access_radius_m": .number(access.maxRadiusMeters),
        ]
    }
}
