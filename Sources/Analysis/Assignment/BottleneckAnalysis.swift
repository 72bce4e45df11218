import GeoCore
import Network
import Routing

/// Options of the bottleneck analysis.
public struct BottleneckParameters: Sendable, Equatable {
    public var assignment: AssignmentParameters
    public var capacity: SectionCapacityParameters
    /// How many sections at the top of the ranking get a criticality (default 10).
    public var criticalityCount: Int
    /// How a district's trips spread over the stations its people reach.
    public var stationChoice: StationChoiceParameters

    public init(assignment: AssignmentParameters, capacity: SectionCapacityParameters = SectionCapacityParameters(),
                criticalityCount: Int = 10, stationChoice: StationChoiceParameters = StationChoiceParameters()) {
        precondition(criticalityCount >= 0, "criticality count cannot be negative")
        self.assignment = assignment; self.capacity = capacity; self.criticalityCount = criticalityCount
        self.stationChoice = stationChoice
    }
}

/// What removing one section costs the assigned travellers.
public struct SectionCriticality: Sendable, Equatable {
    /// Σ trips × (travel time without the section − with it), hours, over trips that still have a journey.
    public var extraPassengerHours: Double
    /// Trips that had a journey and have none without the section.
    public var lostTrips: Double
    /// Trips that rode the section (all of them are rerouted or lost).
    public var affectedTrips: Double
}

/// One route section with its load against capacity.
public struct BottleneckSection: Sendable, Equatable {
    /// Index into the assignment's `SectionTable`.
    public var index: Int
    public var section: RouteSection
    public var fromStation: String
    public var toStation: String
    /// Trains leaving the section's first stop within the window, per hour.
    public var trainsPerHour: Double
    public var capacityPerHour: Double
    /// Passengers over the section during the assignment.
    public var passengers: Double
    /// passengers / window hours.
    public var loadPerHour: Double
    /// Passengers departing within the busiest 60 minutes of the window.
    public var peakHourLoad: Double
    /// loadPerHour / capacityPerHour; nil when no train leaves within the window.
    public var volumeOverCapacity: Double?
    /// 1 = most loaded against capacity.
    public var rank: Int
    /// For the top sections only.
    public var criticality: SectionCriticality?
}

/// Everything the analysis found.
public struct BottleneckResult: Sendable {
    public let parameters: BottleneckParameters
    public let zones: [DemandZone]
    public let demand: DemandMatrix
    public let assignment: AssignmentResult
    /// Per zone, the stations its trips board at, by descending share (`AssignmentEngine.originStations`).
    public let originStations: [[ZoneStation]]
    /// Per zone, the share of its people whose cells reach a station.
    public let reachingShare: [Double]
    /// What the population cells were made from.
    public let populationLabel: String
    /// How the demand was sized, said after the demand in the summary (e.g. "gravity scaled to --commute-rate 0.1 ×
    /// the served population: an assumption, docs/MODEL.md").
    public var demandNote: String?
    /// Sections with a train in the window or a passenger, ranked (v/c descending, sections without capacity
    /// after, then by load).
    public let sections: [BottleneckSection]
}

/// Demand between districts assigned over a morning window to fastest journeys, section loads against
/// timetable capacity, and criticality of the most loaded sections.
///
/// - Capacity per section = trains per hour × passengers per train of the section's tier.
/// - Criticality of a section: the section is removed by cutting the patterns there
///   (`BottleneckSectionRemoval`), travel times are recomputed for the origin groups whose journeys rode it, and the
///   extra passenger-hours of the same demand are summed (a shorter time counts as none); trips left without any
///   journey are counted apart.
public struct BottleneckAnalysis: Sendable {
    public let network: BuiltNetwork
    public let parameters: BottleneckParameters
    public let engine: AssignmentEngine

    /// `population`: where the districts' people live (the `rings` surface); nil: the district populations spread
    /// uniformly (`UniformDistrictPopulation` in the network's metric CRS), or, should that fail, one point per
    /// district (its `DemandZone.coordinate`).
    public init(network: BuiltNetwork, parameters: BottleneckParameters, population: PopulationSurface? = nil) {
        self.network = network
        self.parameters = parameters
        let a = parameters.assignment
        let zones = DemandZoneBuilder.zones(network: network, firstDepartureSeconds: a.firstDepartureSeconds,
                                            windowMinutes: a.windowMinutes)
        let surface = population ?? (try? UniformDistrictPopulation().surface(
            network: network, crs: network.metricCRS(near: zones.first?.coordinate)))
        populationLabel = surface?.label ?? "district points"
        engine = AssignmentEngine(network: network, zones: zones, parameters: a, cells: surface?.cells,
                                  choice: parameters.stationChoice)
    }

