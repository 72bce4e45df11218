import Foundation
import GeoCore
import TestSupport
import Testing

/// `metrocommute rings` end to end on jingjinji around 北京南.
@Suite(.tags(.cli, .realData), .enabled(if: SharedData.isPresent && CLIRunner.isAvailable, "needs ../shared/data and the built binary"))
struct RingsCommandTests {
    @Test func districtsCircleAndSummary() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let shared = try #require(try SharedAreaBuild.area("jingjinji"))
        let network = shared.network
        let build = shared.build
        #expect(build.status == 0, "\(build.stderr)")
        let out = dir.file("districts.geojson"), csv = dir.file("summary.csv")
        let run = try CLIRunner.run(["rings", network, "--core", "北京南", "--budget", "60", "--depart", "07:00",
                                     "--window", "120", "-o", out.path, "--summary", csv.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("≤30") && run.stderr.contains(">60"), "table on stderr: \(run.stderr)")
        let check = try GeoJSONChecker.check([out])
        #expect(check.status == 0, "\(check.output)")

        let features = try GeoJSONReader.read(contentsOf: out).features
        #expect(features.count == 67)
        let districts = features.filter { $0.properties["kind"] == "district" }
        #expect(districts.count == 66)
        func named(_ n: String) -> Feature? { districts.first { $0.properties["district"]?.stringValue == n } }
        // 西城区 borders 北京南's district: rail + walking reaches it in the first two bands.
        #expect(["≤30", "≤45"].contains(named("西城区")?.properties["class"]?.stringValue ?? ""))
        #expect(named("延庆区")?.properties["class"] == ">60")
        let heping = try #require(named("和平区"))
        #expect(heping.properties["city"] == "天津市")
        let minutes = try #require(heping.properties["travel_time_min"]?.doubleValue)
        #expect(minutes >= 40 && minutes <= 90)
        #expect(heping.properties["itinerary"]?.stringValue?.contains("(intercity)") == true)

        // CSV: four classes, a total, the circle and the people within the budget; the class rows add up to the
        // total and to the features.
        let rows = try CSVOutput.table(contentsOf: csv).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.isEmpty }.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.first == ["class", "districts", "population", "population_share", "area_km2", "area_share"])
        #expect(rows.dropFirst().map { $0[0] } == ["≤30", "≤45", "≤60", ">60", "total", "in_circle", "people_within_budget",
                                                   "in_circle_rail-walk", "people_within_budget_rail-walk"])
        // The default commuter profile reaches at least as many people as rail and walking alone.
        #expect(Int(rows[9][2])! <= Int(rows[7][2])!, "rail-walk \(rows[9]) vs commuter \(rows[7])")
        let classRows = rows.dropFirst().prefix(4)
        #expect(classRows.reduce(0) { $0 + Int($1[1])! } == 66)
        #expect(classRows.reduce(0) { $0 + Int($1[2])! } == 52_388_827)
        #expect(rows[5][2] == "52388827")
        let featurePopulation = districts.reduce(0.0) { $0 + ($1.properties["population"]?.doubleValue ?? 0) }
        #expect(featurePopulation == 52_388_827)
        // The circle feature counts the districts with at least half their people within the budget, and the
        // CSV's circle row says the same; the people within the budget add up over the districts.
        let circle = try #require(features.last)
        #expect(circle.properties["kind"] == "commute_circle")
        let inCircle = districts.filter { $0.properties["in_circle"] == .bool(true) }
        #expect(inCircle.allSatisfy { ($0.properties["share_within_budget"]?.doubleValue ?? 0) >= 0.5 })
        #expect(circle.properties["districts"]?.intValue == inCircle.count)
        #expect(Int(rows[6][1]) == inCircle.count)
        let within = districts.reduce(0.0) { $0 + ($1.properties["population_within_budget"]?.doubleValue ?? 0) }
        #expect(abs(within - Double(rows[7][2])!) <= Double(districts.count))
    }

    @Test func unknownCoreFails() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let shared = try #require(try SharedAreaBuild.area("jingjinji"))
        let network = shared.network
        #expect(shared.build.status == 0)
        let run = try CLIRunner.run(["rings", network, "--core", "北京东南", "-o", dir.file("x.geojson").path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--core"), "\(run.stderr)")
    }
}
