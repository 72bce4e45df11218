import Foundation
import GeoCore
import GeoIO
import GeoPROJ
import Network

/// Applies a scenario to a loaded network, in memory: each modification, in order, closes trips and adds trips,
/// stops, routes and transfers (a `TransitDelta`); the network is then `BuiltNetwork.applying` the delta, which
/// shares the base network's trips and stop times. A later modification sees what earlier ones did (a line added
/// can be changed next). Unknown stations and lines are errors naming the closest names.
public struct ScenarioApplication {
    public let base: BuiltNetwork
    public let scenario: Scenario

    /// What each modification changed, one line each ("m1 add_stops: 24 trains stop at 廊坊 …").
    public private(set) var report: [String] = []
    private var delta = TransitDelta()
    private var removedAdded: Set<Int> = []
    private var modification: ScenarioModification
    private var place: String

    /// Stations outside the area by more than this are errors (a CRS mix-up or a typo in a coordinate).
    public static let outsideAreaMeters = 50_000.0
    /// The detour factor planning lines use from crow-fly to track distance (`PlanningLinesOptions`).
    static let detourFactor = 1.2

    /// The base network's stops by normalised name (normalising every name at each look-up was most of the time
    /// of applying a scenario to a large network).
    /// The area new stations must lie near: the districts' bounding box, else the network's (computed once, when
    /// the first station is added).
    private lazy var areaBox: BoundingBox? = {
        var box: BoundingBox?
        for d in base.districts {
            guard let b = Geometry.multiPolygon(d.boundary).boundingBox else { continue }
            if box == nil { box = b } else { box!.extend(b) }
        }
        return box ?? base.boundingBox
    }()
    private let baseStopsByName: [String: [Int]]

    public init(base: BuiltNetwork, scenario: Scenario) {
        self.base = base; self.scenario = scenario
        var byName: [String: [Int]] = [:]
        for (s, name) in base.transit.stops.names.enumerated() { byName[Self.normalizedName(name), default: []].append(s) }
        baseStopsByName = byName
        modification = ScenarioModification(id: "", kind: .removeStations([]))
        place = ""
    }

    /// The network with every modification applied, and what each changed.
    public static func apply(_ scenario: Scenario, to network: BuiltNetwork) throws -> (network: BuiltNetwork, report: [String]) {
        var app = ScenarioApplication(base: network, scenario: scenario)
        for m in scenario.modifications { try app.apply(m) }
        return (try app.network(), app.report)
    }

    /// The delta so far (added trips removed by a later modification left out).
    public var transitDelta: TransitDelta {
        var d = delta
        d.addedTrips = delta.addedTrips.enumerated().filter { !removedAdded.contains($0.offset) }.map(\.element)
        return d
    }

    public func network() throws -> BuiltNetwork { try base.applying(transitDelta) }

    // MARK: Trips

    enum TripRef: Hashable { case base(Int), added(Int) }

    private var t: TransitLayer { base.transit }
    private var stopTotal: Int { t.stopCount + delta.addedStops.count }
    private var routeTotal: Int { t.routes.count + delta.addedRoutes.count }

    private func stopName(_ s: Int) -> String { s < t.stopCount ? t.stops.names[s] : delta.addedStops[s - t.stopCount].name }
    private func coordinate(_ s: Int) -> Coordinate {
        s < t.stopCount ? t.coordinate(of: StopID(s)) : delta.addedStops[s - t.stopCount].coordinate
    }
    private func stopTierMask(_ s: Int) -> UInt8 { s < t.stopCount ? t.stops.tierMasks[s] : 0 }
    private func routeNames(_ r: Int) -> [String] {
        if r < t.routes.count { return [t.routes.shortNames[r], t.routes.longNames[r], t.routes.keys[r]] }
        let a = delta.addedRoutes[r - t.routes.count]
        return [a.shortName, a.longName, a.key]
    }
    private func routeSource(_ r: Int) -> String { r < t.routes.count ? t.routes.sources[r] : delta.addedRoutes[r - t.routes.count].source }

    private var runningTrips: [TripRef] {
        var out: [TripRef] = []
        for tr in 0..<t.tripCount where t.isActive(trip: tr) && !delta.closedTrips.contains(tr) { out.append(.base(tr)) }
        for k in delta.addedTrips.indices where !removedAdded.contains(k) { out.append(.added(k)) }
        return out
    }

