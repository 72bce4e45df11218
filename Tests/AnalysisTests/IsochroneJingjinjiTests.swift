import Foundation
import GeoCore
import GeoGEOS
import GeoPROJ
import Network
import Routing
import Testing
import TestSupport
@testable import Analysis

/// Reference points read straight from the shared data files (no project code).
enum JingjinjiReference {
    /// Rail stops from rail_gtfs/stops.txt: code → (name, lon, lat); read once, a failure kept as the reason.
    static func railStops() throws -> [String: (name: String, coordinate: Coordinate)] { try railStopsRead.get() }
    private static let railStopsRead = Result<[String: (name: String, coordinate: Coordinate)], any Error> {
        let url = try SharedData.required("cn/jingjinji/rail_gtfs/stops.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        var out: [String: (String, Coordinate)] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 4, let lat = Double(f[2]), let lon = Double(f[3]) else { continue }
            out[f[0]] = (f[1], Coordinate(longitude: lon, latitude: lat))
        }
        return out
    }

    /// Polylines of every metro line (metro_lines.csv, by seq) and every train (stop_times.txt, by stop_sequence).
    static func lines() throws -> [[Coordinate]] { try linesRead.get() }
    private static let linesRead = Result<[[Coordinate]], any Error> {
        var out: [[Coordinate]] = []
        let stopsByCode = try railStops()
        do {
            let url = try SharedData.required("cn/jingjinji/metro_lines.csv")
            let text = try String(contentsOf: url, encoding: .utf8)
            var byLine: [String: [(Int, Coordinate)]] = [:]
            for line in text.split(separator: "\n").dropFirst() {
                let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard f.count >= 8, let seq = Int(f[3]), let lon = Double(f[6]), let lat = Double(f[7]) else { continue }
                byLine[f[1], default: []].append((seq, Coordinate(longitude: lon, latitude: lat)))
            }
            out += byLine.values.map { $0.sorted { $0.0 < $1.0 }.map(\.1) }
        }
        do {
            let url = try SharedData.required("cn/jingjinji/rail_gtfs/stop_times.txt")
            let text = try String(contentsOf: url, encoding: .utf8)
            var byTrip: [String: [(Int, Coordinate)]] = [:]
            let header = text.split(separator: "\n")[0].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let trip = header.firstIndex(of: "trip_id")!, stop = header.firstIndex(of: "stop_id")!, seq = header.firstIndex(of: "stop_sequence")!
            for line in text.split(separator: "\n").dropFirst() {
                let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard let s = stopsByCode[f[stop]], let n = Int(f[seq]) else { continue }
                byTrip[f[trip], default: []].append((n, s.coordinate))
            }
            out += byTrip.values.map { $0.sorted { $0.0 < $1.0 }.map(\.1) }
        }
        return out
    }

    /// Distance from a point to the nearest segment of any line, metres (local equirectangular plane, fine for
    /// a lower bound check at tens of kilometres).
    static func distanceToRailMeters(_ p: Coordinate) throws -> Double {
        let ky = Earth.meanRadiusMeters * Double.pi / 180, kx = ky * cos(p.latitude * Double.pi / 180)
        func xy(_ c: Coordinate) -> (Double, Double) { ((c.longitude - p.longitude) * kx, (c.latitude - p.latitude) * ky) }
        var best = Double.infinity
        for line in try lines() {
            for k in 0..<max(1, line.count - 1) {
                let a = xy(line[k]), b = xy(line[min(k + 1, line.count - 1)])
                let dx = b.0 - a.0, dy = b.1 - a.1
                let len2 = dx * dx + dy * dy
                let t = len2 == 0 ? 0 : max(0, min(1, -(a.0 * dx + a.1 * dy) / len2))
                let x = a.0 + t * dx, y = a.1 + t * dy
                best = min(best, (x * x + y * y).squareRoot())
            }
        }
        return best
    }
}

@Suite(.tags(.realData), .enabled(if: SharedData.isPresent, "needs ../shared/data (jingjinji)"))
struct IsochroneJingjinjiTests {
    /// The isochrone from 北京南, computed once; a failure is kept as the reason.
    static let result = Result<(IsochroneResult, BuiltNetwork), any Error> {
        let network = try AreaNetworks.built("jingjinji")
        let travel = TravelTimeParameters(firstDepartureSeconds: 8 * 3600, windowMinutes: 60, percentiles: [50],
                                          access: AccessParameters(build: network.metadata.parameters))
        guard let place = try PlaceResolver(network: network).resolve("北京南").first else { throw FixtureError("北京南 not resolved") }
        let calc = try IsochroneCalculator(network: network,
                                           parameters: IsochroneParameters(cutoffsMinutes: [15, 30, 45, 60], travel: travel),
                                           crs: IsochroneCalculator.localCRS(of: network, near: place.coordinate))
        let result = try calc.run(origins: [place])
        return (result, network)
    }

