import Foundation
import GeoCore
@testable import GeoIO
import Network
import Testing
import TestSupport

@Suite struct PlanningLinesReaderTests {
    /// Great-circle distance by the spherical law of cosines: an independent check of `Earth.haversineMeters`.
    private func cosineLawMeters(_ lon1: Double, _ lat1: Double, _ lon2: Double, _ lat2: Double) -> Double {
        let r = Double.pi / 180
        let c = sin(lat1 * r) * sin(lat2 * r) + cos(lat1 * r) * cos(lat2 * r) * cos((lon2 - lon1) * r)
        return 6_371_008.8 * acos(min(1, c))
    }

    private func write(_ text: String) throws -> (TemporaryDirectory, URL) {
        let dir = try TemporaryDirectory()
        let url = dir.file("lines.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return (dir, url)
    }

    /// data README 1.3: jingjinji 38 line_ids, 618 stations, 760 rows; loops bj_L02 (2号线), bj_L10, bj_L25.
    /// Name rules off: every line runs the metro defaults.
    @Test(.enabled(if: SharedData.isPresent, "shared data absent"))
    func jingjinjiMetroLines() throws {
        let url = try #require(SharedData.file("cn/jingjinji/metro_lines.csv"))
        let (input, report) = try PlanningLinesReader(url: url, sourceName: "metro_lines",
                                                      options: PlanningLinesOptions(nameRules: [])).read()
        #expect(report.rows == 760)
        #expect(report.lines == 38)
        #expect(report.stations == 618)
        #expect(input.stops.count == 618)
        #expect(input.routes.count == 38)
        #expect(input.routes.allSatisfy { $0.tier == .metro && $0.tierReason == "planning-lines default (metro)" })
        // Metro default: departures 05:30 … 23:00 every 4 min = 1050 / 4 → 262 intervals → 263 per direction.
        #expect(report.trips == 38 * 2 * 263)
        #expect(input.trips.count == report.trips)

        // Line 1, first hop 古城 (116.184188, 39.906164) → 八角游乐园 (116.206760, 39.906190):
        // distance × 1.2 / (35 km/h = 9.722 m/s), rounded; the next station adds the 30 s dwell.
        let first = try #require(input.trips.first { $0.key == "metro_lines:bj_L01:0@05:30:00" })
        #expect(input.stops[first.stops[0]].name == "古城")
        #expect(input.stops[first.stops[1]].name == "八角游乐园")
        let meters = cosineLawMeters(116.184188, 39.906164, 116.206760, 39.906190)
        let run = Int32((meters * 1.2 / (35 / 3.6)).rounded())
        #expect((200...280).contains(run))  // about 1.93 km at 35 km/h
        #expect(first.departureSeconds[0] == 5 * 3600 + 30 * 60)
        #expect(first.arrivalSeconds[1] == first.departureSeconds[0] + run)
        #expect(first.departureSeconds[1] == first.arrivalSeconds[1] + 30)
        #expect(first.arrivalSeconds.last == first.departureSeconds.last)  // no dwell at the terminus
        // The reverse direction visits the same stations backwards.
        let back = try #require(input.trips.first { $0.key == "metro_lines:bj_L01:1@05:30:00" })
        #expect(back.stops == first.stops.reversed())

        // Loop line 2号线: 19 rows, first station repeated as last; both directions close the loop.
        let loop = input.trips.filter { $0.key.hasPrefix("metro_lines:bj_L02:") }
        #expect(loop.count == 2 * 263)
        #expect(loop.allSatisfy { $0.stops.count == 19 && $0.stops.first == $0.stops.last })

        // Transfer stations: a stop used by more than one line (618 stations for 760 rows).
        var linesOfStop: [Int: Set<Int>] = [:]
        for trip in input.trips { for s in trip.stops { linesOfStop[s, default: []].insert(trip.route) } }
        #expect(linesOfStop.values.contains { $0.count >= 2 })
        #expect(linesOfStop.count == 618)
    }

    @Test func tierColumnOverridesAndConverter() throws {
        let (dir, url) = try write("""
            line_id,line_name,seq,station_id,station_name,lon,lat,tier
            S1,S1线,1,a,A,116.0,40.0,suburban
            S1,S1线,2,b,B,116.0,40.1,suburban
            S1,S1线,3,c,C,116.0,40.2,suburban
            M1,1号线,1,b,B,116.0,40.1,
            M1,1号线,2,d,D,116.1,40.1,

            """)
        defer { dir.cleanUp() }
        var options = PlanningLinesOptions(detourFactor: 1.5)
        options.lineOverrides["M1"] = PlanningLineParameters(PlanningLineService(
            headwayMinutes: 30, speedKmh: 30, dwellSeconds: 0, firstDepartureSeconds: 7 * 3600, lastDepartureSeconds: 8 * 3600))
        // The converter shifts every point 0.5° east: the stops must carry the converted positions.
        let (input, report) = try PlanningLinesReader(url: url, sourceName: "p", options: options)
            .read { Coordinate(longitude: $0.longitude + 0.5, latitude: $0.latitude) }
        #expect(input.stops.map(\.coordinate.longitude) == [116.5, 116.5, 116.5, 116.6])
        #expect(report.stations == 4)  // b is shared by S1 and M1
        #expect(input.routes.map(\.tier) == [.suburban, .metro])
        #expect(report.linesByTier == [.suburban: 1, .metro: 1])
        // S1 suburban defaults: 06:00–22:30 every 15 min → 66 intervals → 67 departures per direction.
        #expect(input.trips.filter { $0.route == 0 }.count == 2 * 67)
        // M1 override: 07:00, 07:30, 08:00 per direction; run = distance × 1.5 / (30 km/h).
        let m1 = input.trips.filter { $0.route == 1 }
        #expect(m1.count == 6)
        let meters = cosineLawMeters(116.5, 40.1, 116.6, 40.1)
        #expect(m1[0].arrivalSeconds[1] - m1[0].departureSeconds[0] == Int32((meters * 1.5 / (30 / 3.6)).rounded()))
        // S1 with suburban 60 s dwell at B and 60 km/h over 0.1° of latitude ×1.5.
        let s1 = try #require(input.trips.first { $0.route == 0 })
        let hop = Int32((cosineLawMeters(116.5, 40.0, 116.5, 40.1) * 1.5 / (60 / 3.6)).rounded())
        let six: Int32 = 6 * 3600
        let expected: [Int32] = [six, six + hop, six + hop + 60 + hop]
        #expect(s1.arrivalSeconds == expected)
    }

    private func readError(_ text: String, converter: (Coordinate) throws -> Coordinate = { $0 }) throws -> InputError? {
        let (dir, url) = try write(text)
        defer { dir.cleanUp() }
        let error = #expect(throws: InputError.self) {
            _ = try PlanningLinesReader(url: url, sourceName: "p").read(toWGS84: converter)
        }
        #expect(error?.file == url.path)
        return error
    }

