import GeoCore

/// stop_times.txt and frequencies.txt: reading, ordering, checking and interpolating calls.
extension GTFSReadState {
    mutating func readStopTimes() throws {
        var csv = try feed.require("stop_times.txt")
        let tripColumn = try csv.requireColumn("trip_id")
        let arrivalColumn = try csv.requireColumn("arrival_time")
        let departureColumn = try csv.requireColumn("departure_time")
        let stopColumn = try csv.requireColumn("stop_id")
        let sequenceColumn = try csv.requireColumn("stop_sequence")
        let distanceColumn = csv.column("shape_dist_traveled")
        calls = Array(repeating: [], count: trips.count)
        // nil before the first row: a first row with an empty trip_id must be looked up too (it was taken for
        // "the same trip as before" and indexed trip -1).
        var lastTripID: String?, lastTrip = -1
        var rows = 0
        while let row = try csv.next() {
            rows += 1
            let tripID = row.trimmed(tripColumn)
            if tripID != lastTripID {
                guard let t = tripIndex[tripID] else {
                    throw csv.error("trip_id \(tripID) is not in trips.txt", row: row, column: tripColumn)
                }
                lastTripID = tripID
                lastTrip = t
            }
            let stopID = row.trimmed(stopColumn)
            guard let stop = stopIndex[stopID] else {
                throw csv.error("stop_id \(stopID) is not in stops.txt", row: row, column: stopColumn)
            }
            if stops[stop].locationType != 0 {
                throw csv.error("stop_id \(stopID) has location_type \(stops[stop].locationType) (not a boarding "
                                + "point); trips must call at platforms (location_type 0)", row: row, column: stopColumn)
            }
            guard let sequence = row.int(sequenceColumn), sequence >= 0 else {
                throw csv.error("stop_sequence \"\(row[sequenceColumn])\" is not a non-negative integer", row: row,
                                column: sequenceColumn)
            }
            let arrival = try Self.time(row, arrivalColumn, csv)
            let departure = try Self.time(row, departureColumn, csv)
            var distance = Double.nan
            if !row.isBlank(distanceColumn) {
                guard let d = row.double(distanceColumn) else {
                    throw csv.error("shape_dist_traveled \"\(row[distanceColumn])\" is not a number", row: row,
                                    column: distanceColumn)
                }
                distance = d
            }
            guard trips[lastTrip].running else { continue }
            calls[lastTrip].append(Call(sequence: sequence, stop: stop, arrival: arrival ?? departure ?? -1,
                                        departure: departure ?? arrival ?? -1, distance: distance,
                                        line: row.lineNumber))
            report.stopTimesKept += 1
        }
        report.stopTimes = rows
    }

    /// Seconds after midnight; nil for an empty field; throws for a malformed one.
    private static func time(_ row: CsvRow, _ column: Int, _ csv: CsvReader) throws -> Int? {
        var empty = false
        let parsed: Int? = row.withTrimmedField(column) { b in
            if b.isEmpty { empty = true; return nil }
            return GTFSTime.parseSeconds(b)
        }
        if empty { return nil }
        guard let value = parsed else {
            throw csv.error("time \"\(row[column])\" is not HH:MM:SS", row: row, column: column)
        }
        return value
    }

    /// Sorts each running trip's calls by stop_sequence, checks the order of the given times and interpolates the
    /// missing ones.
    mutating func completeTimes() throws {
        let file = feed.fileName("stop_times.txt")
        for t in trips.indices where !calls[t].isEmpty {
            var c = calls[t]
            c.sort { $0.sequence < $1.sequence }
            var lastTimed: Int?
            for i in c.indices {
                if i > 0, c[i].sequence == c[i - 1].sequence {
                    let (a, b) = c[i - 1].line < c[i].line ? (c[i - 1], c[i]) : (c[i], c[i - 1])
                    throw InputError(file: file, location: "line \(b.line)",
                                     message: "trip \(trips[t].id) has stop_sequence \(b.sequence) twice (also line \(a.line))")
                }
                guard c[i].arrival >= 0 else { continue }
                if c[i].departure < c[i].arrival {
                    throw InputError(file: file, location: "line \(c[i].line)",
                                     message: "trip \(trips[t].id): departure \(GTFSTime.format(c[i].departure)) is before "
                                        + "arrival \(GTFSTime.format(c[i].arrival)) at stop \(stops[c[i].stop].id)")
                }
                if let p = lastTimed, c[i].arrival < c[p].departure {
                    throw InputError(file: file, location: "line \(c[i].line)",
                                     message: "trip \(trips[t].id): times go backwards: arrival \(GTFSTime.format(c[i].arrival)) "
                                        + "at stop \(stops[c[i].stop].id) is before the departure \(GTFSTime.format(c[p].departure)) "
                                        + "at the previous stop \(stops[c[p].stop].id) (line \(c[p].line))")
                }
                lastTimed = i
            }
            for end in [0, c.count - 1] where c[end].arrival < 0 {
                throw InputError(file: file, location: "line \(c[end].line)",
                                 message: "trip \(trips[t].id): the \(end == 0 ? "first" : "last") stop_time has no "
                                    + "arrival or departure time")
            }
            var previous = 0
            for i in 1..<max(c.count, 1) where c[i].arrival >= 0 {
                if i - previous > 1 { interpolate(&c, from: previous, to: i) }
                previous = i
            }
            calls[t] = c
        }
    }

