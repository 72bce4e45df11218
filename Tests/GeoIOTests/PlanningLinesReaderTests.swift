import Foundation
import GeoCore
@testable import GeoIO
import Network
import Testing
import TestSupport

@Suite(.tags(.fast)) struct PlanningLinesReaderTests {
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
    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "shared data absent"))
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

/// Per-line service columns, name rules, line overrides and their precedence.
@Suite(.tags(.fast)) struct PlanningLineServiceSourceTests {
    private func read(_ text: String, options: PlanningLinesOptions = PlanningLinesOptions()) throws
        -> (input: TransitInput, report: PlanningLinesReport)
    {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let url = dir.file("lines.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return try PlanningLinesReader(url: url, sourceName: "p", options: options).read()
    }

    private func readError(_ text: String, options: PlanningLinesOptions = PlanningLinesOptions()) -> InputError? {
        let error = #expect(throws: InputError.self) { _ = try read(text, options: options) }
        return error
    }

    /// Seconds from the first departure to the last arrival of the line's first trip in the listed direction.
    private func endToEnd(_ input: TransitInput, line: String) throws -> Int32 {
        let trip = try #require(input.trips.first { $0.key.hasPrefix("p:\(line):0@") })
        return trip.arrivalSeconds.last! - trip.departureSeconds[0]
    }

    /// 0.1° of latitude is 11,119.5 m (mean Earth radius 6,371,008.8 m).
    private let tenthDegreeMeters = 6_371_008.8 * 0.1 * Double.pi / 180

    @Test func perLineColumnsGivenOnOneRowHoldForTheLine() throws {
        let (input, report) = try read("""
            line_id,line_name,seq,station_id,station_name,lon,lat,speed_kmh,headway_min,dwell_s,service_start,service_end,tier
            A,甲线,1,a,A,116.0,40.0,40,30,45,07:00,08:00,suburban
            A,甲线,2,b,B,116.0,40.1,,,,,,
            A,甲线,3,c,C,116.0,40.2,40,,,,,
            M,乙线,1,c,C,116.0,40.2,,,,,,
            M,乙线,2,d,D,116.0,40.3,,,,,,

            """, options: PlanningLinesOptions(nameRules: []))
        #expect(input.routes.map(\.tier) == [.suburban, .metro])
        #expect(input.routes[0].tierReason == "per-line columns of lines.csv")
        #expect(input.routes[1].tierReason == "planning-lines default (metro)")
        // A: 07:00, 07:30, 08:00 each way; hop = 0.1° × 1.2 at 40 km/h; 45 s dwell at B.
        #expect(input.trips.filter { $0.route == 0 }.count == 6)
        let hop = Int32((tenthDegreeMeters * 1.2 / (40 / 3.6)).rounded())
        let a = try #require(input.trips.first { $0.key == "p:A:0@07:00:00" })
        #expect(a.arrivalSeconds == [7 * 3600, 7 * 3600 + hop, 7 * 3600 + 2 * hop + 45])
        // M keeps the metro defaults: 05:30–23:00 every 4 min.
        #expect(input.trips.filter { $0.route == 1 }.count == 2 * 263)
        #expect(report.linesByTier == [.suburban: 1, .metro: 1])
    }

    @Test func rowsOfALineThatDisagreeAreAnError() {
        let e = readError("""
            line_id,line_name,seq,station_id,station_name,lon,lat,speed_kmh
            A,甲线,1,a,A,116.0,40.0,40
            A,甲线,2,b,B,116.0,40.1,
            A,甲线,3,c,C,116.0,40.2,60

            """)
        #expect(e?.location == "line 4, column speed_kmh")
        #expect(e?.message == "speed_kmh 60.0 differs from speed_kmh 40.0 given on line 2 for line A")
        let tier = readError("""
            line_id,line_name,seq,station_id,station_name,lon,lat,tier
            A,甲线,1,a,A,116.0,40.0,metro
            A,甲线,2,b,B,116.0,40.1,suburban

            """)
        #expect(tier?.location == "line 3, column tier")
        let both = readError("""
            line_id,line_name,seq,station_id,station_name,lon,lat,speed_kmh,trip_time_min
            A,甲线,1,a,A,116.0,40.0,40,
            A,甲线,2,b,B,116.0,40.1,,20

            """)
        #expect(both?.location == "line 3, column trip_time_min")
        let range = readError("""
            line_id,line_name,seq,station_id,station_name,lon,lat,headway_min
            A,甲线,1,a,A,116.0,40.0,0

            """)
        #expect(range?.location == "line 2, column headway_min")
        #expect(range?.message.contains("0.5…1440") == true)
    }

    @Test func nameRulesWhereTheNameIsUnambiguous() throws {
        let (input, _) = try read(PlanningLinesReaderTests.header + """
            T,海珠有轨电车1号线,1,t1,T1,113.0,23.0
            T,海珠有轨电车1号线,2,t2,T2,113.0,23.1
            X,首都机场线,1,x1,X1,116.0,40.0
            X,首都机场线,2,x2,X2,116.0,40.1
            S,市域S1线,1,s1,S1,120.0,28.0
            S,市域S1线,2,s2,S2,120.0,28.1
            K,区域快线,1,k1,K1,117.0,39.0
            K,区域快线,2,k2,K2,117.0,39.1
            Z,空港线,1,z1,Z1,106.0,29.0
            Z,空港线,2,z2,Z2,106.0,29.1

            """)
        let byID = Dictionary(uniqueKeysWithValues: input.routes.map { ($0.key, $0) })
        #expect(byID["p:T"]?.tierReason == "name rule 有轨电车/tram → tram")
        #expect(byID["p:X"]?.tierReason == "name rule 机场线/机场快线/airport → airport express")
        #expect(byID["p:S"]?.tier == .suburban)
        #expect(byID["p:S"]?.tierReason == "name rule 市域/市郊 → suburban railway")
        #expect(byID["p:K"]?.tierReason == "name rule 快线 → express metro")
        // 空港 (airport area) is not 机场线: no rule.
        #expect(byID["p:Z"]?.tierReason == "planning-lines default (metro)")
        // One hop of 0.1° × 1.2 at each rule's speed.
        for (line, kmh) in [("T", 20.0), ("X", 80), ("S", 60), ("K", 60), ("Z", 35)] {
            #expect(try endToEnd(input, line: line) == Int32((tenthDegreeMeters * 1.2 / (kmh / 3.6)).rounded()), "\(line)")
        }
        // Tram every 10 min 06:30–22:00 (94 departures each way); airport every 10 min 06:00–23:00 (103).
        #expect(input.trips.filter { $0.key.hasPrefix("p:T:") }.count == 2 * 94)
        #expect(input.trips.filter { $0.key.hasPrefix("p:X:") }.count == 2 * 103)
    }

    /// override > per-line columns > name rule > file-level service of the tier > tier defaults, value by value.
    @Test func precedenceOfTheSources() throws {
        let text = """
            line_id,line_name,seq,station_id,station_name,lon,lat,speed_kmh
            X,大兴机场线,1,a,A,116.0,40.0,50
            X,大兴机场线,2,b,B,116.0,40.1,
            X,大兴机场线,3,c,C,116.0,40.2,
            P,1号线,1,c,C,116.0,40.2,
            P,1号线,2,d,D,116.0,40.3,

            """
        var fileService = PlanningLineService.defaults(for: .metro)
        fileService.headwayMinutes = 3
        fileService.speedKmh = 33
        fileService.dwellSeconds = 20
        var options = PlanningLinesOptions(serviceByTier: [.metro: fileService])
        options.lineOverrides["大兴机场线"] = PlanningLineParameters(headwayMinutes: 7)
        let (input, _) = try read(text, options: options)
        #expect(input.routes[0].tierReason
                    == "line override 大兴机场线 in manifest; per-line columns of lines.csv; name rule 机场线/机场快线/airport → airport express")
        // X: headway 7 (override) from 06:00 (rule) to 23:00 (rule): 146 departures each way.
        let x = input.trips.filter { $0.route == 0 }
        #expect(x.count == 2 * 146)
        let firstX = try #require(x.first)
        #expect(firstX.departureSeconds[0] == Int32(6 * 3600))
        // Speed 50 (column), dwell 60 (rule).
        let hop = Int32((tenthDegreeMeters * 1.2 / (50 / 3.6)).rounded())
        #expect(try endToEnd(input, line: "X") == 2 * hop + 60)
        // P: the file-level service (speed 33, headway 3) over the metro defaults (05:30–23:00).
        #expect(try endToEnd(input, line: "P") == Int32((tenthDegreeMeters * 1.2 / (33 / 3.6)).rounded()))
        #expect(input.trips.filter { $0.route == 1 }.count == 2 * 351)

        // An override's trip time sets the speed: first → last station takes 30 min with the 60 s dwell.
        options.lineOverrides["大兴机场线"] = PlanningLineParameters(tripTimeMinutes: 30)
        let (timed, _) = try read(text, options: options)
        #expect(abs(try endToEnd(timed, line: "X") - 30 * 60) <= 1)
        // A trip time no longer than the dwells cannot be run.
        options.lineOverrides["大兴机场线"] = PlanningLineParameters(tripTimeMinutes: 1, dwellSeconds: 90)
        let e = readError(text, options: options)
        #expect(e?.message.hasPrefix("line X: trip_time_min 1.0 is not longer than its 1 dwells") == true)
    }

    @Test func overrideKeyMatchingNoLineNamesTheClosest() {
        let text = PlanningLinesReaderTests.header + """
            bj_L23,S1线,1,a,A,116.0,40.0
            bj_L23,S1线,2,b,B,116.0,40.1
            bj_L25,首都机场线,1,c,C,116.1,40.0
            bj_L25,首都机场线,2,d,D,116.1,40.1
            tj_L01,1号线,1,e,E,117.0,39.0
            tj_L01,1号线,2,f,F,117.0,39.1
            bj_L01,1号线,1,g,G,116.2,40.0
            bj_L01,1号线,2,h,H,116.2,40.1

            """
        var options = PlanningLinesOptions(overridesFile: "area.json", overridesLocation: "lines metro.line_overrides")
        options.lineOverrides["S2线"] = PlanningLineParameters(tier: .metro)
        let e = readError(text, options: options)
        #expect(e?.file == "area.json")
        #expect(e?.location == "lines metro.line_overrides.S2线")
        #expect(e?.message.contains("closest: bj_L23 (S1线)") == true)
        // A name two lines share must be given as a line_id.
        options.lineOverrides = ["1号线": PlanningLineParameters(speedKmh: 40)]
        let shared = readError(text, options: options)
        #expect(shared?.message.contains("shared by lines tj_L01, bj_L01") == true)
        // Keyed by id it applies to that line only.
        options.lineOverrides = ["bj_L01": PlanningLineParameters(speedKmh: 40)]
        #expect(throws: Never.self) { _ = try read(text, options: options) }
    }
}