    private func record(_ ref: TripRef) -> TransitInput.Trip {
        switch ref {
        case .added(let k): return delta.addedTrips[k]
        case .base(let tr):
            let p = PatternID(rawValue: t.trips.patterns[tr])
            let stops = t.stops(of: p).map { Int($0) }
            let trip = TripID(tr)
            return TransitInput.Trip(key: t.trips.keys[tr], route: Int(t.trips.routes[tr]), name: t.trips.names[tr],
                                     tier: t.tier(ofTrip: trip), stops: stops,
                                     arrivalSeconds: stops.indices.map { t.arrivalSeconds(trip: trip, position: $0) },
                                     departureSeconds: stops.indices.map { t.departureSeconds(trip: trip, position: $0) })
        }
    }

    private mutating func close(_ ref: TripRef) {
        switch ref {
        case .base(let tr): delta.closedTrips.insert(tr)
        case .added(let k): removedAdded.insert(k)
        }
    }

    private var addedKeyCount = 0
    private mutating func add(_ trip: TransitInput.Trip) {
        var trip = trip
        addedKeyCount += 1
        trip.key = "scenario:\(modification.id):\(addedKeyCount):\(trip.key)"
        delta.addedTrips.append(trip)
    }

    private mutating func replace(_ ref: TripRef, with trips: [TransitInput.Trip]) {
        close(ref)
        for trip in trips where trip.stops.count >= 2 { add(trip) }
    }

    // MARK: Names

    private func error(_ message: String) -> InputError {
        InputError(file: scenario.path.isEmpty ? "scenario \(scenario.name)" : scenario.path, location: place, message: message)
    }

    /// Stops of a station by name (`HubGrouping.normalizedName`), not closed; an unknown name is an error with the
    /// closest station names.
    private func stops(named name: String) throws -> [Int] {
        let key = Self.normalizedName(name)
        let found = ((baseStopsByName[key] ?? []) + delta.addedStops.indices.filter {
            Self.normalizedName(delta.addedStops[$0].name) == key
        }.map { t.stopCount + $0 }).filter { !delta.closedStops.contains($0) }
        if found.isEmpty {
            let names = Array(Set((0..<stopTotal).map { stopName($0) })).sorted()
            let closest = ClosestNames.closest(to: name, among: names, limit: 3)
            throw error("unknown station \"\(name)\"" + (closest.isEmpty ? "" : " (closest: \(closest.joined(separator: ", ")))"))
        }
        return found
    }

