import GeoCore
import Network

/// How a traveller reaches the first station (access) or leaves the last one (egress): R5's access modes,
/// with a Chinese commuter's e-bike and bus feeder. Modes never chain within one leg; for each stop the fastest
/// allowed mode counts.
public enum AccessMode: String, Sendable, Equatable, Hashable, CaseIterable, Codable, Comparable {
    case walk
    case bicycle
    case ebike = "e-bike"
    /// A feeder bus: walk to the bus stop, wait, ride (no bus timetable: a frequency-based estimate).
    case bus
    /// Park-and-ride or drop-off: access only.
    case car

    public static func < (a: AccessMode, b: AccessMode) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Modes that can end a journey (no car at the work end).
    public var servesEgress: Bool { self != .car }
}

/// One access mode's speed, detour, limit and fixed costs. Times: fixed + crow-fly × detour / speed (or the
/// distance on the street graph / speed where the mode uses it), allowed while the whole leg takes at most
/// `maxSeconds`.
public struct AccessModeParameters: Sendable, Equatable, Codable {
    public var speedMetersPerSecond: Double
    /// Crow-fly → travelled distance factor where no graph is used.
    public var detourFactor: Double
    /// Longest leg in this mode, fixed costs included, seconds.
    public var maxSeconds: Int32
    /// Fixed cost of the leg: unlocking and parking a bicycle, searching for parking, seconds.
    public var penaltySeconds: Int32
    /// Bus only: the walk to the bus stop, crow-fly metres (walked at the walking speed × its detour).
    public var walkToVehicleMeters: Double
    /// Bus only: the headway, of which half is waited, seconds.
    public var headwaySeconds: Int32
    /// Whether the leg travels on the network's street graph where there is one (walk, bicycle, e-bike).
    public var usesStreets: Bool

    public init(speedMetersPerSecond: Double, detourFactor: Double, maxSeconds: Int32, penaltySeconds: Int32 = 0,
                walkToVehicleMeters: Double = 0, headwaySeconds: Int32 = 0, usesStreets: Bool = false) {
        self.speedMetersPerSecond = speedMetersPerSecond; self.detourFactor = detourFactor
        self.maxSeconds = maxSeconds; self.penaltySeconds = penaltySeconds
        self.walkToVehicleMeters = walkToVehicleMeters; self.headwaySeconds = headwaySeconds
        self.usesStreets = usesStreets
    }

    /// A problem with these values, named after `mode`; nil when they are usable.
    public func problem(mode: AccessMode) -> String? {
        if !(0.1...100).contains(speedMetersPerSecond) { return "\(mode.rawValue) speed \(speedMetersPerSecond) m/s is not within 0.1…100" }
        if !(1...10).contains(detourFactor) { return "\(mode.rawValue) detour factor \(detourFactor) is not within 1…10" }
        if !(1...14_400).contains(maxSeconds) { return "\(mode.rawValue) longest leg \(maxSeconds) s is not within 1 s…4 h" }
        if !(0...7_200).contains(penaltySeconds) { return "\(mode.rawValue) fixed time \(penaltySeconds) s is not within 0…7200 s" }
        if !(0...5_000).contains(walkToVehicleMeters) { return "\(mode.rawValue) walk to the stop \(walkToVehicleMeters) m is not within 0…5000" }
        if !(0...7_200).contains(headwaySeconds) { return "\(mode.rawValue) headway \(headwaySeconds) s is not within 0…7200 s" }
        return nil
    }
}

/// Named access/egress rules: which modes at each end and each mode's parameters. `commuter` is the default of
/// every command that routes; `rail-walk` is the model before 0.2.0 (rail + a walk of at most 1.2 km).
/// Defaults and their sources: docs/MODEL.md.
public struct AccessProfile: Sendable, Equatable, Codable {
    public var name: String
    public var access: [AccessMode]
    public var egress: [AccessMode]
    /// Walking: the network's walking speed and detour (`AccessParameters.walk`), at most `walkMaxRadiusMeters`
    /// crow-fly (the rail-walk model's 1,200 m).
    public var walkMaxRadiusMeters: Double
    public var bicycle: AccessModeParameters
    public var ebike: AccessModeParameters
    public var bus: AccessModeParameters
    public var car: AccessModeParameters

