import Analysis
import Foundation
import GeoCore
import GeoIO
import NetworkBuild
import Network
import TestSupport
import Testing

/// OD files, the gravity model and district zones.
@Suite(.tags(.fast)) struct DemandTests {
    @Test func odFileErrorsNameFileAndLine() throws {
        let zones = BottleneckAnalysis(network: try BottleneckHandTests.network(), parameters: BottleneckHandTests.parameters()).zones
        func error(_ text: String) -> String {
            do { _ = try DemandODFile.parse(data: Data(text.utf8), file: "od.csv", zones: zones); return "no error" }
            catch { return "\(error)" }
        }
        #expect(error("origin,destination,trips\nW0,E1,10\nW0,Nowhere,5\n").contains("od.csv"))
        #expect(error("origin,destination,trips\nW0,E1,10\nW0,Nowhere,5\n").contains("line 3"))
        #expect(error("origin,destination,trips\nW0,E1,10\nW0,Nowhere,5\n").contains("Nowhere"))
        #expect(error("origin,destination,trips\nW0,E1,10\nW0,Nowhere,5\n").contains("closest:"))
        #expect(error("origin,destination,trips\nW0,E1x,5\n").contains("unknown district \"E1x\" in column destination"))
        #expect(error("origin,destination,trips\nW0,E1x,5\n").contains("closest: E1"))
        #expect(error("origin,destination,trips\nW0,E1,-4\n").contains("line 2"))
        #expect(error("origin,destination,trips\nW0,E1,-4\n").contains("negative"))
        #expect(error("origin,destination,trips\nW0,E1,many\n").contains("not a number"))
        #expect(error("from,to\nW0,E1\n").contains("line 1"))
        // By code (100 + index), by city + name, quoted fields; repeated pairs add up; intrazonal rows ignored.
        let m = try DemandODFile.parse(data: Data("O,D,Trips\n100,103,5\n\"HandW0\",E1,2.5\nW1,W1,9\n".utf8),
                                       file: "od.csv", zones: zones)
        #expect(m[0, 3] == 7.5 && m.totalTrips == 7.5)
    }

    /// T_ij = k·P_i·P_j·exp(−0.05·t_ij), scaled to 1,000 trips; by hand for three zones with times 10, 20, 30 min
    /// (symmetric) and populations 1, 2, 3: weights 1·2·e^−0.5, 1·3·e^−1, 2·3·e^−1.5 each way.
    @Test func gravityByHand() {
        let t: [Double?] = [nil, 10, 20, 10, nil, 30, 20, 30, nil]
        let m = GravityModel.demand(populations: [1, 2, 3], travelTimesMinutes: t,
                                    parameters: GravityParameters(totalTrips: 1_000))
        let w12 = 2 * exp(-0.5), w13 = 3 * exp(-1.0), w23 = 6 * exp(-1.5)
        let k = 1_000 / (2 * (w12 + w13 + w23))
        #expect(abs(m[0, 1] - k * w12) < 1e-9 && abs(m[1, 0] - k * w12) < 1e-9)
        #expect(abs(m[0, 2] - k * w13) < 1e-9 && abs(m[2, 1] - k * w23) < 1e-9)
        #expect(m[0, 0] == 0 && abs(m.totalTrips - 1_000) < 1e-9)
        // Power deterrence t^−2 and the commute share (0.1 × population 6 = 0.6 trips); an unreachable pair gets none.
        let p = GravityModel.demand(populations: [1, 2, 3], travelTimesMinutes: [nil, 10, nil, 10, nil, 30, nil, 30, nil],
                                    parameters: GravityParameters(deterrence: .power(exponent: 2)))
        let v12 = 2.0 / 100, v23 = 6.0 / 900
        #expect(abs(p[0, 1] - 0.6 * v12 / (2 * (v12 + v23))) < 1e-12)
        #expect(p[0, 2] == 0 && abs(p.totalTrips - 0.6) < 1e-12)
    }

    /// jingjinji zones. Expected figures from districts.geojson with shapely: 河东区 (120102) has 5 parts, the
    /// largest within lon 117.197…117.304, lat 39.079…39.162, the others near (113.7, 36.6), ~500 km away.
    /// 武清区 (120114) holds the 武清 station of the C trains and no metro station.
    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "needs ../shared/data")) func jingjinjiZones() throws {
        let network = try AreaNetworks.built("jingjinji")
        let zones = DemandZoneBuilder.zones(network: network, firstDepartureSeconds: 7 * 3600, windowMinutes: 120)
        #expect(zones.count == 66)
        let hedong = try #require(zones.first { $0.code == 120102 })
        #expect(hedong.coordinate.longitude > 117.197 && hedong.coordinate.longitude < 117.305)
        #expect(hedong.coordinate.latitude > 39.078 && hedong.coordinate.latitude < 39.162)
        let wuqing = try #require(zones.first { $0.code == 120114 })
        #expect(wuqing.stationName == "武清")
        // A station zone boards its hub's stops; its point is one of them.
        for z in zones where z.station != nil {
            #expect(!z.stationStops.isEmpty)
            #expect(z.stationStops.contains { network.transit.coordinate(of: $0) == z.coordinate })
        }
    }
}