    /// `HubGrouping.normalizedName`, with a fast path for names of printable ASCII without brackets (the same
    /// result: only lower-cased), which is most of the time for a large network's look-ups otherwise.
    static func normalizedName(_ name: String) -> String {
        let plain = name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7f && $0 != 0x28 && $0 != 0x29 && $0 != 0x5b && $0 != 0x5d }
        return plain ? name.lowercased() : HubGrouping.normalizedName(name)
    }

    /// Route, tier and train number of a trip, read from the columns (no stop times copied).
    private func routeTierName(_ ref: TripRef) -> (route: Int, tier: Tier, name: String) {
        switch ref {
        case .added(let k): let trip = delta.addedTrips[k]; return (trip.route, trip.tier, trip.name)
        case .base(let tr): return (Int(t.trips.routes[tr]), t.tier(ofTrip: TripID(tr)), t.trips.names[tr])
        }
    }

    /// Whether a trip is one of the target's (the line's routes looked up once, not per trip).
    private func matcher(_ target: ScenarioTarget) -> (TripRef) -> Bool {
        switch target {
        case .line(let l):
            let routes = Set((0..<routeTotal).filter { routeNames($0).contains(l) })
            return { routes.contains(routeTierName($0).route) }
        case .tier(let wanted): return { routeTierName($0).tier == wanted }
        case .trains(let names):
            let wanted = Set(names)
            return { wanted.contains(routeTierName($0).name) }
        }
    }

    /// Base patterns calling at any of `stops` (a trip's calls are its pattern's: no trip is copied to test them).
    private func basePatterns(callingAt stops: Set<Int>) -> Set<UInt32> {
        Set((0..<t.patternCount).filter { p in t.stops(of: PatternID(p)).contains { stops.contains(Int($0)) } }.map { UInt32($0) })
    }

    /// Whether a trip calls at any of `stops`; `patterns` = `basePatterns(callingAt: stops)`.
    private func calls(_ ref: TripRef, at stops: Set<Int>, patterns: Set<UInt32>) -> Bool {
        switch ref {
        case .added(let k): return delta.addedTrips[k].stops.contains { stops.contains($0) }
        case .base(let tr): return patterns.contains(t.trips.patterns[tr])
        }
    }

    /// The running trips of a target; a line or train no trip has is an error with the closest names.
    private func trips(of target: ScenarioTarget) throws -> [TripRef] {
        let refs = runningTrips.filter(matcher(target))
        switch target {
        case .line(let l):
            if refs.isEmpty {
                let names = Array(Set((0..<routeTotal).flatMap { routeNames($0).prefix(2) }.filter { !$0.isEmpty })).sorted()
                let closest = ClosestNames.closest(to: l, among: names, limit: 3)
                throw error("unknown line \"\(l)\"" + (closest.isEmpty ? "" : " (closest: \(closest.joined(separator: ", ")))"))
            }
        case .trains(let names):
            let known = Set(refs.map { routeTierName($0).name })
            if let missing = names.first(where: { !known.contains($0) }) {
                let all = Array(Set(runningTrips.map { routeTierName($0).name }.filter { !$0.isEmpty })).sorted()
                let closest = ClosestNames.closest(to: missing, among: all, limit: 3)
                throw error("unknown train \"\(missing)\"" + (closest.isEmpty ? "" : " (closest: \(closest.joined(separator: ", ")))"))
            }
        case .tier(let tier):
            if refs.isEmpty { throw error("no trip of tier \(tier.rawValue) runs in this network") }
        }
        return refs
    }

    /// A new stop's position must lie within `outsideAreaMeters` of the area (`areaBox`).
    private mutating func checkInsideArea(_ c: Coordinate, name: String) throws {
        guard let area = areaBox else { return }
        let nearest = Coordinate(longitude: min(max(c.longitude, area.minLongitude), area.maxLongitude),
                                 latitude: min(max(c.latitude, area.minLatitude), area.maxLatitude))
        let meters = Earth.haversineMeters(c, nearest)
        if meters > Self.outsideAreaMeters {
            throw error(String(format: "station \"%@\" at (%.5f, %.5f) is %.0f km outside the area (a CRS mix-up?)",
                               name, c.longitude, c.latitude, meters / 1000))
        }
    }

    private mutating func newStop(name: String, at c: Coordinate) throws -> Int {
        try checkInsideArea(c, name: name)
        let key = "scenario:\(modification.id):\(delta.addedStops.count)"
        delta.addedStops.append(TransitInput.Stop(key: key, name: name, coordinate: c, source: "scenario:\(modification.id)"))
        return stopTotal - 1
    }

    /// Of a station's stops, the one a train of `tier` calls at: one whose tiers include it, else a stop of a rail
    /// tier other than metro for a rail train, else the first.
    private func stop(among stops: [Int], for tier: Tier) -> Int {
        if let s = stops.first(where: { stopTierMask($0) & tier.maskBit != 0 }) { return s }
        if tier != .metro, let s = stops.first(where: { stopTierMask($0) & Tier.metro.maskBit == 0 && stopTierMask($0) != 0 }) { return s }
        return stops[0]
    }

    // MARK: Modifications

    public mutating func apply(_ m: ScenarioModification) throws {
        modification = m
        place = "modification \"\(m.id)\""
        let closedBefore = delta.closedTrips.count + removedAdded.count
        let addedBefore = delta.addedTrips.count, stopsBefore = delta.addedStops.count
        var what = ""
        switch m.kind {
        case .addLines(let path, let crs, let tier, let service): what = try addLines(path: path, crs: crs, tier: tier, service: service)
        case .extendLine(let line, let from, let stations, let speed, let dwell):
            what = try extendLine(line: line, from: from, stations: stations, speedKmh: speed, dwellSeconds: dwell)
        case .changeService(let target, let between, let headway, let factor, let dwell, let hours):
            what = try changeService(target: target, between: between, headwayMinutes: headway, speedFactor: factor,
                                     dwellSeconds: dwell, hours: hours)
        case .addStops(let station, let target, let dwell): what = try addStops(station: station, target: target, dwellSeconds: dwell)
        case .addService(let name, let from, let to, let along, let tier, let headway, let hours, let factor, let dwell, let all):
            what = try addService(name: name, from: from, to: to, along: along, tier: tier, headwayMinutes: headway,
                                  hours: hours, speedFactor: factor, dwellSeconds: dwell, allStations: all)
        case .removeStations(let names): what = try removeStations(names)
        case .removeSection(let line, let from, let to): what = try removeSection(line: line, from: from, to: to)
        case .removeLines(let target):
            let refs = try trips(of: target)
            for r in refs { close(r) }
            what = "\(target) removed"
        case .transfer(let from, let to, let seconds): what = try transfer(from: from, to: to, seconds: seconds)
        }
        let closed = delta.closedTrips.count + removedAdded.count - closedBefore
        report.append("\(m.id): \(what) (trips closed \(closed), added \(delta.addedTrips.count - addedBefore), "
                          + "stations added \(delta.addedStops.count - stopsBefore))")
    }

    private mutating func addLines(path: String, crs: String, tier: Tier, service: PlanningLineParameters) throws -> String {
        let folder = scenario.path.isEmpty ? "" : (scenario.path as NSString).deletingLastPathComponent
        let full = path.hasPrefix("/") || folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
        guard let system = CoordinateSystem(parsing: crs) else { throw error("empty CRS") }
        let converter: CoordinateConverter
        do { converter = try CoordinateConverter(from: system, to: .wgs84) } catch { throw self.error("crs \"\(crs)\": \(error)") }
        var options = PlanningLinesOptions(defaultTier: tier)
        var run = PlanningLineService.defaults(for: tier)
        if let v = service.headwayMinutes { run.headwayMinutes = v }
        if let v = service.speedKmh { run.speedKmh = v }
        if let v = service.dwellSeconds { run.dwellSeconds = v }
        if let v = service.firstDepartureSeconds { run.firstDepartureSeconds = v }
        if let v = service.lastDepartureSeconds { run.lastDepartureSeconds = v }
        if let problem = run.problem { throw error("\(problem.key): \(problem.message)") }
        options.serviceByTier[tier] = run
        options.nameRules = []
        try InputFile.requireRegularFile(full, displayName: full)
        let (input, report) = try PlanningLinesReader(url: URL(fileURLWithPath: full), sourceName: "scenario:\(modification.id)",
                                                      options: options).read(toWGS84: { try converter.convert($0) })
        // The reader skips a one-station line with a warning; in a scenario that line is a mistake.
        if let lonely = report.warnings.first(where: { $0.message.hasSuffix("has only one station; skipped") }) {
            throw InputError(file: full, message: lonely.message.replacingOccurrences(of: "; skipped", with: "")
                                + ": a line needs at least two stations")
        }
        for (r, route) in input.routes.enumerated() where !input.trips.contains(where: { $0.route == r && $0.stops.count >= 2 }) {
            throw InputError(file: full, location: "line \(route.shortName.isEmpty ? route.key : route.shortName)",
                             message: "has fewer than two stations: a line needs at least two")
        }
        let stopBase = stopTotal, routeBase = routeTotal
        for s in input.stops { try checkInsideArea(s.coordinate, name: s.name) }
        delta.addedStops += input.stops
        delta.addedRoutes += input.routes
        for var trip in input.trips where trip.stops.count >= 2 {
            trip.route += routeBase
            trip.stops = trip.stops.map { $0 + stopBase }
            add(trip)
        }
        return "\(input.routes.count) line(s) added from \(path)"
    }

    private func medianSpeedKmh(_ trips: [TransitInput.Trip]) -> Double? {
        var speeds: [Double] = []
        for trip in trips {
            for i in 0..<(trip.stops.count - 1) {
                let run = Double(trip.arrivalSeconds[i + 1] - trip.departureSeconds[i])
                let meters = Earth.haversineMeters(coordinate(trip.stops[i]), coordinate(trip.stops[i + 1])) * Self.detourFactor
                if run > 0 && meters > 0 { speeds.append(meters / run * 3.6) }
            }
        }
        guard !speeds.isEmpty else { return nil }
        return speeds.sorted()[speeds.count / 2]
    }

    private func medianDwell(_ trips: [TransitInput.Trip]) -> Int32? {
        var dwells: [Int32] = []
        for trip in trips where trip.stops.count > 2 {
            for i in 1..<(trip.stops.count - 1) { dwells.append(trip.departureSeconds[i] - trip.arrivalSeconds[i]) }
        }
        return dwells.isEmpty ? nil : dwells.sorted()[dwells.count / 2]
    }

    private mutating func extendLine(line: String, from: String, stations: [ScenarioStation], speedKmh: Double?,
                                     dwellSeconds: Int?) throws -> String {
        let refs = try trips(of: .line(line))
        let ends = Set(try stops(named: from))
        let records = refs.map(record)
        guard records.contains(where: { ends.contains($0.stops.last!) || ends.contains($0.stops.first!) }) else {
            let terminals = Set(records.flatMap { [stopName($0.stops.first!), stopName($0.stops.last!)] }).sorted()
            throw error("no trip of line \(line) ends or starts at \(from) (its terminals: \(terminals.joined(separator: ", ")))")
        }
        let tier = records[0].tier
        var added: [Int] = []
        for s in stations {
            if let c = s.coordinate { added.append(try newStop(name: s.name, at: c)) }
            else { added.append(stop(among: try stops(named: s.name), for: tier)) }
        }
        let speed = (speedKmh ?? medianSpeedKmh(records) ?? PlanningLineService.defaults(for: tier).speedKmh) / 3.6
        let dwell = Int32(dwellSeconds ?? Int(medianDwell(records) ?? ScenarioTiming.defaultDwellSeconds(tier)))
        func run(_ a: Int, _ b: Int) -> Int32 {
            Int32((Earth.haversineMeters(coordinate(a), coordinate(b)) * Self.detourFactor / speed).rounded())
        }
        var changed = 0
        for (ref, var trip) in zip(refs, records) {
            if ends.contains(trip.stops.last!) {
                let n = trip.stops.count
                trip.departureSeconds[n - 1] = trip.arrivalSeconds[n - 1] + dwell
                var previous = trip.stops[n - 1]
                for (k, s) in added.enumerated() {
                    let a = trip.departureSeconds.last! + run(previous, s)
                    trip.stops.append(s); trip.arrivalSeconds.append(a)
                    trip.departureSeconds.append(k == added.count - 1 ? a : a + dwell)
                    previous = s
                }
            } else if ends.contains(trip.stops.first!) {
                trip.arrivalSeconds[0] = trip.departureSeconds[0] - dwell
                var next = trip.stops[0]
                for (k, s) in added.enumerated() {
                    let d = trip.arrivalSeconds[0] - run(s, next)
                    trip.stops.insert(s, at: 0); trip.departureSeconds.insert(d, at: 0)
                    trip.arrivalSeconds.insert(k == added.count - 1 ? d : d - dwell, at: 0)
                    next = s
                }
            } else { continue }
            replace(ref, with: [trip])
            changed += 1
        }
        return "\(changed) trips of \(line) run on beyond \(from) to \(stations.map(\.name).joined(separator: ", "))"
    }

    /// Positions of the section between two stations in a trip (ascending), nil when it does not call at both.
    private func section(_ trip: TransitInput.Trip, _ a: Set<Int>, _ b: Set<Int>) -> ClosedRange<Int>? {
        guard let i = trip.stops.firstIndex(where: { a.contains($0) }), let j = trip.stops.firstIndex(where: { b.contains($0) }) else { return nil }
        return min(i, j)...max(i, j)
    }

    /// The trip with running times scaled by 1/factor and dwells set, within `span` (positions) only.
    private func retimed(_ trip: TransitInput.Trip, span: ClosedRange<Int>, factor: Double?, dwell: Int32?) -> TransitInput.Trip {
        var out = trip
        for i in trip.stops.indices {
            if i > 0 {
                var runTime = trip.arrivalSeconds[i] - trip.departureSeconds[i - 1]
                if let factor, span.contains(i - 1) && span.contains(i) { runTime = Int32((Double(runTime) / factor).rounded()) }
                out.arrivalSeconds[i] = out.departureSeconds[i - 1] + runTime
            } else {
                out.arrivalSeconds[0] = trip.arrivalSeconds[0]
            }
            var stay = trip.departureSeconds[i] - trip.arrivalSeconds[i]
            if let dwell, i > span.lowerBound && i < span.upperBound { stay = dwell }
            out.departureSeconds[i] = out.arrivalSeconds[i] + stay
        }
        return out
    }

    private mutating func changeService(target: ScenarioTarget, between: [String]?, headwayMinutes: Double?,
                                        speedFactor: Double?, dwellSeconds: Int?, hours: ClosedRange<Int32>?) throws -> String {
        let refs = try trips(of: target)
        var ends: (Set<Int>, Set<Int>)?
        if let between { ends = (Set(try stops(named: between[0])), Set(try stops(named: between[1]))) }
        let dwell = dwellSeconds.map(Int32.init)
        var records = refs.map(record)
        if let ends, !records.contains(where: { section($0, ends.0, ends.1) != nil }) {
            throw error("no trip of \(target) calls at both \(between![0]) and \(between![1])")
        }
        var words: [String] = []
        // Speed and dwell: each trip (its section) retimed.
        if speedFactor != nil || dwell != nil {
            var changed = 0
            for (k, trip) in records.enumerated() {
                let span = ends.map { section(trip, $0.0, $0.1) } ?? (0...(trip.stops.count - 1))
                guard let span else { continue }
                records[k] = retimed(trip, span: span, factor: speedFactor, dwell: dwell)
                changed += 1
            }
            words.append("\(changed) trips retimed")
        }
        guard let headway = headwayMinutes else {
            // Service hours alone: trips leaving their first stop outside them stop running.
            var kept = 0
            for (ref, trip) in zip(refs, records) {
                if let hours, !hours.contains(trip.departureSeconds[0]) { close(ref); continue }
                if speedFactor != nil || dwell != nil { replace(ref, with: [trip]) }
                kept += 1
            }
            if let hours { words.append("service \(Self.clock(hours.lowerBound))–\(Self.clock(hours.upperBound)): \(kept) trips run") }
            return "\(target): " + words.joined(separator: "; ")
        }
        // Frequency: per stop sequence (direction), evenly spaced trips with the median running times.
        let h = Int32((headway * 60).rounded())
        struct Group { var refs: [TripRef] = []; var trips: [TransitInput.Trip] = [] }
        var groups: [[Int]: Group] = [:]
        var order: [[Int]] = []
        for (ref, trip) in zip(refs, records) {
            let key = [trip.route] + trip.stops
            if groups[key] == nil { order.append(key) }
            groups[key, default: Group()].refs.append(ref)
            groups[key, default: Group()].trips.append(trip)
        }
        var generated = 0, replaced = 0
        for key in order {
            let g = groups[key]!
            let model = g.trips[0]
            // Positions served: the whole trip, or the section.
            let span: ClosedRange<Int>
            if let ends { guard let s = section(model, ends.0, ends.1) else { continue }; span = s } else { span = 0...(model.stops.count - 1) }
            let origin = span.lowerBound
            func median(_ values: [Int32]) -> Int32 { values.sorted()[values.count / 2] }
            var arrivalOffsets: [Int32] = [], departureOffsets: [Int32] = []
            for i in span {
                arrivalOffsets.append(median(g.trips.map { $0.arrivalSeconds[i] - $0.departureSeconds[origin] }))
                departureOffsets.append(median(g.trips.map { $0.departureSeconds[i] - $0.departureSeconds[origin] }))
            }
            arrivalOffsets[0] = 0
            for k in 1..<arrivalOffsets.count {   // medians of each column need not be ordered: make them so
                arrivalOffsets[k] = max(arrivalOffsets[k], departureOffsets[k - 1])
                departureOffsets[k] = max(departureOffsets[k], arrivalOffsets[k])
            }
            departureOffsets[departureOffsets.count - 1] = arrivalOffsets[arrivalOffsets.count - 1]
            let starts = g.trips.map { $0.departureSeconds[origin] }
            let window = hours ?? (starts.min()!...starts.max()!)
            if ends == nil {
                // The route's trips within the hours are replaced.
                for (ref, trip) in zip(g.refs, g.trips) {
                    if window.contains(trip.departureSeconds[origin]) { close(ref); replaced += 1 }
                    else if speedFactor != nil || dwell != nil { replace(ref, with: [trip]) }
                }
            } else if speedFactor != nil || dwell != nil {
                for (ref, trip) in zip(g.refs, g.trips) { replace(ref, with: [trip]) }
            }
            var d = window.lowerBound
            while d <= window.upperBound {
                add(TransitInput.Trip(key: "\(generated)", route: model.route, name: model.name, tier: model.tier,
                                      stops: Array(model.stops[span]), arrivalSeconds: arrivalOffsets.map { d + $0 },
                                      departureSeconds: departureOffsets.map { d + $0 }))
                generated += 1
                d += h
            }
        }
        words.append(ends == nil ? "\(replaced) trips replaced by \(generated) every \(Self.minutes(headway))"
                     : "\(generated) short workings \(between![0])–\(between![1]) every \(Self.minutes(headway))")
        return "\(target): " + words.joined(separator: "; ")
    }

    private mutating func addStops(station: String, target: ScenarioTarget, dwellSeconds: Int?) throws -> String {
        let stationStops = try stops(named: station)
        let here = Set(stationStops)
        let x = coordinate(stationStops[0])
        // The hop the station lies on: the smallest detour through it, at most 10 % of the hop or 2 km; nil when the
        // trip calls there already or passes elsewhere. Base trips are tested once per pattern.
        func hop(_ stops: [Int]) -> (i: Int, fraction: Double)? {
            guard !stops.contains(where: { here.contains($0) }) else { return nil }
            var best: (i: Int, excess: Double, fraction: Double)?
            for i in 0..<(stops.count - 1) {
                let a = coordinate(stops[i]), b = coordinate(stops[i + 1])
                let ab = Earth.haversineMeters(a, b), ax = Earth.haversineMeters(a, x), xb = Earth.haversineMeters(x, b)
                let excess = ax + xb - ab
                if excess <= max(2000, 0.1 * ab) && (best == nil || excess < best!.excess) {
                    best = (i, excess, ax / max(1, ax + xb))
                }
            }
            return best.map { ($0.i, $0.fraction) }
        }
        var passes: [UInt32: Bool] = [:]
        let refs = try trips(of: target).filter { ref in
            guard case .base(let tr) = ref else { return true }
            let p = t.trips.patterns[tr]
            if let v = passes[p] { return v }
            let v = hop(t.stops(of: PatternID(rawValue: p)).map { Int($0) }) != nil
            passes[p] = v
            return v
        }
        var changed = 0
        for ref in refs {
            var trip = record(ref)
            guard let hop = hop(trip.stops) else { continue }
            let dwell = Int32(dwellSeconds ?? Int(ScenarioTiming.defaultDwellSeconds(trip.tier)))
            let penalty = ScenarioTiming.stopPenaltySeconds(trip.tier)
            let i = hop.i
            let runTime = trip.arrivalSeconds[i + 1] - trip.departureSeconds[i]
            let arrive = trip.departureSeconds[i] + Int32((Double(runTime) * hop.fraction).rounded()) + penalty / 2
            let lost = dwell + penalty
            for k in (i + 1)..<trip.stops.count { trip.arrivalSeconds[k] += lost; trip.departureSeconds[k] += lost }
            trip.stops.insert(stop(among: stationStops, for: trip.tier), at: i + 1)
            trip.arrivalSeconds.insert(arrive, at: i + 1)
            trip.departureSeconds.insert(arrive + dwell, at: i + 1)
            replace(ref, with: [trip])
            changed += 1
        }
        guard changed > 0 else { throw error("no train of \(target) passes \(station) without stopping there") }
        return "\(changed) trains of \(target) now stop at \(station)"
    }

    private mutating func addService(name: String, from: String, to: String, along: ScenarioTarget?, tier: Tier,
                                     headwayMinutes: Double, hours: ClosedRange<Int32>, speedFactor: Double,
                                     dwellSeconds: Int?, allStations: Bool) throws -> String {
        let a = Set(try stops(named: from)), b = Set(try stops(named: to))
        let refs = try along.map { try trips(of: $0) } ?? runningTrips.filter {
            let tier = routeTierName($0).tier
            return tier == .trunk || tier == .intercity || tier == .suburban
        }
        // The trip calling at the most stations between the two, in the direction from → to.
        var best: (stops: [Int], runs: [Int32])?
        for ref in refs {
            let trip = record(ref)
            guard let i = trip.stops.firstIndex(where: { a.contains($0) }), let j = trip.stops.firstIndex(where: { b.contains($0) }) else { continue }
            var stops = Array(trip.stops[min(i, j)...max(i, j)])
            var runs = (min(i, j)..<max(i, j)).map { trip.arrivalSeconds[$0 + 1] - trip.departureSeconds[$0] }
            if i > j { stops.reverse(); runs.reverse() }
            if best == nil || stops.count > best!.stops.count { best = (stops, runs) }
        }
        guard var path = best else { throw error("no train runs between \(from) and \(to): there is no track to run a service on") }
        if !allStations {
            path = ([path.stops.first!, path.stops.last!], [path.runs.reduce(0, +)])
        }
        let runs = path.runs.map { Int32((Double($0) / speedFactor).rounded()) }
        let dwell = Int32(dwellSeconds ?? Int(ScenarioTiming.defaultDwellSeconds(tier)))
        let route = routeTotal
        delta.addedRoutes.append(TransitInput.Route(key: "scenario:\(modification.id)", shortName: name, longName: name,
                                                    gtfsRouteType: nil, tier: tier, tierReason: "scenario \(modification.id)",
                                                    source: "scenario:\(modification.id)"))
        let h = Int32((headwayMinutes * 60).rounded())
        var count = 0
        for (stops, hopRuns) in [(path.stops, runs), (Array(path.stops.reversed()), Array(runs.reversed()))] {
            var d = hours.lowerBound
            while d <= hours.upperBound {
                var arr: [Int32] = [d], dep: [Int32] = [d]
                for (k, r) in hopRuns.enumerated() {
                    let at = dep[k] + r
                    arr.append(at); dep.append(k == hopRuns.count - 1 ? at : at + dwell)
                }
                add(TransitInput.Trip(key: "\(count)", route: route, name: name, tier: tier, stops: stops,
                                      arrivalSeconds: arr, departureSeconds: dep))
                count += 1
                d += h
            }
        }
        return "\(name): \(tier.rawValue) service \(from)–\(to), \(path.stops.count) stations, every \(Self.minutes(headwayMinutes)) "
            + "\(Self.clock(hours.lowerBound))–\(Self.clock(hours.upperBound)), \(count) trips"
    }

    private mutating func removeStations(_ names: [String]) throws -> String {
        var closed: Set<Int> = []
        for n in names { closed.formUnion(try stops(named: n)) }
        var changed = 0
        let closedPatterns = basePatterns(callingAt: closed)
        for ref in runningTrips where calls(ref, at: closed, patterns: closedPatterns) {
            let trip = record(ref)
            let keep = trip.stops.indices.filter { !closed.contains(trip.stops[$0]) }
            var out = trip
            out.stops = keep.map { trip.stops[$0] }
            out.arrivalSeconds = keep.map { trip.arrivalSeconds[$0] }
            out.departureSeconds = keep.map { trip.departureSeconds[$0] }
            replace(ref, with: [out])
            changed += 1
        }
        delta.closedStops.formUnion(closed)
        return "stations \(names.joined(separator: ", ")) closed; \(changed) trips pass without stopping"
    }

    private mutating func removeSection(line: String?, from: String, to: String) throws -> String {
        let a = Set(try stops(named: from)), b = Set(try stops(named: to))
        let refs = try line.map { try trips(of: .line($0)) } ?? runningTrips
        var cut = 0
        let atA = basePatterns(callingAt: a), atB = basePatterns(callingAt: b)
        for ref in refs where calls(ref, at: a, patterns: atA) && calls(ref, at: b, patterns: atB) {
            let trip = record(ref)
            guard let k = (0..<(trip.stops.count - 1)).first(where: {
                (a.contains(trip.stops[$0]) && b.contains(trip.stops[$0 + 1])) || (b.contains(trip.stops[$0]) && a.contains(trip.stops[$0 + 1]))
            }) else { continue }
            func part(_ r: Range<Int>, _ suffix: String) -> TransitInput.Trip {
                var p = trip
                p.key = trip.key + suffix
                p.stops = Array(trip.stops[r]); p.arrivalSeconds = Array(trip.arrivalSeconds[r])
                p.departureSeconds = Array(trip.departureSeconds[r])
                return p
            }
            replace(ref, with: [part(0..<(k + 1), "#1"), part((k + 1)..<trip.stops.count, "#2")])
            cut += 1
        }
        guard cut > 0 else { throw error("no train\(line.map { " of line \($0)" } ?? "") runs directly between \(from) and \(to)") }
        return "section \(from)–\(to) closed: \(cut) trips cut there"
    }

    private mutating func transfer(from: String, to: String, seconds: Int32) throws -> String {
        let a = try stops(named: from), b = try stops(named: to)
        var pairs = 0
        for x in a { for y in b where x != y {
            let meters = Earth.haversineMeters(coordinate(x), coordinate(y))
            if meters > 2000 {
                throw error(String(format: "%@ and %@ are %.1f km apart: a passage joins stops at most 2 km apart", from, to, meters / 1000))
            }
            delta.transfers.append(TransitInput.Transfer(fromStop: x, toStop: y, minSeconds: seconds))
            delta.transfers.append(TransitInput.Transfer(fromStop: y, toStop: x, minSeconds: seconds))
            pairs += 1
        } }
        guard pairs > 0 else { throw error("\(from) has a single stop: nothing to transfer between") }
        return "transfer \(from) ↔ \(to) in \(seconds) s (\(pairs) stop pairs)"
    }

    static func clock(_ s: Int32) -> String { String(format: "%02d:%02d", s / 3600, (s % 3600) / 60) }
    static func minutes(_ m: Double) -> String { m == m.rounded() ? "\(Int(m)) min" : String(format: "%.1f min", m) }
}
