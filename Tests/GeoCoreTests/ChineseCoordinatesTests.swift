import Foundation
import Testing
import TestSupport
import GeoCore

@Suite(.tags(.fast)) struct ChineseCoordinatesTests {
    func c(_ lon: Double, _ lat: Double) -> Coordinate { Coordinate(longitude: lon, latitude: lat) }

    /// Check points from shared/data/README.md §1.3 (the data's own iterated inverse; independent of this code).
    /// The README also says no conversion is 480–625 m off, so the shift is checked too.
    @Test(arguments: [
        (116.378959, 39.865030, 116.372741, 39.863646, 553.0),  // 北京南站
        (113.269561, 22.989094, 113.264241, 22.991829, 624.0),  // 广州南站
        (106.583638, 29.560008, 106.579951, 29.562897, 480.0),  // 小什字
    ])
    func readmeCheckPoints(gcjLon: Double, gcjLat: Double, wgsLon: Double, wgsLat: Double, shiftMeters: Double) {
        let gcj = c(gcjLon, gcjLat)
        let wgs = GCJ02.toWGS84(gcj)
        #expect(Earth.haversineMeters(wgs, c(wgsLon, wgsLat)) < 0.5)
        #expect(abs(Earth.haversineMeters(gcj, wgs) - shiftMeters) < 1.5)
        // And forward from the published WGS-84 value lands back on the GCJ-02 input (6-decimal inputs: < 0.2 m).
        #expect(Earth.haversineMeters(GCJ02.fromWGS84(c(wgsLon, wgsLat)), gcj) < 0.5)
    }

    struct MetroRow {
        var key: String  // line_id + seq
        var coordinate: Coordinate
    }

    /// Simple CSV split: these files have no quotes (checked), so commas only separate fields.
    static func metroRows(_ url: URL) throws -> [MetroRow] {
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(!text.contains("\""), "\(url.lastPathComponent) has quotes: the simple split would be wrong")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        #expect(header == ["city_key", "line_id", "line_name", "seq", "station_id", "station_name", "lon", "lat"])
        return try lines.map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            try #require(f.count == 8, "row \(line)")
            let lon = try #require(Double(f[6])), lat = try #require(Double(f[7]))
            return MetroRow(key: "\(f[1])#\(f[3])", coordinate: Coordinate(longitude: lon, latitude: lat))
        }
    }

    /// Every GCJ-02 row converted must give the WGS-84 row of the same line_id and seq (README §1.3: the
    /// published WGS-84 values agree with a fresh conversion to 0.08 m; we allow 1 m). Row counts from the
    /// README table: 760, 451, 341.
    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "needs ../shared/data"),
          arguments: [("jingjinji", 760), ("guangfo", 451), ("chongqing", 341)])
    func allMetroRowsConvert(area: String, rows: Int) throws {
        let wgsURL = try #require(SharedData.file("cn/\(area)/metro_lines.csv"))
        let gcjURL = try #require(SharedData.file("cn/\(area)/metro_lines_gcj02.csv"))
        let wgsRows = try Self.metroRows(wgsURL)
        let gcjRows = try Self.metroRows(gcjURL)
        #expect(wgsRows.count == rows && gcjRows.count == rows)
        let wgsByKey = Dictionary(wgsRows.map { ($0.key, $0.coordinate) }, uniquingKeysWith: { a, _ in a })
        #expect(wgsByKey.count == rows)
        var worst = 0.0
        for row in gcjRows {
            let expected = try #require(wgsByKey[row.key], "\(row.key) missing in metro_lines.csv")
            let converted = GCJ02.toWGS84(row.coordinate)
            worst = max(worst, Earth.haversineMeters(converted, expected))
            // Not converting at all is hundreds of metres off.
            #expect(Earth.haversineMeters(row.coordinate, expected) > 100)
        }
        #expect(worst < 1.0, "\(area): worst \(worst) m")
    }

    /// A 0.25° grid over China's rough box (the part where the offset applies): WGS→GCJ→WGS and
    /// GCJ→BD→GCJ come back within 1 cm, and the GCJ offset is a plausible few hundred metres.
    @Test func roundTripsOnAGridOverChina() {
        var worstGCJ = 0.0, worstBD = 0.0, largestShift = 0.0
        var lon = 73.0
        while lon <= 135.0 {
            var lat = 18.0
            while lat <= 53.5 {
                let wgs = c(lon, lat)
                let gcj = GCJ02.fromWGS84(wgs)
                worstGCJ = max(worstGCJ, Earth.haversineMeters(GCJ02.toWGS84(gcj), wgs))
                largestShift = max(largestShift, Earth.haversineMeters(gcj, wgs))
                worstBD = max(worstBD, Earth.haversineMeters(BD09.toGCJ02(BD09.fromGCJ02(gcj)), gcj))
                lat += 0.25
            }
            lon += 0.25
        }
        #expect(worstGCJ < 0.01, "GCJ round trip worst \(worstGCJ) m")
        #expect(worstBD < 0.01, "BD round trip worst \(worstBD) m")
        #expect(largestShift > 100 && largestShift < 1500, "largest GCJ shift \(largestShift) m")
        // BD-09 adds its own shift of several hundred metres (0.0065°, 0.006° plus the rotation).
        let b = BD09.fromGCJ02(c(116.378959, 39.865030))
        let bdShift = Earth.haversineMeters(b, c(116.378959, 39.865030))
        #expect(bdShift > 500 && bdShift < 1500, "BD shift \(bdShift) m")
        #expect(Earth.haversineMeters(BD09.toWGS84(BD09.fromWGS84(c(113.3, 23.1))), c(113.3, 23.1)) < 0.01)
    }

    @Test func outsideChinaUnchanged() {
        for p in [c(2.35, 48.85), c(-71.25, -29.9), c(139.7, 35.7), c(0, 0), c(100.5, 0.5)] {
            #expect(GCJ02.fromWGS84(p) == p)
            #expect(GCJ02.toWGS84(p) == p)
            #expect(!GCJ02.isOffsetApplied(at: p))
        }
        #expect(GCJ02.isOffsetApplied(at: c(116.4, 39.9)))
        #expect(GCJ02.fromWGS84(c(116.4, 39.9)) != c(116.4, 39.9))
    }
}
