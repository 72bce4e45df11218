import Foundation
import GeoCore

/// The binary network file.
///
/// Layout (all integers little-endian):
/// ```
/// 0   8 bytes  magic "MCNET\0\0\0"
/// 8   UInt32   format version (`BuiltNetwork.fileFormatVersion`)
/// 12  UInt32   flags (0; reserved)
/// 16  UInt64   payload length in bytes
/// 24  UInt64   XXH64 (seed 0) of the payload
/// 32  payload: sections META, TRAN, STRT, LINK, DIST (and ROAD when META says so) in this order, each a 4-byte ASCII tag,
///     a UInt64 body length and the body. Arrays are a UInt64 count and the raw elements; strings are
///     a UInt32 byte length and UTF-8; string columns are one length array and one UTF-8 array.
/// ```
/// The same network always encodes to the same bytes.
///
/// Versions: 1 = no road graph; 2 = adds the ROAD section (the driving `RoadGraph`); 3 = META holds the local
/// CRS as a field (versions 1 and 2 kept it in the notes) and whether a ROAD section follows; 4 = META holds
/// the per-hub minimum change times (`BuildParameters.hubTransfers`) after the tier-pair table, and each source
/// also records its manifest path and a hash of its bytes (provenance). This build writes and reads version 4
/// only: an older file is refused with a request to rebuild it.
extension BuiltNetwork {
    public static let fileMagic: [UInt8] = Array("MCNET".utf8) + [0, 0, 0]
    /// The format version this build writes and reads.
    public static let fileFormatVersion: UInt32 = 4
    static let headerSize = 32

    // MARK: Encoding

    public func encoded() -> [UInt8] {
        var w = BinaryWriter()
        w.writeSection("META") { encodeMetadata(&$0) }
        w.writeSection("TRAN") { encodeTransit(&$0) }
        w.writeSection("STRT") { s in
            s.writeArray(streets.firstOut); s.writeArray(streets.head); s.writeArray(streets.lengthMillimeters)
            s.writeArray(streets.longitudeE7); s.writeArray(streets.latitudeE7)
        }
        w.writeSection("LINK") { s in
            s.writeArray(stopLinks.nodes.flattened); s.writeArray(stopLinks.distanceMillimeters.flattened)
        }
        w.writeSection("DIST") { encodeDistricts(&$0) }
        if !roads.isEmpty { w.writeSection("ROAD") { encodeRoads(&$0) } }
        return Self.file(payload: w.bytes)
    }

    /// A network file holding `payload`: magic, version, flags, the payload's length and checksum, the payload.
    /// (The fuzz harness and its crasher tests rebuild damaged files with it, so that damage reaches the tables.)
    static func file(payload: [UInt8], version: UInt32 = fileFormatVersion, flags: UInt32 = 0) -> [UInt8] {
        var header = BinaryWriter()
        for b in BuiltNetwork.fileMagic { header.write(b) }
        header.write(version)
        header.write(flags)
        header.write(UInt64(payload.count))
        header.write(XXHash64.hash(payload))
        return header.bytes + payload
    }

