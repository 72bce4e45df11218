import Foundation
import GeoCore
import Network

/// What `PlanningLinesReader` read and made.
public struct PlanningLinesReport: Sendable, Equatable {
    /// Data rows of the file.
    public var rows = 0
    /// Distinct line_id values.
    public var lines = 0
    /// Distinct station_id values (a transfer station shared by several lines counts once).
    public var stations = 0
    /// Trips generated, both directions of every line.
    public var trips = 0
    public var linesByTier: [Tier: Int] = [:]
    public var warnings: [InputWarning] = []
    public init() {}
}

/// Reads a planning-lines CSV (`line_id,line_name,seq,station_id,station_name,lon,lat`, optional `city_key` and
/// per-line service columns `tier`, `headway_min`, `speed_kmh`, `trip_time_min`, `dwell_s`, `service_start`,
/// `service_end`, any column order) and expands every line into trips in both directions.
///
/// - Coordinates pass through the caller's converter to WGS-84 (GCJ-02, BD-09 or a projected CRS are handled
///   by the caller); the converted point must be a valid longitude/latitude.
/// - Rows of a line must have increasing `seq` (they need not be contiguous); the line runs in that order.
///   A line whose last station is its first (a loop) is run as listed and reversed, like any other line.
/// - A `station_id` shared by several lines is one stop (a transfer station); its first row gives the position.
/// - Tier and service of a line: value by value from the options' line overrides, the per-line columns (a value
///   given on some rows of a line and blank on the others), the first matching name rule, the file-level service
///   of the tier, the tier's defaults (`PlanningLinesOptions`). The route's tier reason names the sources used.
///   `trip_time_min` sets the speed so that the first-to-last trip takes that long.
/// - Trips: departures from the first station every headway from the first to the last departure (inclusive),
///   in each direction. Run time between consecutive stations = haversine distance × detour factor ÷ speed,
///   rounded to the second; each intermediate station adds the dwell (arrival + dwell = departure); the first
///   and last calls have arrival = departure.
///
/// Errors (`InputError`, naming file and line): missing column, a row without usable coordinates, an empty id,
/// a non-integer or duplicate `seq`, `seq` not increasing within a line, an unknown tier, a service value out of
/// range or different on two rows of a line, a line override key that matches no line (naming the closest), a
/// line that cannot be run (a trip time shorter than its dwells). Warnings: a line with one station (skipped), a station id whose rows lie over 500 m apart.
public struct PlanningLinesReader: Sendable {
    public let url: URL
    /// Prefix of every key in the output, e.g. `"metro_lines"`.
    public let sourceName: String
    public var options: PlanningLinesOptions

    public init(url: URL, sourceName: String, options: PlanningLinesOptions = PlanningLinesOptions()) {
        self.url = url
        self.sourceName = sourceName
        self.options = options
    }

    private struct Line {
        var id: String
        var name: String
        var given = PlanningLineColumns.Given()
        var stations: [Int] = []
        var lastSeq: Int
        var lastSeqLine: Int
        var seqs: [Int: Int] = [:]
    }

