import Dispatch
import Foundation
import GeoCore
import GeoGEOS
import GeoPROJ
import Network
import Routing
import Synchronization

/// Options of the commute-rings analysis.
public struct RingParameters: Sendable, Equatable {
    /// The commute budget, minutes (default 60): the "1-hour circle" is the districts within it.
    public var budgetMinutes: Double
    /// Representative points per district (`RingDistrictShape.representativePoints`), default 9.
    public var pointsPerDistrict: Int
    /// Departure window (e.g. 07:00 + 120 min), walking and RAPTOR rules. Percentiles are not used: a district's
    /// time is always the median.
    public var travel: TravelTimeParameters
    /// Stations inside the district added as further points (0 = grid points only), default 9.
    public var stationPointsPerDistrict: Int
    /// Parallel range-RAPTOR workers (each with its own `TravelTimeQuery`), default: the active processors.
    public var workerCount: Int
    /// `transit` (default), or `drive`/`walk`: one inward `SingleModeSearch` from the core gives every point's
    /// time (no departure window; a district's time is the median over its points).
    public var mode: TravelMode
    /// Driving and walking: `SingleModeParameters.connectorMaxMeters`.
    public var connectorMaxMeters: Double

    public init(budgetMinutes: Double = 60, pointsPerDistrict: Int = 9, stationPointsPerDistrict: Int = 9,
                travel: TravelTimeParameters, workerCount: Int? = nil, mode: TravelMode = .transit,
                connectorMaxMeters: Double = SingleModeParameters.defaultConnectorMaxMeters) {
        precondition(budgetMinutes > 0, "budget must be positive")
        precondition(pointsPerDistrict >= 1, "at least one point per district")
        precondition(stationPointsPerDistrict >= 0, "station points cannot be negative")
        self.budgetMinutes = budgetMinutes
        self.pointsPerDistrict = pointsPerDistrict
        self.stationPointsPerDistrict = stationPointsPerDistrict
        self.travel = travel
        self.workerCount = max(1, workerCount ?? ProcessInfo.activeProcessorCountOrOne)
        self.mode = mode
        self.connectorMaxMeters = connectorMaxMeters
    }

    /// Upper bounds of the classes within the budget: budget/2, 3·budget/4, budget (30, 45, 60 for 60).
    public var classUpperBoundsMinutes: [Double] { [budgetMinutes / 2, budgetMinutes * 3 / 4, budgetMinutes] }

    /// "≤30", "≤45", "≤60", ">60" for a 60-minute budget.
    public var classLabels: [String] {
        classUpperBoundsMinutes.map { "≤" + RingParameters.minutesLabel($0) } + [">" + RingParameters.minutesLabel(budgetMinutes)]
    }

    static func minutesLabel(_ v: Double) -> String {
        v.rounded() == v ? String(Int(v)) : String(format: "%.1f", v)
    }
}

/// One district's result.
public struct RingDistrict: Sendable, Equatable {
    /// Index into `BuiltNetwork.districts`.
    public var index: Int
    public var name: String
    public var cityName: String?
    public var population: Double
    /// Main parts only (see `RingDistrictShape`).
    public var boundary: MultiPolygon
    public var droppedPartCount: Int
    /// Area of the main parts in the metric CRS, km².
    public var areaSquareKilometers: Double
    /// Grid points first, then station points (`stationPointCount` of them, at their station's main stop).
    public var points: [Coordinate]
    public var stationPointCount: Int
    /// Per point, the median over the window (nil = never reaches the core).
    public var pointMedianSeconds: [Int32?]
    /// Median over all (point, minute) pairs, points weighted equally; nil when unreachable.
    public var medianSeconds: Int32?
    /// Index into `RingParameters.classLabels`.
    public var classIndex: Int
    /// The best point's journey at a minute taking its median time, e.g. "walk → C2205 (intercity) → walk".
    public var itinerary: String
}

/// Totals of one class.
public struct RingClassSummary: Sendable, Equatable {
    public var label: String
    public var districtCount: Int
    public var population: Double
    public var areaSquareKilometers: Double
    public var populationShare: Double
    public var areaShare: Double
}

/// Commute rings ("1-hour commute circle"): for every district, the median travel time from the district to a
/// core over a morning window, commuting inward.
///
/// Each district is represented by up to `pointsPerDistrict` points on a grid inside its main parts (area-uniform;
/// see `RingDistrictShape`) and, unless `stationPointsPerDistrict` is 0, by up to that many of the rail and metro
/// stations inside it (evenly chosen in hub order; a station point starts on its station's stops without walking).
/// All points weigh the same. Station points stand for the residents who live by a station: in dense districts
/// many do, in rural ones the grid points dominate (there are few stations); without a population raster this
/// weighting is an assumption, not data. From each point one range-RAPTOR runs over the window
/// (access walk, rides, egress walk to the core, or the direct walk); the district's time is the median of all
/// (point, minute) travel times, unreachable counting as infinitely long. Districts are classed by budget/2,
/// 3·budget/4 and budget. Points are processed in parallel, one `TravelTimeQuery` per worker.
///
/// With `RingParameters.mode` `drive` (or `walk`) the same points travel by car (on foot) instead: one inward
/// `SingleModeSearch` from the core (driving: Dijkstra on the reversed road graph) gives every point's
/// door-to-door time; there is no departure window, so a district's time is the median over its points.
public struct RingAnalysis: Sendable {
    public let parameters: RingParameters
    public let core: Place
    public let crs: String
    public let districts: [RingDistrict]

