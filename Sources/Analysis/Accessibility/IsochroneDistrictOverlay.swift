import GeoCore
import GeoGEOS
import GeoPROJ
import Network

/// Area-weighted population of a region from the network's districts, in a projected CRS:
/// Σ population × area(region ∩ district) / area(district), with each district's main parts
/// (`RingDistrictShape.mainParts`). Districts are projected lazily, only when their bounding box meets a region's.
/// Not thread-safe (PROJ and GEOS contexts): one per task.
final class IsochroneDistrictOverlay {
    struct Entry {
        var name: String
        var code: Int?
        var population: Double
        var boundary: MultiPolygon
        var box: BoundingBox?
        var projected: Geometry?
        var areaSquareMeters: Double = 0
        /// For `districts(ofCells:)`: the projected boundary indexed by GEOS, and its projected bounding box.
        var prepared: PreparedGeometry?
        var projectedBox: BoundingBox?
    }

    private var entries: [Entry]
    private let transformer: Transformer
    private let geos: GEOSContext

    init(districts: [District], transformer: Transformer, geos: GEOSContext) {
        self.transformer = transformer
        self.geos = geos
        let names = districts.map(\.name)
        entries = districts.map { d in
            // A name shared by districts of two cities gets its city in front.
            let name = names.filter { $0 == d.name }.count > 1 ? (d.cityName ?? "") + d.name : d.name
            let main = RingDistrictShape.mainParts(of: d.boundary).boundary
            return Entry(name: name, code: d.code, population: d.population, boundary: main,
                         box: BoundingBox(covering: main.polygons.flatMap(\.shell.coordinates)))
        }
    }

    /// The entries whose longitude/latitude box meets `box` and whose area is positive, with their projected
    /// boundaries (each projected once, its area with it).
    private func candidates(meeting box: BoundingBox) throws -> [(index: Int, projected: Geometry)] {
        var out: [(Int, Geometry)] = []
        for k in entries.indices {
            guard let b = entries[k].box, b.minLongitude <= box.maxLongitude, box.minLongitude <= b.maxLongitude,
                  b.minLatitude <= box.maxLatitude, box.minLatitude <= b.maxLatitude else { continue }
            if entries[k].projected == nil {
                let g = try transformer.transform(Geometry.multiPolygon(entries[k].boundary))
                entries[k].projected = g
                entries[k].areaSquareMeters = try geos.area(of: g)
            }
            if let g = entries[k].projected, entries[k].areaSquareMeters > 0 { out.append((k, g)) }
        }
        return out
    }

    /// The names (sorted) and adcodes of the districts a set of grid cells (squares of `cellMeters` in the projected
    /// CRS; `box` the cells' longitude/latitude bounding box) overlaps with positive area — `overlay`'s names for the
    /// region the cells make, without intersecting the whole region with each district. The region ∩ district has
    /// positive area exactly when one of its cells ∩ district has: a district counts at once when a cell centre lies
    /// in its interior; otherwise only the cells within its bounding box can share area with it, each tested on its
    /// own (prepared intersects, then the area of the small intersection).
    func districts(ofCells cells: [TravelTimeGrid.Cell], cellMeters: Double, box: BoundingBox) throws -> (districts: [String], codes: [Int?]) {
        var touched: [(name: String, code: Int?)] = []
        for (k, district) in try candidates(meeting: box) {
            if entries[k].prepared == nil {
                entries[k].prepared = try geos.prepare(district)
                entries[k].projectedBox = district.boundingBox
            }
            guard let prepared = entries[k].prepared, let p = entries[k].projectedBox else { continue }
            // Cells whose square meets the district's box (x as longitude, y as latitude).
            let near = cells.filter { c in
                let x0 = Double(c.column) * cellMeters, y0 = Double(c.row) * cellMeters
                return x0 <= p.maxLongitude && x0 + cellMeters >= p.minLongitude && y0 <= p.maxLatitude && y0 + cellMeters >= p.minLatitude
            }
            guard !near.isEmpty else { continue }
            var overlaps = try prepared.contains(near.map {
                Coordinate(longitude: (Double($0.column) + 0.5) * cellMeters, latitude: (Double($0.row) + 0.5) * cellMeters)
            }).contains(true)
            if !overlaps {
                for c in near {
                    let x0 = Double(c.column) * cellMeters, y0 = Double(c.row) * cellMeters
                    let square = Geometry.polygon(Polygon(shell: LinearRing([
                        Coordinate(longitude: x0, latitude: y0), Coordinate(longitude: x0 + cellMeters, latitude: y0),
                        Coordinate(longitude: x0 + cellMeters, latitude: y0 + cellMeters), Coordinate(longitude: x0, latitude: y0 + cellMeters),
                        Coordinate(longitude: x0, latitude: y0)])))
                    guard try prepared.intersects(square) else { continue }
                    if try geos.area(of: geos.intersection(square, district)) > 0 { overlaps = true; break }
                }
            }
            if overlaps { touched.append((entries[k].name, entries[k].code)) }
        }
        touched.sort { $0.name < $1.name }
        return (touched.map(\.name), touched.map(\.code))
    }

    /// Population covered and the names (sorted) and adcodes (in the same order; nil where the boundaries have
    /// none) of the districts the region overlaps with positive area.
    /// `projected` is the region in the transformer's target CRS, `box` its longitude/latitude bounding box.
    func overlay(projected: Geometry, box: BoundingBox) throws -> (population: Double, districts: [String], codes: [Int?]) {
        var population = 0.0
        var touched: [(name: String, code: Int?)] = []
        for (k, district) in try candidates(meeting: box) {
            let shared = try geos.area(of: geos.intersection(projected, district))
            guard shared > 0 else { continue }
            touched.append((entries[k].name, entries[k].code))
            population += entries[k].population * min(1, shared / entries[k].areaSquareMeters)
        }
        // Names are unique (shared ones carry their city); ties cannot occur.
        touched.sort { $0.name < $1.name }
        return (population, touched.map(\.name), touched.map(\.code))
    }
}
