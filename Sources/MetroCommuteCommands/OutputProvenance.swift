import Analysis
import Foundation
import GeoCore
import Network
import Routing

// Every GeoJSON, CSV and Markdown output says what produced it (README "Provenance"): the GeoJSON collection's
// `metadata` member, a `#` header before a CSV table, a closing section of a Markdown report.

extension Provenance {
    /// The provenance of a command's output on the network file `networkPath` (as the user gave it): the file is
    /// hashed as it is now, next to the network already read from it.
    init(command: String, options: [String: JSONValue], profile: AccessProfile?, network: BuiltNetwork,
         networkPath: String, scenario: JSONValue = .null) throws {
        self.init(tool: "metrocommute \(MetroCommuteVersion.string)", command: command, options: options, profile: profile,
                  network: network, networkPath: networkPath, networkHash: try InputHash.of(path: networkPath, shownPath: networkPath),
                  scenario: scenario)
    }

    /// An input file the command was given (not in the manifest): its path as given and its hash.
    static func file(_ path: String) throws -> JSONValue {
        .object(["path": .string(path), "hash": .string(try InputHash.of(path: path, shownPath: path))])
    }

    /// `collection` with this provenance as its `metadata` foreign member.
    func annotating(_ collection: FeatureCollection) -> FeatureCollection {
        var annotated = collection
        annotated.foreignMembers["metadata"] = jsonValue
        return annotated
    }

    /// A CSV text with the `#` header in front.
    func heading(csv: String) -> Data { Data((commentHeader + csv).utf8) }

    /// CSV bytes with the `#` header in front.
    func heading(csv: [UInt8]) -> Data { Data(Array(commentHeader.utf8) + csv) }
}
