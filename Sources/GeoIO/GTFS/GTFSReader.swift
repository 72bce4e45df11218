import Foundation
import GeoCore
import Network

/// Reads a GTFS Schedule feed (zip file or folder) into a `TransitInput` for one service date.
///
/// Files: agency, stops, routes, trips, stop_times (required), calendar and/or calendar_dates (at least one),
/// frequencies and transfers (optional). Other files are ignored.
///
/// - Service: a trip runs when its service_id is active on the date: calendar.txt weekday flag set and the date
///   within start_date…end_date, then calendar_dates.txt exception 1 adds and 2 removes the date.
/// - Stops: trips call at platforms (location_type 0); a stop_time naming a station (1), entrance (2), node (3)
///   or boarding area (4) is an error. Only stops called at by a kept trip are output, plus their parent
///   stations (as stops no trip calls at, so that `parentKey` resolves and hubs can be formed).
/// - Stop times are sorted by stop_sequence. Times may exceed 24:00:00. A call with only one of arrival and
///   departure gets the other equal to it. Calls with neither are interpolated between the timed calls on either
///   side, in proportion to shape_dist_traveled when every call in between has it (increasing), else to the
///   cumulative crow-fly (haversine) distance between consecutive stops, else evenly; times round to the second.
///   The first and last call of a trip must have a time.
/// - frequencies.txt: each row turns its template trip into trips departing at start, start + headway, … while
///   < end_time; calls keep the template's offsets from its first departure. exact_times 0 and 1 are expanded
///   alike. A template trip with frequencies is not output itself. Keys are `<source>:<trip_id>@HH:MM:SS`.
/// - transfers.txt: type 0 and 1 → 0 s, type 2 → min_transfer_time, type 3 (not possible) and 4/5 (in-seat) are
///   skipped. A transfer naming a station applies to each of its kept platforms, and is expanded to them.
/// - Tiers: `TierRules` per route (short name, route_type) and per trip (trip_short_name first).
///
/// Errors (`InputError`, naming file and line): a missing required file or column, a stop_time naming an
/// unknown stop or trip, malformed times, dates or numbers, a stop without coordinates, duplicate ids or
/// stop_sequence, times going backwards along a trip. Warnings: stops far (> `outlierDistanceMeters`) from the
/// median position of all stops, routes without trips, running trips with fewer than two calls, transfers naming
/// unknown stops.
public struct GTFSReader: Sendable {
    public let url: URL
    /// Prefix of every key in the output (`"<sourceName>:<id>"`), e.g. `"rail_gtfs"`.
    public let sourceName: String
    public var tierRules: TierRules
    /// A stop farther than this from the median longitude/latitude of the feed's stops is reported.
    public var outlierDistanceMeters: Double = 200_000
    /// Checked before large allocations: the trips frequencies.txt would generate, a zip archive, one record.
    public var memoryLimit: MemoryLimit = .default
    /// Character encoding of the feed's files (GTFS requires UTF-8; `encoding` in the manifest says otherwise).
    public var encoding: TextEncoding = .utf8

    public init(url: URL, sourceName: String, tierRules: TierRules = .default) {
        self.url = url
        self.sourceName = sourceName
        self.tierRules = tierRules
    }

    public func read(serviceDate: GTFSDate) throws -> (input: TransitInput, report: GTFSReport) {
        var state = GTFSReadState(feed: try GTFSFeed(url: url, memoryLimit: memoryLimit, encoding: encoding), sourceName: sourceName,
                                  date: serviceDate)
        try state.readAgencies()
        try state.readStops()
        state.warnAboutOutliers(thresholdMeters: outlierDistanceMeters)
        try state.readServices()
        try state.readRoutes()
        try state.readTrips()
        try state.readStopTimes()
        try state.completeTimes()
        try state.readFrequencies()
        let input = try state.assemble(tierRules: tierRules)
        return (input, state.report)
    }
}

/// Working tables while one feed is read.
struct GTFSReadState {
    struct Stop {
        var id: String
        var name: String
        var coordinate: Coordinate?
        var locationType: Int
        var parentID: String
        var line: Int
    }

    struct Route {
        var id: String
        var shortName: String
        var longName: String
        var type: Int
        var line: Int
        var tripCount = 0
    }

    struct Trip {
        var id: String
        var route: Int
        var shortName: String
        var running: Bool
    }

    struct Call {
        var sequence: Int
        var stop: Int
        /// Seconds after midnight; -1 when empty in the file (until interpolated).
        var arrival: Int
        var departure: Int
        /// shape_dist_traveled, NaN when absent.
        var distance: Double
        var line: Int
    }

    struct Frequency {
        var startSeconds: Int
        var endSeconds: Int
        var headwaySeconds: Int
    }

