import GeoCore
import GeoGEOS
import GeoPROJ
import Network

/// District rail coverage: for each district, area of (district ∩ union of station buffers) / district area,
/// times its population (area-weighted). Computed in a local metric CRS: stations and districts are projected
/// with PROJ, buffered, unioned and intersected with GEOS, areas in m².
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
    func districtCoverage(network: BuiltNetwork, railStops: [StopID], districtOfStop: [Int?]) throws -> [DistrictCoverage] {
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
            result.append(DistrictCoverage(
                district: d, name: district.name, city: district.cityName ?? district.name, code: district.code,
                population: district.population, stationCount: stationCount[d], areaSquareKilometers: area / 1e6,
                coveredAreaShare: share, coveredPopulation: share * district.population, boundary: district.boundary))
        }
        return result.sorted { x, y in
            let ux = x.population - x.coveredPopulation, uy = y.population - y.coveredPopulation
            return ux != uy ? ux > uy : x.district < y.district
        }
    }
}
