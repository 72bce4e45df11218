import Foundation
import GeoCore
import Network
import NetworkBuild
import Testing
import TestSupport
import Analysis

/// The manifest's `local_crs` is checked when the network is built, kept whole in the network file, and is
/// the CRS the isochrone and gap analyses project into.
@Suite(.tags(.fast)) struct LocalCRSBuildTests {
    static func area(localCRS: String) throws -> TinyArea {
        var object = TinyArea.manifestObject()
        object["local_crs"] = localCRS
        return try TinyArea(replacing: ["tiny.json": Array(TinyArea.manifestText(object).utf8)])
    }

    @Test func projStringWithSpacesSurvivesBuildSaveLoadAndAnalyses() throws {
        // Gauss-Kruger on GRS80 around 117°E: a definition with spaces (the notes once cut it at the first one).
        let definition = "+proj=tmerc +lon_0=117 +k=1 +x_0=500000 +ellps=GRS80 +units=m +no_defs"
        let area = try Self.area(localCRS: definition)
        defer { area.cleanUp() }
        let built = try AreaBuilder(manifestPath: area.manifest).build().network
        #expect(built.metadata.localCRS?.definition == definition)
        #expect(!built.metadata.notes.contains("local_crs"))
        let path = area.directory.file("out.mcnet").path
        try built.write(toFile: path)
        let loaded = try BuiltNetwork(contentsOfFile: path)
        #expect(loaded == built)
        #expect(loaded.metadata.localCRS?.definition == definition)
        let beta = Coordinate(longitude: 116.35, latitude: 39.90)
        #expect(IsochroneCalculator.localCRS(of: loaded, near: beta) == definition)
        #expect(loaded.metricCRS(near: nil) == definition)
        let report = try IntegrationGapAnalysis().run(on: loaded)
        #expect(report.localCRS == definition)
        #expect(report.districts.count == 2)
    }

    @Test func autoMeansUTM() throws {
        let area = try Self.area(localCRS: "auto")
        defer { area.cleanUp() }
        let built = try AreaBuilder(manifestPath: area.manifest).build().network
        #expect(built.metadata.localCRS == nil)
        // 116.35°E lies in UTM zone 50 (114–120°E).
        #expect(built.metricCRS(near: Coordinate(longitude: 116.35, latitude: 39.90)) == "EPSG:32650")
    }

    @Test(arguments: ["+proj=garbage +units=m", "EPSG:0", "EPSG:4326"])
    func unusableLocalCRSFailsTheBuild(_ definition: String) throws {
        let area = try Self.area(localCRS: definition)
        defer { area.cleanUp() }
        do {
            _ = try AreaBuilder(manifestPath: area.manifest).build()
            Issue.record("built with local_crs \(definition)")
        } catch let error as InputError {
            #expect(error.file == area.manifest)
            #expect(error.location == "local_crs", "\(error)")
        }
    }
}