    public init(network: BuiltNetwork, core: Place, parameters: RingParameters, crs: String) throws {
        self.parameters = parameters
        self.core = core
        self.crs = crs
        let travel = parameters.travel

        // Shapes and points.
        var shapes: [(main: RingDistrictShape.MainParts, points: [Coordinate], stations: Int)] = []
        var work: [(coordinate: Coordinate, stops: [StopID])] = []
        for d in network.districts {
            let main = RingDistrictShape.mainParts(of: d.boundary)
            let grid = RingDistrictShape.representativePoints(of: d.boundary, count: parameters.pointsPerDistrict)
            let stations = Self.stationPoints(in: main.boundary, network: network, count: parameters.stationPointsPerDistrict)
            shapes.append((main, grid + stations.map(\.coordinate), stations.count))
            work += grid.map { ($0, []) } + stations
        }

        // Travel times: transit in parallel, driving and walking by one search from the core.
        let coreCoordinate = core.coordinate, coreStops = core.stops
        var singleModeTrips: [SingleModeTrip?] = []
        let times: [[Int32]]
        if parameters.mode != .transit {
            let search = try SingleModeSearch(
                network: network, mode: parameters.mode,
                parameters: SingleModeParameters(access: travel.access, connectorMaxMeters: parameters.connectorMaxMeters),
                direction: .inward)
            search.run(from: search.sourceEnd(at: coreCoordinate))
            singleModeTrips = work.map { search.trip(to: search.targetEnd(at: $0.coordinate)) }
            times = singleModeTrips.map { [$0?.totalSeconds ?? RangeRaptorResult.unreachable] }
        } else {
            times = Self.transitTimes(network: network, work: work, coreCoordinate: coreCoordinate, coreStops: coreStops,
                                      parameters: parameters)
        }

        // Reduction, itineraries and areas.
        let query: TravelTimeQuery? = parameters.mode == .transit ? TravelTimeQuery(network: network, parameters: travel) : nil
        let destination = query?.endpoint(at: coreCoordinate, stationStops: coreStops)
        let transformer = try Transformer(from: "EPSG:4326", to: crs)
        let geos = GEOSContext()
        let bounds = parameters.classUpperBoundsMinutes
        var out: [RingDistrict] = []
        var cursor = 0
        for (i, d) in network.districts.enumerated() {
            let (main, points, stationCount) = shapes[i]
            let own = Array(times[cursor ..< cursor + points.count])
            let firstTask = cursor
            cursor += points.count
            let pooled = own.flatMap { $0 }
            let median = pooled.isEmpty ? nil : Self.optional(TravelTimePercentiles.percentiles(of: pooled, at: [50])[0])
            let pointMedians = own.map { Self.optional(TravelTimePercentiles.percentiles(of: $0, at: [50])[0]) }
            var classIndex = bounds.count
            if let median { classIndex = bounds.firstIndex { Double(median) <= $0 * 60 } ?? bounds.count }
            var itinerary = ""
            if median != nil, let best = pointMedians.indices.filter({ pointMedians[$0] != nil })
                .min(by: { pointMedians[$0]! < pointMedians[$1]! }),
               let minute = own[best].firstIndex(of: pointMedians[best]!) {
                if let query, let destination {
                    let origin = query.endpoint(at: work[firstTask + best].coordinate, stationStops: work[firstTask + best].stops)
                    if let journey = query.journey(from: origin, to: destination, minute: minute) {
                        itinerary = Self.summary(of: journey, transit: network.transit)
                    }
                } else if let trip = singleModeTrips[firstTask + best] {
                    itinerary = Self.summary(of: trip, mode: parameters.mode)
                }
            }
            let area = main.boundary.polygons.isEmpty ? 0
                : try geos.area(of: transformer.transform(Geometry.multiPolygon(main.boundary))) / 1e6
            out.append(RingDistrict(index: i, name: d.name, cityName: d.cityName, population: d.population,
                                    boundary: main.boundary, droppedPartCount: main.droppedPartCount,
                                    areaSquareKilometers: area, points: points, stationPointCount: stationCount,
                                    pointMedianSeconds: pointMedians,
                                    medianSeconds: median, classIndex: classIndex, itinerary: itinerary))
        }
        districts = out
    }

