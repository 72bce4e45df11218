import GeoCore
import Network

/// What `GTFSReader` read and kept, and what the user should know about the feed.
public struct GTFSReport: Sendable, Equatable {
    public var serviceDate: GTFSDate
    /// Rows of agency.txt.
    public var agencies = 0
    /// Rows of stops.txt (all location types).
    public var stops = 0
    /// Stops in the `TransitInput`: stops called at by a kept trip, plus their parent stations.
    public var stopsKept = 0
    /// Rows of routes.txt.
    public var routes = 0
    /// Routes with at least one kept trip.
    public var routesKept = 0
    /// Rows of trips.txt.
    public var trips = 0
    /// Trips whose service runs on `serviceDate` (frequency templates included).
    public var tripsRunning = 0
    /// Trips made from frequencies.txt rows (they replace their template trips).
    public var frequencyTripsGenerated = 0
    /// Trips in the `TransitInput`.
    public var tripsKept = 0
    /// Rows of stop_times.txt.
    public var stopTimes = 0
    /// Rows of stop_times.txt that belong to trips running on `serviceDate`.
    public var stopTimesKept = 0
    /// Kept stop_times whose arrival and departure were both empty and were interpolated.
    public var stopTimesInterpolated = 0
    /// Transfers in the `TransitInput` (after expanding station-level transfers to platforms).
    public var transfersKept = 0
    /// Tier of each kept trip, counted.
    public var tripsByTier: [Tier: Int] = [:]
    public var warnings: [InputWarning] = []
    /// The first and last day any service of the feed runs (calendar ranges and added dates); nil when none.
    public var serviceRange: ClosedRange<GTFSDate>?

    /// The error for a feed none of whose trips runs on the service date (a build of it would have no trains).
    public func noTripsError(feed: String) -> InputError? {
        guard tripsRunning == 0, trips > 0 else { return nil }
        let range = serviceRange.map { "the feed's services run from \($0.lowerBound.isoString) to \($0.upperBound.isoString)" }
            ?? "the feed's calendar names no day"
        return InputError(file: feed, message: "none of its \(trips) trips runs on the service date \(serviceDate.isoString); "
                              + "\(range) (set service_date in the manifest to a day on which it runs)")
    }

    public init(serviceDate: GTFSDate) { self.serviceDate = serviceDate }
}
