import GeoCore
import Network
import Routing

/// A district as an origin and destination of demand: one representative point, and the station it stands for.
public struct DemandZone: Sendable, Equatable {
    /// Index into `BuiltNetwork.districts`.
    public var districtIndex: Int
    public var name: String
    public var cityName: String?
    public var code: Int?
    public var population: Double
    /// The representative point (WGS-84): the main station's main stop, or the largest part's inside point.
    public var coordinate: Coordinate
    /// The district's main rail station (hub), when one lies inside the district.
    public var station: HubID?
    public var stationName: String?
    /// Members of `station` (boarded with no walk), ascending; empty without a station.
    public var stationStops: [StopID]

    public init(districtIndex: Int, name: String, cityName: String? = nil, code: Int? = nil, population: Double,
                coordinate: Coordinate, station: HubID? = nil, stationName: String? = nil, stationStops: [StopID] = []) {
        self.districtIndex = districtIndex; self.name = name; self.cityName = cityName; self.code = code
        self.population = population; self.coordinate = coordinate; self.station = station
        self.stationName = stationName; self.stationStops = stationStops
    }

    /// "北京市朝阳区" when the city is known, else the name.
    public var fullName: String { (cityName ?? "") + name }
}

/// Chooses each district's representative point for demand and assignment.
///
/// Rule: the district's main rail station when it has one, else a point inside it.
/// - Only the district's largest polygon part counts (some boundaries carry stray parts far away, e.g. 河东区 of
///   Tianjin in the jingjinji file has parts 500 km off).
/// - Main station = among hubs with a stop inside that part, the one with the most departures (all tiers,
///   all member stops) within the analysis window; ties go to the lower hub id. Its point is the hub's main stop
///   (highest tier, lowest stop id), and travellers board any of its stops without walking (plus whatever they
///   reach on foot from that point).
/// - Without a station inside, the point is `PlaceRepresentativePoint` of the largest part, reached on foot
///   (access radius); a district whose point reaches no stop is unserved: its trips are unreachable.
public enum DemandZoneBuilder {
    public static func zones(network: BuiltNetwork, firstDepartureSeconds: Int32, windowMinutes: Int) -> [DemandZone] {
        let t = network.transit
        let end = firstDepartureSeconds + Int32(windowMinutes) * 60
        // Departures per stop within the window.
        var departures = [Int](repeating: 0, count: t.stopCount)
        for p in 0..<t.patternCount {
            let pattern = PatternID(p)
            let stops = t.stops(of: pattern)
            let n = stops.count
            let base = Int(t.patterns.stopTimeStart[p])
            let tripCount = t.trips(of: pattern).count
            let firstTrip = t.trips(of: pattern).lowerBound
            for k in 0..<tripCount where t.isActive(trip: firstTrip + k) {
                for i in 0..<(n - 1) {
                    let d = t.patterns.departureSeconds[base + k * n + i]
                    if d >= firstDepartureSeconds && d < end { departures[Int(stops[stops.startIndex + i])] += 1 }
                }
            }
        }
        var hubDepartures = [Int](repeating: 0, count: t.hubs.count)
        for s in 0..<t.stopCount { hubDepartures[Int(t.stops.hubs[s])] += departures[s] }

        var zones: [DemandZone] = []
        for (i, d) in network.districts.enumerated() {
            let parts = d.boundary.polygons.filter { $0.shell.coordinates.count >= 4 }
            let largest = parts.max { $0.planarArea < $1.planarArea }
            var best: Int?
            if let largest, let box = BoundingBox(covering: largest.shell.coordinates) {
                for s in 0..<t.stopCount {
                    let c = t.coordinate(of: StopID(s))
                    guard box.contains(c), PlaceRepresentativePoint.contains(largest, c) else { continue }
                    let h = Int(t.stops.hubs[s])
                    if let b = best {
                        if hubDepartures[h] > hubDepartures[b] || (hubDepartures[h] == hubDepartures[b] && h < b) { best = h }
                    } else {
                        best = h
                    }
                }
            }
            if let h = best {
                let members = (Int(t.hubs.stopStart[h]) ..< Int(t.hubs.stopStart[h + 1])).map { Int(t.hubs.stops[$0]) }
                func rank(_ s: Int) -> Int { let m = t.stops.tierMasks[s]; return m == 0 ? 99 : m.trailingZeroBitCount }
                let main = members.min { rank($0) != rank($1) ? rank($0) < rank($1) : $0 < $1 }!
                zones.append(DemandZone(districtIndex: i, name: d.name, cityName: d.cityName, code: d.code,
                                        population: d.population, coordinate: t.coordinate(of: StopID(main)),
                                        station: HubID(h), stationName: t.hubs.names[h],
                                        stationStops: members.sorted().map { StopID($0) }))
            } else {
                let point = PlaceRepresentativePoint.point(inside: d.boundary)
                    ?? largest?.shell.coordinates.first ?? Coordinate(longitude: 0, latitude: 0)
                zones.append(DemandZone(districtIndex: i, name: d.name, cityName: d.cityName, code: d.code,
                                        population: d.population, coordinate: point))
            }
        }
        return zones
    }
}