    /// What the access points were made from ("district-uniform", "grid pop.asc").
    public let populationLabel: String

    public var zones: [DemandZone] { engine.zones }

    /// Gravity demand on the median travel times between zones over the window (each zone's time the mean over its
    /// stations by share).
    public func gravityDemand(_ gravity: GravityParameters) -> DemandMatrix {
        GravityModel.demand(populations: zones.map(\.population), travelTimesMinutes: engine.medianTravelTimesMinutes(),
                            parameters: gravity)
    }

    public func demand(odFile path: String) throws -> DemandMatrix { try DemandODFile.read(path: path, zones: zones) }

    public func run(demand: DemandMatrix) -> BottleneckResult {
        let transit = network.transit
        let a = parameters.assignment
        let assignment = engine.assign(demand)
        let table = engine.sections
        let trains = table.trainsInWindow(transit: transit, firstDepartureSeconds: a.firstDepartureSeconds,
                                          windowMinutes: a.windowMinutes)
        var rows: [BottleneckSection] = []
        for s in 0..<table.count where trains[s] > 0 || assignment.sectionPassengers[s] > 0 {
            let section = table.sections[s]
            let tph = Double(trains[s]) / a.windowHours
            let capacity = tph * parameters.capacity.perTrain(section.tier)
            let load = assignment.sectionPassengers[s] / a.windowHours
            rows.append(BottleneckSection(
                index: s, section: section, fromStation: transit.stops.names[section.from.index],
                toStation: transit.stops.names[section.to.index], trainsPerHour: tph, capacityPerHour: capacity,
                passengers: assignment.sectionPassengers[s], loadPerHour: load,
                peakHourLoad: assignment.sectionPeakHourPassengers[s],
                volumeOverCapacity: capacity > 0 ? load / capacity : nil, rank: 0, criticality: nil))
        }
        rows.sort { x, y in
            switch (x.volumeOverCapacity, y.volumeOverCapacity) {
            case let (vx?, vy?) where vx != vy: return vx > vy
            case (.some, nil): return true
            case (nil, .some): return false
            default: return x.loadPerHour != y.loadPerHour ? x.loadPerHour > y.loadPerHour : x.index < y.index
            }
        }
        for k in rows.indices { rows[k].rank = k + 1 }
        for k in rows.indices.prefix(parameters.criticalityCount) where rows[k].passengers > 0 {
            rows[k].criticality = criticality(of: rows[k].index, demand: demand, assignment: assignment)
        }
        return BottleneckResult(parameters: parameters, zones: zones, demand: demand, assignment: assignment,
                                originStations: engine.originStations, reachingShare: engine.reachingShare,
                                populationLabel: populationLabel, sections: rows)
    }

    /// Extra passenger-hours and lost trips when section `s` is cut out of the network.
    public func criticality(of s: Int, demand: DemandMatrix, assignment: AssignmentResult) -> SectionCriticality {
        let n = zones.count, w = parameters.assignment.windowMinutes
        let cut = BottleneckSectionRemoval.transit(network.transit, cuttingHops: Set(engine.sections.hops(of: s)))
        let groups = assignment.sectionGroups[s]
        let times = engine.travelTimes(transit: cut, groups: groups)
        var extraSeconds = 0.0, lost = 0.0
        for g in groups {
            let (o, share, _) = engine.group(g)
            for d in 0..<n where demand[o, d] > 0 {
                let perMinute = demand[o, d] * share / Double(w)
                for m in 0..<w {
                    let k = (g * n + d) * w + m
                    let before = assignment.travelTimesSeconds[k]
                    guard before != RangeRaptorResult.unreachable else { continue }
                    let after = times[k]
                    // A cut never speeds a trip up: a shorter mean comes only from a destination station's share
                    // moving to a faster station of the same district, so it counts as no change.
                    if after == RangeRaptorResult.unreachable { lost += perMinute } else {
                        extraSeconds += perMinute * Double(max(0, after - before))
                    }
                }
            }
        }
        return SectionCriticality(extraPassengerHours: extraSeconds / 3600, lostTrips: lost,
                                  affectedTrips: assignment.sectionPassengers[s])
    }
}