    /// Per work point, the travel time to the core for every departure minute (range-RAPTOR, in parallel).
    private static func transitTimes(network: BuiltNetwork, work: [(coordinate: Coordinate, stops: [StopID])],
                                     coreCoordinate: Coordinate, coreStops: [StopID],
                                     parameters: RingParameters) -> [[Int32]] {
        let travel = parameters.travel
        let minutes = travel.windowMinutes
        let tasks = work
        let results = Mutex([[Int32]](repeating: [], count: work.count))
        let workers = min(parameters.workerCount, max(1, work.count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let query = TravelTimeQuery(network: network, parameters: travel)
            let destination = query.endpoint(at: coreCoordinate, stationStops: coreStops)
            var local: [(Int, [Int32])] = []
            var k = w
            while k < tasks.count {
                let origin = query.endpoint(at: tasks[k].coordinate, stationStops: tasks[k].stops)
                if origin.stops.isEmpty {
                    let walk = origin.reach.walkSeconds(to: destination.point) ?? RangeRaptorResult.unreachable
                    local.append((k, [Int32](repeating: walk, count: minutes)))
                } else {
                    local.append((k, query.run(from: origin).travelTimesSeconds(to: destination)))
                }
                k += workers
            }
            results.withLock { all in for (k, times) in local { all[k] = times } }
        }
        return results.withLock { $0 }
    }

    /// Up to `count` stations (hubs) whose main stop lies inside `boundary`, evenly chosen in hub order: the
    /// main stop's position and all the hub's stops.
    static func stationPoints(in boundary: MultiPolygon, network: BuiltNetwork, count: Int) -> [(coordinate: Coordinate, stops: [StopID])] {
        guard count > 0, let box = BoundingBox(covering: boundary.polygons.flatMap(\.shell.coordinates)) else { return [] }
        let t = network.transit
        var found: [(coordinate: Coordinate, stops: [StopID])] = []
        for h in 0..<t.hubs.count {
            let members = (Int(t.hubs.stopStart[h]) ..< Int(t.hubs.stopStart[h + 1])).map { StopID(Int(t.hubs.stops[$0])) }
            guard let main = members.min() else { continue }
            let c = t.coordinate(of: main)
            guard box.contains(c), boundary.polygons.contains(where: { PlaceRepresentativePoint.contains($0, c) }) else { continue }
            found.append((c, members.sorted()))
        }
        if found.count > count { found = (0..<count).map { found[(2 * $0 + 1) * found.count / (2 * count)] } }
        return found
    }

    /// "drive", "walk → drive → walk" (connector walks of at least 1 m shown) or "walk".
    public static func summary(of trip: SingleModeTrip, mode: TravelMode) -> String {
        if trip.isDirectWalk || mode == .walk { return "walk" }
        var parts = [mode.rawValue]
        if trip.originConnectorMeters >= 1 { parts.insert("walk", at: 0) }
        if trip.destinationConnectorMeters >= 1 { parts.append("walk") }
        return parts.joined(separator: " → ")
    }

    private static func optional(_ t: Int32) -> Int32? { t == RangeRaptorResult.unreachable ? nil : t }

    /// "walk → C2205 (intercity) → walk": walks (consecutive ones merged) and rides with their tier; waits left out.
    public static func summary(of journey: TravelTimeJourney, transit: TransitLayer) -> String {
        var parts: [String] = []
        for leg in journey.legs {
            switch leg {
            case .walk:
                if parts.last != "walk" { parts.append("walk") }
            case .wait:
                continue
            case .ride(let r):
                let route = Int(transit.trips.routes[r.trip.index])
                let name = r.tripName.isEmpty ? transit.routes.shortNames[route] : r.tripName
                parts.append("\(name.isEmpty ? r.trip.description : name) (\(r.tier.rawValue))")
            }
        }
        return parts.joined(separator: " → ")
    }

    // MARK: Summaries

    public func classSummary() -> [RingClassSummary] {
        let labels = parameters.classLabels
        let totalPopulation = districts.reduce(0) { $0 + $1.population }
        let totalArea = districts.reduce(0) { $0 + $1.areaSquareKilometers }
        return labels.indices.map { k in
            let members = districts.filter { $0.classIndex == k }
            let population = members.reduce(0) { $0 + $1.population }
            let area = members.reduce(0) { $0 + $1.areaSquareKilometers }
            return RingClassSummary(label: labels[k], districtCount: members.count, population: population,
                                    areaSquareKilometers: area,
                                    populationShare: totalPopulation > 0 ? population / totalPopulation : 0,
                                    areaShare: totalArea > 0 ? area / totalArea : 0)
        }
    }

    /// Districts within the budget (every class but the last).
    public var circleDistricts: [RingDistrict] { districts.filter { $0.classIndex < parameters.classUpperBoundsMinutes.count } }
}

extension ProcessInfo {
    static var activeProcessorCountOrOne: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
