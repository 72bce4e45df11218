import GeoCore
import Network
import Routing
import TestSupport
import Testing

/// Access/egress walking on a hand-built street graph versus crow-fly.
///
/// Geometry (all on the meridian 116° E, so crow-fly metres are R·Δφ with R = 6 371 008.8 m, i.e.
/// 111 195.08 m per degree of latitude, computed here without the library):
/// street nodes N0 (39.000), N1 (39.004), N2 (39.008), arcs N0–N1 and N1–N2 both ways with hand-set lengths;
/// stops S0 at 39.00005 (5.56 m north of N0), S1 at 39.0081 (11.12 m north of N2), S2 at 38.9901
/// (1,100.8 m south of N0: farther than the 1,000 m stop-link limit, so it has no street link).
@Suite(.tags(.fast)) struct AccessSearchTests {
    static let metersPerDegree = 6_371_008.8 * Double.pi / 180
    static func meters(_ dLat: Double) -> Double { abs(dLat) * metersPerDegree }
    static func at(_ lat: Double) -> Coordinate { Coordinate(longitude: 116, latitude: lat) }

    static func network(streetArcMeters: Double?) throws -> BuiltNetwork {
        var input = TransitInput()
        for (k, lat) in [39.00005, 39.0081, 38.9901].enumerated() {
            input.stops.append(TransitInput.Stop(key: "s\(k)", name: "S\(k)", coordinate: at(lat), source: "hand"))
        }
        let layer = try TransitLayerBuilder(parameters: BuildParameters(transferRadiusMeters: 0)).build(input).layer
        var streets = StreetGraph.empty
        if let m = streetArcMeters {
            let mm = UInt32(m * 1000)
            streets = StreetGraph(nodeCoordinates: [at(39.000), at(39.004), at(39.008)],
                                  arcs: [(0, 1, mm), (1, 0, mm), (1, 2, mm), (2, 1, mm)])
        }
        return BuiltNetwork(metadata: .init(areaName: "hand"), transit: layer, streets: streets)
    }

    static let parameters = AccessParameters()  // 1.2 m/s, detour 1.3, radius 1,200 m

    static func crowFlySeconds(_ meters: Double) -> Int32 { Int32((meters * 1.3 / 1.2).rounded()) }
    static func streetSeconds(_ meters: Double) -> Int32 { Int32((meters / 1.2).rounded()) }

    @Test func crowFlyWithoutStreets() throws {
        let access = AccessSearch(network: try Self.network(streetArcMeters: nil), parameters: Self.parameters)
        #expect(!access.usesStreets)
        let reach = access.reach(from: Self.at(39.000))
        #expect(reach.origin.streetNode == nil)
        // S0 5.56 m → 6 s; S1 900.68 m → 976 s; S2 1,100.8 m → 1,193 s.
        #expect(reach.stops == [
            StopAccess(stop: StopID(0), seconds: Self.crowFlySeconds(Self.meters(0.00005))),
            StopAccess(stop: StopID(1), seconds: Self.crowFlySeconds(Self.meters(0.0081))),
            StopAccess(stop: StopID(2), seconds: Self.crowFlySeconds(Self.meters(0.0099))),
        ])
        #expect(reach.stops.map(\.seconds) == [6, 976, 1193])
        // Direct walk to N2's position: 889.56 m crow-fly → 964 s; 1,300 m away (beyond 1,200 m) → nil.
        #expect(reach.walkSeconds(to: access.point(Self.at(39.008))) == Self.crowFlySeconds(Self.meters(0.008)))
        #expect(reach.walkSeconds(to: access.point(Self.at(39.0117))) == nil)
        // Symmetric: the egress reach from S1's neighbourhood finds the same S0 time as the access did.
        let back = access.reach(from: Self.at(39.0081))
        #expect(back.stops.first { $0.stop == StopID(1) }?.seconds == 0)
        #expect(back.walkSeconds(to: access.point(Self.at(39.00005))) == Self.crowFlySeconds(Self.meters(0.00805)))
    }

    @Test func streetGraphWhenPresent() throws {
        let access = AccessSearch(network: try Self.network(streetArcMeters: 600), parameters: Self.parameters)
        #expect(access.usesStreets)
        let origin = access.point(Self.at(39.000))
        #expect(origin.streetNode == StreetNodeID(0) && origin.snapMillimeters == 0)
        let reach = access.reach(from: origin)
        // S0: street 0 + link 5.56 m → 5 s. S1: 600 + 600 m + link 11.12 m = 1,211.12 m → 1,009 s (crow-fly would
        // say 976 s: the street graph decides). S2: no street link → crow-fly 1,193 s.
        #expect(reach.stops == [
            StopAccess(stop: StopID(0), seconds: Self.streetSeconds(Self.meters(0.00005))),
            StopAccess(stop: StopID(1), seconds: Self.streetSeconds(1200 + Self.meters(0.0001))),
            StopAccess(stop: StopID(2), seconds: Self.crowFlySeconds(Self.meters(0.0099))),
        ])
        #expect(reach.stops.map(\.seconds) == [5, 1009, 1193])
        // Direct walk to N2 on streets: 1,200 m → 1,000 s.
        #expect(reach.walkSeconds(to: access.point(Self.at(39.008))) == 1000)
    }

    /// Arcs of 800 m make S1 1,611 m away on streets, beyond 1,200 × 1.3 = 1,560 m: unreachable on foot, although
    /// crow-fly (900 m) would reach it. N2 itself (1,600 m) is out of reach for a direct walk too.
    @Test func streetLimitIsRadiusTimesDetour() throws {
        let access = AccessSearch(network: try Self.network(streetArcMeters: 800), parameters: Self.parameters)
        let reach = access.reach(from: Self.at(39.000))
        #expect(reach.stops.map(\.stop) == [StopID(0), StopID(2)])
        #expect(reach.walkSeconds(to: access.point(Self.at(39.008))) == nil)
        // A point 2 km north of N2 snaps to nothing (no node within 1,200 m): crow-fly, and no stop is near it.
        let far = access.point(Self.at(39.026))
        #expect(far.streetNode == nil)
        #expect(access.reach(from: far).stops.isEmpty)
        // Snapping adds the straight distance to the node: a point 0.0002° north of N1 snaps to N1 at 22.24 m,
        // then 800 m to N0 and the 5.56 m link to S0 → 827.8 m → 690 s.
        let nearN1 = access.reach(from: Self.at(39.0042))
        #expect(nearN1.origin.streetNode == StreetNodeID(1))
        #expect(nearN1.stops.first { $0.stop == StopID(0) }?.seconds
                == Self.streetSeconds(Self.meters(0.0002) + 800 + Self.meters(0.00005)))
    }

    @Test func emptyNetworkReachesNothing() {
        let network = BuiltNetwork(metadata: .init(areaName: "empty"), transit: .empty)
        let access = AccessSearch(network: network, parameters: Self.parameters)
        let reach = access.reach(from: Self.at(39))
        #expect(reach.stops.isEmpty)
        #expect(reach.walkSeconds(to: access.point(Self.at(39.001))) == Self.crowFlySeconds(Self.meters(0.001)))
        #expect(access.nearestStop(to: Self.at(39), within: 1e6) == nil)
    }
}
