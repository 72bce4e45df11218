import Foundation
import GeoCore
import Network
import Routing

/// Options of a corridor analysis (`CorridorAnalysis`).
public struct CorridorParameters: Sendable {
    /// Window, profile, longest trip; percentiles are the median (and the minimum is kept).
    public var travel: TravelTimeParameters
    /// Inbound: from each district's centre to the core (the morning commute); outbound: from the core.
    public var direction: CommuteDirection
    /// Bus-like operation: a train at least this often in the peak window.
    public var busLikeHeadwayMinutes: Double
    /// The 1-hour goal: median door to door within this.
    public var budgetMinutes: Double
    /// Corridors kept: the `top` by demand (nil: all) …
    public var top: Int?
    /// … and those with at least this share of the demand.
    public var minDemandShare: Double
    /// … and those with at least this many commuters in the window.
    public var minCommuters: Double
    /// Distance exponent of the gravity demand (P_core · P_i / d^exponent).
    public var gravityExponent: Double
    /// Gravity demand: commuters to (inbound) or from the core in the window over all corridors; nil:
    /// `commuteRate` × the population of the districts considered.
    public var totalCommuters: Double?
    public var commuteRate: Double

    public init(travel: TravelTimeParameters, direction: CommuteDirection = .inbound, busLikeHeadwayMinutes: Double = 10,
                budgetMinutes: Double = 60, top: Int? = 20, minDemandShare: Double = 0, minCommuters: Double = 0,
                gravityExponent: Double = 2, totalCommuters: Double? = nil, commuteRate: Double = GravityParameters.defaultCommuteShare) {
        self.travel = travel; self.direction = direction; self.busLikeHeadwayMinutes = busLikeHeadwayMinutes
        self.budgetMinutes = budgetMinutes; self.top = top; self.minDemandShare = minDemandShare; self.minCommuters = minCommuters
        self.gravityExponent = gravityExponent; self.totalCommuters = totalCommuters; self.commuteRate = commuteRate
    }

    /// The options the command and the server both record in a corridors provenance: the travel options, the core
    /// as the user named it, and the corridor rules (`top` 0 for all). Each adds how its demand was made.
    public func provenanceOptions(core: String) -> [String: JSONValue] {
        var options = travel.provenanceOptions
        options["core"] = .string(core)
        options["direction"] = .string(direction.rawValue)
        options["bus_like_headway_min"] = .number(busLikeHeadwayMinutes)
        options["budget_min"] = .number(budgetMinutes)
        options["top"] = .number(Double(top ?? 0))
        options["min_share"] = .number(minDemandShare)
        return options
    }
}

/// One rail leg of a corridor's path: boarded at one station, left at another, with the service between them.
public struct CorridorLeg: Sendable, Equatable {
    public var boardStation: String
    public var alightStation: String
    /// Tier of the train the best journey rides.
    public var tier: Tier
    /// Trains leaving the board station's hub within the window that call later at the alight station's hub, by tier.
    public var trainsInWindow: [Tier: Int]
    /// First and last such departure over the service day.
    public var firstDepartureSeconds: Int32?
    public var lastDepartureSeconds: Int32?
    /// The stops ridden, in order (board … alight), for drawing.
    public var path: [Coordinate]

    public var totalTrainsInWindow: Int { trainsInWindow.values.reduce(0, +) }
}

/// A commuter corridor: the core and one district, its demand, door-to-door times and the rail service on the path
/// of its median journey, with verdicts against bus-like operation and the 1-hour goal.
public struct Corridor: Sendable {
    public var districtIndex: Int
    public var district: String
    /// The district's centre: its main rail station's name, or nil for a point inside it.
    public var centreStation: String?
    public var centre: Coordinate
    public var city: String?
    public var adcode: Int?
    public var population: Double
    public var distanceKilometers: Double
    /// Share of the demand (gravity or OD file) over all districts.
    public var demandShare: Double
    /// Commuters on the corridor in the window, in its direction: the OD file's trips, or the gravity share of
    /// the total commuters.
    public var commuters: Double
    public var medianSeconds: Int32?
    public var bestSeconds: Int32?
    /// Rides of the median journey minus one; nil when the median is unreachable.
    public var changes: Int?
    /// Among the departure minutes that reach the destination, the share whose fastest journey changes trains
    /// (arrives earlier than any journey with one ride).
    public var shareNeedingChange: Double?
    public var legs: [CorridorLeg]
    /// Trains per hour on the leg with the fewest (the corridor's bottleneck), by tier; empty without rail.
    public var trainsPerHourByTier: [Tier: Double]
    public var windowMinutes: Int

