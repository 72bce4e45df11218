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
    /// The commute budget, minutes (default 60): the "1-hour circle".
    public var budgetMinutes: Double
    /// Departure window (e.g. 07:00 + 120 min), walking/RAPTOR rules, the longest trip and the percentile over
    /// the window that decides each cell (the first of `travel.percentiles`, default 50).
    public var travel: TravelTimeParameters
    /// A district is in the circle when at least this share of its population reaches the core within the
    /// budget (default 0.5, `--min-share`).
    public var minShare: Double
    /// Inbound (to the core, the morning commute; default) or outbound (the evening return from it).
    public var direction: CommuteDirection
    /// Parallel workers, default: the active processors.
    public var threads: Int
    /// `transit` (default), or `drive`/`walk`: one inward `SingleModeSearch` from the core gives every cell's
    /// time (no departure window).
    public var mode: TravelMode
    /// Driving and walking: `SingleModeParameters.connectorMaxMeters`.
    public var connectorMaxMeters: Double

    public init(budgetMinutes: Double = 60, travel: TravelTimeParameters, minShare: Double = 0.5,
                direction: CommuteDirection = .inbound, threads: Int? = nil, mode: TravelMode = .transit,
                connectorMaxMeters: Double = SingleModeParameters.defaultConnectorMaxMeters) {
        precondition(budgetMinutes > 0, "budget must be positive")
        precondition(minShare > 0 && minShare <= 1, "the minimum share is within (0, 1]")
        self.budgetMinutes = budgetMinutes
        self.travel = travel
        self.minShare = minShare
        self.direction = direction
        self.threads = max(1, threads ?? ProcessInfo.activeProcessorCountOrOne)
        self.mode = mode
        self.connectorMaxMeters = connectorMaxMeters
    }

    /// The percentile over the window that decides a cell's time.
    public var percentile: Double { travel.percentiles.first ?? 50 }

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
    /// Administrative code (adcode), when the boundaries carry it.
    public var code: Int?
    /// The district's census population.
    public var population: Double
    /// Main parts only (see `RingDistrictShape`).
    public var boundary: MultiPolygon
    public var droppedPartCount: Int
    /// Area of the main parts in the metric CRS, km².
    public var areaSquareKilometers: Double
    /// Population cells of the district (`PopulationSurface`).
    public var cellCount: Int
    /// Cells whose time (the chosen percentile over the window) is within the budget.
    public var cellsWithinBudget: Int
    /// Share of the district's population in cells within the budget (0…1).
    public var shareWithinBudget: Double
    /// `shareWithinBudget` × the census population.
    public var populationWithinBudget: Double
    /// `shareWithinBudget ≥ minShare`.
    public var inCircle: Bool
    /// Population-weighted median of the cells' times, unreachable cells counting as infinitely long; nil when
    /// fewer than half the people reach the core at all.
    public var medianSeconds: Int32?
    /// Population-weighted median time of the people within the budget; nil when none is.
    public var medianWithinBudgetSeconds: Int32?
    /// Index into `RingParameters.classLabels`: the band of `medianSeconds` (unchanged meaning since 0.1).
    public var classIndex: Int
    /// The best cell's journey at a minute taking its time, e.g. "walk → C2205 (intercity) → walk".
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

/// Commute rings ("1-hour commute circle"): for every district, how much of its population reaches the core
/// within the budget, commuting inward over a morning window (or outward in the evening).
///
/// People live in the cells of a `PopulationSurface` (at most 1 km, at least 25 per district; district-uniform
/// or from a raster). Each cell's door-to-door times to the core over the window come from `CommuteTimes`
/// (transit) or one `SingleModeSearch` (drive/walk), trips longer than the maximum counting as unreachable; the
/// cell's time is the chosen percentile over the window (median by default). A district's share within the
/// budget is the population of its cells within it over the district's cell population; the district is in
/// the circle when that share is at least `minShare`. Its time (and class) is the population-weighted median of
/// its cells' times. The circle is the union of the districts in it.
public struct RingAnalysis: Sendable {
    public let parameters: RingParameters
    public let core: Place
    public let crs: String
    public let districts: [RingDistrict]
    /// What the population cells were made from.
    public let populationLabel: String
    /// The population cells and each one's time (the chosen percentile over the window;
    /// `RangeRaptorResult.unreachable` where the core is not reached within the longest trip).
    public let cells: [PopulationCell]
    public let cellSeconds: [Int32]

    /// All parts given (`reclassified`).
    init(parameters: RingParameters, core: Place, crs: String, populationLabel: String, cells: [PopulationCell],
         cellSeconds: [Int32], districts: [RingDistrict]) {
        self.parameters = parameters; self.core = core; self.crs = crs; self.populationLabel = populationLabel
        self.cells = cells; self.cellSeconds = cellSeconds; self.districts = districts
    }

