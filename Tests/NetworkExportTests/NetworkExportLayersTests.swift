import Foundation
import GeoCore
import Network
import NetworkBuild
import NetworkExport
import Testing
import TestSupport

/// The export layers of the hand-written tiny area, in process: service counted by hand from its timetable.
@Suite(.tags(.fast)) struct NetworkExportLayersTests {
    static func layers(depart: Int32, windowMinutes: Int) throws -> NetworkExportLayers {
        let area = try TinyArea()
        defer { area.cleanUp() }
        let network = try AreaBuilder(manifestPath: area.manifest).build().network
        return NetworkExportLayers(network, firstDepartureSeconds: depart, windowMinutes: windowMinutes)
    }

    static func lines(_ layers: NetworkExportLayers, tier: String) -> [Feature] {
        layers.lines.filter { $0.properties["tier"]?.stringValue == tier }
    }

    @Test func intercityTrainsPerHourFromTheTimetable() throws {
        // Thursday 2016-03-10: C101 leaves Alpha Rail at 08:00, C102 leaves East Rail at 08:30 (C103 runs at weekends).
        let peak = try Self.layers(depart: 8 * 3600, windowMinutes: 60)
        let intercity = Self.lines(peak, tier: "intercity")
        #expect(intercity.count == 2, "one pattern per direction")
        #expect(intercity.map { $0.properties["trains_per_hour"] } == [1, 1])
        #expect(Set(intercity.compactMap { $0.properties["first_departure"]?.stringValue }) == ["08:00:00", "08:30:00"])
        #expect(intercity.allSatisfy { $0.properties["trips"] == 1 && $0.properties["stops"] == 3 })
        // 08:15 for 30 minutes holds C102 only: two trains an hour on its pattern, none on the other.
        let half = try Self.layers(depart: 8 * 3600 + 15 * 60, windowMinutes: 30)
        let byFirst = Dictionary(uniqueKeysWithValues: Self.lines(half, tier: "intercity").map {
            ($0.properties["first_departure"]?.stringValue ?? "", $0.properties["trains_per_hour"]) })
        #expect(byFirst == ["08:00:00": 0, "08:30:00": 2])
    }

    @Test func metroEverySixMinutesIsTenAnHour() throws {
        // The tiny metro runs every 6 min from 06:00: 07:00 … 08:54 is 20 departures in 2 hours, per direction.
        let layers = try Self.layers(depart: 7 * 3600, windowMinutes: 120)
        let metro = Self.lines(layers, tier: "metro")
        #expect(metro.count >= 2)
        for line in metro {
            #expect(line.properties["trains_per_hour"] == 10, "\(line.properties["route"] ?? nil)")
            #expect(line.properties["first_departure"] == "06:00:00")
            if case .lineString(let l) = line.geometry { #expect(l.coordinates.count == line.properties["stops"]?.intValue) }
        }
    }

    @Test func stationsAndHubsCarryTiersAndTransferTimes() throws {
        let layers = try Self.layers(depart: 7 * 3600, windowMinutes: 120)
        let alpha = try #require(layers.stations.first { $0.properties["name"] == "Alpha Rail" })
        #expect(alpha.properties["tiers"] == .array(["intercity"]))
        #expect(alpha.properties["tier"] == "intercity")
        // Beta Rail and the metro's Beta, 70 m apart, form one hub where intercity and metro meet.
        let hub = try #require(layers.hubs.first { $0.properties["tiers"] == .array(["intercity", "metro"]) && $0.properties["name"]?.stringValue?.contains("Beta") == true })
        #expect((hub.properties["members"]?.intValue ?? 0) >= 2)
        let shortest = try #require(hub.properties["min_transfer_s"]?.intValue)
        let longest = try #require(hub.properties["max_transfer_s"]?.intValue)
        #expect(shortest > 0 && shortest <= longest && longest < 15 * 60)
        // Every station points at a hub that exists, by its 1-based number.
        #expect(layers.stations.allSatisfy { ($0.properties["hub"]?.intValue ?? 0) >= 1 && ($0.properties["hub"]?.intValue ?? 0) <= layers.hubs.count })
        // The tiny area's two districts with their codes and populations.
        #expect(layers.districts.map { $0.properties["adcode"] } == [1, 2])
        #expect(layers.districts.map { $0.properties["population"] } == [100000, 50000])
        #expect(layers.districts.map { $0.properties["name"] } == ["West", "East"])
        // GeoJSON: one collection, every feature with its kind and an id "<kind>-<n>", unique across kinds.
        let collection = layers.featureCollection
        #expect(collection.features.count == layers.stations.count + layers.lines.count + layers.hubs.count + 2)
        #expect(collection.features.allSatisfy { $0.properties["kind"] != nil })
        let ids = collection.features.compactMap { $0.id?.stringValue }
        #expect(ids.count == collection.features.count && Set(ids).count == ids.count)
        #expect(ids.first == "station-1" && ids.last == "district-2")
        // The schema declares every property each feature carries, with values of the declared types.
        #expect(NetworkExportLayers.featureSchema.mismatch(in: collection) == nil)
    }
}