    static let header = "line_id,line_name,seq,station_id,station_name,lon,lat\n"

    @Test func rowWithoutCoordinates() throws {
        let e = try readError(Self.header + "L,1号线,1,a,A,116.0,40.0\nL,1号线,2,b,B,,40.1\n")
        #expect(e?.location == "line 3, column lon")
        let nonNumeric = try readError(Self.header + "L,1号线,1,a,A,116.0,north\n")
        #expect(nonNumeric?.location == "line 2, column lat")
    }

    @Test func seqNotIncreasingAndDuplicate() throws {
        let back = try readError(Self.header + "L,x,1,a,A,116.0,40.0\nL,x,3,b,B,116.0,40.1\nL,x,2,c,C,116.0,40.2\n")
        #expect(back?.location == "line 4, column seq")
        #expect(back?.message.contains("not greater") == true)
        let duplicate = try readError(Self.header + "L,x,1,a,A,116.0,40.0\nM,y,1,b,B,116.0,40.1\nL,x,1,c,C,116.0,40.2\n")
        #expect(duplicate?.location == "line 4, column seq")
        #expect(duplicate?.message.hasPrefix("duplicate seq 1 in line L") == true)
    }

    @Test func badTierAndMissingColumn() throws {
        let tier = try readError("line_id,line_name,seq,station_id,station_name,lon,lat,tier\nL,x,1,a,A,116.0,40.0,tram\n")
        #expect(tier?.location == "line 2, column tier")
        let column = try readError("line_id,line_name,seq,station_id,station_name,lon\nL,x,1,a,A,116.0\n")
        #expect(column?.message.hasPrefix("missing required column lat") == true)
    }

    @Test func converterFailureNamesTheLine() throws {
        struct Outside: Error {}
        let e = try readError(Self.header + "L,x,1,a,A,116.0,40.0\nL,x,2,b,B,200.0,40.0\n") { c in
            if c.longitude > 180 { throw Outside() }
            return c
        }
        #expect(e?.location == "line 3")
    }
}
