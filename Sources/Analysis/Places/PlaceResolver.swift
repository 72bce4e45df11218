import Foundation
import GeoCore
import Network

/// Turns what a user typed into places, against one network. Accepted forms, tried in this order:
/// 1. an explicit prefix `station:`, `district:` or `point:` restricts the search to that kind;
/// 2. `lon,lat` (WGS-84 decimal degrees) → a point;
/// 3. a path ending in `.csv`, `.geojson` or `.json` → the file's points (`PlacePointsFile`);
/// 4. a station: a hub or stop name, exactly; a stop name picks its whole hub (station complex);
/// 5. a district: its name exactly, or city + name ("天津市和平区");
/// 6. a station by normalised name (`HubGrouping.normalizedName`: "北京南站" = "北京南");
/// 7. a district by its name without the 区/县/市 suffix ("朝阳" = "朝阳区").
/// A name matching several hubs (or districts) is an error listing the candidates; an unknown name is an error
/// suggesting the closest names (`PlaceNameSuggestions`). A point outside the network's bounding box and more
/// than the access radius from every stop is an error (it could never be reached).
///
/// A station's coordinate is its main stop's: the member of the highest tier (trunk first), lowest stop id.
/// A district is one point inside it (`PlaceRepresentativePoint`), reached by walking like any point.
public struct PlaceResolver: Sendable {
    public let network: BuiltNetwork
    /// Points farther than this from every stop, and outside the bounding box, are rejected (metres).
    public var accessRadiusMeters: Double

    private let hubsByName: [String: Set<Int>]
    private let hubsByNormalizedName: [String: Set<Int>]
    private let districtsByName: [String: Set<Int>]
    private let districtsByShortName: [String: Set<Int>]

    public init(network: BuiltNetwork, accessRadiusMeters: Double = 1_200) {
        self.network = network
        self.accessRadiusMeters = accessRadiusMeters
        let t = network.transit
        var exact: [String: Set<Int>] = [:], normalized: [String: Set<Int>] = [:]
        func add(_ name: String, _ hub: Int) {
            guard !name.isEmpty else { return }
            exact[name, default: []].insert(hub)
            let n = HubGrouping.normalizedName(name)
            if !n.isEmpty { normalized[n, default: []].insert(hub) }
        }
        for h in 0..<t.hubs.count { add(t.hubs.names[h], h) }
        for s in 0..<t.stopCount { add(t.stops.names[s], Int(t.stops.hubs[s])) }
        hubsByName = exact; hubsByNormalizedName = normalized
        var districts: [String: Set<Int>] = [:], short: [String: Set<Int>] = [:]
        for (i, d) in network.districts.enumerated() {
            districts[d.name, default: []].insert(i)
            if let city = d.cityName { districts[city + d.name, default: []].insert(i) }
            short[PlaceResolver.shortDistrictName(d.name), default: []].insert(i)
        }
        districtsByName = districts; districtsByShortName = short
    }

    static func shortDistrictName(_ name: String) -> String {
        for suffix in ["自治县", "区", "县", "市", "旗"] where name.hasSuffix(suffix) && name.count > suffix.count + 1 {
            return String(name.dropLast(suffix.count))
        }
        return name
    }

