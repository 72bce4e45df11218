import Analysis
import Foundation
import GeoCore
import Network
import NetworkExport
import Routing

/// A scenario as a server serves it: its name (what a request's `scenario` names), the file it was read from,
/// and the provenance `scenario` member of its answers (name, file, hash, modification ids).
public struct ServedScenario: Sendable {
    public var name: String
    public var description: String
    public var path: String
    public var provenance: JSONValue

    public init(name: String, description: String, path: String, provenance: JSONValue) {
        self.name = name; self.description = description; self.path = path; self.provenance = provenance
    }
}

/// The network a server answers for, loaded once and shared read-only by every request, with what is derived
/// from it once: the provenance hash of its file, the population surface per metric CRS (built on first use).
/// The base network and each `--scenario` (the base with the scenario applied in memory) are one each; a
/// request's `scenario` parameter picks one (`AnalysisService.side`).
public final class ServedNetwork: @unchecked Sendable {
    public let network: BuiltNetwork
    /// nil: the base network.
    public let scenario: ServedScenario?
    /// The file as the user named it, and its `xxh64:` hash (for provenance).
    public let path: String
    public let hash: String
    /// `metrocommute 0.2.0`, for provenance.
    public let tool: String
    /// A place to centre rings on when the page opens: the hub with the most tiers, then the most stops.
    public let suggestedCore: String?

    private let lock = NSLock()
    private var surfaces: [String: PopulationSurface] = [:]
    /// The network's station and district names indexed once (building the index took about a third of a
    /// single-departure isochrone's time when it was built per request).
    private let resolver: PlaceResolver

    public init(network: BuiltNetwork, path: String, hash: String, tool: String, scenario: ServedScenario? = nil) {
        self.network = network
        self.scenario = scenario
        self.path = path
        self.hash = hash
        self.tool = tool
        resolver = PlaceResolver(network: network)
        let hubs = NetworkExportLayers(network, firstDepartureSeconds: 7 * 3600, windowMinutes: 60).hubs
        func rank(_ f: Feature) -> (Int, Int, String) {
            let tiers = (f.properties["tiers"].flatMap { if case .array(let a) = $0 { return a.count }; return nil }) ?? 0
            return (tiers, f.properties["members"]?.intValue ?? 0, f.properties["name"]?.stringValue ?? "")
        }
        suggestedCore = hubs.max { a, b in
            let (x, y) = (rank(a), rank(b))
            if x.0 != y.0 { return x.0 < y.0 }
            if x.1 != y.1 { return x.1 < y.1 }
            return x.2 > y.2
        }?.properties["name"]?.stringValue
    }

    /// The places of this network, points checked against `accessRadiusMeters`.
    public func placeResolver(accessRadiusMeters: Double) -> PlaceResolver {
        var r = resolver
        r.accessRadiusMeters = accessRadiusMeters
        return r
    }

    /// Where people live in `crs`: the districts' populations spread uniformly (built once per CRS); nil for a
    /// network without districts.
    public func population(crs: String) throws -> PopulationSurface? {
        guard !network.districts.isEmpty else { return nil }
        lock.lock()
        if let s = surfaces[crs] { lock.unlock(); return s }
        lock.unlock()
        let surface = try UniformDistrictPopulation().surface(network: network, crs: crs)
        lock.lock(); surfaces[crs] = surface; lock.unlock()
        return surface
    }

    /// The provenance of an answer: the command named as `serve <route>`; `scenario` null for the base network.
    public func provenance(_ route: String, options: [String: JSONValue], profile: AccessProfile?,
                           scenario: JSONValue? = nil) -> Provenance {
        Provenance(tool: tool, command: "serve \(route)", options: options, profile: profile, network: network,
                   networkPath: path, networkHash: hash, scenario: scenario ?? self.scenario?.provenance ?? .null)
    }

    /// The side's label in a comparison, as `compare` writes it: `name (file)`, or `base network`.
    public var label: String { scenario.map { "\($0.name) (\($0.path))" } ?? "base network" }
}