    let feed: GTFSFeed
    let sourceName: String
    var report: GTFSReport
    var stops: [Stop] = []
    var stopIndex: [String: Int] = [:]
    var activeServices = Set<String>()
    var routes: [Route] = []
    var routeIndex: [String: Int] = [:]
    var trips: [Trip] = []
    var tripIndex: [String: Int] = [:]
    /// Calls of running trips, indexed like `trips`.
    var calls: [[Call]] = []
    var frequencies: [Int: [Frequency]] = [:]

    init(feed: GTFSFeed, sourceName: String, date: GTFSDate) {
        self.feed = feed
        self.sourceName = sourceName
        report = GTFSReport(serviceDate: date)
    }

    mutating func readAgencies() throws {
        var csv = try feed.require("agency.txt")
        while try csv.next() != nil { report.agencies += 1 }
    }

    // MARK: stops

    mutating func readStops() throws {
        var csv = try feed.require("stops.txt")
        let idColumn = try csv.requireColumn("stop_id")
        let latColumn = try csv.requireColumn("stop_lat")
        let lonColumn = try csv.requireColumn("stop_lon")
        let nameColumn = csv.column("stop_name")
        let typeColumn = csv.column("location_type")
        let parentColumn = csv.column("parent_station")
        while let row = try csv.next() {
            let id = row.trimmed(idColumn)
            guard !id.isEmpty else { throw csv.error("empty stop_id", row: row, column: idColumn) }
            var locationType = 0
            if !row.isBlank(typeColumn) {
                guard let t = row.int(typeColumn), (0...4).contains(t) else {
                    throw csv.error("location_type \"\(row[typeColumn])\" is not 0–4", row: row, column: typeColumn)
                }
                locationType = t
            }
            var coordinate: Coordinate?
            if row.isBlank(latColumn) || row.isBlank(lonColumn) {
                if locationType <= 2 {
                    throw csv.error("stop \(id) has no coordinates (stop_lat/stop_lon empty)", row: row,
                                    column: row.isBlank(latColumn) ? latColumn : lonColumn)
                }
            } else {
                guard let lat = row.double(latColumn) else {
                    throw csv.error("stop_lat \"\(row[latColumn])\" is not a number", row: row, column: latColumn)
                }
                guard let lon = row.double(lonColumn) else {
                    throw csv.error("stop_lon \"\(row[lonColumn])\" is not a number", row: row, column: lonColumn)
                }
                let c = Coordinate(longitude: lon, latitude: lat)
                guard c.isValidGeographic else {
                    throw csv.error("stop \(id) has coordinates outside longitude ±180 / latitude ±90: \(c)", row: row)
                }
                guard !c.isNullIsland else {
                    throw csv.error("stop \(id) \"\(row[nameColumn])\" is at (0, 0): a missing position written as zeros?",
                                    row: row)
                }
                coordinate = c
            }
            guard stopIndex[id] == nil else {
                throw csv.error("duplicate stop_id \(id) (first on line \(stops[stopIndex[id]!].line))", row: row,
                                column: idColumn)
            }
            stopIndex[id] = stops.count
            stops.append(Stop(id: id, name: row[nameColumn], coordinate: coordinate, locationType: locationType,
                              parentID: row.trimmed(parentColumn), line: row.lineNumber))
        }
        report.stops = stops.count
        for i in stops.indices where !stops[i].parentID.isEmpty && stopIndex[stops[i].parentID] == nil {
            report.warnings.append(InputWarning(
                file: feed.fileName("stops.txt"), location: "line \(stops[i].line)",
                message: "parent_station \(stops[i].parentID) of stop \(stops[i].id) is not in stops.txt; ignored"))
            stops[i].parentID = ""
        }
    }

