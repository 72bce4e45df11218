import Foundation
import GeoCore
@testable import GeoIO
import Network
import Testing
import TestSupport

/// Counts from real feeds against an independent count by Scripts/reference/gtfs_counts.py (Python csv module),
/// recorded here. Re-run: `python3 Scripts/reference/gtfs_counts.py <feed> <yyyymmdd>`. Output of 2026-11-22:
///
///     gtfs/nyc_subway_gtfs.zip 20241216: stops=273 stops_kept=273 trips=1990 trips_running=786 stop_times=86150
///         stop_times_kept=33686 empty_time_rows_kept=0 transfers_expanded=348
///     gtfs/cairns_gtfs.zip 20140606: stops=416 stops_kept=416 trips=1339 trips_running=636 stop_times=37790
///         stop_times_kept=17709 empty_time_rows_kept=26 transfers_expanded=0
///     cn/jingjinji/rail_gtfs 20160310: stops=22 stops_kept=22 trips=494 trips_running=494 stop_times=1261
///         stop_times_kept=1261 empty_time_rows_kept=0 transfers_expanded=0 trips_by_prefix=C:178,D:17,G:299
///     gtfs/ann_arbor_bad_stops_gtfs.zip 20220119: stops=135 stops_kept=111 trips=11320 trips_running=1428
///         stop_times=135100 stop_times_kept=16752 empty_time_rows_kept=0 transfers_expanded=0
@Suite(.tags(.realData), .enabled(if: SharedData.isPresent, "shared data absent"))
struct GTFSRealFeedTests {
    struct Expected: Sendable, CustomStringConvertible {
        var path: String, date: Int
        var stops: Int, stopsKept: Int, trips: Int, tripsRunning: Int, stopTimes: Int, stopTimesKept: Int
        var interpolated: Int, transfers: Int
        var description: String { "\(path) \(date)" }
    }

    static let feeds: [Expected] = [
        .init(path: "gtfs/nyc_subway_gtfs.zip", date: 20241216, stops: 273, stopsKept: 273, trips: 1990,
              tripsRunning: 786, stopTimes: 86150, stopTimesKept: 33686, interpolated: 0, transfers: 348),
        .init(path: "gtfs/cairns_gtfs.zip", date: 20140606, stops: 416, stopsKept: 416, trips: 1339,
              tripsRunning: 636, stopTimes: 37790, stopTimesKept: 17709, interpolated: 26, transfers: 0),
        .init(path: "cn/jingjinji/rail_gtfs", date: 20160310, stops: 22, stopsKept: 22, trips: 494,
              tripsRunning: 494, stopTimes: 1261, stopTimesKept: 1261, interpolated: 0, transfers: 0),
        .init(path: "cn/jingjinji/rail_gtfs.zip", date: 20160310, stops: 22, stopsKept: 22, trips: 494,
              tripsRunning: 494, stopTimes: 1261, stopTimesKept: 1261, interpolated: 0, transfers: 0),
        .init(path: "gtfs/ann_arbor_bad_stops_gtfs.zip", date: 20220119, stops: 135, stopsKept: 111, trips: 11320,
              tripsRunning: 1428, stopTimes: 135100, stopTimesKept: 16752, interpolated: 0, transfers: 0),
    ]

