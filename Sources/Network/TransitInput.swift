import GeoCore

/// Source-agnostic transit input: what every reader (GTFS, planning-lines CSV, OSM route relations)
/// produces and what `TransitLayerBuilder` turns into the RAPTOR layout. Coordinates are WGS-84.
/// Times are seconds after midnight of the service day (may exceed 24 h).
public struct TransitInput: Sendable, Equatable {
    public struct Stop: Sendable, Equatable {
        /// Unique within the input, e.g. `"rail_gtfs:BJP"`; readers prefix the source name.
        public var key: String
        public var name: String
        public var coordinate: Coordinate
        /// Key of the parent station, when the source has one (GTFS parent_station).
        public var parentKey: String?
        /// Input (source) name, e.g. `"rail_gtfs"`, `"metro_lines"`.
        public var source: String
        public init(key: String, name: String, coordinate: Coordinate, parentKey: String? = nil, source: String) {
            self.key = key; self.name = name; self.coordinate = coordinate; self.parentKey = parentKey; self.source = source
        }
    }

    public struct Route: Sendable, Equatable {
        public var key: String
        public var shortName: String
        public var longName: String
        /// GTFS route_type when the source is GTFS.
        public var gtfsRouteType: Int?
        public var tier: Tier
        /// Why this tier, in words: "train number prefix C", "GTFS route_type 1", "manifest override".
        public var tierReason: String
        public var source: String
        public init(key: String, shortName: String, longName: String, gtfsRouteType: Int?, tier: Tier,
                    tierReason: String, source: String) {
            self.key = key; self.shortName = shortName; self.longName = longName; self.gtfsRouteType = gtfsRouteType
            self.tier = tier; self.tierReason = tierReason; self.source = source
        }
    }

    public struct Trip: Sendable, Equatable {
        public var key: String
        /// Index into `routes`.
        public var route: Int
        /// Train number / trip short name as published (e.g. "C2205"); empty when the source has none.
        public var name: String
        /// Tier of this trip (a route may carry trains of several prefixes).
        public var tier: Tier
        /// Indices into `stops`, in calling order.
        public var stops: [Int]
        public var arrivalSeconds: [Int32]
        public var departureSeconds: [Int32]
        public init(key: String, route: Int, name: String, tier: Tier, stops: [Int],
                    arrivalSeconds: [Int32], departureSeconds: [Int32]) {
            self.key = key; self.route = route; self.name = name; self.tier = tier; self.stops = stops
            self.arrivalSeconds = arrivalSeconds; self.departureSeconds = departureSeconds
        }
    }

    /// A transfer the source states (GTFS transfers.txt, type 2 with min_transfer_time, or 0/1).
    public struct Transfer: Sendable, Equatable {
        public var fromStop: Int
        public var toStop: Int
        public var minSeconds: Int32
        public init(fromStop: Int, toStop: Int, minSeconds: Int32) {
            self.fromStop = fromStop; self.toStop = toStop; self.minSeconds = minSeconds
        }
    }

    public var stops: [Stop]
    public var routes: [Route]
    public var trips: [Trip]
    public var transfers: [Transfer]

    public init(stops: [Stop] = [], routes: [Route] = [], trips: [Trip] = [], transfers: [Transfer] = []) {
        self.stops = stops; self.routes = routes; self.trips = trips; self.transfers = transfers
    }

    /// Appends another input, re-indexing its stops and routes.
    public mutating func append(_ other: TransitInput) {
        let stopBase = stops.count, routeBase = routes.count
        stops += other.stops
        routes += other.routes
        trips += other.trips.map { t in
            var t = t
            t.route += routeBase
            t.stops = t.stops.map { $0 + stopBase }
            return t
        }
        transfers += other.transfers.map {
            Transfer(fromStop: $0.fromStop + stopBase, toStop: $0.toStop + stopBase, minSeconds: $0.minSeconds)
        }
    }
}
