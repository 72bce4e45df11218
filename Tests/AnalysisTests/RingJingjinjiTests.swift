import Foundation
import GeoCore
import GeoGEOS
import Network
import Routing
import Testing
import TestSupport
@testable import Analysis

@Suite(.tags(.realData), .enabled(if: SharedData.isPresent, "needs ../shared/data (jingjinji)"))
struct RingJingjinjiTests {
    /// Rings around 北京南, departures 07:00–08:59; computed once, a failure kept as the reason.
    static let analysis = Result<RingAnalysis, any Error> {
        let network = try AreaNetworks.built("jingjinji")
        guard let core = try PlaceResolver(network: network).resolve("北京南").first else { throw FixtureError("北京南 not resolved") }
        let travel = TravelTimeParameters(firstDepartureSeconds: 7 * 3600, windowMinutes: 120, percentiles: [50],
                                          access: AccessParameters(build: network.metadata.parameters))
        let population = try UniformDistrictPopulation().surface(network: network, crs: "EPSG:4548")
        return try RingAnalysis(network: network, core: core, parameters: RingParameters(travel: travel),
                                population: population, crs: "EPSG:4548")
    }

    /// District name → pop2020 straight from districts.geojson.
    static func populations() throws -> [String: Double] {
        let data = try Data(contentsOf: try SharedData.required("cn/jingjinji/districts.geojson"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let features = object["features"] as? [[String: Any]] else { throw FixtureError("districts.geojson has no features array") }
        var out: [String: Double] = [:]
        for f in features {
            guard let p = f["properties"] as? [String: Any], let name = p["district_name"] as? String,
                  let pop = p["pop2020"] as? NSNumber else { continue }
            out[name, default: 0] += pop.doubleValue
        }
        return out
    }

    func district(_ name: String) throws -> RingDistrict {
        let a = try Self.analysis.get()
        return try #require(a.districts.first { $0.name == name }, "no district \(name)")
    }

    /// The population cells of a district.
    func cells(of d: RingDistrict) throws -> [PopulationCell] {
        let a = try Self.analysis.get()
        return a.cells.filter { $0.district == d.index }
    }

    /// Rail + walking (1,200 m) from population cells, with same-stop change times and the walk from 北京南's
    /// station point to its metro platforms (0.2.0): central Beijing, next to 北京南, is within the 45-minute
    /// band and most of its people within the hour.
    @Test func centralBeijingIsWithinFortyFiveMinutes() throws {
        for name in ["东城区", "西城区"] {
            let d = try district(name)
            let t = try #require(d.medianSeconds)
            #expect(t <= 45 * 60, "\(name): \(t) s")
            #expect(d.classIndex <= 1)
            #expect(d.inCircle && d.shareWithinBudget > 0.75, "\(name): share \(d.shareWithinBudget)")
        }
    }

    @Test func tianjinHepingRidesATrain() throws {
        let d = try district("和平区")
        let t = try #require(d.medianSeconds)
        #expect(t >= 40 * 60 && t <= 90 * 60, "和平区: \(t) s")
        #expect(d.itinerary.contains("(intercity)") || d.itinerary.contains("(trunk)"), "\(d.itinerary)")
        // Its cells lie in Tianjin, not near 113.7°E.
        #expect(try cells(of: d).allSatisfy { $0.coordinate.longitude > 117 && $0.coordinate.longitude < 117.4 })
    }

    @Test func districtsFarFromRailAreBeyondTheBudget() throws {
        for name in ["密云区", "延庆区"] {
            let d = try district(name)
            #expect(d.classIndex == 3, "\(name): \(String(describing: d.medianSeconds)) s")
        }
    }

    @Test func classPopulationsAddUpToTheCensusTotal() throws {
        let a = try Self.analysis.get()
        let populations = try Self.populations()
        let total = populations.values.reduce(0, +)
        #expect(total == 52_388_827, "README total of the 66 districts")
        let summary = a.classSummary()
        #expect(summary.map(\.label) == ["≤30", "≤45", "≤60", ">60"])
        #expect(summary.reduce(0) { $0 + $1.population } == total)
        #expect(summary.reduce(0) { $0 + $1.districtCount } == 66)
        #expect(abs(summary.reduce(0) { $0 + $1.populationShare } - 1) < 1e-9)
        for d in a.districts { #expect(populations[d.name] != nil) }
        // The CSV repeats the same figures.
        let rows = a.summaryCSV().split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows[4][0] == "total" && rows[4][2] == "52388827")
        #expect(rows.prefix(4).reduce(0) { $0 + Int($1[2])! } == 52_388_827)
    }

    @Test func hedongStrayPartsAreDropped() throws {
        let d = try district("河东区")
        #expect(d.droppedPartCount == 4)
        #expect(d.boundary.polygons.count == 1)
        #expect(try cells(of: d).allSatisfy { $0.coordinate.longitude > 117 })
        // Main part only: about 41.8 km² (pyproj Geod on the GeoJSON part), not 46.9 with the stray parts.
        #expect(abs(d.areaSquareKilometers - 41.79) < 0.5, "\(d.areaSquareKilometers) km²")
    }

    @Test func commuteCircleIsTheUnionOfDistrictsWithinBudget() throws {
        let a = try Self.analysis.get()
        let fc = try a.featureCollection()
        #expect(fc.features.count == 67)
        let circle = try #require(fc.features.last)
        #expect(circle.properties["kind"] == "commute_circle")
        let members = a.districts.filter { $0.shareWithinBudget >= 0.5 }
        #expect(circle.properties["districts"]?.intValue == members.count)
        let g = try #require(circle.geometry)
        let geos = GEOSContext()
        #expect(try geos.isValid(g))
        let prepared = try geos.prepare(g)
        for d in a.districts {
            let inside = try prepared.contains(try #require(try cells(of: d).first).coordinate)
            #expect(inside == d.inCircle, "\(d.name)")
        }
    }
}

/// The default commuter profile (walk, bicycle, e-bike or feeder bus to the station) on jingjinji around 北京南,
/// 07:00–08:59: the districts the rail-walk model called unreachable get shares from their population cells.
@Suite(.tags(.realData), .enabled(if: SharedData.isPresent, "needs ../shared/data (jingjinji)"))
struct RingCommuterJingjinjiTests {
    static let analysis = Result<RingAnalysis, any Error> {
        let network = try AreaNetworks.built("jingjinji")
        guard let core = try PlaceResolver(network: network).resolve("北京南").first else { throw FixtureError("北京南 not resolved") }
        let travel = TravelTimeParameters(firstDepartureSeconds: 7 * 3600, windowMinutes: 120, percentiles: [50],
                                          access: AccessParameters(build: network.metadata.parameters), profile: .commuter)
        let population = try UniformDistrictPopulation().surface(network: network, crs: "EPSG:4548")
        return try RingAnalysis(network: network, core: core, parameters: RingParameters(travel: travel),
                                population: population, crs: "EPSG:4548")
    }

    func district(_ name: String) throws -> RingDistrict {
        try #require(try Self.analysis.get().districts.first { $0.name == name }, "no district \(name)")
    }

    /// 武清区 (武清 station, C trains to 北京南 in 22–25 min) and Langfang's 安次区 and 广阳区 (廊坊 station): part of
    /// their people reach 北京南 within the hour, not all; the share comes from at least 25 cells.
    @Test func outerDistrictsWithStationsHavePartialShares() throws {
        for name in ["武清区", "安次区", "广阳区"] {
            let d = try district(name)
            #expect(d.shareWithinBudget > 0 && d.shareWithinBudget < 1, "\(name): \(d.shareWithinBudget)")
            #expect(d.cellCount >= 25 && d.cellsWithinBudget > 0 && d.cellsWithinBudget < d.cellCount, "\(name)")
            #expect(abs(d.populationWithinBudget - d.shareWithinBudget * d.population) < 1)
        }
    }

    /// 和平区 (Tianjin) → 北京南 door to door: to 天津站 by feeder, a C train, 50–75 min median.
    @Test func tianjinHepingDoorToDoor() throws {
        let d = try district("和平区")
        let t = try #require(d.medianSeconds)
        #expect(t >= 50 * 60 && t <= 75 * 60, "和平区: \(t) s, \(d.itinerary)")
        #expect(d.itinerary.contains("(intercity)") || d.itinerary.contains("(trunk)"), "\(d.itinerary)")
    }

    /// The district holding 北京南 (丰台区) and its neighbours 东城区/西城区 are in their own circle.
    @Test func coreDistrictsAreInTheCircle() throws {
        for name in ["丰台区", "东城区", "西城区"] {
            let d = try district(name)
            #expect(d.inCircle, "\(name): share \(d.shareWithinBudget)")
        }
    }

    /// Feeder modes widen the circle: at least as many people within the hour as by rail and walking.
    @Test func moreOfThePopulationThanRailWalk() throws {
        let commuter = try Self.analysis.get(), railWalk = try RingJingjinjiTests.analysis.get()
        #expect(commuter.populationWithinBudget > railWalk.populationWithinBudget,
                "\(commuter.populationWithinBudget) vs \(railWalk.populationWithinBudget)")
        for (a, b) in zip(commuter.districts, railWalk.districts) {
            #expect(a.shareWithinBudget >= b.shareWithinBudget - 1e-9, "\(a.name)")
        }
    }
}
