import Foundation
import GeoCore
import Network

/// Outputs of a bottleneck analysis: GeoJSON sections, a CSV table and a Markdown report.
extension BottleneckResult {
    /// Column names of `csvRows`, also the GeoJSON property names.
    public static let columns = ["rank", "line", "tier", "from_station", "to_station", "trains_per_hour",
                                 "capacity_per_hour", "load_per_hour", "peak_hour_load", "passengers", "v_c",
                                 "length_km", "extra_travel_time_h", "lost_trips"]

    /// The one layer `section` of `featureCollection(transit:)`: `rank` an integer, `columns` after it text
    /// (line … to_station) and reals.
    public static let featureSchema = FeatureSchema([
        .init("section", .lineString, columns.map { name in
            switch name {
            case "rank": return .init(name, .integer)
            case "line", "tier", "from_station", "to_station": return .init(name, .string)
            default: return .init(name, .real)
            }
        }),
    ])

    private static func rounded(_ x: Double, _ digits: Int = 3) -> Double {
        let f = pow(10, Double(digits))
        return (x * f).rounded() / f
    }

    private func values(_ s: BottleneckSection) -> [String: JSONValue] {
        func number(_ x: Double?, _ digits: Int = 3) -> JSONValue { x.map { .number(Self.rounded($0, digits)) } ?? .null }
        return [
            "rank": .number(Double(s.rank)), "line": .string(s.section.line), "tier": .string(s.section.tier.rawValue),
            "from_station": .string(s.fromStation), "to_station": .string(s.toStation),
            "trains_per_hour": number(s.trainsPerHour), "capacity_per_hour": number(s.capacityPerHour, 1),
            "load_per_hour": number(s.loadPerHour, 1), "peak_hour_load": number(s.peakHourLoad, 1),
            "passengers": number(s.passengers, 1), "v_c": number(s.volumeOverCapacity, 4),
            "length_km": number(s.section.lengthMeters / 1000),
            "extra_travel_time_h": number(s.criticality?.extraPassengerHours, 1),
            "lost_trips": number(s.criticality?.lostTrips, 1),
        ]
    }

    /// One LineString per ranked section, straight from station to station, in rank order.
    public func featureCollection(transit: TransitLayer) -> FeatureCollection {
        FeatureCollection(sections.map { s in
            let line = LineString([transit.coordinate(of: s.section.from), transit.coordinate(of: s.section.to)])
            return Feature(geometry: .lineString(line), properties: values(s))
        })
    }

    /// Header + the top `count` sections.
    public func csvRows(top count: Int) -> [[String]] {
        var rows = [Self.columns]
        for s in sections.prefix(count) {
            let v = values(s)
            rows.append(Self.columns.map { key in
                switch v[key] ?? .null {
                case .string(let t): return t
                case .number(let x): return x.rounded() == x && abs(x) < 1e15 ? String(Int(x)) : String(x)
                default: return ""
                }
            })
        }
        return rows
    }

    public func summarySentences() -> [String] {
        let a = assignment
        let p = parameters.assignment
        let served = zones.indices.filter { i in (0..<zones.count).contains { demand[i, $0] > 0 || demand[$0, i] > 0 } }
        let unserved = zones.indices.filter { originStations[$0].isEmpty }.map { zones[$0].name }
        var out: [String] = []
        if let saturation = saturationSentence { out.append(saturation) }
        out += [
            String(format: "Demand: %.0f trips between %d of %d districts, departing %@–%@ (%d min)",
                   demand.totalTrips, served.count, zones.count, Self.clock(p.firstDepartureSeconds),
                   Self.clock(p.departureSeconds(minute: p.windowMinutes)), p.windowMinutes)
                + (demandNote.map { "; \($0)." } ?? "."),
            String(format: "Assigned: %.0f by rail, %.0f unreachable; %.0f passenger-hours, %.0f passenger-km in vehicles.",
                   a.transitTrips, a.unreachableTrips, a.passengerHours, a.passengerKilometers),
        ]
        if let why = unreachableSentence { out.append(why) }
        let people = zones.reduce(0) { $0 + $1.population }
        let reaching = zones.indices.reduce(0) { $0 + zones[$1].population * reachingShare[$1] }
        let twoOrMore = originStations.filter { $0.count > 1 }.count
        out.append(String(format: "Trips enter and leave at the stations the districts' people reach (population cells: %@, "
                          + "%.0f %% of the people within the access profile's reach of a station); %d districts spread "
                          + "their trips over two or more stations.", populationLabel, people > 0 ? reaching / people * 100 : 0, twoOrMore))
        if !unserved.isEmpty {
            out.append("\(unserved.count) districts reach no rail station (their trips are unreachable): \(unserved.joined(separator: ", ")).")
        }
        if let top = sections.first, let vc = top.volumeOverCapacity {
            out.append(String(format: "Most loaded against capacity: %@ %@ → %@ (%@), v/c %.2f.", top.section.line,
                              top.fromStation, top.toStation, top.section.tier.rawValue, vc))
        }
        return out
    }

