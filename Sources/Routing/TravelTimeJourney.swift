import Network

/// One journey from an origin to a destination, leg by leg, with the waits made explicit.
public struct TravelTimeJourney: Sendable, Equatable {
    /// Where a walk starts or ends.
    public enum Place: Sendable, Equatable {
        case origin
        case destination
        case stop(StopID)
    }

    /// An access, egress or direct leg in a mode other than walking, with its parts (walk to the bus, wait,
    /// ride; unlocking a bicycle; parking) in order.
    public struct FeederLeg: Sendable, Equatable {
        public struct Part: Sendable, Equatable {
            public var label: String
            public var seconds: Int32
            public init(label: String, seconds: Int32) { self.label = label; self.seconds = seconds }
        }
        public var mode: AccessMode
        public var from: Place
        public var to: Place
        public var departureSeconds: Int32
        public var arrivalSeconds: Int32
        public var parts: [Part]
    }

    public enum Leg: Sendable, Equatable {
        /// Access walk, walking transfer (time includes the minimum transfer time), egress walk or direct walk.
        case walk(from: Place, to: Place, departureSeconds: Int32, arrivalSeconds: Int32)
        /// Access, egress or direct leg by bicycle, e-bike, bus feeder or car.
        case feeder(FeederLeg)
        /// Waiting at a stop for the next ride (includes the board slack).
        case wait(at: StopID, fromSeconds: Int32, toSeconds: Int32)
        case ride(Itinerary.Ride)
    }

    public var departureSeconds: Int32
    public var arrivalSeconds: Int32
    public var legs: [Leg]

    public init(departureSeconds: Int32, arrivalSeconds: Int32, legs: [Leg]) {
        self.departureSeconds = departureSeconds; self.arrivalSeconds = arrivalSeconds; self.legs = legs
    }

    /// From a RAPTOR itinerary ending at `egressStop`, then `egressSeconds` of walking to the destination.
    public init(itinerary: Itinerary, egressStop: StopID, egressSeconds: Int32) {
        var legs: [Leg] = []
        var clock = itinerary.departureSeconds
        for leg in itinerary.legs {
            switch leg {
            case .access(let stop, let dep, let arr):
                if arr > dep { legs.append(.walk(from: .origin, to: .stop(stop), departureSeconds: dep, arrivalSeconds: arr)) }
                clock = arr
            case .ride(let r):
                if r.boardSeconds > clock { legs.append(.wait(at: r.boardStop, fromSeconds: clock, toSeconds: r.boardSeconds)) }
                legs.append(.ride(r))
                clock = r.alightSeconds
            case .walk(let from, let to, let dep, let arr):
                legs.append(.walk(from: .stop(from), to: .stop(to), departureSeconds: dep, arrivalSeconds: arr))
                clock = arr
            }
        }
        if egressSeconds > 0 {
            legs.append(.walk(from: .stop(egressStop), to: .destination, departureSeconds: clock,
                              arrivalSeconds: clock + egressSeconds))
        }
        self.init(departureSeconds: itinerary.departureSeconds, arrivalSeconds: clock + egressSeconds, legs: legs)
    }

    public var travelTimeSeconds: Int32 { arrivalSeconds - departureSeconds }
    public var rides: [Itinerary.Ride] { legs.compactMap { if case .ride(let r) = $0 { return r } else { return nil } } }
    /// Changes of vehicle: rides − 1 (0 for a walk-only journey).
    public var transferCount: Int { max(0, rides.count - 1) }

    /// Human-readable lines, one per leg, times as HH:MM (HH:MM:SS when not on a whole minute), e.g.
    /// `ride  08:09 → 08:47  C2205 (intercity)  北京南 → 天津  38 min`.
    public func describe(transit: TransitLayer, originName: String, destinationName: String) -> [String] {
        func name(_ p: Place) -> String {
            switch p {
            case .origin: return originName
            case .destination: return destinationName
            case .stop(let s): return transit.stops.names[s.index]
            }
        }
        var lines: [String] = []
        var rideIndex = 0
        for leg in legs {
            switch leg {
            case .walk(let from, let to, let dep, let arr):
                let kind: String
                switch (from, to) {
                case (.stop, .stop): kind = "transfer walk (incl. minimum transfer time)"
                case (.origin, .destination): kind = "direct walk"
                case (.origin, _): kind = "access walk"
                default: kind = "egress walk"
                }
                lines.append("walk  \(ServiceClock.format(dep)) → \(ServiceClock.format(arr))  \(name(from)) → \(name(to))  "
                             + "\(ServiceClock.minutes(arr - dep)) min, \(kind)")
            case .feeder(let f):
                let kind: String
                switch (f.from, f.to) {
                case (.origin, .destination): kind = "direct"
                case (.origin, _): kind = "access"
                default: kind = "egress"
                }
                let parts = f.parts.map { "\($0.label) \(ServiceClock.minutes($0.seconds)) min" }.joined(separator: " + ")
                lines.append("\(f.mode.rawValue)  \(ServiceClock.format(f.departureSeconds)) → \(ServiceClock.format(f.arrivalSeconds))  "
                             + "\(name(f.from)) → \(name(f.to))  \(ServiceClock.minutes(f.arrivalSeconds - f.departureSeconds)) min, "
                             + "\(kind): \(parts)")
            case .wait(let stop, let from, let to):
                lines.append("wait  \(ServiceClock.format(from)) → \(ServiceClock.format(to))  at \(transit.stops.names[stop.index])  "
                             + "\(ServiceClock.minutes(to - from)) min")
            case .ride(let r):
                rideIndex += 1
                let route = Int(transit.trips.routes[r.trip.index])
                let line = r.tripName.isEmpty ? transit.routes.shortNames[route] : r.tripName
                let label = line.isEmpty ? r.trip.description : line
                let routeNote = r.tripName.isEmpty || transit.routes.longNames[route].isEmpty
                    ? "" : ", \(transit.routes.longNames[route])"
                lines.append("ride  \(ServiceClock.format(r.boardSeconds)) → \(ServiceClock.format(r.alightSeconds))  "
                             + "\(label) (\(r.tier.rawValue)\(routeNote))  "
                             + "\(transit.stops.names[r.boardStop.index]) → \(transit.stops.names[r.alightStop.index])  "
                             + "\(ServiceClock.minutes(r.alightSeconds - r.boardSeconds)) min"
                             + (rideIndex > 1 ? ", transfer \(rideIndex - 1)" : ""))
            }
        }
        return lines
    }
}

/// Service-day clock formatting: seconds after midnight ↔ "HH:MM" (hours may exceed 23 after midnight).
public enum ServiceClock {
    /// "08:09", or "08:09:30" when the seconds are not zero; negative times get a leading "-".
    public static func format(_ seconds: Int32) -> String {
        let sign = seconds < 0 ? "-" : ""
        let s = abs(Int(seconds))
        let h = s / 3600, m = (s % 3600) / 60, sec = s % 60
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return sec == 0 ? "\(sign)\(two(h)):\(two(m))" : "\(sign)\(two(h)):\(two(m)):\(two(sec))"
    }

    /// Whole minutes when exact, else one decimal ("38", "4.5").
    public static func minutes(_ seconds: Int32) -> String {
        if seconds % 60 == 0 { return "\(seconds / 60)" }
        let tenths = (Int(seconds) * 10 + 30) / 60
        return "\(tenths / 10).\(tenths % 10)"
    }
}