    public static let defaultBicycle = AccessModeParameters(speedMetersPerSecond: 4.1, detourFactor: 1.25, maxSeconds: 15 * 60,
                                                            penaltySeconds: 120, usesStreets: true)
    public static let defaultEbike = AccessModeParameters(speedMetersPerSecond: 20 / 3.6, detourFactor: 1.25, maxSeconds: 20 * 60,
                                                          penaltySeconds: 120, usesStreets: true)
    public static let defaultBus = AccessModeParameters(speedMetersPerSecond: 15 / 3.6, detourFactor: 1.3, maxSeconds: 45 * 60,
                                                        walkToVehicleMeters: 300, headwaySeconds: 600)
    public static let defaultCar = AccessModeParameters(speedMetersPerSecond: 30 / 3.6, detourFactor: 1.3, maxSeconds: 20 * 60,
                                                        penaltySeconds: 300)

    public init(name: String, access: [AccessMode], egress: [AccessMode],
                walkMaxRadiusMeters: Double = AccessParameters.defaultMaxRadiusMeters,
                bicycle: AccessModeParameters = AccessProfile.defaultBicycle, ebike: AccessModeParameters = AccessProfile.defaultEbike,
                bus: AccessModeParameters = AccessProfile.defaultBus, car: AccessModeParameters = AccessProfile.defaultCar) {
        self.name = name
        self.access = Array(Set(access)).sorted()
        self.egress = Array(Set(egress.filter(\.servesEgress))).sorted()
        self.walkMaxRadiusMeters = walkMaxRadiusMeters
        self.bicycle = bicycle; self.ebike = ebike; self.bus = bus; self.car = car
    }

    /// Door to door: walk, bicycle, e-bike or a feeder bus to the station, and walk, (shared) bicycle or bus at
    /// the work end. Car access is left to `--access` (park-and-ride is rare at Chinese rail stations).
    public static let commuter = AccessProfile(name: "commuter", access: [.walk, .bicycle, .ebike, .bus],
                                               egress: [.walk, .bicycle, .bus])
    /// The model before 0.2.0: rail plus a walk of at most 1.2 km at both ends.
    public static let railWalk = AccessProfile(name: "rail-walk", access: [.walk], egress: [.walk])

    public static let named: [String: AccessProfile] = ["commuter": commuter, "rail-walk": railWalk]

    public func parameters(of mode: AccessMode) -> AccessModeParameters? {
        switch mode {
        case .walk: return nil
        case .bicycle: return bicycle
        case .ebike: return ebike
        case .bus: return bus
        case .car: return car
        }
    }

    /// The first problem with the profile's values, nil when usable.
    public var problem: String? {
        if access.isEmpty { return "the profile allows no access mode" }
        if egress.isEmpty { return "the profile allows no egress mode" }
        if !(0...20_000).contains(walkMaxRadiusMeters) { return "walk radius \(walkMaxRadiusMeters) m is not within 0…20000" }
        for mode in AccessMode.allCases { if let p = parameters(of: mode)?.problem(mode: mode) { return p } }
        return nil
    }

    /// "commuter (access walk+bicycle+e-bike+bus, egress walk+bicycle+bus)".
    public var summary: String {
        "\(name) (access \(access.map(\.rawValue).joined(separator: "+")), egress \(egress.map(\.rawValue).joined(separator: "+")))"
    }
}

/// One mode's reach from a point: the stops and their seconds (fixed costs included), and the time to any
/// other point straight in this mode.
public struct ModeReach: Sendable {
    public let mode: AccessMode
    public let reach: WalkReach
    /// Fixed seconds of the leg (penalty; for the bus the walk to the stop and half the headway).
    public let fixedSeconds: Int32
    public let maxSeconds: Int32

    /// Straight from this reach's point to `destination` in this mode; nil beyond the mode's limit.
    public func directSeconds(to destination: AccessPoint) -> Int32? {
        if reach.origin.coordinate == destination.coordinate { return 0 }
        guard let t = reach.walkSeconds(to: destination) else { return nil }
        let total = t + fixedSeconds
        return total <= maxSeconds ? total : nil
    }
}

/// The access model: one `AccessSearch` per allowed mode (walking, cycling and e-biking on the street graph
/// where the network has one; the feeder bus crow-fly × its detour; the car on the road graph where the network
/// has one — free-flow drive with walked connectors, as `--mode drive` — else crow-fly × its detour), plus each
/// mode's fixed costs. Not thread-safe (each search holds scratch): one per task.
public final class FeederAccess {
    public let network: BuiltNetwork
    public let profile: AccessProfile
    public let walkParameters: AccessParameters
    private var searches: [AccessMode: (search: AccessSearch, fixed: Int32, max: Int32)] = [:]
    /// Car access on the road graph, where the network has one: a drive search and every stop's road end.
    private var drive: (search: SingleModeSearch, stopEnds: [SingleModeEnd], stopGrid: PointGrid)?