    public var trainsPerHour: Double { trainsPerHourByTier.values.reduce(0, +) }
    /// Mean headway in the window on the thinnest leg, minutes; nil without a train.
    public var peakHeadwayMinutes: Double? { trainsPerHour > 0 ? 60 / trainsPerHour : nil }
}

/// Commuter corridors between a core and every district of the area (README "corridors").
public struct CorridorAnalysis: Sendable {
    public let parameters: CorridorParameters
    public let core: Place
    public let corridors: [Corridor]
    /// All districts' corridors before the top/threshold selection (for totals).
    public let consideredCount: Int
    /// "gravity" or "od".
    public let demandSource: String

    /// The zones (districts with their centres) the corridors join the core to; an OD matrix for `init` is over these.
    public static func zones(network: BuiltNetwork, parameters: CorridorParameters) -> [DemandZone] {
        DemandZoneBuilder.zones(network: network, firstDepartureSeconds: parameters.travel.firstDepartureSeconds,
                                windowMinutes: parameters.travel.windowMinutes)
    }

    /// The district the core lies in (its own, or the one whose boundary contains its point); nil outside every district.
    public static func coreDistrict(network: BuiltNetwork, core: Place) -> Int? {
        core.districtIndex ?? network.districts.indices.first { !network.districts[$0].districtIndexIsNotCore(core, $0) }
    }