    /// Stops farther than `thresholdMeters` from the median longitude and median latitude of all stops.
    /// The median is robust: a handful of misplaced stops cannot move it far.
    mutating func warnAboutOutliers(thresholdMeters: Double) {
        let located = stops.compactMap(\.coordinate)
        guard located.count >= 3 else { return }
        func median(_ values: [Double]) -> Double {
            let s = values.sorted()
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        let center = Coordinate(longitude: median(located.map(\.longitude)), latitude: median(located.map(\.latitude)))
        for stop in stops {
            guard let c = stop.coordinate else { continue }
            let d = Earth.haversineMeters(c, center)
            guard d > thresholdMeters else { continue }
            let km = Int((d / 1000).rounded())
            report.warnings.append(InputWarning(
                file: feed.fileName("stops.txt"), location: "line \(stop.line)",
                message: "stop \(stop.id) \"\(stop.name)\" at \(c) lies \(km) km from the median position of the "
                    + "feed's stops \(center); check its coordinates"))
        }
    }

    // MARK: service calendar

    mutating func readServices() throws {
        let date = report.serviceDate
        let calendar = try feed.open("calendar.txt")
        let calendarDates = try feed.open("calendar_dates.txt")
        if calendar == nil && calendarDates == nil {
            throw InputError(file: feed.fileName("calendar.txt"),
                             message: "required GTFS file is missing (the feed has neither calendar.txt nor calendar_dates.txt)")
        }
        if var csv = calendar {
            let idColumn = try csv.requireColumn("service_id")
            let dayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
            let dayColumn = try csv.requireColumn(dayNames[date.weekdayIndexFromMonday])
            for name in dayNames { _ = try csv.requireColumn(name) }
            let startColumn = try csv.requireColumn("start_date")
            let endColumn = try csv.requireColumn("end_date")
            while let row = try csv.next() {
                let start = try Self.date(row, startColumn, csv), end = try Self.date(row, endColumn, csv)
                guard let flag = row.int(dayColumn), flag == 0 || flag == 1 else {
                    throw csv.error("weekday flag \"\(row[dayColumn])\" is not 0 or 1", row: row, column: dayColumn)
                }
                if flag == 1, start <= date, date <= end { activeServices.insert(row.trimmed(idColumn)) }
                if start <= end { widenServiceRange(start, end) }
            }
        }
        if var csv = calendarDates {
            let idColumn = try csv.requireColumn("service_id")
            let dateColumn = try csv.requireColumn("date")
            let typeColumn = try csv.requireColumn("exception_type")
            while let row = try csv.next() {
                let day = try Self.date(row, dateColumn, csv)
                guard let type = row.int(typeColumn), type == 1 || type == 2 else {
                    throw csv.error("exception_type \"\(row[typeColumn])\" is not 1 or 2", row: row, column: typeColumn)
                }
                if type == 1 { widenServiceRange(day, day) }
                guard day == date else { continue }
                if type == 1 { activeServices.insert(row.trimmed(idColumn)) } else { activeServices.remove(row.trimmed(idColumn)) }
            }
        }
    }

    private mutating func widenServiceRange(_ first: GTFSDate, _ last: GTFSDate) {
        report.serviceRange = report.serviceRange.map { min($0.lowerBound, first)...max($0.upperBound, last) } ?? first...last
    }

    private static func date(_ row: CsvRow, _ column: Int, _ csv: CsvReader) throws -> GTFSDate {
        guard let d = GTFSDate(row[column]) else {
            throw csv.error("date \"\(row[column])\" is not a valid yyyymmdd date", row: row, column: column)
        }
        return d
    }

    // MARK: routes and trips

    mutating func readRoutes() throws {
        var csv = try feed.require("routes.txt")
        let idColumn = try csv.requireColumn("route_id")
        let typeColumn = try csv.requireColumn("route_type")
        let shortColumn = csv.column("route_short_name"), longColumn = csv.column("route_long_name")
        while let row = try csv.next() {
            let id = row.trimmed(idColumn)
            guard let type = row.int(typeColumn), type >= 0 else {
                throw csv.error("route_type \"\(row[typeColumn])\" is not a non-negative integer", row: row,
                                column: typeColumn)
            }
            guard routeIndex[id] == nil else {
                throw csv.error("duplicate route_id \(id)", row: row, column: idColumn)
            }
            routeIndex[id] = routes.count
            routes.append(Route(id: id, shortName: row.trimmed(shortColumn), longName: row.trimmed(longColumn),
                                type: type, line: row.lineNumber))
        }
        report.routes = routes.count
    }

    mutating func readTrips() throws {
        var csv = try feed.require("trips.txt")
        let routeColumn = try csv.requireColumn("route_id")
        let serviceColumn = try csv.requireColumn("service_id")
        let idColumn = try csv.requireColumn("trip_id")
        let shortColumn = csv.column("trip_short_name")
        while let row = try csv.next() {
            let id = row.trimmed(idColumn)
            let routeID = row.trimmed(routeColumn)
            guard let route = routeIndex[routeID] else {
                throw csv.error("route_id \(routeID) of trip \(id) is not in routes.txt", row: row, column: routeColumn)
            }
            guard tripIndex[id] == nil else { throw csv.error("duplicate trip_id \(id)", row: row, column: idColumn) }
            let running = activeServices.contains(row.trimmed(serviceColumn))
            tripIndex[id] = trips.count
            trips.append(Trip(id: id, route: route, shortName: row.trimmed(shortColumn), running: running))
            routes[route].tripCount += 1
            if running { report.tripsRunning += 1 }
        }
        report.trips = trips.count
        let idle = routes.filter { $0.tripCount == 0 }
        if !idle.isEmpty {
            let listed = idle.prefix(30).map { "\($0.id) \"\($0.shortName.isEmpty ? $0.longName : $0.shortName)\"" }
            report.warnings.append(InputWarning(
                file: feed.fileName("routes.txt"),
                message: "\(idle.count) route(s) have no trips in trips.txt: \(listed.joined(separator: ", "))"
                    + (idle.count > 30 ? ", …" : "")))
        }
    }
}