    public init(network: BuiltNetwork, walk: AccessParameters, profile: AccessProfile) {
        self.network = network
        self.profile = profile
        walkParameters = walk
        let walkSearch = AccessSearch(network: network, parameters: walkParameters)
        let walkMax = walk.walk.wholeSeconds(crowFlyMeters: walk.maxRadiusMeters)
        searches[.walk] = (walkSearch, 0, walkMax)
        for mode in Set(profile.access + profile.egress) where mode != .walk {
            let p = profile.parameters(of: mode)!
            let fixed = FeederAccess.fixedSeconds(p, walk: walk.walk)
            let travelSeconds = max(0, Double(p.maxSeconds - fixed))
            let radius = travelSeconds * p.speedMetersPerSecond / p.detourFactor
            let parameters = AccessParameters(walkingSpeedMetersPerSecond: p.speedMetersPerSecond,
                                              detourFactor: p.detourFactor, maxRadiusMeters: radius)
            searches[mode] = (AccessSearch(network: network, parameters: parameters, useStreets: p.usesStreets), fixed, p.maxSeconds)
        }
        if profile.access.contains(.car), network.roads.nodeCount > 0,
           let search = try? SingleModeSearch(network: network, mode: .drive, parameters: SingleModeParameters(access: walk),
                                              direction: .outward) {
            let t = network.transit
            let stops = (0..<t.stopCount).map { t.coordinate(of: StopID($0)) }
            drive = (search, stops.map { search.targetEnd(at: $0) },
                     PointGrid(longitudes: stops.map(\.longitude), latitudes: stops.map(\.latitude), cellMeters: 2_000))
        }
    }

    /// Car access on the road graph: the drive from the point (walked connectors included, free-flow speeds) to
    /// every stop within the car's longest leg, plus its fixed time; stops whose drive exceeds the leg are left out.
    private func driveReach(from coordinate: Coordinate, walkPoint: AccessPoint) -> ModeReach? {
        guard let drive, let entry = searches[.car] else { return nil }
        let p = profile.car
        let budgetSeconds = max(0, p.maxSeconds - entry.fixed)
        let source = drive.search.sourceEnd(at: coordinate)
        drive.search.run(from: source, maxMilliseconds: UInt32(budgetSeconds) * 1000)
        // No road is faster than 150 km/h: stops farther than that in the budget cannot be reached.
        let radius = Double(budgetSeconds) * 150 / 3.6
        var stops: [StopAccess] = []
        for hit in drive.stopGrid.points(within: radius, of: coordinate) {
            guard let trip = drive.search.trip(to: drive.stopEnds[hit.index]), !trip.isDirectWalk else { continue }
            let seconds = trip.totalSeconds
            if seconds + entry.fixed <= p.maxSeconds { stops.append(StopAccess(stop: StopID(hit.index), seconds: seconds)) }
        }
        stops.sort { $0.stop < $1.stop }
        let reach = WalkReach(origin: walkPoint, stops: stops, parameters: entry.search.parameters, nodeMillimeters: [:])
        return ModeReach(mode: .car, reach: reach, fixedSeconds: entry.fixed, maxSeconds: entry.max)
    }

    /// Fixed seconds of a mode's leg: its penalty, and for a feeder bus the walk to the stop and half the headway.
    public static func fixedSeconds(_ p: AccessModeParameters, walk: WalkModel) -> Int32 {
        p.penaltySeconds + walk.wholeSeconds(crowFlyMeters: p.walkToVehicleMeters) + p.headwaySeconds / 2
    }

    /// The walking search (points snapped to the street graph, station stops).
    public var walkSearch: AccessSearch { searches[.walk]!.search }

    /// The reaches of `modes` from a point.
    public func reaches(from coordinate: Coordinate, modes: [AccessMode]) -> [ModeReach] {
        let walkPoint = walkSearch.point(coordinate)
        return modes.compactMap { mode in
            if mode == .car, drive != nil { return driveReach(from: coordinate, walkPoint: walkPoint) }
            guard let entry = searches[mode] else { return nil }
            // Walking reuses the point snapped above; a search without streets leaves the point unsnapped.
            let reach = entry.search.reach(from: mode == .walk ? walkPoint : entry.search.point(coordinate))
            return ModeReach(mode: mode, reach: reach, fixedSeconds: entry.fixed, maxSeconds: entry.max)
        }
    }
}
