import Foundation
import GeoCore
import GeoGDAL
import Network

/// The layers `metrocommute export` writes, built from a network: `stations` (one point per stop), `lines`
/// (one LineString per pattern, i.e. per route and stop sequence, with its service in a departure window),
/// `hubs` (one point per station complex, with its walking transfer times) and `districts` (boundaries with
/// adcode and population; none when the network has none). The same features go to GeoJSON
/// (one collection, a `kind` property) and GeoPackage (one table per kind, the schemas below).
public struct NetworkExportLayers: Sendable {
    public var stations: [Feature]
    public var lines: [Feature]
    public var hubs: [Feature]
    public var districts: [Feature]

    /// Lines' service is counted over departures from the first stop in `firstDepartureSeconds ..<
    /// firstDepartureSeconds + windowMinutes * 60`.
    public init(_ network: BuiltNetwork, firstDepartureSeconds: Int32, windowMinutes: Int) {
        precondition(windowMinutes > 0, "the departure window is at least a minute")
        let t = network.transit
        stations = (0..<t.stopCount).map { s in
            let mask = t.stops.tierMasks[s]
            let hub = Int(t.stops.hubs[s])
            return Feature(id: .number(Double(s + 1)), geometry: .point(t.coordinate(of: StopID(s))), properties: [
                "kind": "station",
                "stop_key": .string(t.stops.keys[s]),
                "name": .string(t.stops.names[s]),
                "tiers": Self.tierList(mask),
                "tier": Self.topTier(mask),
                "hub": .number(Double(hub + 1)),
                "hub_name": .string(t.hubs.names[hub]),
                "source": .string(t.stops.sources[s]),
            ])
        }

        let windowEnd = firstDepartureSeconds + Int32(windowMinutes * 60)
        lines = t.activePatterns.map { p in
            let pattern = PatternID(p)
            let route = Int(t.patterns.routes[p])
            let trips = t.activeTrips(of: pattern)
            let firstStopDepartures = trips.map { t.departureSeconds(trip: TripID($0), position: 0) }
            let inWindow = firstStopDepartures.filter { $0 >= firstDepartureSeconds && $0 < windowEnd }.count
            let shortName = t.routes.shortNames[route], longName = t.routes.longNames[route]
            let coordinates = t.stops(of: pattern).map { t.coordinate(of: StopID(rawValue: $0)) }
            return Feature(id: .number(Double(p + 1)), geometry: .lineString(LineString(coordinates)), properties: [
                "kind": "line",
                "pattern": .number(Double(p + 1)),
                "route_key": .string(t.routes.keys[route]),
                "route": .string(shortName.isEmpty ? longName : shortName),
                "route_long_name": .string(longName),
                "tier": .string(t.tier(ofPattern: pattern).rawValue),
                "stops": .number(Double(coordinates.count)),
                "trips": .number(Double(trips.count)),
                // Three decimals: the same value in GeoJSON and GeoPackage.
                "trains_per_hour": .number((Double(inWindow) * 60 / Double(windowMinutes) * 1000).rounded() / 1000),
                "first_departure": firstStopDepartures.min().map { .string(Self.clock($0)) } ?? .null,
                "last_departure": firstStopDepartures.max().map { .string(Self.clock($0)) } ?? .null,
            ])
        }

        hubs = (0..<t.hubs.count).map { h in
            let members = t.hubs.stops[Int(t.hubs.stopStart[h]) ..< Int(t.hubs.stopStart[h + 1])]
            let memberSet = Set(members)
            var transferSeconds: [Int32] = []
            for s in members {
                for k in t.transfers(from: StopID(rawValue: s)) where memberSet.contains(t.transfers.targets[k]) {
                    transferSeconds.append(t.transfers.seconds[k])
                }
            }
            let points = members.map { t.coordinate(of: StopID(rawValue: $0)) }
            let centre = Coordinate(longitude: points.map(\.longitude).reduce(0, +) / Double(points.count),
                                    latitude: points.map(\.latitude).reduce(0, +) / Double(points.count))
            let mask = t.hubs.tierMasks[h]
            return Feature(id: .number(Double(h + 1)), geometry: .point(centre), properties: [
                "kind": "hub",
                "hub": .number(Double(h + 1)),
                "name": .string(t.hubs.names[h]),
                "tiers": Self.tierList(mask),
                "tier": Self.topTier(mask),
                "members": .number(Double(members.count)),
                "transfers": .number(Double(transferSeconds.count)),
                "min_transfer_s": transferSeconds.min().map { .number(Double($0)) } ?? .null,
                "max_transfer_s": transferSeconds.max().map { .number(Double($0)) } ?? .null,
            ])
        }

        districts = network.districts.enumerated().map { i, d in
            Feature(id: .number(Double(i + 1)), geometry: .multiPolygon(d.boundary), properties: [
                "kind": "district",
                "name": .string(d.name),
                "city": d.cityName.map { .string($0) } ?? .null,
                "adcode": d.code.map { .number(Double($0)) } ?? .null,
                "population": .number(d.population),
            ])
        }
    }

