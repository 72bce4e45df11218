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

/// Reads a planning-lines CSV (`line_id,line_name,seq,station_id,station_name,lon,lat`, optional `tier` and
/// `city_key`, any column order) and expands every line into trips in both directions.
///
/// - Coordinates pass through the caller's converter to WGS-84 (GCJ-02, BD-09 or a projected CRS are handled
///   by the caller); the converted point must be a valid longitude/latitude.
/// - Rows of a line must have increasing `seq` (they need not be contiguous); the line runs in that order.
///   A line whose last station is its first (a loop) is run as listed and reversed, like any other line.
/// - A `station_id` shared by several lines is one stop (a transfer station); its first row gives the position.
/// - Tier: the `tier` column (metro, suburban, intercity, trunk; case-insensitive) or the default tier.
/// - Trips: departures from the first station every headway from the first to the last departure (inclusive),
///   in each direction. Run time between consecutive stations = haversine distance × detour factor ÷ speed,
///   rounded to the second; each intermediate station adds the dwell (arrival + dwell = departure); the first
///   and last calls have arrival = departure.
///
/// Errors (`InputError`, naming file and line): missing column, a row without usable coordinates, an empty id,
/// a non-integer or duplicate `seq`, `seq` not increasing within a line, an unknown tier, a tier that changes
/// within a line. Warnings: a line with one station (skipped), a station id whose rows lie over 500 m apart.
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
        var tier: Tier
        var tierFromColumn: Bool
        var stations: [Int] = []
        var lastSeq: Int
        var lastSeqLine: Int
        var seqs: [Int: Int] = [:]
    }

    /// - Parameter toWGS84: converts a file coordinate (as `longitude = lon`, `latitude = lat`) to WGS-84.
    public func read(toWGS84: (Coordinate) throws -> Coordinate = { $0 }) throws
        -> (input: TransitInput, report: PlanningLinesReport)
    {
        var csv = try CsvReader(url: url)
        let file = csv.fileName
        let lineColumn = try csv.requireColumn("line_id")
        let lineNameColumn = try csv.requireColumn("line_name")
        let seqColumn = try csv.requireColumn("seq")
        let stationColumn = try csv.requireColumn("station_id")
        let stationNameColumn = try csv.requireColumn("station_name")
        let lonColumn = try csv.requireColumn("lon")
        let latColumn = try csv.requireColumn("lat")
        let tierColumn = csv.column("tier")

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
            var tier: Tier?
            if !row.isBlank(tierColumn) {
                let text = row.trimmed(tierColumn).lowercased()
                guard let t = Tier(rawValue: text), t.isRail else {
                    throw csv.error("tier \"\(row[tierColumn])\" is not one of metro, suburban, intercity, trunk",
                                    row: row, column: tierColumn)
                }
                tier = t
            }

            // The line.
            let l: Int
            if let existing = lineIndex[lineID] {
                l = existing
                if let tier, tier != lines[l].tier {
                    throw csv.error("tier \(tier.rawValue) differs from tier \(lines[l].tier.rawValue) given earlier for line \(lineID)",
                                    row: row, column: tierColumn)
                }
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
                lines.append(Line(id: lineID, name: row.trimmed(lineNameColumn), tier: tier ?? options.defaultTier,
                                  tierFromColumn: tier != nil, lastSeq: seq, lastSeqLine: row.lineNumber))
            }
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

        for line in lines {
            guard line.stations.count >= 2 else {
                report.warnings.append(InputWarning(file: file, message: "line \(line.id) has only one station; skipped"))
                continue
            }
            let service = options.service(lineID: line.id, tier: line.tier)
            if let (key, message) = service.problem {
                throw InputError(file: file, message: "line \(line.id) cannot be run: \(key) \(message)")
            }
            let headwaySeconds = Int((service.headwayMinutes * 60).rounded())
            let route = input.routes.count
            let first = input.stops[line.stations.first!].name, last = input.stops[line.stations.last!].name
            input.routes.append(TransitInput.Route(
                key: "\(sourceName):\(line.id)", shortName: line.name, longName: "\(first)–\(last)", gtfsRouteType: nil,
                tier: line.tier,
                tierReason: line.tierFromColumn ? "tier column of \(url.lastPathComponent)"
                    : "planning-lines default (\(line.tier.rawValue))",
                source: sourceName))
            report.linesByTier[line.tier, default: 0] += 1
            for (direction, stations) in [line.stations, line.stations.reversed()].enumerated() {
                // Offsets from the first departure.
                var arrivals = [Int](repeating: 0, count: stations.count)
                var departures = [Int](repeating: 0, count: stations.count)
                for i in 1..<stations.count {
                    let meters = Earth.haversineMeters(input.stops[stations[i - 1]].coordinate,
                                                       input.stops[stations[i]].coordinate)
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
                        tier: line.tier, stops: stations,
                        arrivalSeconds: arrivals.map { Int32($0 + start) },
                        departureSeconds: departures.map { Int32($0 + start) }))
                    start += headwaySeconds
                }
            }
        }
        report.trips = input.trips.count
        return (input, report)
    }
}
