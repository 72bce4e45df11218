import GeoCore
import GeoGEOS
import GeoPROJ
import Network

/// District rail coverage: for each district, area of (district ∩ union of station buffers) / district area, and
/// the people within reach: with a population surface, those of the district's cells whose centre lies within the
/// radius of a rail station (crow-fly in the metric CRS); without one, the area share times the population
/// (area-weighted). Computed in a local metric CRS: stations and districts are projected with PROJ, buffered,
/// unioned and intersected with GEOS, areas in m².
struct GapCoverage {
    let context: GEOSContext
    let transformer: Transformer
    let radiusMeters: Double

    init(context: GEOSContext, localCRS: String, radiusMeters: Double) throws {
        self.context = context
        transformer = try Transformer(from: "EPSG:4326", to: localCRS)
        self.radiusMeters = radiusMeters
    }

    /// One entry per district, sorted by uncovered population (largest first, then district order).
    func districtCoverage(network: BuiltNetwork, railStops: [StopID], districtOfStop: [Int?],
                          population: PopulationSurface? = nil) throws -> [DistrictCoverage] {
        guard !network.districts.isEmpty else { return [] }
        var stationCount = [Int](repeating: 0, count: network.districts.count)
        for d in districtOfStop { if let d { stationCount[d] += 1 } }

        // Union of the station buffers (a circle approximated by 64 segments).
        var seen = Set<Coordinate>()
        let positions = railStops.map { network.transit.coordinate(of: $0) }.filter { seen.insert($0).inserted }
        let projected = try transformer.transform(positions)
        let buffers = try projected.map { try context.buffer(.point($0), distance: radiusMeters, quadrantSegments: 16) }
        let covered: Geometry? = buffers.isEmpty ? nil : try context.unaryUnion(buffers)
        let preparedCovered = try covered.map { try context.prepare($0) }
        let people = try population.map { try coveredPeople($0, stations: projected, districtCount: network.districts.count) }

        var result: [DistrictCoverage] = []
        for (d, district) in network.districts.enumerated() {
            var shape = try transformer.transform(Geometry.multiPolygon(district.boundary))
            if !(try context.isValid(shape)) { shape = try context.makeValid(shape) }
            let area = try context.area(of: shape)
            var coveredArea = 0.0
            if let covered, let preparedCovered, try preparedCovered.intersects(shape) {
                coveredArea = try context.area(of: context.intersection(shape, covered))
            }
            let share = area > 0 ? min(1, coveredArea / area) : 0
            var coveredPopulation = share * district.population, populationShare = share
            if let people {
                coveredPopulation = people.covered[d]
                populationShare = people.total[d] > 0 ? min(1, people.covered[d] / people.total[d]) : 0
            }
            result.append(DistrictCoverage(
                district: d, name: district.name, city: district.cityName ?? district.name, code: district.code,
                population: district.population, stationCount: stationCount[d], areaSquareKilometers: area / 1e6,
                coveredAreaShare: share, coveredPopulationShare: populationShare, coveredPopulation: coveredPopulation,
                boundary: district.boundary))
        }
        return result.sorted { x, y in
            let ux = x.population - x.coveredPopulation, uy = y.population - y.coveredPopulation
            return ux != uy ? ux > uy : x.district < y.district
        }
    }

    /// Per district: the surface's people (`total`) and those of its cells whose centre lies within the radius of
    /// a station (`covered`); `stations` are projected. Stations are bucketed in squares of the radius.
    func coveredPeople(_ surface: PopulationSurface, stations: [Coordinate],
                       districtCount: Int) throws -> (covered: [Double], total: [Double]) {
        var covered = [Double](repeating: 0, count: districtCount), total = covered
        let r = radiusMeters
        func key(_ x: Double, _ y: Double) -> SIMD2<Int64> {
            r > 0 ? SIMD2(Int64((x / r).rounded(.down)), Int64((y / r).rounded(.down))) : .zero
        }
        var buckets: [SIMD2<Int64>: [Coordinate]] = [:]
        for s in stations { buckets[key(s.longitude, s.latitude), default: []].append(s) }
        let planar = try transformer.transform(surface.cells.map(\.coordinate))
        for (p, cell) in zip(planar, surface.cells) where cell.district < districtCount {
            total[cell.district] += cell.population
            let k = key(p.longitude, p.latitude)
            var near = false
            search: for dx in -1...1 {
                for dy in -1...1 {
                    for s in buckets[k &+ SIMD2(Int64(dx), Int64(dy))] ?? [] {
                        let ex = s.longitude - p.longitude, ey = s.latitude - p.latitude
                        if ex * ex + ey * ey <= r * r { near = true; break search }
                    }
                }
            }
            if near { covered[cell.district] += cell.population }
        }
        return (covered, total)
    }
}
