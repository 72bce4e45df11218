/// Trips between zones during the analysis window: `trips[origin * zoneCount + destination]` (≥ 0,
/// fractional allowed). The diagonal (intrazonal trips) is always zero: they never ride a section.
public struct DemandMatrix: Sendable, Equatable {
    public let zoneCount: Int
    public private(set) var trips: [Double]

    public init(zoneCount: Int) {
        precondition(zoneCount >= 0, "zone count cannot be negative")
        self.zoneCount = zoneCount
        trips = [Double](repeating: 0, count: zoneCount * zoneCount)
    }

    public init(zoneCount: Int, trips: [Double]) {
        precondition(trips.count == zoneCount * zoneCount, "one entry per zone pair")
        precondition(trips.allSatisfy { $0 >= 0 && $0.isFinite }, "trips must be finite and non-negative")
        self.zoneCount = zoneCount
        self.trips = trips
        for i in 0..<zoneCount { self.trips[i * zoneCount + i] = 0 }
    }

    public subscript(origin: Int, destination: Int) -> Double {
        get { trips[origin * zoneCount + destination] }
        set {
            precondition(newValue >= 0 && newValue.isFinite, "trips must be finite and non-negative")
            if origin != destination { trips[origin * zoneCount + destination] = newValue }
        }
    }

    public var totalTrips: Double { trips.reduce(0, +) }

    /// Trips leaving each zone.
    public var originTotals: [Double] {
        (0..<zoneCount).map { i in (0..<zoneCount).reduce(0) { $0 + trips[i * zoneCount + $1] } }
    }
}
