import Foundation

/// A small area written by hand: two metro lines, a three-stop rail GTFS feed (zip), two districts, a road
/// layer and an OSM PBF street file, around 116.30–116.42 E, 39.88–39.97 N; `tiny.json` names them all.
public struct TinyArea {
    public static let linesCSV = """
        line_id,line_name,seq,station_id,station_name,lon,lat
        L1,Line 1,1,A,Alpha,116.30,39.90
        L1,Line 1,2,B,Beta,116.35,39.90
        L1,Line 1,3,C,Gamma,116.40,39.90
        L2,Line 2,1,B,Beta,116.35,39.90
        L2,Line 2,2,D,Delta,116.35,39.95

        """

    public static let districtsGeoJSON = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"name":"West","pop":100000,"city":"Testcity","code":1},"geometry":{"type":"Polygon","coordinates":[[[116.28,39.88],[116.36,39.88],[116.36,39.97],[116.28,39.97],[116.28,39.88]]]}},
        {"type":"Feature","properties":{"name":"East","pop":50000,"city":"Testcity","code":2},"geometry":{"type":"Polygon","coordinates":[[[116.36,39.88],[116.42,39.88],[116.42,39.97],[116.36,39.97],[116.36,39.88]]]}}
        ]}

        """

    public static let roadsGeoJSON = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"link_id":1,"link_type":"primary","direction":0,"speed_ab":50,"lanes":2},"geometry":{"type":"LineString","coordinates":[[116.30,39.901],[116.35,39.901]]}},
        {"type":"Feature","properties":{"link_id":2,"link_type":"primary","direction":1,"speed_ab":50},"geometry":{"type":"LineString","coordinates":[[116.35,39.901],[116.40,39.901]]}},
        {"type":"Feature","properties":{"link_id":3,"link_type":"secondary","direction":0},"geometry":{"type":"LineString","coordinates":[[116.35,39.901],[116.351,39.95]]}},
        {"type":"Feature","properties":{"link_id":4,"link_type":"tertiary","direction":0},"geometry":{"type":"LineString","coordinates":[[116.40,39.901],[116.41,39.93]]}}
        ]}

        """

    /// 2016-03-10 is a Thursday: service WK runs, WE does not.
    public static let gtfs: [(name: String, text: String)] = [
        ("agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nR,Rail,https://example.org,Asia/Shanghai\n"),
        ("stops.txt", """
            stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station
            S1,Alpha Rail,39.9005,116.3005,0,
            S2,Beta Rail,39.9005,116.3505,0,
            S3,East Rail,39.95,116.41,0,

            """),
        ("routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nC1,R,C,Intercity,2\n"),
        ("trips.txt", "route_id,service_id,trip_id,trip_short_name\nC1,WK,T1,C101\nC1,WK,T2,C102\nC1,WE,T3,C103\n"),
        ("calendar.txt", """
            service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date
            WK,1,1,1,1,1,0,0,20160101,20161231
            WE,0,0,0,0,0,1,1,20160101,20161231

            """),
        ("calendar_dates.txt", "service_id,date,exception_type\nWE,20160310,2\n"),
        ("stop_times.txt", """
            trip_id,arrival_time,departure_time,stop_id,stop_sequence
            T1,08:00:00,08:00:00,S1,1
            T1,08:06:00,08:07:00,S2,2
            T1,08:20:00,08:20:00,S3,3
            T2,08:30:00,08:30:00,S3,1
            T2,08:44:00,08:45:00,S2,2
            T2,08:52:00,08:52:00,S1,3
            T3,10:00:00,10:00:00,S1,1
            T3,10:30:00,10:30:00,S3,2

            """),
        ("transfers.txt", "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nS1,S1,2,180\n"),
    ]

    public static func gtfsZip(_ members: [(name: String, text: String)] = gtfs) -> [UInt8] {
        StoredZip.make(members.map { ($0.name, Array($0.text.utf8)) })
    }

    /// The manifest as a JSON object; `lines` carries the service keys the manifest cases damage.
    public static func manifestObject() -> [String: Any] {
        [
            "area": "tiny", "service_date": "2016-03-10", "local_crs": "EPSG:4548",
            "districts": ["path": "districts.geojson", "name_property": "name", "population_property": "pop",
                          "city_property": "city", "code_property": "code"],
            "gtfs": [["name": "rail", "path": "rail_gtfs.zip"]],
            "lines": [["name": "metro", "path": "lines.csv", "tier": "metro", "headway_min": 6, "speed_kmh": 35,
                       "dwell_s": 30, "service_start": "06:00", "service_end": "22:00"]],
            "osm": [["name": "streets", "path": "streets.osm.pbf"]],
            "roads": [["name": "roads", "path": "roads.geojson"]],
            "parameters": ["walk_speed_mps": 1.2, "detour_factor": 1.3, "hub_radius_m": 800],
        ]
    }

    public static func manifestText(_ object: [String: Any] = manifestObject()) -> String {
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }

    /// Every file of the area, by name.
    public static func files() -> [String: [UInt8]] {
        [
            "lines.csv": Array(linesCSV.utf8), "districts.geojson": Array(districtsGeoJSON.utf8),
            "roads.geojson": Array(roadsGeoJSON.utf8), "rail_gtfs.zip": gtfsZip(), "streets.osm.pbf": TinyPBF.streets(),
            "tiny.json": Array(manifestText().utf8),
        ]
    }

    public let directory: TemporaryDirectory
    public var url: URL { directory.url }
    public var manifest: String { directory.file("tiny.json").path }

    /// Writes the area with `replacing` applied (a nil value removes the file).
    public init(replacing: [String: [UInt8]?] = [:]) throws {
        directory = try TemporaryDirectory()
        var all = Self.files()
        for (name, bytes) in replacing { all[name] = bytes }
        for (name, bytes) in all { try Data(bytes).write(to: directory.file(name)) }
    }

    public func cleanUp() { directory.cleanUp() }
}

