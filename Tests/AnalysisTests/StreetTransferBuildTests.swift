import Foundation
import Network
import NetworkBuild
import Routing
import Testing
import TestSupport

/// `AreaBuilder` hands the transit builder street walks linked exactly as the built network links its stops:
/// on the hand-written tiny area (streets and transit), every generated transfer between two linked stops whose
/// street walk is within the limit is that walk at walking speed + the tier-pair minimum, the walk recomputed
/// here with a plain `StreetSearch` from the network's own `stopLinks`.
@Suite(.tags(.fast)) struct StreetTransferBuildTests {
    @Test func transfersFollowTheBuiltNetworksStreetWalks() throws {
        let area = try TinyArea()
        defer { area.cleanUp() }
        let network = try AreaBuilder(manifestPath: area.manifest).build().network
        let transit = network.transit, links = network.stopLinks, p = network.metadata.parameters
        #expect(network.streets.nodeCount > 0)
        let limit = UInt32((p.transferRadiusMeters * p.detourFactor * 1000).rounded(.down))
        let search = StreetSearch(graph: network.streets)
        var checked = 0
        for a in 0..<transit.stopCount where transit.stops.tierMasks[a] != 0 {
            guard let node = links.node(of: StopID(a)) else { continue }
            search.run(sources: [(node, links.distanceMillimeters[a])], maxDistanceMillimeters: limit)
            var generated: [Int: Int32] = [:]
            for k in transit.transfers(from: StopID(a)) {
                generated[Int(transit.transfers.targets[k])] = transit.transfers.seconds[k]
            }
            for b in 0..<transit.stopCount where b != a && transit.stops.tierMasks[b] != 0 {
                guard let other = links.node(of: StopID(b)), let d = search.distanceMillimeters(to: other) else { continue }
                let total = UInt64(d) + UInt64(links.distanceMillimeters[b])
                guard total <= UInt64(limit) else { continue }
                let walk = Int32((Double(total) / 1000 / p.walkingSpeedMetersPerSecond).rounded())
                let minimum = p.minTransfer.seconds(fromTierMask: transit.stops.tierMasks[a],
                                                    toTierMask: transit.stops.tierMasks[b])
                #expect(generated[b] == walk + minimum, "transfer \(transit.stops.keys[a]) → \(transit.stops.keys[b])")
                checked += 1
            }
        }
        #expect(checked > 0)
    }
}