    /// `od`: trips between the zones of `zones(network:parameters:)` in the window; the corridor of district i carries
    /// od[i, core district] inbound, od[core district, i] outbound (nil: gravity, P_i / d^exponent).
    public init(network: BuiltNetwork, core: Place, parameters: CorridorParameters, od: DemandMatrix? = nil) {
        self.parameters = parameters
        self.core = core
        let t = network.transit
        var travel = parameters.travel
        travel.percentiles = [50]
        let query = TravelTimeQuery(network: network, parameters: travel)
        let coreEnd = query.endpoint(for: core, role: parameters.direction == .inbound ? .destination : .origin)
        let coreResult = parameters.direction == .outbound ? query.run(from: coreEnd) : nil
        // The same search with one ride at most: a departure needs a change when its fastest journey is faster
        // than the fastest with one ride (RAPTOR's rounds: the fewest rides win a tie).
        var single = travel
        single.raptor.maxRides = min(1, travel.raptor.maxRides)
        let singleQuery = TravelTimeQuery(network: network, parameters: single)
        let singleCoreResult = parameters.direction == .outbound ? singleQuery.run(from: coreEnd) : nil
        // Gravity weights: P_i / d^exponent (the core's population is a common factor).
        var weights: [Double] = []
        // Each district's centre: its main rail station (most departures in the window inside its largest part),
        // else a point inside that part — the demand zones' rule (`DemandZoneBuilder`).
        let zones = Self.zones(network: network, parameters: parameters)
        let coreZone = Self.coreDistrict(network: network, core: core).flatMap { c in zones.firstIndex { $0.districtIndex == c } }
        demandSource = od == nil ? "gravity" : "od"
        var candidates: [(index: Int, zone: DemandZone, km: Double)] = []
        for zone in zones {
            let d = network.districts[zone.districtIndex]
            guard d.districtIndexIsNotCore(core, zone.districtIndex) else { continue }
            if let hub = core.hub, zone.station == hub { continue }
            let km = max(1, Earth.haversineMeters(zone.coordinate, core.coordinate) / 1000)
            if let od {
                let z = zones.firstIndex { $0.districtIndex == zone.districtIndex }!
                let trips = coreZone.map { parameters.direction == .inbound ? od[z, $0] : od[$0, z] } ?? 0
                guard trips > 0 else { continue }
                weights.append(trips)
            } else {
                weights.append(d.population / pow(km, parameters.gravityExponent))
            }
            candidates.append((zone.districtIndex, zone, km))
        }
        let total = weights.reduce(0, +)
        let commuters = od != nil ? total
            : parameters.totalCommuters ?? parameters.commuteRate * candidates.reduce(0) { $0 + network.districts[$1.index].population }
        var order = candidates.indices.sorted { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : candidates[$0].index < candidates[$1].index }
        order = order.filter { total > 0 && weights[$0] / total >= parameters.minDemandShare
            && commuters * weights[$0] / total >= parameters.minCommuters }
        if let top = parameters.top { order = Array(order.prefix(top)) }
        consideredCount = candidates.count

        var corridors: [Corridor] = []
        for k in order {
            let (i, zone, km) = candidates[k]
            let d = network.districts[i]
            let place = Place(id: d.name, name: zone.stationName ?? d.name, kind: zone.station == nil ? .district : .station,
                              coordinate: zone.coordinate, stops: zone.stationStops, hub: zone.station, districtIndex: i)
            let end = query.endpoint(for: place, role: parameters.direction == .inbound ? .origin : .destination)
            let (from, to) = parameters.direction == .inbound ? (end, coreEnd) : (coreEnd, end)
            let times = (coreResult ?? query.run(from: from)).travelTimesSeconds(to: to)
            let reached = times.filter { $0 != RangeRaptorResult.unreachable }
            let median = TravelTimePercentiles.percentiles(of: times, at: [50])[0]
            var journey: TravelTimeJourney?
            if median != RangeRaptorResult.unreachable, let minute = times.firstIndex(of: median) {
                journey = query.journey(from: from, to: to, minute: minute)
            }
            // Changes over the window: the reaching minutes whose fastest journey beats every one-ride journey
            // (one range run, not one search per minute).
            let oneRide = (singleCoreResult ?? singleQuery.run(from: from)).travelTimesSeconds(to: to)
            var changing = 0, counted = 0
            for m in times.indices where times[m] != RangeRaptorResult.unreachable {
                counted += 1
                if oneRide[m] > times[m] { changing += 1 }
            }
            let legs = (journey?.rides ?? []).map { Self.leg(of: $0, transit: t, parameters: travel) }
            let thinnest = legs.min { $0.totalTrainsInWindow < $1.totalTrainsInWindow }
            let hours = Double(travel.windowMinutes) / 60
            corridors.append(Corridor(
                districtIndex: i, district: d.name, centreStation: zone.stationName, centre: zone.coordinate, city: d.cityName, adcode: d.code, population: d.population,
                distanceKilometers: km, demandShare: total > 0 ? weights[k] / total : 0,
                commuters: total > 0 ? commuters * weights[k] / total : 0,
                medianSeconds: median == RangeRaptorResult.unreachable ? nil : median, bestSeconds: reached.min(),
                changes: journey.map { max(0, $0.rides.count - 1) }, shareNeedingChange: counted > 0 ? Double(changing) / Double(counted) : nil,
                legs: legs, trainsPerHourByTier: thinnest.map { $0.trainsInWindow.mapValues { Double($0) / hours } } ?? [:],
                windowMinutes: travel.windowMinutes))
        }
        self.corridors = corridors.sorted { a, b in
            let x = a.demandShare * shortfall(a), y = b.demandShare * shortfall(b)
            return x != y ? x > y : a.districtIndex < b.districtIndex
        }
        func shortfall(_ c: Corridor) -> Double { CorridorAnalysis.shortfall(c, parameters: parameters) }
    }

