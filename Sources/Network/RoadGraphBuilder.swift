import GeoCore

/// The driving attributes of one direction of a link, already resolved (defaults applied).
public struct RoadLinkDirection: Sendable, Equatable {
    public var speedKmh: Double
    /// Lanes in this direction as the data gives them; 0 = not given.
    public var lanes: UInt8
    public var capacityVehiclesPerHour: Double

    public init(speedKmh: Double, lanes: UInt8, capacityVehiclesPerHour: Double) {
        self.speedKmh = speedKmh; self.lanes = lanes; self.capacityVehiclesPerHour = capacityVehiclesPerHour
    }

    /// Resolves one direction: a given speed (km/h, > 0) or the class default; given lanes (a fraction such
    /// as 0.5 or 1.5 is rounded up, capped at 255) or none; a given capacity (> 0) or
    /// lanes (given, else the class's default lanes per direction) × the class's capacity per lane.
    public static func resolved(speedKmh: Double?, lanes: Double?, capacityVehiclesPerHour: Double?,
                                roadClass: RoadClass, defaults: RoadClassDefaults) -> RoadLinkDirection {
        let speed = speedKmh.flatMap { $0.isFinite && $0 > 0 ? $0 : nil } ?? defaults.speed(roadClass)
        var laneCount: UInt8 = 0
        if let l = lanes, l.isFinite, l > 0 { laneCount = UInt8(min(255, l.rounded(.up))) }
        let capacity = capacityVehiclesPerHour.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
            ?? Double(laneCount > 0 ? Int(laneCount) : roadClass.defaultLanesPerDirection) * defaults.capacityPerLane(roadClass)
        return RoadLinkDirection(speedKmh: speed, lanes: laneCount, capacityVehiclesPerHour: capacity)
    }
}

/// One link to put into a road graph: nodes are indices into the builder's node list.
public struct RoadLinkInput: Sendable, Equatable {
    public var key: String
    public var name: String
    public var roadClass: RoadClass
    public var fromNode: Int
    public var toNode: Int
    /// Positions from `fromNode` to `toNode` (at least the two end positions).
    public var shape: [Coordinate]
    public var lengthMeters: Double
    /// Driving from `fromNode` to `toNode`; nil when not allowed.
    public var forward: RoadLinkDirection?
    /// Driving from `toNode` to `fromNode`; nil when not allowed.
    public var backward: RoadLinkDirection?

    public init(key: String, name: String, roadClass: RoadClass, fromNode: Int, toNode: Int, shape: [Coordinate],
                lengthMeters: Double, forward: RoadLinkDirection?, backward: RoadLinkDirection?) {
        self.key = key; self.name = name; self.roadClass = roadClass; self.fromNode = fromNode; self.toNode = toNode
        self.shape = shape; self.lengthMeters = lengthMeters; self.forward = forward; self.backward = backward
    }
}

extension RoadGraph {
    /// Builds the CSR arrays: one arc per allowed direction of each link, arcs of a node in link order
    /// (forward before backward). Travel time = length / speed, rounded to milliseconds.
    public init(nodeCoordinates: [Coordinate], links input: [RoadLinkInput]) {
        let n = nodeCoordinates.count
        struct Arc { var tail: UInt32; var head: UInt32; var mm: UInt32; var ms: UInt32; var cls: UInt8; var lanes: UInt8; var cap: UInt32; var link: UInt32 }
        var arcs: [Arc] = []
        arcs.reserveCapacity(input.count * 2)
        func clampU32(_ x: Double) -> UInt32 { x.isFinite ? UInt32(max(0, min(x.rounded(), Double(UInt32.max)))) : .max }
        var shapeStart: [UInt32] = [0], lons: [Int32] = [], lats: [Int32] = []
        for (i, l) in input.enumerated() {
            precondition(l.fromNode >= 0 && l.fromNode < n && l.toNode >= 0 && l.toNode < n, "link end node out of range")
            let mm = clampU32(l.lengthMeters * 1000)
            func arc(_ from: Int, _ to: Int, _ d: RoadLinkDirection) -> Arc {
                let ms = clampU32(l.lengthMeters / (d.speedKmh / 3.6) * 1000)
                return Arc(tail: UInt32(from), head: UInt32(to), mm: mm, ms: ms, cls: l.roadClass.rawValue, lanes: d.lanes,
                           cap: clampU32(d.capacityVehiclesPerHour), link: UInt32(i))
            }
            if let f = l.forward { arcs.append(arc(l.fromNode, l.toNode, f)) }
            if let b = l.backward { arcs.append(arc(l.toNode, l.fromNode, b)) }
            for c in l.shape {
                lons.append(Int32((c.longitude * 1e7).rounded())); lats.append(Int32((c.latitude * 1e7).rounded()))
            }
            shapeStart.append(UInt32(lons.count))
        }
        var firstOut = [UInt32](repeating: 0, count: n + 1)
        for a in arcs { firstOut[Int(a.tail) + 1] += 1 }
        for i in 0..<n { firstOut[i + 1] += firstOut[i] }
        var cursor = firstOut
        let m = arcs.count
        var head = [UInt32](repeating: 0, count: m), mm = [UInt32](repeating: 0, count: m)
        var ms = [UInt32](repeating: 0, count: m), cls = [UInt8](repeating: 0, count: m)
        var lanes = [UInt8](repeating: 0, count: m), cap = [UInt32](repeating: 0, count: m)
        var link = [UInt32](repeating: 0, count: m)
        for a in arcs {
            let p = Int(cursor[Int(a.tail)])
            head[p] = a.head; mm[p] = a.mm; ms[p] = a.ms; cls[p] = a.cls; lanes[p] = a.lanes; cap[p] = a.cap; link[p] = a.link
            cursor[Int(a.tail)] += 1
        }
        let table = RoadLinkTable(keys: input.map(\.key), names: input.map(\.name), classes: input.map(\.roadClass.rawValue),
                                  fromNode: input.map { UInt32($0.fromNode) }, toNode: input.map { UInt32($0.toNode) },
                                  shapeStart: shapeStart, shapeLongitudeE7: lons, shapeLatitudeE7: lats)
        self.init(firstOut: firstOut, head: head, lengthMillimeters: mm, travelTimeMilliseconds: ms, roadClass: cls,
                  lanes: lanes, capacityVehiclesPerHour: cap, arcLink: link,
                  longitudeE7: nodeCoordinates.map { Int32(($0.longitude * 1e7).rounded()) },
                  latitudeE7: nodeCoordinates.map { Int32(($0.latitude * 1e7).rounded()) }, links: table)
    }
}
