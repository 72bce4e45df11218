import Network
import Routing

/// The itinerary of one origin–destination pair at a representative departure minute: the minute whose travel
/// time is the median (50th percentile, nearest rank, the earliest such minute), as text.
public struct TravelTimeExplanation: Sendable {
    public let origin: Place
    public let destination: Place
    /// Per departure minute, seconds (`RangeRaptorResult.unreachable` = not reached).
    public let travelTimesSeconds: [Int32]
    /// The chosen minute (0-based in the window) and its journey; nil when the median is unreachable.
    public let minute: Int?
    public let journey: TravelTimeJourney?
    public let parameters: TravelTimeParameters
    private let transit: TransitLayer

    public init(network: BuiltNetwork, origin: Place, destination: Place, parameters: TravelTimeParameters) {
        let query = TravelTimeQuery(network: network, parameters: parameters)
        let from = query.endpoint(for: origin), to = query.endpoint(for: destination)
        let times = query.run(from: from).travelTimesSeconds(to: to)
        let median = TravelTimePercentiles.percentiles(of: times, at: [50])[0]
        var minute: Int?
        if median != RangeRaptorResult.unreachable { minute = times.firstIndex(of: median) }
        self.origin = origin; self.destination = destination; self.travelTimesSeconds = times
        self.minute = minute
        self.journey = minute.flatMap { query.journey(from: from, to: to, minute: $0) }
        self.parameters = parameters
        transit = network.transit
    }

    /// A header line, one line per leg, and a closing line.
    public var lines: [String] {
        let first = parameters.firstDepartureSeconds
        let last = parameters.departureSeconds(minute: parameters.windowMinutes - 1)
        let window = "\(ServiceClock.format(first))–\(ServiceClock.format(last)), \(parameters.windowMinutes) departure minutes"
        guard let minute, let journey else {
            let reached = travelTimesSeconds.filter { $0 != RangeRaptorResult.unreachable }.count
            return ["\(origin.name) → \(destination.name): median unreachable (\(reached) of \(travelTimesSeconds.count) "
                    + "departure minutes reach it; window \(window))"]
        }
        let header = "\(origin.name) → \(destination.name): departure \(ServiceClock.format(journey.departureSeconds)) "
            + "(minute \(minute), the median of \(window)), arrival \(ServiceClock.format(journey.arrivalSeconds)), "
            + "travel time \(ServiceClock.minutes(journey.travelTimeSeconds)) min, "
            + Self.count(journey.rides.count, "ride") + ", " + Self.count(journey.transferCount, "transfer")
        return [header] + journey.describe(transit: transit, originName: origin.name, destinationName: destination.name)
            .map { "  " + $0 }
    }

    private static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    public var text: String { lines.joined(separator: "\n") + "\n" }
}