    @Test(arguments: feeds)
    func countsMatchPythonReference(_ e: Expected) throws {
        let url = try #require(SharedData.file(e.path))
        let date = try #require(GTFSDate(String(e.date)))
        let (input, report) = try GTFSReader(url: url, sourceName: "feed").read(serviceDate: date)
        #expect(report.stops == e.stops)
        #expect(report.stopsKept == e.stopsKept)
        #expect(input.stops.count == e.stopsKept)
        #expect(report.trips == e.trips)
        #expect(report.tripsRunning == e.tripsRunning)
        #expect(input.trips.count == e.tripsRunning)  // no frequencies in these feeds, every trip has ≥ 2 calls
        #expect(report.stopTimes == e.stopTimes)
        #expect(report.stopTimesKept == e.stopTimesKept)
        #expect(input.trips.reduce(0) { $0 + $1.stops.count } == e.stopTimesKept)
        #expect(report.stopTimesInterpolated == e.interpolated)
        #expect(input.transfers.count == e.transfers)
        // Structural invariants of the output.
        for trip in input.trips {
            #expect(trip.stops.count == trip.arrivalSeconds.count && trip.stops.count == trip.departureSeconds.count)
            for i in trip.stops.indices {
                #expect(trip.arrivalSeconds[i] <= trip.departureSeconds[i])
                if i > 0 { #expect(trip.departureSeconds[i - 1] <= trip.arrivalSeconds[i]) }
            }
        }
        let keys = Set(input.stops.map(\.key))
        for stop in input.stops { if let parent = stop.parentKey { #expect(keys.contains(parent)) } }
    }

    /// data README 1.2: jingjinji trips C 178 / D 17 / G 299; C is intercity, G and D trunk.
    @Test func jingjinjiTiersByTrip() throws {
        let url = try #require(SharedData.file("cn/jingjinji/rail_gtfs.zip"))
        let (input, report) = try GTFSReader(url: url, sourceName: "rail_gtfs").read(serviceDate: GTFSDate("20160310")!)
        #expect(report.tripsByTier == [.intercity: 178, .trunk: 17 + 299])
        let byTier = Dictionary(grouping: input.trips, by: \.tier).mapValues(\.count)
        #expect(byTier == [.intercity: 178, .trunk: 316])
        // Routes: C 8, D 13, G 148 (README); the route short name is the letter.
        let routeTiers = Dictionary(grouping: input.routes, by: \.tier).mapValues(\.count)
        #expect(routeTiers == [.intercity: 8, .trunk: 13 + 148])
        let c = try #require(input.routes.first { $0.shortName == "C" })
        #expect(c.tierReason == "route short name prefix C")
        #expect(input.stops.contains { $0.key == "rail_gtfs:VNP" && $0.name == "北京南" })
    }

    /// NYC: trips call at platforms (101N/101S), their stations are kept as parents, and the station-level
    /// transfer 101 → 101 (type 2, 180 s in transfers.txt) applies between its platforms.
    @Test func nycPlatformsParentsAndTransfers() throws {
        let url = try #require(SharedData.file("gtfs/nyc_subway_gtfs.zip"))
        let (input, _) = try GTFSReader(url: url, sourceName: "nyc").read(serviceDate: GTFSDate("20241216")!)
        let index = Dictionary(uniqueKeysWithValues: input.stops.enumerated().map { ($1.key, $0) })
        let n = try #require(index["nyc:101N"]), s = try #require(index["nyc:101S"]), station = try #require(index["nyc:101"])
        #expect(input.stops[n].parentKey == "nyc:101")
        #expect(input.stops[station].parentKey == nil)
        #expect(!input.trips.contains { $0.stops.contains(station) })
        let pairs = input.transfers.filter { [n, s].contains($0.fromStop) && [n, s].contains($0.toStop) }
        #expect(pairs.count == 4)
        #expect(pairs.allSatisfy { $0.minSeconds == 180 })
        // Subway route type 1 → metro, although the short names are digits.
        #expect(input.routes.allSatisfy { $0.tier == .metro && $0.tierReason == "GTFS route_type 1 (subway)" })
    }

    /// Ann Arbor: the five test stops (ids 9–13) lie about 1,180 km from the rest (data README section 4).
    @Test func annArborFarStopsAreWarnedAbout() throws {
        let url = try #require(SharedData.file("gtfs/ann_arbor_bad_stops_gtfs.zip"))
        let (input, report) = try GTFSReader(url: url, sourceName: "aa").read(serviceDate: GTFSDate("20220119")!)
        let far = report.warnings.filter { $0.message.contains("from the median position") }
        #expect(far.count == 5)
        for id in 9...13 {
            #expect(far.contains { $0.message.hasPrefix("stop \(id) \"") }, "stop \(id)")
        }
        #expect(far.contains { $0.message.contains("WATERTOWER DRIVEWAY") })
        for w in far {
            // Distance in the message: 1,150–1,210 km (README: about 1,180 km).
            let km = w.message.split(separator: " ").firstIndex(of: "km").flatMap { i in
                Int(w.message.split(separator: " ")[i - 1])
            }
            #expect(km.map { (1150...1210).contains($0) } == true, "\(w)")
        }
        #expect(!input.stops.contains { ["aa:9", "aa:10", "aa:11", "aa:12", "aa:13"].contains($0.key) })
        // 13 routes without trips (README).
        #expect(report.warnings.contains { $0.message.hasPrefix("13 route(s) have no trips") })
        #expect(input.routes.allSatisfy { $0.tier == .other })
    }

    /// Cairns: the 26 kept stop_times without times are interpolated between their timed neighbours; check one
    /// against a haversine interpolation done here, from the raw files read with the CSV reader.
    @Test func cairnsInterpolationFollowsDistance() throws {
        let url = try #require(SharedData.file("gtfs/cairns_gtfs.zip"))
        let (input, report) = try GTFSReader(url: url, sourceName: "c").read(serviceDate: GTFSDate("20140606")!)
        #expect(report.stopTimesInterpolated == 26)
        // Find a kept trip with an untimed call from the raw stop_times.
        let archive = try ZipArchive(url: url)
        var csv = try archive.csvReader(for: archive.entry(named: "stop_times.txt")!)
        let tripColumn = try csv.requireColumn("trip_id"), arrival = try csv.requireColumn("arrival_time")
        let stopColumn = try csv.requireColumn("stop_id"), seqColumn = try csv.requireColumn("stop_sequence")
        let keptKeys = Set(input.trips.map(\.key))
        var rows: [(trip: String, seq: Int, stop: String, time: Int?)] = []
        while let row = try csv.next() {
            rows.append((row[tripColumn], row.int(seqColumn)!, row[stopColumn], GTFSTime.parseSeconds(row[arrival])))
        }
        let untimed = try #require(rows.first { $0.time == nil && keptKeys.contains("c:\($0.trip)") })
        let calls = rows.filter { $0.trip == untimed.trip }.sorted { $0.seq < $1.seq }
        let k = calls.firstIndex { $0.seq == untimed.seq }!
        let a = calls[..<k].lastIndex { $0.time != nil }!, b = calls[(k + 1)...].firstIndex { $0.time != nil }!
        let position = Dictionary(uniqueKeysWithValues: input.stops.map { ($0.key, $0.coordinate) })
        func p(_ i: Int) -> Coordinate { position["c:\(calls[i].stop)"]! }
        var cumulative = [0.0]
        for i in (a + 1)...b { cumulative.append(cumulative.last! + Earth.haversineMeters(p(i - 1), p(i))) }
        let expected = Double(calls[a].time!) + Double(calls[b].time! - calls[a].time!) * cumulative[k - a] / cumulative[b - a]
        let trip = try #require(input.trips.first { $0.key == "c:\(untimed.trip)" })
        #expect(abs(Double(trip.arrivalSeconds[k]) - expected) <= 0.5)
    }
}
