import Foundation
import Network
import Routing

/// Options of a demand assignment: the departure window, RAPTOR and walking rules, and parallelism.
public struct AssignmentParameters: Sendable, Equatable {
    /// Departure of minute 0, seconds after midnight of the service day.
    public var firstDepartureSeconds: Int32
    /// Trips depart uniformly over `windowMinutes` minutes (≥ 1).
    public var windowMinutes: Int
    public var raptor: RaptorParameters
    public var access: AccessParameters
    /// Access and egress modes (default `rail-walk`; the command defaults to `commuter`).
    public var profile: AccessProfile
    /// Longer door-to-door trips are unreachable (default 120 min).
    public var maxTripSeconds: Int32
    /// Worker tasks (one RAPTOR engine each); default: the active processor count.
    public var threads: Int

    public init(firstDepartureSeconds: Int32, windowMinutes: Int = 120, raptor: RaptorParameters = RaptorParameters(),
                access: AccessParameters = AccessParameters(), profile: AccessProfile = .railWalk,
                maxTripSeconds: Int32 = TravelTimeParameters.defaultMaxTripSeconds,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        precondition(windowMinutes >= 1, "the window needs at least one minute")
        precondition(threads >= 1, "at least one thread")
        self.firstDepartureSeconds = firstDepartureSeconds
        self.windowMinutes = windowMinutes
        self.raptor = raptor
        self.access = access
        self.profile = profile
        self.maxTripSeconds = maxTripSeconds
        self.threads = threads
    }

    public var windowHours: Double { Double(windowMinutes) / 60 }

    /// The same window, rules and profile for `TravelTimeQuery` (access and egress endpoints).
    public var travelParameters: TravelTimeParameters {
        TravelTimeParameters(firstDepartureSeconds: firstDepartureSeconds, windowMinutes: windowMinutes, raptor: raptor,
                             access: access, profile: profile, maxTripSeconds: maxTripSeconds)
    }
    public func departureSeconds(minute: Int) -> Int32 { firstDepartureSeconds + Int32(minute) * 60 }
}

/// Section loads and travel times of one assignment.
public struct AssignmentResult: Sendable {
    public let zoneCount: Int
    public let windowMinutes: Int
    /// Passengers over each section (`SectionTable` order) during the whole assignment.
    public let sectionPassengers: [Double]
    /// Per section, passengers of the busiest 60 consecutive departure minutes (scaled up to an hour when the
    /// window is shorter).
    public let sectionPeakHourPassengers: [Double]
    /// Per section, the origin groups (`AssignmentEngine.groups`) whose journeys ride it (ascending).
    public let sectionGroups: [[Int]]
    /// `travelTimesSeconds[(g * zoneCount + d) * windowMinutes + m]` from origin group g (`AssignmentEngine.groups`)
    /// for pairs with demand; `RangeRaptorResult.unreachable` where unreachable or not computed (no demand).
    public let travelTimesSeconds: [Int32]
    /// Trips that ride at least one vehicle.
    public let transitTrips: Double
    /// Trips with no journey (unserved zone, or nothing within the rides/walk limits).
    public let unreachableTrips: Double
    /// The part of `unreachableTrips` from or to a zone that reaches no station; the rest departed in minutes with
    /// no journey within the rides and longest-trip limits.
    public let unservedTrips: Double
    /// Σ trips × travel time over reached trips, hours.
    public let passengerHours: Double
    /// Σ over journeys of trips × in-vehicle distance (the haversine lengths of the hops ridden), km.
    public let passengerKilometers: Double
}
