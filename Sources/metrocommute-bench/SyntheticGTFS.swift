import Foundation
import GeoCore
import GeoIO
import Network

/// `synth-network … --gtfs DIR`: the synthetic city of `SyntheticNetwork` as a GTFS feed (a folder of .txt files),
/// so that pyraptor and `metrocommute-bench raptor` run on the same timetable as the `.mcnet`.
///
/// One agency; `stops.txt` holds every stop (id = its key without `synthetic:`) under a station row named like it
/// (`location_type` 1, id `P-<name>`), so the two platforms of a crossing and a rail stop there form one station for
/// pyraptor (it keys stations by name, within a parent station) and one hub for us; routes of type 1 (metro) or 2
/// (rail); trips with their train numbers as `trip_short_name`; one service `ALL` every day of 2016
/// (`calendar.txt`; the benchmarks query 2016-03-10, a Thursday); times HH:MM:SS, coordinates with 7 decimals.
/// `firstDepartures` keeps only the trips leaving their first stop in that range (the whole day of the 12 k-stop
/// city is 6 M stop times, more than pyraptor's loader takes in minutes; the benchmarks query 08:00–09:00).
enum SyntheticGTFS {
    static let serviceDate = "20160310"

    static func clock(_ seconds: Int32) -> String {
        String(format: "%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60)
    }

    static func id(_ key: String) -> String { key.hasPrefix("synthetic:") ? String(key.dropFirst(10)) : key }

    /// The files of the feed, by name.
    static func files(_ input: TransitInput, firstDepartures: ClosedRange<Int32>? = nil) -> [(name: String, bytes: [UInt8])] {
        func writer() -> CsvWriter { CsvWriter(neutralisesFormulas: false) }
        var agency = writer(), stops = writer(), routes = writer(), trips = writer(), times = writer(), calendar = writer()
        agency.writeRow(["agency_id", "agency_name", "agency_url", "agency_timezone"])
        agency.writeRow(["SYN", "Synthetic", "https://example.org", "Asia/Shanghai"])
        stops.writeRow(["stop_id", "stop_name", "stop_lat", "stop_lon", "location_type", "parent_station"])
        func coordinate(_ c: Coordinate) -> [String] { [String(format: "%.7f", c.latitude), String(format: "%.7f", c.longitude)] }
        var stationWritten = Set<String>()
        for stop in input.stops where stationWritten.insert(stop.name).inserted {
            stops.writeRow(["P-\(stop.name)", stop.name] + coordinate(stop.coordinate) + ["1", ""])
        }
        for stop in input.stops { stops.writeRow([id(stop.key), stop.name] + coordinate(stop.coordinate) + ["0", "P-\(stop.name)"]) }
        routes.writeRow(["route_id", "agency_id", "route_short_name", "route_long_name", "route_type"])
        for route in input.routes {
            routes.writeRow([id(route.key), "SYN", route.shortName, route.longName, "\(route.gtfsRouteType ?? 1)"])
        }
        trips.writeRow(["route_id", "service_id", "trip_id", "trip_short_name"])
        times.writeRow(["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"])
        for trip in input.trips where firstDepartures?.contains(trip.departureSeconds[0]) ?? true {
            let tripID = id(trip.key)
            trips.writeRow([id(input.routes[trip.route].key), "ALL", tripID, trip.name])
            for (k, s) in trip.stops.enumerated() {
                times.writeRow([tripID, clock(trip.arrivalSeconds[k]), clock(trip.departureSeconds[k]), id(input.stops[s].key), "\(k + 1)"])
            }
        }
        calendar.writeRow(["service_id", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "start_date", "end_date"])
        calendar.writeRow(["ALL", "1", "1", "1", "1", "1", "1", "1", "20160101", "20161231"])
        return [("agency.txt", agency.bytes), ("stops.txt", stops.bytes), ("routes.txt", routes.bytes), ("trips.txt", trips.bytes),
                ("stop_times.txt", times.bytes), ("calendar.txt", calendar.bytes)]
    }

    /// Writes the feed's files into `folder` (made if missing).
    static func write(_ input: TransitInput, to folder: String, firstDepartures: ClosedRange<Int32>? = nil) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, bytes) in files(input, firstDepartures: firstDepartures) {
            try AtomicFile.write(Data(bytes), to: URL(fileURLWithPath: folder).appendingPathComponent(name).path)
        }
    }
}
