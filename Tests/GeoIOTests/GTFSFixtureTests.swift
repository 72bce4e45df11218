import Foundation
import GeoCore
@testable import GeoIO
import Network
import Testing
import TestSupport

/// The hand-written feed of `GTFSTestFeed`; expected values worked out by hand from its files.
@Suite(.tags(.fast)) struct GTFSFixtureTests {
    private func read(_ feed: GTFSTestFeed, _ date: String) throws -> (input: TransitInput, report: GTFSReport) {
        try GTFSReader(url: feed.url, sourceName: "t").read(serviceDate: GTFSDate(date)!)
    }

    private func hms(_ h: Int, _ m: Int, _ s: Int = 0) -> Int32 { Int32(h * 3600 + m * 60 + s) }

    @Test func serviceDateSelection() throws {
        let feed = try GTFSTestFeed()
        defer { feed.cleanUp() }
        // Monday 2024-06-10: weekday service plus the weekend service added by calendar_dates.
        #expect(try read(feed, "20240610").input.trips.map(\.key).sorted() == ["t:T1", "t:T2", "t:T3"])
        // Tuesday 2024-06-11: weekday service removed.
        #expect(try read(feed, "20240611").input.trips.isEmpty)
        // Wednesday 2024-06-12: weekdays only. Saturday 2024-06-15: weekend only.
        #expect(try read(feed, "20240612").input.trips.map(\.key).sorted() == ["t:T1", "t:T2"])
        #expect(try read(feed, "20240615").input.trips.map(\.key) == ["t:T3"])
        // Outside the calendar range.
        #expect(try read(feed, "20250102").input.trips.isEmpty)
    }

    @Test func stopsTimesTiersAndTransfers() throws {
        let feed = try GTFSTestFeed()
        defer { feed.cleanUp() }
        let (input, report) = try read(feed, "20240612")
        // Platforms P1, P2, B, C and the parent station S, in stops.txt order.
        #expect(input.stops.map(\.key) == ["t:S", "t:P1", "t:P2", "t:B", "t:C"])
        #expect(input.stops[1].parentKey == "t:S")
        let t2 = try #require(input.trips.first { $0.key == "t:T2" })
        // Sorted by stop_sequence: P2 (5), B (10), C (20).
        #expect(t2.stops.map { input.stops[$0].key } == ["t:P2", "t:B", "t:C"])
        // B interpolated by distance: 1200 s × (39.950 − 39.901) / (40.000 − 39.901) = 593.9 → 09:09:54.
        #expect(t2.arrivalSeconds == [hms(9, 0), hms(9, 9, 54), hms(9, 20)])
        #expect(t2.departureSeconds == t2.arrivalSeconds)
        #expect(report.stopTimesInterpolated == 1)
        let t1 = try #require(input.trips.first { $0.key == "t:T1" })
        #expect(t1.arrivalSeconds == [hms(8, 0), hms(8, 10), hms(8, 20)])
        #expect(t1.departureSeconds == [hms(8, 0), hms(8, 11), hms(8, 20)])
        // Tiers: trip numbers C101 → intercity, G7/G8 → trunk; the route's short name "C" → intercity.
        #expect(t1.tier == .intercity)
        #expect(t2.tier == .trunk)
        #expect(t2.name == "G7/G8")
        #expect(input.routes.map(\.key) == ["t:R1"])
        #expect(input.routes[0].tier == .intercity)
        // Transfers: S→S (type 2, 120 s) to the 4 platform pairs of P1/P2; B→C type 3 skipped; B→B type 0.
        let named = input.transfers.map { "\(input.stops[$0.fromStop].key)>\(input.stops[$0.toStop].key)=\($0.minSeconds)" }
        #expect(Set(named) == ["t:P1>t:P1=120", "t:P1>t:P2=120", "t:P2>t:P1=120", "t:P2>t:P2=120", "t:B>t:B=0"])
        // Route R2 has no trips.
        #expect(report.warnings.contains { $0.message.hasPrefix("1 route(s) have no trips") && $0.message.contains("R2") })
        #expect(report.agencies == 1)
    }

    /// frequencies.txt: T1 every 20 min from 06:00 to before 07:00 (06:00, 06:20, 06:40) and every 10 min from
    /// 07:00 to before 07:30 (07:00, 07:10, 07:20); each keeps T1's offsets (+10 min, +11 min, +20 min).
    @Test func frequenciesAreExpanded() throws {
        let feed = try GTFSTestFeed([
            "frequencies.txt": "trip_id,start_time,end_time,headway_secs,exact_times\n"
                + "T1,06:00:00,07:00:00,1200,0\nT1,07:00:00,07:30:00,600,1\n",
        ])
        defer { feed.cleanUp() }
        let (input, report) = try read(feed, "20240612")
        let generated = input.trips.filter { $0.key.hasPrefix("t:T1@") }
        #expect(generated.map(\.key) == ["t:T1@06:00:00", "t:T1@06:20:00", "t:T1@06:40:00",
                                         "t:T1@07:00:00", "t:T1@07:10:00", "t:T1@07:20:00"])
        #expect(!input.trips.contains { $0.key == "t:T1" })  // the template itself is not a trip
        #expect(report.frequencyTripsGenerated == 6)
        let second = generated[1]
        #expect(second.arrivalSeconds == [hms(6, 20), hms(6, 30), hms(6, 40)])
        #expect(second.departureSeconds == [hms(6, 20), hms(6, 31), hms(6, 40)])
        #expect(generated.allSatisfy { $0.tier == .intercity && $0.name == "C101" })
        #expect(input.trips.count == 6 + 1)  // plus T2
    }

    /// Weekdays from the data README (2016-03-10 was a Thursday) and the calendar of 2024 (June 10 a Monday).
    @Test func datesAndTimes() {
        #expect(GTFSDate("20160310")?.weekdayIndexFromMonday == 3)
        #expect(GTFSDate("20240610")?.weekdayIndexFromMonday == 0)
        #expect(GTFSDate("20000229")?.weekdayIndexFromMonday == 1)
        #expect(GTFSDate("20230229") == nil)
        #expect(GTFSDate("2024-06-10") == nil)
        #expect(GTFSDate("20241216")! < GTFSDate("20250101")!)
        #expect(GTFSTime.parseSeconds("27:40:30") == 27 * 3600 + 40 * 60 + 30)
        #expect(GTFSTime.parseSeconds("5:07:09") == 5 * 3600 + 7 * 60 + 9)
        #expect(GTFSTime.parseSeconds("05:60:00") == nil)
        #expect(GTFSTime.format(27 * 3600 + 40 * 60 + 30) == "27:40:30")
    }

    @Test func timesPast24HoursAreValid() throws {
        let feed = try GTFSTestFeed(["stop_times.txt": """
            trip_id,arrival_time,departure_time,stop_id,stop_sequence
            T1,23:50:00,23:50:00,P1,1
            T1,24:05:30,24:06:00,B,2
            T1,25:00:00,25:00:00,C,3

            """])
        defer { feed.cleanUp() }
        let t1 = try #require(try read(feed, "20240612").input.trips.first)
        #expect(t1.arrivalSeconds == [hms(23, 50), hms(24, 5, 30), hms(25, 0)])
    }

    // MARK: bad input: each error names the file and the line

    private func error(_ changes: [String: String?]) throws -> InputError? {
        let feed = try GTFSTestFeed(changes)
        defer { feed.cleanUp() }
        return #expect(throws: InputError.self) { _ = try read(feed, "20240612") }
    }

    private static func stopTimes(_ rows: String) -> String {
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n" + rows
    }

    @Test func unknownStopInStopTimes() throws {
        let e = try error(["stop_times.txt": Self.stopTimes("T1,08:00:00,08:00:00,P1,1\nT1,08:10:00,08:10:00,ZZZ,2\n")])
        #expect(e?.file.hasSuffix("/stop_times.txt") == true)
        #expect(e?.location == "line 3, column stop_id")
        #expect(e?.message.contains("ZZZ") == true)
    }

    @Test func timesGoingBackwards() throws {
        // Line 4: arrival 08:05 at C before the 08:11 departure from B (line 3).
        let e = try error(["stop_times.txt": Self.stopTimes(
            "T1,08:00:00,08:00:00,P1,1\nT1,08:10:00,08:11:00,B,2\nT1,08:05:00,08:05:00,C,3\n")])
        #expect(e?.file.hasSuffix("/stop_times.txt") == true)
        #expect(e?.location == "line 4")
        #expect(e?.message.contains("backwards") == true)
    }

    @Test func departureBeforeArrival() throws {
        let e = try error(["stop_times.txt": Self.stopTimes(
            "T1,08:00:00,08:00:00,P1,1\nT1,08:10:00,08:09:00,B,2\nT1,08:20:00,08:20:00,C,3\n")])
        #expect(e?.location == "line 3")
    }

    @Test func missingRequiredColumn() throws {
        let e = try error(["stops.txt": "stop_id,stop_name,stop_lon\nP1,Platform,116.4\n"])
        #expect(e?.file.hasSuffix("/stops.txt") == true)
        #expect(e?.location == "line 1")
        #expect(e?.message.hasPrefix("missing required column stop_lat") == true)
    }

    @Test(arguments: ["8:0:00", "08:61:00", "eight", "08:00"])
    func malformedTime(_ text: String) throws {
        let e = try error(["stop_times.txt": Self.stopTimes("T1,08:00:00,08:00:00,P1,1\nT1,\(text),08:11:00,B,2\n")])
        #expect(e?.file.hasSuffix("/stop_times.txt") == true)
        #expect(e?.location == "line 3, column arrival_time")
        #expect(e?.message.contains(text) == true)
    }

    @Test func missingRequiredFile() throws {
        let e = try error(["stop_times.txt": nil])
        #expect(e?.file.hasSuffix("/stop_times.txt") == true)
        #expect(e?.message.contains("missing") == true)
        let noCalendar = try error(["calendar.txt": nil, "calendar_dates.txt": nil])
        #expect(noCalendar?.file.hasSuffix("/calendar.txt") == true)
    }

    @Test func stopWithoutCoordinates() throws {
        let e = try error(["stops.txt": "stop_id,stop_name,stop_lat,stop_lon\nP1,Platform,,116.4\n"])
        #expect(e?.location == "line 2, column stop_lat")
    }

    @Test func tripCallingAtAStation() throws {
        let e = try error(["stop_times.txt": Self.stopTimes("T1,08:00:00,08:00:00,S,1\nT1,08:10:00,08:10:00,B,2\n")])
        #expect(e?.location == "line 2, column stop_id")
        #expect(e?.message.contains("location_type 1") == true)
    }

    @Test func duplicateStopSequence() throws {
        let e = try error(["stop_times.txt": Self.stopTimes(
            "T1,08:00:00,08:00:00,P1,1\nT1,08:10:00,08:10:00,B,2\nT1,08:20:00,08:20:00,C,2\n")])
        #expect(e?.location == "line 4")
    }

    @Test func firstCallWithoutTime() throws {
        let e = try error(["stop_times.txt": Self.stopTimes("T1,,,P1,1\nT1,08:10:00,08:10:00,B,2\n")])
        #expect(e?.location == "line 2")
    }

    @Test func unknownTrip() throws {
        let e = try error(["stop_times.txt": Self.stopTimes("T9,08:00:00,08:00:00,P1,1\n")])
        #expect(e?.location == "line 2, column trip_id")
    }

    @Test func feedAsZipGivesTheSameInput() throws {
        let feed = try GTFSTestFeed()
        defer { feed.cleanUp() }
        let zip = feed.directory.url.deletingLastPathComponent().appendingPathComponent("\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: zip) }
        _ = try PythonCheck.output("""
        import sys, os, zipfile
        z = zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED)
        for n in sorted(os.listdir(sys.argv[1])): z.write(os.path.join(sys.argv[1], n), 'gtfs/' + n)
        z.close()
        """, feed.url.path, zip.path)
        let fromFolder = try read(feed, "20240612").input
        let fromZip = try GTFSReader(url: zip, sourceName: "t").read(serviceDate: GTFSDate("20240612")!).input
        #expect(fromZip == fromFolder)
        #expect(fromZip.trips.count == 2)
    }
}
