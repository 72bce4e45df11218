import Analysis
import Foundation
import GeoCore
import Network
import Testing
import TestSupport

@Suite(.tags(.fast)) struct PlaceResolverTests {
    /// Two stations named 火车站 50 km apart (two hubs: same-name hubs join only within 3 km), one 北京南 stop, and
    /// two districts named 和平区 in different cities.
    static func handNetwork() throws -> BuiltNetwork {
        var input = TransitInput()
        for (k, (name, lon, lat)) in [("火车站", 116.0, 39.0), ("火车站", 116.6, 39.0), ("北京南", 116.3, 39.3)].enumerated() {
            input.stops.append(TransitInput.Stop(key: "s\(k)", name: name, coordinate: Coordinate(longitude: lon, latitude: lat),
                                                 source: "hand"))
        }
        let layer = try TransitLayerBuilder().build(input).layer
        func square(_ lon: Double, _ lat: Double) -> MultiPolygon {
            MultiPolygon([Polygon(shell: LinearRing([
                Coordinate(longitude: lon, latitude: lat), Coordinate(longitude: lon + 0.1, latitude: lat),
                Coordinate(longitude: lon + 0.1, latitude: lat + 0.1), Coordinate(longitude: lon, latitude: lat + 0.1),
                Coordinate(longitude: lon, latitude: lat)]))])
        }
        let districts = [District(name: "和平区", cityName: "天津市", code: 120101, population: 1, boundary: square(116.0, 39.0)),
                         District(name: "和平区", cityName: "沈阳市", code: 210102, population: 1, boundary: square(116.5, 39.0))]
        return BuiltNetwork(metadata: .init(areaName: "hand"), transit: layer, districts: districts)
    }

    func error(_ body: () throws -> Any) -> InputError? {
        do { _ = try body(); return nil } catch let e as InputError { return e } catch { return nil }
    }

    @Test func ambiguousNamesListTheCandidates() throws {
        let resolver = PlaceResolver(network: try Self.handNetwork())
        let e = try #require(error { try resolver.resolve("火车站", argument: "--from") })
        #expect(e.file == "--from")
        #expect(e.message.contains("matches 2 stations") && e.message.contains("116.000000,39.000000")
                && e.message.contains("116.600000,39.000000"), "\(e)")
        #expect(!e.description.contains("\n"))
        let d = try #require(error { try resolver.resolve("和平区") })
        #expect(d.message.contains("2 districts") && d.message.contains("天津市和平区") && d.message.contains("沈阳市和平区"), "\(d)")
        // City + district picks one; its point lies inside the 0.1° square.
        let place = try resolver.resolve("天津市和平区")
        #expect(place.count == 1 && place[0].kind == .district && place[0].districtIndex == 0)
        #expect(place[0].coordinate.longitude > 116.0 && place[0].coordinate.longitude < 116.1)
        // Normalised: "北京南站" → the 北京南 stop's hub.
        let station = try resolver.resolve("北京南站")
        #expect(station[0].kind == .station && station[0].name == "北京南" && station[0].stops == [StopID(2)])
    }

    @Test func unknownNamesSuggestTheClosest() throws {
        let resolver = PlaceResolver(network: try Self.handNetwork())
        let e = try #require(error { try resolver.resolve("北京东", argument: "--to") })
        // Edit distance 北京东 → 北京南 = 1 (one substitution); 火车站 = 3, 和平区 = 3.
        #expect(e.description.hasPrefix("--to: unknown station or district \"北京东\"; closest names: 北京南,"), "\(e)")
        #expect(PlaceNameSuggestions.editDistance("北京东", "北京南") == 1)
        #expect(PlaceNameSuggestions.editDistance("kitten", "sitting") == 3)
        #expect(PlaceNameSuggestions.editDistance("", "abc") == 3 && PlaceNameSuggestions.editDistance("ab", "") == 2)
        // The normalised comparison: "地铁北京南站(4号线)" normalises to 北京南 → distance 0.
        #expect(PlaceNameSuggestions.distance(query: "地铁北京南站(4号线)", name: "北京南") == 0)
        let s = try #require(error { try resolver.station(named: "天津") })
        #expect(s.message.hasPrefix("unknown station \"天津\""))
    }

    @Test func pointsAndFiles() throws {
        let resolver = PlaceResolver(network: try Self.handNetwork())
        let p = try resolver.resolve(" 116.05, 39.05 ")
        #expect(p == [Place(id: "116.05, 39.05", name: "116.05, 39.05", kind: .point,
                            coordinate: Coordinate(longitude: 116.05, latitude: 39.05))])
        // Outside the bbox (116.0–116.6 × 39.0–39.3) and 1.2 km from every stop: an error naming the argument.
        let far = try #require(error { try resolver.resolve("2.35,48.85", argument: "--from") })
        #expect(far.description.hasPrefix("--from: 2.350000,48.850000 lies outside the network hand"), "\(far)")
        // Just outside the bbox but within 1,200 m of stop s0 (116.0, 39.0): accepted (0.005° of latitude = 556 m).
        #expect(try resolver.resolve("116.0,38.995")[0].kind == .point)
        let swapped = try #require(error { try resolver.resolve("39.05,116.05") })
        #expect(swapped.message.contains("did you mean lon,lat = 116.050000,39.050000"), "\(swapped)")

        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let csv = dir.file("points.csv")
        try Data("\u{FEFF}ID,Lat,Lon\r\na,39.01,116.01\r\n\"b,2\",39.02,116.02\r\n\r\n".utf8).write(to: csv)
        let fromCSV = try resolver.resolve(csv.path)
        #expect(fromCSV.map(\.id) == ["a", "b,2"])
        #expect(fromCSV.map(\.coordinate) == [Coordinate(longitude: 116.01, latitude: 39.01), Coordinate(longitude: 116.02, latitude: 39.02)])
        let geojson = dir.file("points.geojson")
        try Data("""
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"id":7},"geometry":{"type":"Point","coordinates":[116.03,39.03]}},
             {"type":"Feature","id":"x","properties":{},"geometry":{"type":"Point","coordinates":[116.04,39.04]}},
             {"type":"Feature","properties":null,"geometry":{"type":"Point","coordinates":[116.05,39.05]}}]}
            """.utf8).write(to: geojson)
        #expect(try resolver.resolve(geojson.path).map(\.id) == ["7", "x", "3"])

        let bad = dir.file("bad.csv")
        try Data("id,lon,lat\na,116.01,39.01\nb,east,39.02\n".utf8).write(to: bad)
        let e = try #require(error { try resolver.resolve(bad.path) })
        #expect(e.file == bad.path && e.location == "line 3", "\(e)")
        let outside = dir.file("outside.csv")
        try Data("id,lon,lat\na,116.01,39.01\nb,2.35,48.85\n".utf8).write(to: outside)
        let o = try #require(error { try resolver.resolve(outside.path) })
        #expect(o.file == outside.path && o.location == "line 3" && o.message.contains("outside"), "\(o)")
        let twice = try #require(error { try resolver.resolveAll(["116.05,39.05", "116.05,39.05"], argument: "--to") })
        #expect(twice.message.contains("given twice"))
        let missing = try #require(error { try resolver.resolve(dir.file("none.csv").path) })
        #expect(missing.message == "no such points file")
    }

    /// Real names on the jingjinji network.
    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "needs ../shared/data (jingjinji)"))
    func jingjinjiNames() throws {
        let network = try AreaNetworks.built("jingjinji")
        let resolver = PlaceResolver(network: network)
        let t = network.transit
        let south = try resolver.resolve("北京南")[0]
        #expect(south.kind == .station && south.name == "北京南")
        // The hub holds the rail stop VNP and the metro station 北京南站 (lines 4 and 14), 20 m apart.
        #expect(Set(south.stops.map { t.stops.names[$0.index] }) == ["北京南", "北京南站"])
        let vnp = try #require((0..<t.stopCount).first { t.stops.keys[$0].hasSuffix(":VNP") })
        #expect(south.coordinate == t.coordinate(of: StopID(vnp)))  // the trunk member is the main stop
        #expect(try resolver.resolve("北京南站") == [Place(id: "北京南站", name: south.name, kind: .station,
                                                         coordinate: south.coordinate, stops: south.stops, hub: south.hub)])
        #expect(try resolver.resolve("station:天津")[0].name == "天津")
        let chaoyang = try resolver.resolve("朝阳区")[0]
        #expect(chaoyang.kind == .district && network.districts[chaoyang.districtIndex!].name == "朝阳区")
        // "朝阳" is also a metro station (朝阳站): stations win over short district names; the prefix decides.
        #expect(try resolver.resolve("朝阳")[0].kind == .station)
        #expect(try resolver.resolve("district:朝阳")[0].coordinate == chaoyang.coordinate)
        #expect(try resolver.resolve("北京市朝阳区")[0].coordinate == chaoyang.coordinate)
        let e = try #require(error { try resolver.resolve("北京东") })
        #expect(e.message.contains("closest names: 北京南"), "\(e)")
    }
}
