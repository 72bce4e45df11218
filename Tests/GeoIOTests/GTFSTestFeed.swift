import Foundation
import TestSupport

/// A small hand-written GTFS feed written as a folder in a temporary directory; tests replace files to make
/// bad variants. Positions lie on the meridian 116.4° E, so haversine distances are proportional to latitude.
///
/// Stops: station S with platforms P1 (39.900) and P2 (39.901); B (39.950); C (40.000).
/// Trips (route R1 "C", rail): T1 "C101" weekdays P1 08:00 → B 08:10/08:11 → C 08:20;
/// T2 "G7/G8" weekdays, rows out of order (seq 10, 5, 20): P2 09:00 → B (no times) → C 09:20;
/// T3 "C103" weekends P1 10:00 → C 10:30. 2024-06-10 (Monday) adds the weekend service, 2024-06-11 removes
/// the weekday service.
struct GTFSTestFeed {
    static let base: [String: String] = [
        "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\nA,Test,https://example.org,UTC\n",
        "stops.txt": """
            stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station
            S,Station,39.900,116.400,1,
            P1,Platform 1,39.900,116.400,0,S
            P2,Platform 2,39.901,116.400,0,S
            B,Bee,39.950,116.400,0,
            C,Cee,40.000,116.400,,

            """,
        "routes.txt": "route_id,route_short_name,route_long_name,route_type\nR1,C,Test line,2\nR2,9,Idle bus,3\n",
        "trips.txt": "route_id,service_id,trip_id,trip_short_name\nR1,WK,T1,C101\nR1,WK,T2,G7/G8\nR1,WE,T3,C103\n",
        "calendar.txt": """
            service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date
            WK,1,1,1,1,1,0,0,20240101,20241231
            WE,0,0,0,0,0,1,1,20240101,20241231

            """,
        "calendar_dates.txt": "service_id,date,exception_type\nWE,20240610,1\nWK,20240611,2\n",
        "stop_times.txt": """
            trip_id,arrival_time,departure_time,stop_id,stop_sequence
            T1,08:00:00,08:00:00,P1,1
            T1,08:10:00,08:11:00,B,2
            T1,08:20:00,08:20:00,C,3
            T2,,,B,10
            T2,09:00:00,09:00:00,P2,5
            T2,09:20:00,09:20:00,C,20
            T3,10:00:00,10:00:00,P1,1
            T3,10:30:00,10:30:00,C,2

            """,
        "transfers.txt": "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nS,S,2,120\nB,C,3,\nB,B,0,\n",
    ]

    let directory: TemporaryDirectory
    var url: URL { directory.url }

    /// Writes `base` with `changes` applied (nil value: leave the file out).
    init(_ changes: [String: String?] = [:]) throws {
        directory = try TemporaryDirectory()
        var files = Self.base
        for (name, text) in changes { files[name] = text }
        for (name, text) in files {
            try text.write(to: directory.file(name), atomically: true, encoding: .utf8)
        }
    }

    func cleanUp() { directory.cleanUp() }
}
