import Foundation
import GeoCore
import Network
import Routing

/// Many-to-many travel times between places over a departure window (one range-RAPTOR run per origin).
public struct TravelTimeMatrix: Sendable {
    public struct Row: Sendable, Equatable {
        public var fromID: String
        public var toID: String
        public var summary: TravelTimeSummary
    }

    public let parameters: TravelTimeParameters
    public let origins: [Place]
    public let destinations: [Place]
    /// Origin-major: every destination for the first origin, then the second, …
    public let rows: [Row]

    /// Computes the matrix. `progress(done, total)` is called after each origin.
    public init(network: BuiltNetwork, origins: [Place], destinations: [Place], parameters: TravelTimeParameters,
                progress: (Int, Int) -> Void = { _, _ in }) {
        let query = TravelTimeQuery(network: network, parameters: parameters)
        let targets = destinations.map { query.endpoint(for: $0, role: .destination) }
        var rows: [Row] = []
        rows.reserveCapacity(origins.count * destinations.count)
        for (k, origin) in origins.enumerated() {
            let result = query.run(from: query.endpoint(for: origin))
            for (d, target) in zip(destinations, targets) {
                rows.append(Row(fromID: origin.id, toID: d.id, summary: result.summary(to: target)))
            }
            progress(k + 1, origins.count)
        }
        self.parameters = parameters; self.origins = origins; self.destinations = destinations; self.rows = rows
    }

    /// Driving or walking (an outward `SingleModeSearch`): one search per origin. The time does not depend on the
    /// departure minute, so the minimum and every percentile of `parameters.percentiles` hold the same value
    /// (the CSV keeps its columns).
    public init(origins: [Place], destinations: [Place], parameters: TravelTimeParameters, search: SingleModeSearch,
                progress: (Int, Int) -> Void = { _, _ in }) {
        precondition(search.direction == .outward, "a matrix needs an outward search")
        let targets = destinations.map { search.targetEnd(at: $0.coordinate) }
        var rows: [Row] = []
        rows.reserveCapacity(origins.count * destinations.count)
        for (k, origin) in origins.enumerated() {
            search.run(from: search.sourceEnd(at: origin.coordinate))
            for (d, target) in zip(destinations, targets) {
                let t = search.travelTimeSeconds(to: target)
                rows.append(Row(fromID: origin.id, toID: d.id,
                                summary: TravelTimeSummary(minimumSeconds: t, percentileSeconds: parameters.percentiles.map { _ in t })))
            }
            progress(k + 1, origins.count)
        }
        self.parameters = parameters; self.origins = origins; self.destinations = destinations; self.rows = rows
    }

    /// CSV: `from_id,to_id,min,p5,p50,…` in minutes with one decimal; unreachable is an empty field. Rows in
    /// origin order then destination order; LF line ends; fields as `CSVField` writes them.
    public func csv() -> String {
        var out = (["from_id", "to_id", "min"] + parameters.percentiles.map(TravelTimeArguments.columnName)).joined(separator: ",") + "\n"
        for row in rows {
            let values = [row.summary.minimumSeconds] + row.summary.percentileSeconds
            // Place ids come from the user: formulas neutralised (CSVField).
            out += CSVField.record([row.fromID, row.toID] + values.map(Self.minutesText))
        }
        return out
    }

    /// Seconds → minutes with one decimal ("47.0"); nil → "".
    public static func minutesText(_ seconds: Int32?) -> String {
        guard let seconds else { return "" }
        return String(format: "%.1f", Double(seconds) / 60)
    }
}

extension TravelTimeQuery {
    /// A place as an origin or destination: its coordinate, and its stops when it is a station.
    public func endpoint(for place: Place, role: EndpointRole = .origin) -> TravelTimeEndpoint {
        endpoint(at: place.coordinate, stationStops: place.stops, role: role)
    }
}