/// A hand-encoded OSM PBF (raw blobs): a few nodes and footways/residential ways around the tiny area.
public enum TinyPBF {
    public struct Proto {
        public var bytes: [UInt8] = []
        public init() {}
        public mutating func varint(_ v: UInt64) {
            var v = v
            while v >= 0x80 { bytes.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
            bytes.append(UInt8(v))
        }
        public mutating func key(_ field: Int, _ wire: Int) { varint(UInt64(field << 3 | wire)) }
        public mutating func uint(_ field: Int, _ v: UInt64) { key(field, 0); varint(v) }
        public mutating func data(_ field: Int, _ b: [UInt8]) { key(field, 2); varint(UInt64(b.count)); bytes += b }
        public mutating func string(_ field: Int, _ s: String) { data(field, Array(s.utf8)) }
        public mutating func packed(_ field: Int, _ vs: [UInt64]) { var p = Proto(); for v in vs { p.varint(v) }; data(field, p.bytes) }
        public mutating func packedSigned(_ field: Int, _ vs: [Int64]) { packed(field, vs.map { UInt64(bitPattern: ($0 << 1) ^ ($0 >> 63)) }) }
    }

    public static func block(type: String, payload: [UInt8]) -> [UInt8] {
        var blob = Proto(); blob.data(1, payload)
        var header = Proto(); header.string(1, type); header.uint(3, UInt64(blob.bytes.count))
        let n = UInt32(header.bytes.count)
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + header.bytes + blob.bytes
    }

    public static func delta(_ vs: [Int64]) -> [Int64] { vs.indices.map { $0 == 0 ? vs[0] : vs[$0] - vs[$0 - 1] } }

    /// `firstLatitude` (units of 100 nanodegrees) lets a test put node 1 off the globe.
    public static func streets(firstLatitude: Int64 = 399_000_000) -> [UInt8] {
        var head = Proto()
        head.string(4, "OsmSchema-V0.6"); head.string(4, "DenseNodes"); head.string(16, "robustness test")
        var table = Proto()
        for s in ["", "highway", "footway", "residential", "name", "Test Road"] { table.string(1, s) }
        // Nodes 1…6 (granularity 100 nanodegrees): a path along 39.9 N and a street north to 39.95.
        let ids: [Int64] = [1, 2, 3, 4, 5, 6]
        let lats: [Int64] = [firstLatitude, 399_000_000, 399_000_000, 399_000_000, 399_250_000, 399_500_000]
        let lons: [Int64] = [1_163_000_000, 1_163_250_000, 1_163_500_000, 1_164_000_000, 1_163_500_000, 1_163_500_000]
        var dense = Proto()
        dense.packedSigned(1, delta(ids)); dense.packedSigned(8, delta(lats)); dense.packedSigned(9, delta(lons))
        var g1 = Proto(); g1.data(2, dense.bytes)
        var w1 = Proto(); w1.uint(1, 10); w1.packed(2, [1]); w1.packed(3, [2]); w1.packedSigned(8, delta([1, 2, 3, 4]))
        var w2 = Proto(); w2.uint(1, 11); w2.packed(2, [1, 4]); w2.packed(3, [3, 5]); w2.packedSigned(8, delta([3, 5, 6]))
        var g2 = Proto(); g2.data(3, w1.bytes); g2.data(3, w2.bytes)
        var primitive = Proto(); primitive.data(1, table.bytes); primitive.data(2, g1.bytes); primitive.data(2, g2.bytes)
        return block(type: "OSMHeader", payload: head.bytes) + block(type: "OSMData", payload: primitive.bytes)
    }

    /// The streets file with a run of 0xFF bytes (a varint that never ends) at `offset` into the data blob.
    public static func corruptVarint(at offset: Int, length: Int = 11) -> [UInt8] {
        var b = streets()
        let dataBlob = b.count - 40  // inside the last block's payload
        let at = min(b.count - length, max(0, dataBlob + offset))
        for i in at ..< at + length { b[i] = 0xFF }
        return b
    }
}