    /// Times for calls strictly between the timed calls `a` and `b`, in proportion to the distance along the trip
    /// (shape_dist_traveled when usable, else haversine between consecutive stops, else evenly).
    private mutating func interpolate(_ c: inout [Call], from a: Int, to b: Int) {
        var position = [Double](repeating: 0, count: b - a + 1)
        let shapeUsable = (a...b).allSatisfy { !c[$0].distance.isNaN }
            && (a..<b).allSatisfy { c[$0].distance <= c[$0 + 1].distance } && c[b].distance > c[a].distance
        if shapeUsable {
            for i in a...b { position[i - a] = c[i].distance - c[a].distance }
        } else {
            for i in (a + 1)...b {
                let step: Double
                if let p = stops[c[i - 1].stop].coordinate, let q = stops[c[i].stop].coordinate {
                    step = Earth.haversineMeters(p, q)
                } else {
                    step = 0
                }
                position[i - a] = position[i - a - 1] + step
            }
            if position[b - a] <= 0 { for i in a...b { position[i - a] = Double(i - a) } }
        }
        let start = Double(c[a].departure), span = Double(c[b].arrival - c[a].departure)
        let total = position[b - a]
        for i in (a + 1)..<b {
            let time = Int((start + span * position[i - a] / total).rounded())
            c[i].arrival = time
            c[i].departure = time
            report.stopTimesInterpolated += 1
        }
    }

    mutating func readFrequencies() throws {
        guard var csv = try feed.open("frequencies.txt") else { return }
        guard !csv.header.isEmpty else { return }
        let tripColumn = try csv.requireColumn("trip_id")
        let startColumn = try csv.requireColumn("start_time")
        let endColumn = try csv.requireColumn("end_time")
        let headwayColumn = try csv.requireColumn("headway_secs")
        var estimate = 0
        while let row = try csv.next() {
            let tripID = row.trimmed(tripColumn)
            guard let t = tripIndex[tripID] else {
                throw csv.error("trip_id \(tripID) is not in trips.txt", row: row, column: tripColumn)
            }
            guard let start = try Self.time(row, startColumn, csv) else {
                throw csv.error("start_time is empty", row: row, column: startColumn)
            }
            guard let end = try Self.time(row, endColumn, csv) else {
                throw csv.error("end_time is empty", row: row, column: endColumn)
            }
            guard let headway = row.int(headwayColumn), headway > 0 else {
                throw csv.error("headway_secs \"\(row[headwayColumn])\" is not a positive integer", row: row,
                                column: headwayColumn)
            }
            guard end >= start else {
                throw csv.error("end_time \(GTFSTime.format(end)) is before start_time \(GTFSTime.format(start))",
                                row: row, column: endColumn)
            }
            guard trips[t].running else { continue }
            // Checked before any trip is generated: a row of 0–999 h every second would make 3.6 M trips.
            let generated = (end - start + headway - 1) / headway
            estimate = estimate &+ MemoryLimit.product(generated, Self.bytesPerGeneratedTrip(calls: calls[t].count))
            try feed.memoryLimit.check(max(estimate, 0), for: "the trips generated from frequencies.txt up to this row "
                                           + "(\(generated) from this row alone)",
                                       file: csv.fileName, location: "line \(row.lineNumber)")
            frequencies[t, default: []].append(Frequency(startSeconds: start, endSeconds: end, headwaySeconds: headway))
        }
        // Within the limit but a large share of it: say so, as the build will be slow and large.
        if estimate > feed.memoryLimit.bytes / 4 {
            report.warnings.append(InputWarning(
                file: csv.fileName, message: "the trips generated from frequencies.txt will take about "
                    + "\(MemoryLimit.format(estimate)) of memory (limit \(feed.memoryLimit)); check its headway_secs and time ranges"))
        }
    }

    /// Memory one generated trip takes through the build: its `TransitInput.Trip` (key, name, stop and time
    /// arrays), the pending entry and the RAPTOR columns; measured roughly, rounded up.
    static func bytesPerGeneratedTrip(calls: Int) -> Int { 512 + 64 * calls }
}