    /// Resolves one argument (`argument` names it in errors, e.g. "--from"). Files give many places.
    public func resolve(_ text: String, argument: String = "place") throws -> [Place] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw InputError(file: argument, message: "empty place") }
        for (prefix, kind) in [("station:", Place.Kind.station), ("district:", .district), ("point:", .point)]
        where trimmed.lowercased().hasPrefix(prefix) {
            let rest = String(trimmed.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
            switch kind {
            case .station: return [try station(named: rest, id: trimmed, argument: argument)]
            case .district: return [try district(named: rest, id: trimmed, argument: argument)]
            case .point:
                guard let c = PlaceResolver.parseCoordinate(rest) else {
                    throw InputError(file: argument, message: "\"\(rest)\" is not lon,lat")
                }
                return [try point(c, id: trimmed, argument: argument)]
            }
        }
        if let c = PlaceResolver.parseCoordinate(trimmed) { return [try point(c, id: trimmed, argument: argument)] }
        let lower = trimmed.lowercased()
        if lower.hasSuffix(".csv") || lower.hasSuffix(".geojson") || lower.hasSuffix(".json") {
            return try places(fromFile: trimmed)
        }
        if let hubs = hubsByName[trimmed] { return [try stationPlace(hubs: hubs, query: trimmed, id: trimmed, argument: argument)] }
        if let ds = districtsByName[trimmed] { return [try districtPlace(ds, query: trimmed, id: trimmed, argument: argument)] }
        let normalized = HubGrouping.normalizedName(trimmed)
        if let hubs = hubsByNormalizedName[normalized] {
            return [try stationPlace(hubs: hubs, query: trimmed, id: trimmed, argument: argument)]
        }
        if let ds = districtsByShortName[PlaceResolver.shortDistrictName(trimmed)] {
            return [try districtPlace(ds, query: trimmed, id: trimmed, argument: argument)]
        }
        throw unknown(trimmed, what: "station or district", candidates: allNames(), argument: argument)
    }

    /// Resolves several arguments in order; ids must be unique across them.
    public func resolveAll(_ texts: [String], argument: String = "place") throws -> [Place] {
        var out: [Place] = []
        var seen = Set<String>()
        for text in texts {
            for place in try resolve(text, argument: argument) {
                guard seen.insert(place.id).inserted else {
                    throw InputError(file: argument, message: "place id \"\(place.id)\" given twice")
                }
                out.append(place)
            }
        }
        return out
    }

    // MARK: Kinds

    public func station(named name: String, id: String? = nil, argument: String = "place") throws -> Place {
        if let hubs = hubsByName[name] ?? hubsByNormalizedName[HubGrouping.normalizedName(name)] {
            return try stationPlace(hubs: hubs, query: name, id: id ?? name, argument: argument)
        }
        throw unknown(name, what: "station", candidates: stationNames(), argument: argument)
    }

    public func district(named name: String, id: String? = nil, argument: String = "place") throws -> Place {
        if let ds = districtsByName[name] ?? districtsByShortName[PlaceResolver.shortDistrictName(name)] {
            return try districtPlace(ds, query: name, id: id ?? name, argument: argument)
        }
        throw unknown(name, what: "district", candidates: network.districts.map(\.name), argument: argument)
    }

    /// A point place; rejects invalid coordinates and points far outside the network.
    public func point(_ c: Coordinate, id: String, argument: String = "place", location: String? = nil) throws -> Place {
        let swapped = Coordinate(longitude: c.latitude, latitude: c.longitude)
        let swapHint = swapped.isValidGeographic && isNearNetwork(swapped) ? "; did you mean lon,lat = \(format(swapped))?" : ""
        guard c.isValidGeographic else {
            throw InputError(file: argument, location: location,
                             message: "\(c.longitude),\(c.latitude) is not a WGS-84 lon,lat (longitude −180…180, latitude −90…90)"
                                + swapHint)
        }
        if !isNearNetwork(c) {
            throw InputError(file: argument, location: location,
                             message: "\(format(c)) lies outside the network \(network.metadata.areaName) "
                                + "(bbox \(boundingBoxText())) and more than \(Int(accessRadiusMeters)) m from any stop" + swapHint)
        }
        return Place(id: id, name: id, kind: .point, coordinate: c)
    }

    /// Every point of a CSV or GeoJSON points file, each checked like `point`.
    public func places(fromFile path: String) throws -> [Place] {
        try PlacePointsFile.read(path: path).map { try point($0.coordinate, id: $0.id, argument: path, location: $0.location) }
    }

    // MARK: Helpers

    public static func parseCoordinate(_ text: String) -> Coordinate? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let lon = Double(parts[0].trimmingCharacters(in: .whitespaces)),
              let lat = Double(parts[1].trimmingCharacters(in: .whitespaces)) else { return nil }
        return Coordinate(longitude: lon, latitude: lat)
    }

    func isNearNetwork(_ c: Coordinate) -> Bool {
        if let box = network.boundingBox, box.contains(c) { return true }
        let t = network.transit
        for s in 0..<t.stopCount where Earth.haversineMeters(c, t.coordinate(of: StopID(s))) <= accessRadiusMeters {
            return true
        }
        return false
    }

    private func stationPlace(hubs: Set<Int>, query: String, id: String, argument: String) throws -> Place {
        let t = network.transit
        guard hubs.count == 1, let h = hubs.first else {
            let list = hubs.sorted().map { h -> String in
                let c = t.coordinate(of: mainStop(ofHub: h))
                return "\(t.hubs.names[h]) at \(format(c))"
            }
            throw InputError(file: argument, message: "\"\(query)\" matches \(hubs.count) stations: \(list.joined(separator: "; "))"
                                + "; give lon,lat instead")
        }
        let members = (Int(t.hubs.stopStart[h]) ..< Int(t.hubs.stopStart[h + 1])).map { StopID(Int(t.hubs.stops[$0])) }
        return Place(id: id, name: t.hubs.names[h], kind: .station, coordinate: t.coordinate(of: mainStop(ofHub: h)),
                     stops: members.sorted(), hub: HubID(h))
    }

    /// The member of the highest tier (lowest tier rank; stops without trips last), lowest stop id on ties.
    private func mainStop(ofHub h: Int) -> StopID {
        let t = network.transit
        let members = (Int(t.hubs.stopStart[h]) ..< Int(t.hubs.stopStart[h + 1])).map { Int(t.hubs.stops[$0]) }
        func rank(_ s: Int) -> Int {
            let mask = t.stops.tierMasks[s]
            return mask == 0 ? 99 : mask.trailingZeroBitCount
        }
        return StopID(members.min { rank($0) != rank($1) ? rank($0) < rank($1) : $0 < $1 }!)
    }

    private func districtPlace(_ ds: Set<Int>, query: String, id: String, argument: String) throws -> Place {
        guard ds.count == 1, let i = ds.first else {
            let list = ds.sorted().map { i in
                let d = network.districts[i]
                return (d.cityName ?? "") + d.name + (d.code.map { " (\($0))" } ?? "")
            }
            throw InputError(file: argument, message: "\"\(query)\" matches \(ds.count) districts: \(list.joined(separator: "; "))"
                                + "; add the city name, e.g. \(list[0].split(separator: " ").first ?? "")")
        }
        let d = network.districts[i]
        guard let c = PlaceRepresentativePoint.point(inside: d.boundary) else {
            throw InputError(file: argument, message: "district \(d.name) has no usable boundary polygon")
        }
        return Place(id: id, name: d.name, kind: .district, coordinate: c, districtIndex: i)
    }

    private func stationNames() -> [String] {
        Array(Set(network.transit.hubs.names).union(network.transit.stops.names))
    }

    private func allNames() -> [String] { stationNames() + network.districts.map(\.name) }

    private func unknown(_ query: String, what: String, candidates: [String], argument: String) -> InputError {
        let close = PlaceNameSuggestions.closest(to: query, among: candidates)
        let hint = close.isEmpty ? "the network has no \(what) names" : "closest names: \(close.joined(separator: ", "))"
        return InputError(file: argument, message: "unknown \(what) \"\(query)\"; \(hint)")
    }

    private func format(_ c: Coordinate) -> String {
        String(format: "%.6f,%.6f", c.longitude, c.latitude)
    }

    private func boundingBoxText() -> String {
        guard let b = network.boundingBox else { return "empty" }
        return String(format: "%.3f,%.3f – %.3f,%.3f", b.minLongitude, b.minLatitude, b.maxLongitude, b.maxLatitude)
    }
}
