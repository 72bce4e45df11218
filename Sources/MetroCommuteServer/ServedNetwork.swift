import Analysis
import Foundation
import GeoCore
import Network
import NetworkExport
import Routing

/// The network a server answers for, loaded once and shared read-only by every request, with what is derived
/// from it once: the provenance hash of its file, the population surface per metric CRS (built on first use).
///
/// Scenarios (issue 18's `--scenario`) will be further `ServedNetwork`s keyed by name; a request's `scenario`
/// parameter then picks one (`AnalysisService.network(for:)`).
public final class ServedNetwork: @unchecked Sendable {
    public let network: BuiltNetwork
    /// The file as the user named it, and its `xxh64:` hash (for provenance).
    public let path: String
    public let hash: String
    /// `metrocommute 0.2.0`, for provenance.
    public let tool: String
    /// A place to centre rings on when the page opens: the hub with the most tiers, then the most stops.
    public let suggestedCore: String?

    private let lock = NSLock()
    private var surfaces: [String: PopulationSurface] = [:]

    public init(network: BuiltNetwork, path: String, hash: String, tool: String) {
        self.network = network
        self.path = path
        self.hash = hash
        self.tool = tool
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

    /// The provenance of an answer: the command named as `serve <route>`.
    public func provenance(_ route: String, options: [String: JSONValue], profile: AccessProfile?) -> Provenance {
        Provenance(tool: tool, command: "serve \(route)", options: options, profile: profile, network: network,
                   networkPath: path, networkHash: hash)
    }
}
