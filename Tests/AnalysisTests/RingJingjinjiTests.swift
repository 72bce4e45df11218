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
