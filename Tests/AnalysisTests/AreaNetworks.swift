import Foundation
import Network
import NetworkBuild
import TestSupport

/// The real areas (`TestAreas` manifests: rail GTFS, metro planning lines, districts), each built in process once
/// per test run and shared by every suite that reads it; a failed build fails every such test with its error.
enum AreaNetworks {
    private static let builds = BuildOnce<String, BuiltNetwork>()

    static func built(_ area: String) throws -> BuiltNetwork {
        try builds.value(for: area) { area in
            let dir = try TemporaryDirectory()
            defer { dir.cleanUp() }
            guard let path = try TestAreas.manifest(area: area, in: dir.url) else {
                throw FixtureError("no test manifest for \(area): \(SharedData.skipMessage)")
            }
            return try AreaBuilder(manifestPath: path).build().network
        }
    }
}