    /// Why trips found no journey: districts without a station, or departure minutes whose journeys all exceed the
    /// longest trip (trips depart uniformly over the window, so a sparse service leaves minutes with no journey in
    /// time); nil when every trip rides.
    public var unreachableSentence: String? {
        let a = assignment, p = parameters.assignment
        guard a.unreachableTrips >= 0.5 else { return nil }
        let timed = max(0, a.unreachableTrips - a.unservedTrips)
        let total = a.transitTrips + a.unreachableTrips
        var causes: [String] = []
        if a.unservedTrips >= 0.5 { causes.append(String(format: "%.0f from or to districts that reach no station", a.unservedTrips)) }
        if timed >= 0.5 {
            causes.append(String(format: "%.0f departing in minutes with no journey within %d rides and %d min (--max-trip): trips "
                                 + "depart evenly over the window, so sparse trains leave minutes without a journey in time; a "
                                 + "longer --max-trip lets them wait", timed, p.raptor.maxRides, Int(p.maxTripSeconds / 60)))
        }
        return String(format: "Unreachable: %.0f trips (%.0f %%): ", a.unreachableTrips, total > 0 ? a.unreachableTrips / total * 100 : 0)
            + causes.joined(separator: "; ") + "."
    }

    /// Share of the sections with a train in the window that are loaded beyond capacity.
    public var overloadedShare: Double {
        let withTrains = sections.filter { $0.volumeOverCapacity != nil }
        guard !withTrains.isEmpty else { return 0 }
        return Double(withTrains.filter { ($0.volumeOverCapacity ?? 0) >= 1 }.count) / Double(withTrains.count)
    }

    /// Share of the passenger-kilometres in vehicles that ride sections loaded beyond capacity.
    public var overloadedPassengerKilometreShare: Double {
        let total = sections.reduce(0) { $0 + $1.passengers * $1.section.lengthMeters }
        guard total > 0 else { return 0 }
        let over = sections.filter { ($0.volumeOverCapacity ?? 0) >= 1 }.reduce(0) { $0 + $1.passengers * $1.section.lengthMeters }
        return over / total
    }

    /// Said first when more than a quarter of the sections with trains, or of the passenger-kilometres, run over
    /// capacity: the demand is more than the network carries, so the ranking says more about the demand's size than
    /// about bottlenecks.
    public var saturationSentence: String? {
        guard overloadedShare > 0.25 || overloadedPassengerKilometreShare > 0.25 else { return nil }
        return String(format: "Demand exceeds what the network carries: %.0f %% of the passenger-km ride sections over "
                      + "capacity and %.0f %% of the sections with trains run over it (v/c ≥ 1). Scale the demand to the real "
                      + "number of rail commuters in the window (--commuters or --commute-rate) before reading the ranking below.",
                      overloadedPassengerKilometreShare * 100, overloadedShare * 100)
    }

    /// Summary, then the top sections as a table.
    public func markdown(top count: Int, areaName: String) -> String {
        var text = "# Bottleneck sections — \(areaName)\n\n## Summary\n\n"
        for s in summarySentences() { text += "- \(s)\n" }
        let cap = parameters.capacity
        text += "- Capacity per train: " + Tier.allCases.map { "\($0.rawValue) \(Int(cap.perTrain($0)))" }.joined(separator: ", ") + ".\n"
        text += "\n## Top \(min(count, sections.count)) sections by load / capacity\n\n"
        text += "| rank | line | tier | from | to | trains/h | capacity/h | load/h | peak hour | v/c | km | extra h | lost trips |\n"
        text += "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        for s in sections.prefix(count) {
            let vc = s.volumeOverCapacity.map { String(format: "%.3f", $0) } ?? "–"
            let extra = s.criticality.map { String(format: "%.0f", $0.extraPassengerHours) } ?? "–"
            let lost = s.criticality.map { String(format: "%.0f", $0.lostTrips) } ?? "–"
            text += "| \(s.rank) | \(s.section.line) | \(s.section.tier.rawValue) | \(s.fromStation) | \(s.toStation) | "
                + String(format: "%.1f | %.0f | %.0f | %.0f | ", s.trainsPerHour, s.capacityPerHour, s.loadPerHour, s.peakHourLoad)
                + "\(vc) | " + String(format: "%.2f", s.section.lengthMeters / 1000) + " | \(extra) | \(lost) |\n"
        }
        text += "\nv/c = load per hour / capacity per hour over the window; extra h = added passenger-hours when the "
            + "section is cut out (patterns split there); lost trips = trips left with no journey.\n"
        return text
    }

    static func clock(_ seconds: Int32) -> String {
        String(format: "%02d:%02d", seconds / 3600, (seconds % 3600) / 60)
    }
}