    @Test func sixtyMinutesReachTianjinButNotFarFromRail() throws {
        let (result, _) = try Self.result.get()
        #expect(result.crs == "EPSG:4548", "the manifest's local_crs")
        #expect(result.rings.map(\.cutoffMinutes) == [15, 30, 45, 60])
        let geos = GEOSContext()
        let tianjin = try #require(JingjinjiReference.railStops()["TJP"]?.coordinate, "天津 (TJP) in stops.txt")
        let sixty = try geos.prepare(try #require(result.rings[3].geometry))
        #expect(try sixty.contains(tianjin), "天津站 by intercity train within 60 min")
        // The 15-minute ring cannot reach 120 km away.
        #expect(try !geos.prepare(try #require(result.rings[0].geometry)).contains(tianjin))
        // A point in the hills north-east of Beijing, ≥ 50 km from every rail and metro line (checked here).
        let far = Coordinate(longitude: 117.3, latitude: 40.5)
        #expect(try JingjinjiReference.distanceToRailMeters(far) >= 50_000)
        #expect(try !sixty.contains(far))
        // The grid's time at Tianjin station: the C trains take 30–35 min, plus waits and walks.
        let grid = result.grids[0].grid
        let back = try Transformer(from: "EPSG:4326", to: "EPSG:4548")
        let t = try #require(grid.travelTimeSeconds(at: grid.cell(containing: back.forward(tianjin))))
        #expect(t >= 30 * 60 && t <= 60 * 60, "\(t) s to 天津")
    }

    @Test func ringsAreValidNestedAndMeasuredInTheMetricCRS() throws {
        let (result, network) = try Self.result.get()
        let geos = GEOSContext()
        let back = try Transformer(from: "EPSG:4326", to: "EPSG:4548")
        var previous: Geometry?
        for ring in result.rings {
            let g = try #require(ring.geometry)
            #expect(try geos.isValid(g))
            let area = try geos.area(of: back.transform(g)) / 1e6
            #expect(abs(area - ring.areaSquareKilometers) / ring.areaSquareKilometers < 0.001, "\(area) vs \(ring.areaSquareKilometers)")
            if let previous {
                // Each cutoff's region contains the previous one (up to slivers from rounding corners to 6 decimals,
                // ≤ 0.1 m wide, where one outline has a corner on the other's straight edge).
                let outside = try geos.area(of: geos.difference(back.transform(previous), back.transform(g)))
                #expect(outside < 1e-5 * ring.areaSquareKilometers * 1e6, "\(outside) m² of the smaller region outside")
            }
            previous = g
            // Population: positive, no more than the districts touched hold.
            let touched = network.districts.filter { ring.districts.contains($0.name) }.reduce(0) { $0 + $1.population }
            #expect(ring.populationCovered > 0 && ring.populationCovered <= touched + 1)
            #expect(ring.districts == ring.districts.sorted())
        }
        #expect(result.rings[0].districts.contains("丰台区"), "北京南 lies in 丰台区")
        #expect(result.rings[3].districts.contains("和平区"), "central Tianjin within an hour")
    }

    /// District-uniform population cells (what the command uses by default) give nearly the area-weighted figure
    /// for regions much larger than a cell: the same rings counted on the cells whose centre lies inside. The
    /// 15-minute region (a few km² around the station) is counted on a handful of 1 km cells and is left out.
    @Test func uniformCellsNearlyMatchAreaWeighting() throws {
        let (result, network) = try Self.result.get()
        let surface = try UniformDistrictPopulation().surface(network: network, crs: result.crs)
        let calc = try IsochroneCalculator(network: network, parameters: result.parameters, crs: result.crs, population: surface)
        let cells = try calc.contour(result.grids[0].grid, origin: "北京南")
        #expect(cells.map(\.cutoffMinutes) == [15, 30, 45, 60])
        for (areaWeighted, counted) in zip(result.rings, cells) where areaWeighted.cutoffMinutes >= 30 {
            let moved = counted.populationCovered / areaWeighted.populationCovered - 1
            #expect(abs(moved) < 0.03, "≤\(areaWeighted.cutoffMinutes) min: \(counted.populationCovered) vs \(areaWeighted.populationCovered)")
            #expect(counted.districts == areaWeighted.districts)
        }
    }
}
