@testable import metrocommute_bench
import Foundation
import GeoIO
import Network
import TestSupport
import Testing

@Suite(.tags(.fast)) struct SyntheticNetworkTests {
    @Test func theGeneratorIsDeterministicAndMakesTheStopsAsked() {
        let a = SyntheticNetwork.input(stops: 10_000, seed: 7)
        let b = SyntheticNetwork.input(stops: 10_000, seed: 7)
        #expect(a.stops.count >= 10_000)
        #expect(a == b)
        // Another seed: the same names (the committed scenario refers to them), other times and positions.
        let c = SyntheticNetwork.input(stops: 10_000, seed: 8)
        #expect(c.stops.map(\.name) == a.stops.map(\.name))
        #expect(c.trips.map(\.departureSeconds) != a.trips.map(\.departureSeconds))
        #expect(c.stops.map(\.coordinate) != a.stops.map(\.coordinate))
        // Stop times dominate: many trips over long lines.
        #expect(a.trips.reduce(0) { $0 + $1.stops.count } > 100 * a.stops.count)
    }

    @Test func theNamesTheScenarioFileUsesExist() throws {
        let input = SyntheticNetwork.input(stops: 0, seed: 1)   // the smallest lattice (10 × 10 lines)
        let names = Set(input.stops.map(\.name)), lines = Set(input.routes.map(\.shortName))
        for n in ["H2/V2", "H5/V8", "H2/V0", "H2/V4", "H6/V4", "H3/V3", "H0/V0", "H6/V6", "H7/V2", "H1/V1", "H1-3"] {
            #expect(names.contains(n), "station \(n)")
        }
        for l in ["H2", "H5", "V4", "V3", "T1", "V9"] { #expect(lines.contains(l), "line \(l)") }
    }

    @Test func aSmallNetworkEncodesToTheSameBytesTwice() throws {
        let a = try SyntheticNetwork.network(stops: 0, seed: 3).encoded()
        let b = try SyntheticNetwork.network(stops: 0, seed: 3).encoded()
        #expect(a == b)
        #expect(try BuiltNetwork(decoding: a, file: "synthetic").transit.stopCount == SyntheticNetwork.input(stops: 0, seed: 3).stops.count)
    }

    /// The GTFS export read back by the project's GTFS reader: the same trips (stops in order, times to the second)
    /// and stops, every stop under the station named like it (what pyraptor groups by).
    @Test func theGTFSExportReadsBackToTheSameTimetable() throws {
        let input = SyntheticNetwork.input(stops: 0, seed: 5)
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let folder = dir.file("gtfs").path
        try SyntheticGTFS.write(input, to: folder)
        let read = try GTFSReader(url: URL(fileURLWithPath: folder), sourceName: "syn").read(serviceDate: GTFSDate(SyntheticGTFS.serviceDate)!).input
        func bare(_ key: String) -> String { String(key.split(separator: ":", maxSplits: 1)[1]) }
        // The station rows are stops of the reader too; the trips call at the platforms.
        let served = Set(read.trips.flatMap(\.stops))
        #expect(Set(served.map { bare(read.stops[$0].key) }) == Set(input.stops.map { bare($0.key) }))
        #expect(served.allSatisfy { read.stops[$0].parentKey.map { bare($0) } == "P-\(read.stops[$0].name)" })
        #expect(read.trips.count == input.trips.count)
        let original = Dictionary(uniqueKeysWithValues: input.trips.map { (bare($0.key), $0) })
        for trip in read.trips {
            guard let o = original[bare(trip.key)] else { Issue.record("unknown trip \(trip.key)"); continue }
            #expect(trip.stops.map { bare(read.stops[$0].key) } == o.stops.map { bare(input.stops[$0].key) }, "\(trip.key)")
            #expect(trip.arrivalSeconds == o.arrivalSeconds && trip.departureSeconds == o.departureSeconds, "\(trip.key)")
            #expect(trip.name == o.name)
        }
    }
}
