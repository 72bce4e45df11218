/// An axis-aligned box in longitude/latitude (or any planar CRS).
public struct BoundingBox: Hashable, Sendable {
    public var minLongitude: Double
    public var minLatitude: Double
    public var maxLongitude: Double
    public var maxLatitude: Double

    public init(minLongitude: Double, minLatitude: Double, maxLongitude: Double, maxLatitude: Double) {
        self.minLongitude = minLongitude
        self.minLatitude = minLatitude
        self.maxLongitude = maxLongitude
        self.maxLatitude = maxLatitude
    }

    /// The smallest box holding every coordinate; nil for an empty sequence.
    public init?<S: Sequence>(covering coordinates: S) where S.Element == Coordinate {
        var it = coordinates.makeIterator()
        guard let first = it.next() else { return nil }
        var box = BoundingBox(minLongitude: first.longitude, minLatitude: first.latitude,
                              maxLongitude: first.longitude, maxLatitude: first.latitude)
        while let c = it.next() { box.extend(c) }
        self = box
    }

    public mutating func extend(_ c: Coordinate) {
        minLongitude = min(minLongitude, c.longitude)
        minLatitude = min(minLatitude, c.latitude)
        maxLongitude = max(maxLongitude, c.longitude)
        maxLatitude = max(maxLatitude, c.latitude)
    }

    public mutating func extend(_ other: BoundingBox) {
        minLongitude = min(minLongitude, other.minLongitude)
        minLatitude = min(minLatitude, other.minLatitude)
        maxLongitude = max(maxLongitude, other.maxLongitude)
        maxLatitude = max(maxLatitude, other.maxLatitude)
    }

    public func contains(_ c: Coordinate) -> Bool {
        c.longitude >= minLongitude && c.longitude <= maxLongitude
            && c.latitude >= minLatitude && c.latitude <= maxLatitude
    }

    public var center: Coordinate {
        Coordinate(longitude: (minLongitude + maxLongitude) / 2, latitude: (minLatitude + maxLatitude) / 2)
    }
}
