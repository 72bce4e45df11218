import GeoCore

/// A district (county-level unit) with its boundary (WGS-84) and population.
public struct District: Sendable, Equatable {
    public var name: String
    /// Name of the city it belongs to, when known (e.g. 北京市).
    public var cityName: String?
    /// Administrative code, when known (e.g. 110101).
    public var code: Int?
    public var population: Double
    public var boundary: MultiPolygon

    public init(name: String, cityName: String? = nil, code: Int? = nil, population: Double, boundary: MultiPolygon) {
        self.name = name; self.cityName = cityName; self.code = code; self.population = population; self.boundary = boundary
    }
}
