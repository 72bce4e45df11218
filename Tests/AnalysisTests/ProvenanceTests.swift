import Analysis
import GeoCore
import Network
import Routing
import TestSupport
import Testing

/// The three forms of `Provenance`: the GeoJSON `metadata` object, the CSV `#` header, the Markdown section.
@Suite(.tags(.fast)) struct ProvenanceTests {
    static let network = BuiltNetwork(metadata: .init(
        areaName: "测试\narea", serviceDate: "2024-05-15", localCRS: LocalCRSDefinition("EPSG:4547"),
        sources: [.init(name: "rail", report: "…", path: "feeds/rail.zip", hash: "xxh64:00000000000000ff"),
                  .init(name: "districts", report: "…", path: "d.geojson", hash: "xxh64:0000000000000100")]),
        transit: .empty)

    static let provenance = Provenance(tool: "metrocommute 9.9.9", command: "rings", options: ["budget_min": 60, "core": "北京南"],
                                       profile: .railWalk, network: network, networkPath: "nets/a.mcnet",
                                       networkHash: "xxh64:0123456789abcdef")

    @Test func jsonCarriesEveryKey() throws {
        guard case .object(let m) = Self.provenance.jsonValue else { Issue.record("not an object"); return }
        #expect(Set(m.keys) == ["tool", "command", "options", "profile", "scenario", "service_date", "area", "network",
                                "inputs", "local_crs"])
        #expect(m["scenario"] == .null && m["service_date"] == "2024-05-15" && m["local_crs"] == "EPSG:4547")
        #expect(m["network"] == .object(["path": "nets/a.mcnet", "hash": "xxh64:0123456789abcdef"]))
        #expect(m["inputs"] == .array([.object(["name": "rail", "path": "feeds/rail.zip", "hash": "xxh64:00000000000000ff"]),
                                       .object(["name": "districts", "path": "d.geojson", "hash": "xxh64:0000000000000100"])]))
        guard case .object(let profile)? = m["profile"] else { Issue.record("no profile"); return }
        #expect(profile["name"] == "rail-walk" && profile["access"] == .array(["walk"]) && profile["egress"] == .array(["walk"]))
        // Only the modes the profile uses, each with its parameters.
        #expect(profile["parameters"] == .object(["walk": .object(["max_radius_m": .number(AccessParameters.defaultMaxRadiusMeters)])]))
        guard case .object(let commuter)? = Provenance(tool: "t", command: "c", options: [:], profile: .commuter, network: Self.network,
                                                        networkPath: "n", networkHash: "h").jsonValue.objectMember("profile"),
              case .object(let modes)? = commuter["parameters"] else { Issue.record("no commuter parameters"); return }
        #expect(Set(modes.keys) == ["walk", "bicycle", "e-bike", "bus"])
        #expect(modes["bus"]?.objectMember("speed_km_h") == 15)
    }

    @Test func csvHeaderIsCommentLinesOnly() {
        let header = Self.provenance.commentHeader
        #expect(header.hasSuffix("\n"))
        let lines = header.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.allSatisfy { $0.hasPrefix("# ") }, "\(header)")
        #expect(lines.first == "# provenance")
        #expect(lines.contains("# tool: metrocommute 9.9.9"))
        #expect(lines.contains("# area: 测试 area"))  // a line break in a value cannot end the comment
        #expect(lines.contains(#"# options: {"budget_min":60,"core":"北京南"}"#))
        #expect(lines.contains(#"# input: {"hash":"xxh64:00000000000000ff","name":"rail","path":"feeds/rail.zip"}"#))
        #expect(lines.contains("# scenario: null"))
    }

    @Test func markdownSectionIsAFencedBlockAtTheEnd() {
        let section = Self.provenance.markdownSection
        #expect(section.hasPrefix("\n## Provenance\n\n```text\n") && section.hasSuffix("\n```\n"))
        #expect(section.contains("\nservice_date: 2024-05-15\n"))
        #expect(section.contains("\nnetwork: {\"hash\":\"xxh64:0123456789abcdef\",\"path\":\"nets/a.mcnet\"}\n"))
    }
}

private extension JSONValue {
    func objectMember(_ key: String) -> JSONValue? {
        if case .object(let m) = self { return m[key] }
        return nil
    }
}
