import GeoCore
import Network
import Testing
import TestSupport

@Suite(.tags(.fast)) struct WalkModelTests {
    let walk = WalkModel(speedMetersPerSecond: 1.2, detourFactor: 1.3)

    @Test func crowFlyTimesAndTheirRoundings() {
        // 1,200 m crow-fly × 1.3 = 1,560 m walked, at 1.2 m/s = 1,300 s (the default access limit).
        #expect(walk.walkedMeters(crowFlyMeters: 1_200) == 1_560)
        #expect(abs(walk.seconds(crowFlyMeters: 1_200) - 1_300) < 1e-9)
        #expect(walk.wholeSeconds(crowFlyMeters: 1_200) == 1_300)
        #expect(walk.milliseconds(crowFlyMeters: 1_200) == 1_300_000)
        // 1 m: 1.3 / 1.2 = 1.0833… s → 1 s, 1,083 ms.
        #expect(walk.wholeSeconds(crowFlyMeters: 1) == 1)
        #expect(walk.milliseconds(crowFlyMeters: 1) == 1_083)
        // Distances no walk covers saturate instead of trapping.
        #expect(walk.wholeSeconds(crowFlyMeters: 1e15) == Int32.max / 2)
        #expect(walk.milliseconds(crowFlyMeters: 1e15) == UInt32.max - 1)
    }

    @Test func walkedDistancesAndReach() {
        // Street metres need no detour: 1,800 mm at 1.2 m/s = 1.5 s → 2 s (half away from zero), 1,500 ms.
        #expect(walk.seconds(walkedMeters: 1.8) == 1.5)
        #expect(walk.wholeSeconds(walkedMillimeters: 1_800) == 2)
        #expect(walk.milliseconds(walkedMillimeters: 1_800) == 1_500)
        // 10 s at 1.2 m/s = 12 m walked = 12,000 mm; 12 m / 1.3 ≈ 9.23 m crow-fly.
        #expect(walk.walkedMeters(inSeconds: 10) == 12)
        #expect(walk.walkedMillimeters(inMilliseconds: 10_000) == 12_000)
        #expect(abs(walk.crowFlyMeters(reachableInSeconds: 10) - 12 / 1.3) < 1e-12)
    }

    @Test func buildParametersShareTheModel() {
        let build = BuildParameters(walkingSpeedMetersPerSecond: 1.4, detourFactor: 1.2)
        #expect(build.walk == WalkModel(speedMetersPerSecond: 1.4, detourFactor: 1.2))
    }
}

@Suite(.tags(.fast)) struct PointGridTests {
    /// Radius queries agree with testing every point, in ascending index order, at several cell sizes
    /// (including cells much smaller and much larger than the radius, and the brute-force fallback).
    @Test(arguments: [1.0, 50.0, 250.0, 5_000.0])
    func radiusQueriesMatchBruteForce(cellMeters: Double) {
        var random = MutationRandom.family(0x9121)
        let n = 400
        let longitudes = (0..<n).map { _ in 116.30 + Double.random(in: 0..<0.05, using: &random) }
        let latitudes = (0..<n).map { _ in 39.90 + Double.random(in: 0..<0.05, using: &random) }
        let grid = PointGrid(longitudes: longitudes, latitudes: latitudes, cellMeters: cellMeters)
        #expect(grid.count == n)
        for q in 0..<40 {
            let center = Coordinate(longitude: 116.30 + Double.random(in: 0..<0.05, using: &random),
                                    latitude: 39.90 + Double.random(in: 0..<0.05, using: &random))
            let radius = [0.0, 30, 300, 800, 3_000][q % 5]
            let expected = (0..<n).compactMap { i -> (Int, Double)? in
                let d = Earth.haversineMeters(center, Coordinate(longitude: longitudes[i], latitude: latitudes[i]))
                return d <= radius ? (i, d) : nil
            }
            let got = grid.points(within: radius, of: center)
            #expect(got.map(\.index) == expected.map(\.0), "seed \(MutationRandom.baseSeed), query \(q)")
            #expect(got.map(\.meters) == expected.map(\.1))
            var visited: [Int] = []
            grid.forEach(within: radius, of: center) { i, _ in visited.append(i) }
            #expect(visited == expected.map(\.0))
            let nearest = expected.min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            #expect(grid.nearest(to: center, within: radius)?.index == nearest?.0)
        }
    }

    @Test func tiesGoToTheLowerIndexAndBadCentresFindNothing() {
        let at = Coordinate(longitude: 116.35, latitude: 39.90)
        let grid = PointGrid(longitudes: [116.36, 116.35, 116.35], latitudes: [39.90, 39.90, 39.90], cellMeters: 100)
        #expect(grid.nearest(to: at, within: 10)?.index == 1)
        #expect(grid.points(within: 10, of: Coordinate(longitude: .nan, latitude: 39.9)).isEmpty)
        #expect(PointGrid(longitudes: [], latitudes: [], cellMeters: 100).nearest(to: at, within: 1e9) == nil)
    }
}
