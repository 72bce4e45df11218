import GeoCore

/// Positions of the OSM nodes an extraction needs (registered in pass 1, filled in pass 2), stored as
/// fixed-point 1e-7 degrees: 8 bytes per node plus the id → index dictionary.
struct OSMNodeCoordinateTable {
    private(set) var index: [Int64: Int32] = [:]
    private(set) var longitudeE7: [Int32] = []
    private(set) var latitudeE7: [Int32] = []
    private(set) var isLocated: [Bool] = []

    var count: Int { longitudeE7.count }

    /// Dense index of `id`, registering it when new.
    @discardableResult
    mutating func register(_ id: Int64) -> Int32 {
        if let i = index[id] { return i }
        let i = Int32(longitudeE7.count)
        index[id] = i
        longitudeE7.append(0)
        latitudeE7.append(0)
        isLocated.append(false)
        return i
    }

    /// Records the position of a registered node; ignores others.
    @inline(__always)
    mutating func locate(_ id: Int64, _ c: Coordinate) {
        guard let i = index[id] else { return }
        longitudeE7[Int(i)] = Int32((c.longitude * 1e7).rounded())
        latitudeE7[Int(i)] = Int32((c.latitude * 1e7).rounded())
        isLocated[Int(i)] = true
    }

    func coordinate(at i: Int) -> Coordinate? {
        guard isLocated[i] else { return nil }
        return Coordinate(longitude: Double(longitudeE7[i]) / 1e7, latitude: Double(latitudeE7[i]) / 1e7)
    }

    func coordinate(of id: Int64) -> Coordinate? {
        index[id].flatMap { coordinate(at: Int($0)) }
    }
}