    /// - Parameter toWGS84: converts a file coordinate (as `longitude = lon`, `latitude = lat`) to WGS-84.
    public func read(toWGS84: (Coordinate) throws -> Coordinate = { $0 }) throws
        -> (input: TransitInput, report: PlanningLinesReport)
    {
        var csv = try CsvReader(url: url, encoding: options.encoding, memoryLimit: options.memoryLimit)
        let file = csv.fileName
        let lineColumn = try csv.requireColumn("line_id")
        let lineNameColumn = try csv.requireColumn("line_name")
        let seqColumn = try csv.requireColumn("seq")
        let stationColumn = try csv.requireColumn("station_id")
        let stationNameColumn = try csv.requireColumn("station_name")
        let lonColumn = try csv.requireColumn("lon")
        let latColumn = try csv.requireColumn("lat")
        let serviceColumns = PlanningLineColumns(csv)

        var report = PlanningLinesReport()
        var input = TransitInput()
        var stopIndex: [String: Int] = [:]
        var lines: [Line] = []
        var lineIndex: [String: Int] = [:]
        while let row = try csv.next() {
            report.rows += 1
            let lineID = row.trimmed(lineColumn), stationID = row.trimmed(stationColumn)
            guard !lineID.isEmpty else { throw csv.error("empty line_id", row: row, column: lineColumn) }
            guard !stationID.isEmpty else { throw csv.error("empty station_id", row: row, column: stationColumn) }
            guard let seq = row.int(seqColumn) else {
                throw csv.error("seq \"\(row[seqColumn])\" is not an integer", row: row, column: seqColumn)
            }
            guard let lon = row.double(lonColumn) else {
                throw csv.error("station \(stationID) has no coordinates: lon \"\(row[lonColumn])\" is empty or not a number",
                                row: row, column: lonColumn)
            }
            guard let lat = row.double(latColumn) else {
                throw csv.error("station \(stationID) has no coordinates: lat \"\(row[latColumn])\" is empty or not a number",
                                row: row, column: latColumn)
            }
            guard !Coordinate(longitude: lon, latitude: lat).isNullIsland else {
                throw csv.error("station \(stationID) \"\(row[stationNameColumn])\" is at (0, 0): a missing position "
                                    + "written as zeros?", row: row)
            }
            let position: Coordinate
            do {
                position = try toWGS84(Coordinate(longitude: lon, latitude: lat))
            } catch let error as InputError {
                throw error
            } catch {
                throw csv.error("coordinate conversion failed for (\(lon), \(lat)): \(error)", row: row)
            }
            guard position.isValidGeographic else {
                throw csv.error("station \(stationID) converts to \(position), not a valid longitude/latitude", row: row)
            }
            // The line.
            let l: Int
            if let existing = lineIndex[lineID] {
                l = existing
                if let first = lines[l].seqs[seq] {
                    throw csv.error("duplicate seq \(seq) in line \(lineID) (also line \(first))", row: row, column: seqColumn)
                }
                guard seq > lines[l].lastSeq else {
                    throw csv.error("seq \(seq) of line \(lineID) is not greater than seq \(lines[l].lastSeq) on line \(lines[l].lastSeqLine)",
                                    row: row, column: seqColumn)
                }
            } else {
                l = lines.count
                lineIndex[lineID] = l
                lines.append(Line(id: lineID, name: row.trimmed(lineNameColumn), lastSeq: seq, lastSeqLine: row.lineNumber))
            }
            try serviceColumns.read(row, lineID: lineID, into: &lines[l].given, csv: csv)
            lines[l].seqs[seq] = row.lineNumber
            lines[l].lastSeq = seq
            lines[l].lastSeqLine = row.lineNumber

            // The station.
            let s: Int
            if let existing = stopIndex[stationID] {
                s = existing
                let apart = Earth.haversineMeters(input.stops[s].coordinate, position)
                if apart > 500 {
                    report.warnings.append(csv.warning(
                        "station \(stationID) lies \(Int(apart)) m from its first row's position; the first is used", row: row))
                }
            } else {
                s = input.stops.count
                stopIndex[stationID] = s
                input.stops.append(TransitInput.Stop(key: "\(sourceName):\(stationID)", name: row.trimmed(stationNameColumn),
                                                     coordinate: position, source: sourceName))
            }
            lines[l].stations.append(s)
        }
        report.lines = lines.count
        report.stations = input.stops.count

        let overrides = try lineOverrides(lines, lineIndex: lineIndex)
        for (l, line) in lines.enumerated() {
            guard line.stations.count >= 2 else {
                report.warnings.append(InputWarning(file: file, message: "line \(line.id) has only one station; skipped"))
                continue
            }
            // Meters between consecutive stations, in the listed order.
            let hops = (1..<line.stations.count).map { i in
                Earth.haversineMeters(input.stops[line.stations[i - 1]].coordinate, input.stops[line.stations[i]].coordinate)
            }
            let (tier, service, reason) = try lineService(line, override: overrides[l], hops: hops)
            let headwaySeconds = Int((service.headwayMinutes * 60).rounded())
            let route = input.routes.count
            let first = input.stops[line.stations.first!].name, last = input.stops[line.stations.last!].name
            input.routes.append(TransitInput.Route(
                key: "\(sourceName):\(line.id)", shortName: line.name, longName: "\(first)–\(last)", gtfsRouteType: nil,
                tier: tier, tierReason: reason, source: sourceName))
            report.linesByTier[tier, default: 0] += 1
            for (direction, stations) in [line.stations, line.stations.reversed()].enumerated() {
                let meterHops = direction == 0 ? hops : hops.reversed()
                // Offsets from the first departure.
                var arrivals = [Int](repeating: 0, count: stations.count)
                var departures = [Int](repeating: 0, count: stations.count)
                for i in 1..<stations.count {
                    let meters = meterHops[i - 1]
                    arrivals[i] = departures[i - 1] + service.runSeconds(distanceMeters: meters,
                                                                         detourFactor: options.detourFactor)
                    departures[i] = arrivals[i] + (i == stations.count - 1 ? 0 : service.dwellSeconds)
                }
                // Times are Int32 seconds: a line slower than a week end to end is not a timetable.
                guard departures[stations.count - 1] + service.lastDepartureSeconds <= 7 * 86_400 else {
                    throw InputError(file: file, message: "line \(line.id): a trip at \(service.speedKmh) km/h would take "
                                        + "\(departures[stations.count - 1] / 3600) h end to end, more than a week")
                }
                var start = service.firstDepartureSeconds
                while start <= service.lastDepartureSeconds {
                    input.trips.append(TransitInput.Trip(
                        key: "\(sourceName):\(line.id):\(direction)@\(GTFSTime.format(start))", route: route, name: "",
                        tier: tier, stops: stations,
                        arrivalSeconds: arrivals.map { Int32($0 + start) },
                        departureSeconds: departures.map { Int32($0 + start) }))
                    start += headwaySeconds
                }
            }
        }
        report.trips = input.trips.count
        return (input, report)
    }