    /// `bytes` with the payload length and checksum set to match (version and flags kept); nil when the bytes
    /// are shorter than a header or lack the magic.
    static func withMatchingHeader(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= headerSize, Array(bytes[0..<8]) == fileMagic else { return nil }
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) } }
        return file(payload: Array(bytes[headerSize...]), version: u32(8), flags: u32(12))
    }

    private func encodeMetadata(_ w: inout BinaryWriter) {
        w.write(metadata.areaName); w.write(metadata.serviceDate); w.write(metadata.notes)
        w.write(metadata.localCRS != nil); if let crs = metadata.localCRS { w.write(crs.definition) }
        w.write(!roads.isEmpty)
        let p = metadata.parameters
        w.write(p.walkingSpeedMetersPerSecond); w.write(p.detourFactor); w.write(p.transferRadiusMeters)
        w.write(p.hubRadiusMeters); w.write(p.sameNameHubMaxMeters); w.write(p.stopLinkMaxMeters)
        w.writeArray(p.minTransfer.seconds)
        w.writeStrings(p.hubTransfers.map(\.hub)); w.writeArray(p.hubTransfers.flatMap(\.seconds))
        w.writeStrings(metadata.sources.map(\.name)); w.writeStrings(metadata.sources.map(\.report))
        w.writeStrings(metadata.sources.map(\.path)); w.writeStrings(metadata.sources.map(\.hash))
        w.write(boundingBox != nil)
        if let b = boundingBox {
            w.write(b.minLongitude); w.write(b.minLatitude); w.write(b.maxLongitude); w.write(b.maxLatitude)
        }
    }

    private func encodeTransit(_ w: inout BinaryWriter) {
        let t = transit
        w.writeStrings(t.stops.keys.flattened); w.writeStrings(t.stops.names.flattened)
        w.writeArray(t.stops.longitudeE7.flattened); w.writeArray(t.stops.latitudeE7.flattened)
        w.writeStrings(t.stops.sources.flattened); w.writeStrings(t.stops.parentKeys.flattened)
        w.writeArray(t.stops.tierMasks.flattened); w.writeArray(t.stops.hubs.flattened)
        w.writeStrings(t.hubs.names.flattened); w.writeArray(t.hubs.tierMasks.flattened); w.writeArray(t.hubs.stopStart)
        w.writeArray(t.hubs.stops)
        w.writeStrings(t.routes.keys); w.writeStrings(t.routes.shortNames); w.writeStrings(t.routes.longNames)
        w.writeArray(t.routes.gtfsRouteTypes); w.writeArray(t.routes.tiers); w.writeStrings(t.routes.tierReasons)
        w.writeStrings(t.routes.sources)
        w.writeArray(t.patterns.stopStart); w.writeArray(t.patterns.stops.flattened); w.writeArray(t.patterns.tripStart)
        w.writeArray(t.patterns.stopTimeStart); w.writeArray(t.patterns.routes); w.writeArray(t.patterns.tiers)
        w.writeArray(t.patterns.arrivalSeconds.flattened); w.writeArray(t.patterns.departureSeconds.flattened)
        w.writeStrings(t.trips.keys.flattened); w.writeStrings(t.trips.names.flattened); w.writeArray(t.trips.patterns.flattened)
        w.writeArray(t.trips.routes.flattened); w.writeArray(t.trips.tiers.flattened)
        let x = t.transfers.flattened(stopCount: t.stopCount)
        w.writeArray(x.start); w.writeArray(x.targets); w.writeArray(x.seconds)
    }

    private func encodeDistricts(_ w: inout BinaryWriter) {
        w.write(UInt64(districts.count))
        for d in districts {
            w.write(d.name)
            w.write(d.cityName != nil); if let c = d.cityName { w.write(c) }
            w.write(d.code != nil); if let c = d.code { w.write(Int64(c)) }
            w.write(d.population)
            w.write(UInt64(d.boundary.polygons.count))
            for polygon in d.boundary.polygons {
                w.write(UInt64(polygon.rings.count))
                for ring in polygon.rings {
                    var flat: [Double] = []
                    flat.reserveCapacity(ring.coordinates.count * 2)
                    for c in ring.coordinates { flat.append(c.longitude); flat.append(c.latitude) }
                    w.writeArray(flat)
                }
            }
        }
    }

    // MARK: Decoding

    /// Decodes a network file. `file` names it in errors. Throws `InputError` on a wrong magic, an unknown
    /// version, a truncated file, a checksum mismatch or inconsistent tables.
    public init(decoding bytes: [UInt8], file: String) throws {
        guard bytes.count >= 8, Array(bytes[0..<8]) == BuiltNetwork.fileMagic else {
            throw InputError(file: file, location: "byte 0", message: "not a MetroCommute network file (magic \"MCNET\" missing)")
        }
        var r = BinaryReader(bytes: bytes, file: file, offset: 8)
        let version = try r.read(UInt32.self, "format version")
        guard version == BuiltNetwork.fileFormatVersion else {
            if version == 1 || version == 2 {
                throw r.error("format version \(version) is older than this build's \(BuiltNetwork.fileFormatVersion) (the local CRS became a metadata field); rebuild the network", at: 8)
            }
            if version == 3 {
                throw r.error("format version 3 is older than this build's \(BuiltNetwork.fileFormatVersion) (per-hub minimum change times and input hashes were added); rebuild the network", at: 8)
            }
            throw r.error("format version \(version) is not supported (this build reads version \(BuiltNetwork.fileFormatVersion)); rebuild the network", at: 8)
        }
        _ = try r.read(UInt32.self, "flags")
        let length = try r.read(UInt64.self, "payload length")
        let checksum = try r.read(UInt64.self, "checksum")
        guard UInt64(r.remaining) >= length else {
            throw r.error("truncated: header announces \(length) payload bytes, file has \(r.remaining)")
        }
        guard UInt64(r.remaining) == length else {
            throw r.error("\(UInt64(r.remaining) - length) unexpected bytes after the payload", at: BuiltNetwork.headerSize + Int(length))
        }
        let actual = bytes.withUnsafeBytes { XXHash64.hash(UnsafeRawBufferPointer(rebasing: $0[BuiltNetwork.headerSize...])) }
        guard actual == checksum else {
            throw r.error("checksum mismatch (file damaged): stored \(hex(checksum)), computed \(hex(actual))", at: 24)
        }

        var meta = try r.section("META")
        let areaName = try meta.readString("area name")
        let serviceDate = try meta.readString("service date")
        let notes = try meta.readString("notes")
        var localCRS: LocalCRSDefinition?
        if try meta.readBool("local CRS flag") {
            let definition = try meta.readString("local CRS")
            guard let crs = LocalCRSDefinition(manifestValue: definition) else {
                throw meta.error("local CRS \"\(definition)\" is not a definition")
            }
            localCRS = crs
        }
        let hasRoads = try meta.readBool("road graph flag")
        let walking = try meta.readDouble(), detour = try meta.readDouble(), transferRadius = try meta.readDouble()
        let hubRadius = try meta.readDouble(), sameName = try meta.readDouble(), linkMax = try meta.readDouble()
        let table = try meta.readArray(Int32.self, "minimum transfer table")
        guard table.count == 25 else { throw meta.error("minimum transfer table has \(table.count) entries, expected 25") }
        let hubNames = try meta.readStrings("hub transfer names")
        let hubSeconds = try meta.readArray(Int32.self, "hub transfer tables")
        guard hubSeconds.count == 25 * hubNames.count else {
            throw meta.error("hub transfer tables have \(hubSeconds.count) entries, expected \(25 * hubNames.count)")
        }
        let hubTransfers = hubNames.enumerated().map { k, name in
            HubTransferOverride(hub: name, seconds: Array(hubSeconds[(25 * k)..<(25 * k + 25)]))
        }
        let sourceNames = try meta.readStrings("source names")
        let sourceReports = try meta.readStrings("source reports")
        let sourcePaths = try meta.readStrings("source paths")
        let sourceHashes = try meta.readStrings("source hashes")
        guard sourceNames.count == sourceReports.count, sourceNames.count == sourcePaths.count,
              sourceNames.count == sourceHashes.count else { throw meta.error("one report, path and hash per source expected") }
        var box: BoundingBox?
        if try meta.readBool("bounding box flag") {
            box = BoundingBox(minLongitude: try meta.readDouble(), minLatitude: try meta.readDouble(),
                              maxLongitude: try meta.readDouble(), maxLatitude: try meta.readDouble())
        }
        try meta.expectEnd("section META")
        let parameters = BuildParameters(
            walkingSpeedMetersPerSecond: walking, detourFactor: detour, transferRadiusMeters: transferRadius,
            hubRadiusMeters: hubRadius, sameNameHubMaxMeters: sameName, minTransfer: MinTransferTable(seconds: table),
            stopLinkMaxMeters: linkMax, hubTransfers: hubTransfers)
        if let (key, message) = parameters.problem { throw meta.error("build parameter \(key): \(message)") }
        let metadata = Metadata(areaName: areaName, serviceDate: serviceDate, notes: notes, localCRS: localCRS,
                                parameters: parameters,
                                sources: sourceNames.indices.map {
                                    SourceSummary(name: sourceNames[$0], report: sourceReports[$0], path: sourcePaths[$0],
                                                  hash: sourceHashes[$0])
                                })

        var tr = try r.section("TRAN")
        let transit = try BuiltNetwork.decodeTransit(&tr)
        try tr.expectEnd("section TRAN")

        var st = try r.section("STRT")
        let streetStart = st.offset
        let firstOut = try st.readArray(UInt32.self, "street first-out")
        let head = try st.readArray(UInt32.self, "street arc heads")
        let lengths = try st.readArray(UInt32.self, "street arc lengths")
        let lons = try st.readArray(Int32.self, "street node longitudes")
        let lats = try st.readArray(Int32.self, "street node latitudes")
        try st.expectEnd("section STRT")
        if let problem = BuiltNetwork.streetProblem(firstOut: firstOut, head: head, lengths: lengths, lons: lons, lats: lats) {
            throw st.error("street graph: \(problem)", at: streetStart)
        }
        let streets = StreetGraph(firstOut: firstOut, head: head, lengthMillimeters: lengths, longitudeE7: lons, latitudeE7: lats)

        var li = try r.section("LINK")
        let linkStart = li.offset
        let linkNodes = try li.readArray(UInt32.self, "stop link nodes")
        let linkMM = try li.readArray(UInt32.self, "stop link distances")
        try li.expectEnd("section LINK")
        guard linkNodes.count == transit.stopCount, linkMM.count == transit.stopCount,
              linkNodes.allSatisfy({ $0 == StreetNodeID.invalid.rawValue || Int($0) < streets.nodeCount }) else {
            throw li.error("stop links do not match the stops and street nodes", at: linkStart)
        }

        var di = try r.section("DIST")
        let districts = try BuiltNetwork.decodeDistricts(&di)
        try di.expectEnd("section DIST")
        var roads = RoadGraph.empty
        if hasRoads {
            var ro = try r.section("ROAD")
            roads = try BuiltNetwork.decodeRoads(&ro)
            try ro.expectEnd("section ROAD")
        }
        try r.expectEnd("payload")
        self.init(metadata: metadata, transit: transit, streets: streets,
                  stopLinks: StopStreetLinks(nodes: linkNodes, distanceMillimeters: linkMM),
                  districts: districts, boundingBox: box, roads: roads)
    }

    private static func decodeTransit(_ r: inout BinaryReader) throws -> TransitLayer {
        let start = r.offset
        let stops = TransitLayer.StopTable(
            keys: try r.readStrings("stop keys"), names: try r.readStrings("stop names"),
            longitudeE7: try r.readArray(Int32.self, "stop longitudes"), latitudeE7: try r.readArray(Int32.self, "stop latitudes"),
            sources: try r.readStrings("stop sources"), parentKeys: try r.readStrings("stop parent keys"),
            tierMasks: try r.readArray(UInt8.self, "stop tier masks"), hubs: try r.readArray(UInt32.self, "stop hubs"))
        let hubs = TransitLayer.HubTable(
            names: try r.readStrings("hub names"), tierMasks: try r.readArray(UInt8.self, "hub tier masks"),
            stopStart: try r.readArray(UInt32.self, "hub member start"), stops: try r.readArray(UInt32.self, "hub members"))
        let routes = TransitLayer.RouteTable(
            keys: try r.readStrings("route keys"), shortNames: try r.readStrings("route short names"),
            longNames: try r.readStrings("route long names"), gtfsRouteTypes: try r.readArray(Int32.self, "route types"),
            tiers: try r.readArray(UInt8.self, "route tiers"), tierReasons: try r.readStrings("route tier reasons"),
            sources: try r.readStrings("route sources"))
        let patterns = TransitLayer.PatternTable(
            stopStart: try r.readArray(UInt32.self, "pattern stop start"), stops: try r.readArray(UInt32.self, "pattern stops"),
            tripStart: try r.readArray(UInt32.self, "pattern trip start"),
            stopTimeStart: try r.readArray(UInt32.self, "pattern stop-time start"),
            routes: try r.readArray(UInt32.self, "pattern routes"), tiers: try r.readArray(UInt8.self, "pattern tiers"),
            arrivalSeconds: try r.readArray(Int32.self, "arrival times"),
            departureSeconds: try r.readArray(Int32.self, "departure times"))
        let trips = TransitLayer.TripTable(
            keys: try r.readStrings("trip keys"), names: try r.readStrings("trip names"),
            patterns: try r.readArray(UInt32.self, "trip patterns"), routes: try r.readArray(UInt32.self, "trip routes"),
            tiers: try r.readArray(UInt8.self, "trip tiers"))
        let transfers = TransitLayer.TransferTable(
            start: try r.readArray(UInt32.self, "transfer start"), targets: try r.readArray(UInt32.self, "transfer targets"),
            seconds: try r.readArray(Int32.self, "transfer times"))
        if let problem = TransitLayer.validate(stops: stops, hubs: hubs, routes: routes, patterns: patterns,
                                               trips: trips, transfers: transfers) {
            throw r.error("transit layer: \(problem)", at: start)
        }
        for t in stops.tierMasks.flattened + hubs.tierMasks.flattened where t >= 1 << 5 { throw r.error("transit layer: tier mask out of range", at: start) }
        for t in routes.tiers + patterns.tiers + trips.tiers where t >= 5 { throw r.error("transit layer: tier out of range", at: start) }
        return TransitLayer(stops: stops, hubs: hubs, routes: routes, patterns: patterns, trips: trips, transfers: transfers)
    }

    private static func decodeDistricts(_ r: inout BinaryReader) throws -> [District] {
        let count = try r.read(UInt64.self, "district count")
        guard count <= UInt64(r.remaining) else { throw r.error("truncated: \(count) districts announced") }
        var result: [District] = []
        for _ in 0..<count {
            let name = try r.readString("district name")
            let city: String? = try r.readBool("city flag") ? try r.readString("city name") : nil
            let code: Int? = try r.readBool("code flag") ? Int(try r.read(Int64.self, "district code")) : nil
            let population = try r.readDouble("population")
            let polygonCount = try r.read(UInt64.self, "polygon count")
            guard polygonCount <= UInt64(r.remaining) else { throw r.error("truncated: \(polygonCount) polygons announced") }
            var polygons: [Polygon] = []
            for _ in 0..<polygonCount {
                let ringCount = try r.read(UInt64.self, "ring count")
                guard ringCount >= 1, ringCount <= UInt64(r.remaining) else { throw r.error("bad ring count \(ringCount)") }
                var rings: [LinearRing] = []
                for _ in 0..<ringCount {
                    let flat = try r.readDoubles("ring coordinates")
                    guard flat.count % 2 == 0 else { throw r.error("odd number of ring ordinates") }
                    rings.append(LinearRing(stride(from: 0, to: flat.count, by: 2).map {
                        Coordinate(longitude: flat[$0], latitude: flat[$0 + 1])
                    }))
                }
                polygons.append(Polygon(shell: rings[0], holes: Array(rings.dropFirst())))
            }
            result.append(District(name: name, cityName: city, code: code, population: population,
                                   boundary: MultiPolygon(polygons)))
        }
        return result
    }

    private func encodeRoads(_ w: inout BinaryWriter) {
        let g = roads
        w.writeArray(g.firstOut); w.writeArray(g.head); w.writeArray(g.lengthMillimeters)
        w.writeArray(g.travelTimeMilliseconds); w.writeArray(g.roadClass); w.writeArray(g.lanes)
        w.writeArray(g.capacityVehiclesPerHour); w.writeArray(g.arcLink); w.writeArray(g.longitudeE7)
        w.writeArray(g.latitudeE7)
        let l = g.links
        w.writeStrings(l.keys); w.writeStrings(l.names); w.writeArray(l.classes); w.writeArray(l.fromNode)
        w.writeArray(l.toNode); w.writeArray(l.shapeStart); w.writeArray(l.shapeLongitudeE7); w.writeArray(l.shapeLatitudeE7)
    }

    private static func decodeRoads(_ r: inout BinaryReader) throws -> RoadGraph {
        let start = r.offset
        let firstOut = try r.readArray(UInt32.self, "road first-out"), head = try r.readArray(UInt32.self, "road arc heads")
        let mm = try r.readArray(UInt32.self, "road arc lengths"), ms = try r.readArray(UInt32.self, "road arc times")
        let cls = try r.readArray(UInt8.self, "road arc classes"), lanes = try r.readArray(UInt8.self, "road arc lanes")
        let cap = try r.readArray(UInt32.self, "road arc capacities"), link = try r.readArray(UInt32.self, "road arc links")
        let lons = try r.readArray(Int32.self, "road node longitudes"), lats = try r.readArray(Int32.self, "road node latitudes")
        let links = RoadLinkTable(
            keys: try r.readStrings("road link keys"), names: try r.readStrings("road link names"),
            classes: try r.readArray(UInt8.self, "road link classes"), fromNode: try r.readArray(UInt32.self, "road link from-nodes"),
            toNode: try r.readArray(UInt32.self, "road link to-nodes"), shapeStart: try r.readArray(UInt32.self, "road shape start"),
            shapeLongitudeE7: try r.readArray(Int32.self, "road shape longitudes"),
            shapeLatitudeE7: try r.readArray(Int32.self, "road shape latitudes"))
        if let problem = RoadGraph.problem(firstOut: firstOut, head: head, lengthMillimeters: mm, travelTimeMilliseconds: ms,
                                           roadClass: cls, lanes: lanes, capacityVehiclesPerHour: cap, arcLink: link,
                                           longitudeE7: lons, latitudeE7: lats, links: links) {
            throw r.error("road graph: \(problem)", at: start)
        }
        return RoadGraph(firstOut: firstOut, head: head, lengthMillimeters: mm, travelTimeMilliseconds: ms, roadClass: cls,
                         lanes: lanes, capacityVehiclesPerHour: cap, arcLink: link, longitudeE7: lons, latitudeE7: lats,
                         links: links)
    }

    private static func streetProblem(firstOut: [UInt32], head: [UInt32], lengths: [UInt32], lons: [Int32], lats: [Int32]) -> String? {
        guard let first = firstOut.first, first == 0 else { return "first-out must start with 0" }
        guard Int(firstOut[firstOut.count - 1]) == head.count else { return "first-out must end with the arc count" }
        guard lengths.count == head.count else { return "one length per arc" }
        guard lons.count == firstOut.count - 1, lats.count == firstOut.count - 1 else { return "one position per node" }
        for i in 1..<firstOut.count where firstOut[i - 1] > firstOut[i] { return "first-out decreases at node \(i - 1)" }
        let n = UInt32(firstOut.count - 1)
        for h in head where h >= n { return "arc head \(h) out of range" }
        return nil
    }

    // MARK: Files

    /// Reads and decodes a network file.
    public init(contentsOfFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, message: "cannot read the network file")
        }
        try self.init(decoding: [UInt8](data), file: path)
    }

    /// Writes the encoded network atomically (temporary file, then rename).
    public func write(toFile path: String) throws {
        do {
            try Data(encoded()).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError(file: path, message: "cannot write the network file: \(error.localizedDescription)")
        }
    }
}

private func hex(_ v: UInt64) -> String {
    let s = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 16 - s.count)) + s
}