    public init(network: BuiltNetwork, core: Place, parameters: RingParameters, population: PopulationSurface,
                crs: String) throws {
        self.parameters = parameters
        self.core = core
        self.crs = crs
        populationLabel = population.label
        let travel = parameters.travel
        let cells = population.cells
        let points = cells.map(\.coordinate)

        // Travel times per cell: transit over the window, or one search from the core.
        var singleModeTrips: [SingleModeTrip?] = []
        let times: [[Int32]]
        if parameters.mode != .transit {
            let search = try SingleModeSearch(
                network: network, mode: parameters.mode,
                parameters: SingleModeParameters(access: travel.access, connectorMaxMeters: parameters.connectorMaxMeters),
                direction: parameters.direction == .inbound ? .inward : .outward)
            search.run(from: search.sourceEnd(at: core.coordinate))
            singleModeTrips = points.map { search.trip(to: search.targetEnd(at: $0)) }
            times = singleModeTrips.map { travel.capped([$0?.totalSeconds ?? RangeRaptorResult.unreachable]) }
        } else {
            times = CommuteTimes.transit(network: network, core: core, points: points, travel: travel,
                                         direction: parameters.direction, threads: parameters.threads)
        }
        let percentile = parameters.percentile
        let cellTimes = times.map { TravelTimePercentiles.percentiles(of: $0, at: [percentile])[0] }
        self.cells = cells
        cellSeconds = cellTimes

        // Reduction per district.
        let query: TravelTimeQuery? = parameters.mode == .transit ? TravelTimeQuery(network: network, parameters: travel) : nil
        let coreEnd = query?.endpoint(at: core.coordinate, stationStops: core.stops,
                                      role: parameters.direction == .inbound ? .destination : .origin)
        let transformer = try Transformer(from: "EPSG:4326", to: crs)
        let geos = GEOSContext()
        let bounds = parameters.classUpperBoundsMinutes
        let budgetSeconds = Int32((parameters.budgetMinutes * 60).rounded())
        let byDistrict = population.cellIndicesByDistrict(count: network.districts.count)
        var out: [RingDistrict] = []
        for (i, d) in network.districts.enumerated() {
            let main = RingDistrictShape.mainParts(of: d.boundary)
            let own = byDistrict[i]
            let weights = own.map { cells[$0].population }
            let ownTimes = own.map { cellTimes[$0] }
            let total = weights.reduce(0, +)
            var within = 0.0, cellsWithin = 0
            for (k, t) in ownTimes.enumerated() where t <= budgetSeconds { within += weights[k]; cellsWithin += 1 }
            let share = total > 0 ? within / total : 0
            let median = Self.weightedMedian(ownTimes, weights: weights)
            let withinIndices = ownTimes.indices.filter { ownTimes[$0] <= budgetSeconds }
            let medianWithin = Self.weightedMedian(withinIndices.map { ownTimes[$0] }, weights: withinIndices.map { weights[$0] })
            var classIndex = bounds.count
            if let median { classIndex = bounds.firstIndex { Double(median) <= $0 * 60 } ?? bounds.count }
            var itinerary = ""
            if let best = own.indices.filter({ ownTimes[$0] != RangeRaptorResult.unreachable }).min(by: { ownTimes[$0] < ownTimes[$1] }),
               let minute = times[own[best]].firstIndex(of: ownTimes[best]) {
                let cell = own[best]
                if let query, let coreEnd {
                    let point = query.endpoint(at: points[cell], role: parameters.direction == .inbound ? .origin : .destination)
                    let journey = parameters.direction == .inbound
                        ? query.journey(from: point, to: coreEnd, minute: minute)
                        : query.journey(from: coreEnd, to: point, minute: minute)
                    if let journey { itinerary = Self.summary(of: journey, transit: network.transit) }
                } else if let trip = singleModeTrips[cell] {
                    itinerary = Self.summary(of: trip, mode: parameters.mode)
                }
            }
            let area = main.boundary.polygons.isEmpty ? 0
                : try geos.area(of: transformer.transform(Geometry.multiPolygon(main.boundary))) / 1e6
            out.append(RingDistrict(index: i, name: d.name, cityName: d.cityName, code: d.code, population: d.population,
                                    boundary: main.boundary, droppedPartCount: main.droppedPartCount,
                                    areaSquareKilometers: area, cellCount: own.count, cellsWithinBudget: cellsWithin,
                                    shareWithinBudget: share, populationWithinBudget: share * d.population,
                                    inCircle: share >= parameters.minShare && share > 0,
                                    medianSeconds: median, medianWithinBudgetSeconds: medianWithin,
                                    classIndex: classIndex, itinerary: itinerary))
        }
        districts = out
    }

    /// The smallest time t such that the cells with times ≤ t hold at least half the weight (unreachable
    /// cells counting as infinitely long); nil when that is unreachable or there is no weight.
    static func weightedMedian(_ times: [Int32], weights: [Double]) -> Int32? {
        let total = weights.reduce(0, +)
        guard total > 0 else { return nil }
        let order = times.indices.sorted { times[$0] < times[$1] || (times[$0] == times[$1] && $0 < $1) }
        var cumulative = 0.0
        for k in order {
            cumulative += weights[k]
            if cumulative >= total / 2 { return times[k] == RangeRaptorResult.unreachable ? nil : times[k] }
        }
        return nil
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

    /// "e-bike → C2205 (intercity) → walk": walks (consecutive ones merged), feeder legs by mode and rides with
    /// their tier; waits left out.
    public static func summary(of journey: TravelTimeJourney, transit: TransitLayer) -> String {
        var parts: [String] = []
        for leg in journey.legs {
            switch leg {
            case .walk:
                if parts.last != "walk" { parts.append("walk") }
            case .feeder(let f):
                parts.append(f.mode.rawValue)
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

    /// Districts in the circle: at least `minShare` of their population within the budget.
    public var circleDistricts: [RingDistrict] { districts.filter(\.inCircle) }

    /// People within the budget over all districts (in the circle or not).
    public var populationWithinBudget: Double { districts.reduce(0) { $0 + $1.populationWithinBudget } }
}

extension ProcessInfo {
    static var activeProcessorCountOrOne: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
