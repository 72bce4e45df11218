import GeoCore
import Network
import TestSupport
import Testing

@Suite(.tags(.fast)) struct NetworkFileTests {
    typealias F = NetworkFixtures

    /// A network with every part filled: stops, two patterns, transfers, a 4-node street graph, one district.
    static func sampleNetwork() throws -> BuiltNetwork {
        let stops = [F.stop("a", "北京南", 116.378, 39.865), F.stop("b", "北京南站", 116.379, 39.866, parent: "a"),
                     F.stop("c", "天津", 117.210, 39.136)]
        let input = TransitInput(
            stops: stops, routes: [F.route("C", .intercity), F.route("M4", .metro)],
            trips: [F.trip("c1", route: 0, tier: .intercity, stops: [0, 2], times: [28800, 30600], name: "C2205"),
                    F.trip("m1", route: 1, tier: .metro, stops: [1, 0], times: [86000, 86700])],
            transfers: [TransitInput.Transfer(fromStop: 1, toStop: 0, minSeconds: 240)])
        let layer = try TransitLayerBuilder().build(input).layer
        let streets = StreetGraph(
            nodeCoordinates: [Coordinate(longitude: 116.3780, latitude: 39.8651), Coordinate(longitude: 116.3790, latitude: 39.8659),
                              Coordinate(longitude: 117.2101, latitude: 39.1361), Coordinate(longitude: 116.5, latitude: 39.5)],
            arcs: [(0, 1, 110_000), (1, 0, 110_000), (2, 3, 90_000_000)])
        let ring = LinearRing([Coordinate(longitude: 116.3, latitude: 39.8), Coordinate(longitude: 116.5, latitude: 39.8),
                               Coordinate(longitude: 116.5, latitude: 40.0), Coordinate(longitude: 116.3, latitude: 39.8)])
        let district = District(name: "丰台区", cityName: "北京市", code: 110106, population: 2_019_764,
                                boundary: MultiPolygon([Polygon(shell: ring)]))
        let metadata = BuiltNetwork.Metadata(
            areaName: "JJJ test", serviceDate: "2024-05-15", notes: "CRS: EPSG:4326",
            parameters: BuildParameters(), sources: [.init(name: "rail_gtfs", report: "2 trips\n1 warning", path: "feeds/rail.zip",
                                                           hash: "xxh64:0123456789abcdef")])
        return BuiltNetwork(metadata: metadata, transit: layer, streets: streets, districts: [district])
    }

    @Test func roundTripIsEqualAndDeterministic() throws {
        let network = try Self.sampleNetwork()
        let bytes = network.encoded()
        let decoded = try BuiltNetwork(decoding: bytes, file: "mem")
        #expect(decoded == network)
        #expect(decoded.encoded() == bytes)
        #expect(try Self.sampleNetwork().encoded() == bytes)  // building again gives the same bytes
        #expect(Array(bytes[0..<5]) == Array("MCNET".utf8))
        #expect(bytes[8] == 4 && bytes[9] == 0)  // version 4, little-endian
    }

    @Test func emptyNetworkRoundTrips() throws {
        let network = BuiltNetwork(metadata: .init(areaName: ""), transit: .empty)
        #expect(network.boundingBox == nil)
        #expect(try BuiltNetwork(decoding: network.encoded(), file: "mem") == network)
    }

    @Test func stopLinksAndBoundingBox() throws {
        let network = try Self.sampleNetwork()
        // Stop a (116.378, 39.865) → node 0 (116.3780, 39.8651): 0.0001° of latitude ≈ 11.12 m.
        #expect(network.stopLinks.node(of: StopID(0)) == StreetNodeID(0))
        let expectedMM = F.haversine(116.378, 39.865, 116.3780, 39.8651) * 1000
        #expect(abs(Double(network.stopLinks.distanceMillimeters[0]) - expectedMM) <= 1)
        #expect(network.stopLinks.node(of: StopID(1)) == StreetNodeID(1))
        #expect(network.stopLinks.node(of: StopID(2)) == StreetNodeID(2))
        let box = try #require(network.boundingBox)
        #expect(box.minLongitude == 116.3 && box.maxLongitude == 117.2101)
        #expect(box.minLatitude == 39.136 && box.maxLatitude == 40.0)
    }

    @Test func corruptTruncatedAndForeignFilesAreRejected() throws {
        let bytes = try Self.sampleNetwork().encoded()
        func message(_ b: [UInt8]) -> String? {
            do { _ = try BuiltNetwork(decoding: b, file: "net.mcnet"); return nil } catch let e as InputError {
                return e.description
            } catch { return "unexpected \(error)" }
        }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        #expect(message(flipped)?.contains("checksum mismatch") == true)
        #expect(message(Array(bytes.prefix(bytes.count - 7)))?.contains("truncated") == true)
        #expect(message(Array(bytes.prefix(20)))?.contains("truncated") == true)
        var version = bytes
        version[8] = 9
        #expect(message(version) == "net.mcnet: byte 8: format version 9 is not supported (this build reads version 4); rebuild the network")
        var older = bytes
        older[8] = 2  // versions 1 and 2 kept the local CRS in the notes
        #expect(message(older) == "net.mcnet: byte 8: format version 2 is older than this build's 4 (the local CRS became a metadata field); rebuild the network")
        var three = bytes
        three[8] = 3  // version 3 had no per-hub minimum change times and no input hashes
        #expect(message(three) == "net.mcnet: byte 8: format version 3 is older than this build's 4 (per-hub minimum change times and input hashes were added); rebuild the network")
        var magic = bytes
        magic[0] = UInt8(ascii: "X")
        #expect(message(magic) == "net.mcnet: byte 0: not a MetroCommute network file (magic \"MCNET\" missing)")
        #expect(message([]) != nil)
        #expect(message(bytes + [0]) != nil)
    }

    @Test func fileWriteAndRead() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let network = try Self.sampleNetwork()
        let path = dir.file("net.mcnet").path
        try network.write(toFile: path)
        #expect(try BuiltNetwork(contentsOfFile: path) == network)
        #expect(throws: InputError.self) { try BuiltNetwork(contentsOfFile: dir.file("missing").path) }
    }

    /// Expected values from Python's `xxhash` 3.x package (`xxhash.xxh64(data).hexdigest()`).
    @Test func xxHash64MatchesReferenceVectors() {
        #expect(XXHash64.hash([]) == 0xef46db3751d8e999)
        #expect(XXHash64.hash(Array("abc".utf8)) == 0x44bc2cf5ad770999)
        #expect(XXHash64.hash((0..<100).map { UInt8($0) }) == 0x6ac1e58032166597)
        #expect(XXHash64.hash(Array("MetroCommute network file".utf8)) == 0xd15d22615838d1ac)
    }
}