    /// How far a corridor is from bus-like operation and the 1-hour goal, 0 (meets both) … 1 (no service at all):
    /// the larger of 1 − busLikeHeadway / headway and 1 − budget / median.
    public static func shortfall(_ c: Corridor, parameters: CorridorParameters) -> Double {
        let frequency = c.peakHeadwayMinutes.map { max(0, 1 - parameters.busLikeHeadwayMinutes / $0) } ?? 1
        let time = c.medianSeconds.map { max(0, 1 - parameters.budgetMinutes * 60 / Double($0)) } ?? 1
        return max(frequency, time)
    }

    public func isBusLike(_ c: Corridor) -> Bool { (c.peakHeadwayMinutes ?? .infinity) <= parameters.busLikeHeadwayMinutes }
    public func meetsBudget(_ c: Corridor) -> Bool { (c.medianSeconds.map { Double($0) } ?? .infinity) <= parameters.budgetMinutes * 60 }

    /// A trunk or intercity line already carries the corridor but its service is not bus-like: a candidate for
    /// suburban trains on the existing line.
    public func isSuburbanCandidate(_ c: Corridor) -> Bool {
        !isBusLike(c) && c.legs.contains { ($0.trainsInWindow[.trunk] ?? 0) + ($0.trainsInWindow[.intercity] ?? 0) > 0 }
    }

    /// The service of one ride's station pair: every running train leaving a stop of the board stop's hub within
    /// the window (and over the day, for first and last) that calls later at a stop of the alight stop's hub.
    static func leg(of ride: Itinerary.Ride, transit t: TransitLayer, parameters: TravelTimeParameters) -> CorridorLeg {
        let boardHub = Int(t.stops.hubs[ride.boardStop.index]), alightHub = Int(t.stops.hubs[ride.alightStop.index])
        let alightStops = Set(t.hubs.stops[Int(t.hubs.stopStart[alightHub]) ..< Int(t.hubs.stopStart[alightHub + 1])].map { Int($0) })
        let windowStart = parameters.firstDepartureSeconds
        let windowEnd = windowStart + Int32(parameters.windowMinutes) * 60
        var inWindow: [Tier: Int] = [:]
        var first: Int32?, last: Int32?
        for s in t.hubs.stops[Int(t.hubs.stopStart[boardHub]) ..< Int(t.hubs.stopStart[boardHub + 1])] {
            for e in t.patternEntries(at: StopID(Int(s))) {
                let p = PatternID(Int(t.stopPatterns[e]))
                let position = Int(t.stopPatternPositions[e])
                let stops = t.stops(of: p)
                guard stops.dropFirst(position + 1).contains(where: { alightStops.contains(Int($0)) }) else { continue }
                for trip in t.trips(of: p) where t.isActive(trip: trip) {
                    let d = t.departureSeconds(trip: TripID(trip), position: position)
                    first = min(first ?? d, d); last = max(last ?? d, d)
                    if d >= windowStart && d < windowEnd { inWindow[t.tier(ofTrip: TripID(trip)), default: 0] += 1 }
                }
            }
        }
        let stops = t.stops(of: ride.pattern)
        let from = stops.firstIndex(of: UInt32(ride.boardStop.index)) ?? stops.startIndex
        let to = stops[from...].firstIndex(of: UInt32(ride.alightStop.index)) ?? stops.endIndex - 1
        return CorridorLeg(boardStation: t.hubs.names[boardHub], alightStation: t.hubs.names[alightHub], tier: ride.tier,
                           trainsInWindow: inWindow, firstDepartureSeconds: first, lastDepartureSeconds: last,
                           path: stops[from...to].map { t.coordinate(of: StopID(Int($0))) })
    }
}

private extension District {
    /// False for the district the core lies in (a corridor joins the core to other districts).
    func districtIndexIsNotCore(_ core: Place, _ index: Int) -> Bool {
        if let c = core.districtIndex { return c != index }
        return !boundary.polygons.contains { PlaceRepresentativePoint.contains($0, core.coordinate) }
    }
}