    /// The options' line overrides by line index. A key is a line_id, else a line_name that exactly one line has;
    /// a key matching no line (the error names the closest lines) or several, or two keys for one line, throw.
    private func lineOverrides(_ lines: [Line], lineIndex: [String: Int]) throws -> [Int: (key: String, parameters: PlanningLineParameters)] {
        let file = options.overridesFile ?? url.path
        var byLine: [Int: (key: String, parameters: PlanningLineParameters)] = [:]
        for (key, parameters) in options.lineOverrides.sorted(by: { $0.key < $1.key }) {
            let location = "\(options.overridesLocation).\(key)"
            let l: Int
            if let i = lineIndex[key] {
                l = i
            } else {
                let named = lines.indices.filter { lines[$0].name == key }
                guard named.count <= 1 else {
                    throw InputError(file: file, location: location, message: "line name \(key) is shared by lines "
                                        + named.map { lines[$0].id }.joined(separator: ", ") + " of \(url.lastPathComponent); use a line_id")
                }
                guard let i = named.first else {
                    let nameOf = Dictionary(lines.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
                    let closest = ClosestNames.closest(to: key, among: lines.map(\.id)) { query, id in
                        min(ClosestNames.editDistance(query, id), ClosestNames.editDistance(query, nameOf[id] ?? ""))
                    }
                    throw InputError(file: file, location: location, message: "matches no line_id or line_name of "
                                        + "\(url.lastPathComponent); closest: "
                                        + closest.map { "\($0) (\(nameOf[$0] ?? ""))" }.joined(separator: ", "))
                }
                l = i
            }
            if let earlier = byLine[l] {
                throw InputError(file: file, location: location,
                                 message: "line \(lines[l].id) already has the override \(earlier.key); give one")
            }
            byLine[l] = (key, parameters)
        }
        return byLine
    }

    /// A line's tier, service and reason from its sources in order of precedence (see `PlanningLinesOptions`).
    private func lineService(_ line: Line, override: (key: String, parameters: PlanningLineParameters)?, hops: [Double])
        throws -> (tier: Tier, service: PlanningLineService, reason: String)
    {
        let file = url.path
        let rule = options.nameRule(for: line.name)
        var sources: [String] = []
        var parameters = PlanningLineParameters()
        if let override, !override.parameters.isEmpty {
            parameters = override.parameters
            sources.append("line override \(override.key) in manifest")
        }
        let columns = line.given.parameters
        if !columns.isEmpty {
            parameters = parameters.over(columns)
            var serviceOnly = columns
            serviceOnly.tier = nil
            sources.append("\(serviceOnly.isEmpty ? "tier column" : "per-line columns") of \(url.lastPathComponent)")
        }
        if let rule {
            parameters = parameters.over(rule.parameters)
            sources.append(rule.reason)
        }
        let tier = parameters.tier ?? options.defaultTier
        var service = parameters.applied(to: options.serviceByTier[tier] ?? .defaults(for: tier))
        if let minutes = parameters.tripTimeMinutes {
            let dwells = Double(service.dwellSeconds * max(0, line.stations.count - 2))
            let runSeconds = minutes * 60 - dwells
            guard runSeconds > 0 else {
                throw InputError(file: file, message: "line \(line.id): trip_time_min \(minutes) is not longer than its "
                                    + "\(line.stations.count - 2) dwells of \(service.dwellSeconds) s")
            }
            service.speedKmh = hops.reduce(0, +) * options.detourFactor / runSeconds * 3.6
        }
        if let (key, message) = service.problem {
            let cause = parameters.tripTimeMinutes.map { " (from trip_time_min \($0))" } ?? ""
            throw InputError(file: file, message: "line \(line.id) cannot be run: \(key) \(message)\(cause)")
        }
        let reason = sources.isEmpty ? "planning-lines default (\(tier.rawValue))" : sources.joined(separator: "; ")
        return (tier, service, reason)
    }
}
