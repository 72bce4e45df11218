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

    /// Population covered and the names (sorted) and adcodes (in the same order; nil where the boundaries have
    /// none) of the districts the region overlaps with positive area.
    /// `projected` is the region in the transformer's target CRS, `box` its longitude/latitude bounding box.
    func overlay(projected: Geometry, box: BoundingBox) throws -> (population: Double, districts: [String], codes: [Int?]) {
        var population = 0.0
        var touched: [(name: String, code: Int?)] = []
        for k in entries.indices {
            guard let b = entries[k].box, b.minLongitude <= box.maxLongitude, box.minLongitude <= b.maxLongitude,
                  b.minLatitude <= box.maxLatitude, box.minLatitude <= b.maxLatitude else { continue }
            if entries[k].projected == nil {
                let g = try transformer.transform(Geometry.multiPolygon(entries[k].boundary))
                entries[k].projected = g
                entries[k].areaSquareMeters = try geos.area(of: g)
            }
            guard let district = entries[k].projected, entries[k].areaSquareMeters > 0 else { continue }
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
