import Foundation
import GeoCore
import GeoGEOS
import Network

/// Reads district boundaries: a GeoJSON FeatureCollection (or features read elsewhere) of (Multi)Polygons with a name property and a
/// population property (names configurable). Invalid geometry is repaired with GEOS make-valid and reported
/// as a warning naming the feature; a feature without a usable name, population or polygon is an error.
public struct BoundariesReader {
    public var nameProperty: String
    public var populationProperty: String
    public var cityProperty: String?
    public var codeProperty: String?
    /// Checked before the file is read whole (`GeoJSONReader.read(contentsOf:)`).
    public var memoryLimit: MemoryLimit = .default

    public init(nameProperty: String, populationProperty: String, cityProperty: String? = nil, codeProperty: String? = nil) {
        self.nameProperty = nameProperty
        self.populationProperty = populationProperty
        self.cityProperty = cityProperty
        self.codeProperty = codeProperty
    }

    public func read(url: URL, fileName: String? = nil) throws -> (districts: [District], warnings: [InputWarning]) {
        try districts(from: GeoJSONReader.read(contentsOf: url, memoryLimit: memoryLimit).features, fileName: fileName ?? url.path)
    }

    /// The districts of `features` already read from `fileName` (GeoJSON here, other formats through GeoGDAL),
    /// with WGS-84 geometries: the checks, repairs and warnings of `read(url:fileName:)`.
    public func districts(from features: [Feature], fileName name: String) throws -> (districts: [District], warnings: [InputWarning]) {
        guard !features.isEmpty else { throw InputError(file: name, message: "no features: expected district polygons") }
        let geos = GEOSContext()
        var districts: [District] = []
        var warnings: [InputWarning] = []
        /// Feature index by (name, city, code): a second district with all three equal could never be picked.
        var firstFeature: [String: Int] = [:]
        for (index, feature) in features.enumerated() {
            let place = "feature \(index)"
            // A whole number (e.g. a zone id) is accepted as the name, written without decimals.
            let nameValue = feature.properties[nameProperty]
            guard let districtName = nameValue?.stringValue ?? nameValue?.intValue.map(String.init), !districtName.isEmpty else {
                throw InputError(file: name, location: place, message: "no string or integer property \"\(nameProperty)\" (the district name)")
            }
            let featurePlace = "\(place) (\(districtName))"
            // At most ten billion people: more than live on Earth, and sums over every district stay exact.
            guard let population = feature.properties[populationProperty]?.doubleValue, population >= 0, population <= 1e10 else {
                throw InputError(file: name, location: featurePlace,
                                 message: "property \"\(populationProperty)\" must be a non-negative head count of at most 10,000,000,000")
            }
            guard var geometry = feature.geometry else {
                throw InputError(file: name, location: featurePlace, message: "geometry is null, expected a Polygon or MultiPolygon")
            }
            switch geometry {
            case .polygon, .multiPolygon: break
            default:
                throw InputError(file: name, location: featurePlace, message: "geometry is a \(geometry.typeName), expected a Polygon or MultiPolygon")
            }
            if try !geos.isValid(geometry) {
                let reason = try geos.validityReason(geometry)
                geometry = try geos.makeValid(geometry)
                warnings.append(InputWarning(file: name, location: featurePlace, message: "invalid polygon (\(reason)) repaired with make-valid"))
            }
            let polygons = Self.polygons(in: geometry)
            guard !polygons.isEmpty else {
                throw InputError(file: name, location: featurePlace, message: "no polygon area left after repair")
            }
            let far = MultiPolygon(polygons).mainParts(maxGapKilometers: Self.strayPartKilometers).farPartCount
            if far > 0 {
                warnings.append(InputWarning(file: name, location: featurePlace, message: """
                    \(far) of \(polygons.count) polygon parts lie more than \(Int(Self.strayPartKilometers)) km from the \
                    district's largest part (kept as given; commute analyses use the main parts only): check the geometry
                    """))
            }
            let cityName = cityProperty.flatMap { feature.properties[$0]?.stringValue }
            let code = codeProperty.flatMap { feature.properties[$0]?.intValue }
            let identity = "\(districtName)\u{0}\(cityName ?? "")\u{0}\(code.map(String.init) ?? "")"
            if let first = firstFeature[identity] {
                throw InputError(file: name, location: featurePlace, message: "duplicate district: feature \(first) has the same "
                                    + "name\(cityName == nil ? "" : ", city") \(code == nil ? "" : "and code ")(give each district a "
                                    + "distinct \(codeProperty ?? cityProperty ?? nameProperty), or merge the two features)")
            }
            firstFeature[identity] = index
            districts.append(District(
                name: districtName,
                cityName: cityName,
                code: code,
                population: population,
                boundary: MultiPolygon(polygons).rightHandOriented()))
        }
        return (districts, warnings)
    }

    /// Parts this far from a district's largest part are reported as probably stray.
    static let strayPartKilometers = 50.0

    /// The polygons of a geometry (make-valid may return a collection with lines or points: those are dropped).
    static func polygons(in geometry: Geometry) -> [Polygon] {
        switch geometry {
        case .polygon(let p): return [p]
        case .multiPolygon(let mp): return mp.polygons
        case .geometryCollection(let gs): return gs.flatMap(polygons(in:))
        default: return []
        }
    }
}