    /// The layers by kind (`station`, `line`, `hub`, `district`), tables `stations`, `lines`, `hubs`, `districts`:
    /// fixed names, column order and types whatever the area (lists as JSON text, clock times as HH:MM:SS text).
    public static let featureSchema = FeatureSchema([
        .init("station", table: "stations", .point, [
            .init("stop_key", .string), .init("name", .string), .init("tiers", .string), .init("tier", .string),
            .init("hub", .integer), .init("hub_name", .string), .init("source", .string),
        ]),
        .init("line", table: "lines", .lineString, [
            .init("pattern", .integer), .init("route_key", .string), .init("route", .string),
            .init("route_long_name", .string), .init("tier", .string), .init("stops", .integer),
            .init("trips", .integer), .init("trains_per_hour", .real), .init("first_departure", .string),
            .init("last_departure", .string),
        ]),
        .init("hub", table: "hubs", .point, [
            .init("hub", .integer), .init("name", .string), .init("tiers", .string), .init("tier", .string),
            .init("members", .integer), .init("transfers", .integer), .init("min_transfer_s", .integer),
            .init("max_transfer_s", .integer),
        ]),
        .init("district", table: "districts", .multiPolygon, [
            .init("name", .string), .init("city", .string), .init("adcode", .integer), .init("population", .real),
        ]),
    ])

    /// The GeoPackage tables of `featureSchema`, feature ids the index within the kind + 1.
    public var geoPackageLayers: [VectorLayerContent] {
        Self.featureSchema.split(featureCollection).map { VectorLayerContent($0.layer, features: $0.features) }
    }

    /// One collection: stations, then lines, hubs and districts, with ids `<kind>-<n>` (n: the index within the
    /// kind + 1, the GeoPackage feature id).
    public var featureCollection: FeatureCollection {
        Self.featureSchema.identified(FeatureCollection((stations + lines + hubs + districts).map { var f = $0; f.id = nil; return f }))
    }

    /// The tiers of a mask, in rank order, as a JSON list.
    static func tierList(_ mask: UInt8) -> JSONValue {
        .array(Tier.allCases.filter { mask & (1 << UInt8($0.rank)) != 0 }.map { .string($0.rawValue) })
    }

    /// The highest tier of a mask (trunk above intercity above suburban above metro), null when none.
    static func topTier(_ mask: UInt8) -> JSONValue {
        Tier.allCases.first { mask & (1 << UInt8($0.rank)) != 0 }.map { .string($0.rawValue) } ?? .null
    }

    /// Seconds after the service day's midnight as HH:MM:SS (hours may pass 24, as in GTFS).
    static func clock(_ seconds: Int32) -> String {
        String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
    }
}
