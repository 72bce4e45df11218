import Foundation
import GeoCore
import Network

/// What a road reader found (GeoJSON layer or OSM extraction), for the build report.
public struct RoadLayerReport: Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var features = 0
    public var links = 0
    public var nodes = 0
    public var oneWayLinks = 0
    public var linksWithSpeed = 0
    public var linksWithLanes = 0
    public var linksByClass: [RoadClass: Int] = [:]
    public var lengthMeters = 0.0
    public var warnings: [InputWarning] = []

    public init(source: String) { self.source = source }

    public var description: String {
        let classes = RoadClass.allCases.compactMap { c in linksByClass[c].map { "\(c.name) \($0)" } }.joined(separator: ", ")
        return "\(source): \(features) features → road graph \(nodes) nodes, \(links) links (\(oneWayLinks) one-way), "
            + String(format: "%.1f km", lengthMeters / 1000)
            + "; speed given on \(linksWithSpeed), lanes on \(linksWithLanes); by class: \(classes); warnings \(warnings.count)"
    }
}

/// Reads a GeoJSON road layer (LineStrings, or MultiLineStrings whose parts become links of their own) into
/// a `RoadGraph`. Link ends closer than the snapping tolerance become one node; positions inside a line are
/// shape only (GIS road layers are split at junctions). Attributes come from the properties named in
/// `RoadLayerOptions`; a link without speed gets its class's default speed, without capacity lanes × the
/// class's capacity per lane. Bad geometry or positions throw `InputError` naming the feature; odd attribute
/// values (an unknown direction, a speed that is not a number) are warnings and fall back to defaults.
public struct RoadLayerReader {
    public var options: RoadLayerOptions
    /// Checked before the file is read whole (`GeoJSONReader.read(contentsOf:)`).
    public var memoryLimit: MemoryLimit = .default

    public init(options: RoadLayerOptions = RoadLayerOptions()) { self.options = options }

    public func read(url: URL, fileName: String? = nil) throws -> (graph: RoadGraph, report: RoadLayerReport) {
        let name = fileName ?? url.path
        let collection = try GeoJSONReader.read(contentsOf: url, memoryLimit: memoryLimit)
        return try read(collection, fileName: name)
    }

    public func read(_ collection: FeatureCollection, fileName name: String) throws -> (graph: RoadGraph, report: RoadLayerReport) {
        var report = RoadLayerReport(source: name)
        report.features = collection.features.count
        // Lines first (positions checked), so the snapping grid can be sized from the extent.
        var lines: [(feature: Int, coordinates: [Coordinate])] = []
        for (index, feature) in collection.features.enumerated() {
            guard let geometry = feature.geometry else {
                throw InputError(file: name, location: "feature \(index)", message: "geometry is null, expected a LineString")
            }
            let parts: [LineString]
            switch geometry {
            case .lineString(let l): parts = [l]
            case .multiLineString(let ls): parts = ls
            default:
                throw InputError(file: name, location: "feature \(index)", message: "geometry is a \(geometry.typeName), expected a LineString")
            }
            for part in parts {
                guard part.coordinates.count >= 2 else {
                    throw InputError(file: name, location: "feature \(index)", message: "a line needs at least two positions")
                }
                if let bad = part.coordinates.first(where: { !$0.isValidGeographic }) {
                    throw InputError(file: name, location: "feature \(index)", message: "position \(bad) is not a WGS-84 longitude/latitude")
                }
                lines.append((index, part.coordinates))
            }
        }
        var snapper = EndpointSnapper(toleranceMeters: options.snapToleranceMeters,
                                      maxAbsLatitude: lines.flatMap { [abs($0.coordinates.first!.latitude), abs($0.coordinates.last!.latitude)] }.max() ?? 0)
        var links: [RoadLinkInput] = []
        links.reserveCapacity(lines.count)
        for (featureIndex, coordinates) in lines {
            let feature = collection.features[featureIndex]
            let place = "feature \(featureIndex)"
            let from = snapper.node(for: coordinates.first!), to = snapper.node(for: coordinates.last!)
            var meters = 0.0
            for i in 1..<coordinates.count { meters += Earth.haversineMeters(coordinates[i - 1], coordinates[i]) }
            let link = attributes(of: feature, place: place, file: name, report: &report, from: from, to: to,
                                  shape: coordinates, meters: meters, fallbackKey: String(featureIndex))
            links.append(link)
            report.lengthMeters += meters
        }
        let graph = RoadGraph(nodeCoordinates: snapper.coordinates, links: links)
        report.links = graph.linkCount
        report.nodes = graph.nodeCount
        return (graph, report)
    }

    private func attributes(of feature: Feature, place: String, file: String, report: inout RoadLayerReport,
                            from: Int, to: Int, shape: [Coordinate], meters: Double, fallbackKey: String) -> RoadLinkInput {
        let p = feature.properties
        func first(_ names: [String]) -> (name: String, value: JSONValue)? {
            for n in names { if let v = p[n], !v.isNull { return (n, v) } }
            return nil
        }
        func text(_ v: JSONValue) -> String? {
            switch v {
            case .string(let s): return s
            case .number(let d): return d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) : String(d)
            case .bool(let b): return b ? "yes" : "no"
            default: return nil
            }
        }
        func number(_ names: [String], parse: (String) -> Double?) -> Double? {
            guard let (n, v) = first(names) else { return nil }
            if let d = v.doubleValue { return d }
            if let s = v.stringValue, s.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
            if let s = text(v), let d = parse(s) { return d }
            report.warnings.append(InputWarning(file: file, location: place, message: "property \"\(n)\" value \(text(v) ?? "?") is not understood; default used"))
            return nil
        }
        let key = first(options.keyProperties).flatMap { text($0.value) } ?? fallbackKey
        let name = first(options.nameProperties).flatMap { text($0.value) } ?? ""
        let roadClass = first(options.classProperties).flatMap { text($0.value) }.map(RoadClass.init(roadType:)) ?? .other

        var direction = OSMRoadTags.Direction.both
        if let (n, v) = first(options.directionProperties) {
            switch v.doubleValue ?? text(v).flatMap(Double.init) {
            case 1: direction = .forwardOnly
            case -1: direction = .backwardOnly
            case 0: direction = .both
            default:
                report.warnings.append(InputWarning(file: file, location: place, message: "property \"\(n)\" is \(text(v) ?? "?"), expected 1, 0 or -1; driven both ways"))
            }
        } else if let (n, v) = first(options.onewayProperties) {
            if let s = text(v), let d = OSMRoadTags.oneway(s) {
                direction = d
            } else {
                report.warnings.append(InputWarning(file: file, location: place, message: "property \"\(n)\" is \(text(v) ?? "?"), expected yes, no or -1; driven both ways"))
            }
        }
        let speedBoth = number(options.speedProperties, parse: OSMRoadTags.speedKmh)
        let speedF = number(options.speedForwardProperties, parse: OSMRoadTags.speedKmh) ?? speedBoth
        let speedB = number(options.speedBackwardProperties, parse: OSMRoadTags.speedKmh) ?? speedBoth
        let lanesTotal = number(options.lanesProperties, parse: OSMRoadTags.lanes)
        let lanesEach = lanesTotal.map { direction == .both ? OSMRoadTags.lanesPerDirection(totalOfTwoWay: $0) : $0 }
        let lanesF = number(options.lanesForwardProperties, parse: OSMRoadTags.lanes) ?? lanesEach
        let lanesB = number(options.lanesBackwardProperties, parse: OSMRoadTags.lanes) ?? lanesEach
        let capBoth = number(options.capacityProperties, parse: { Double($0) })
        let capF = number(options.capacityForwardProperties, parse: { Double($0) }) ?? capBoth
        let capB = number(options.capacityBackwardProperties, parse: { Double($0) }) ?? capBoth

        let forward = direction == .backwardOnly ? nil
            : RoadLinkDirection.resolved(speedKmh: speedF, lanes: lanesF, capacityVehiclesPerHour: capF,
                                         roadClass: roadClass, defaults: options.classDefaults)
        let backward = direction == .forwardOnly ? nil
            : RoadLinkDirection.resolved(speedKmh: speedB, lanes: lanesB, capacityVehiclesPerHour: capB,
                                         roadClass: roadClass, defaults: options.classDefaults)
        report.linksByClass[roadClass, default: 0] += 1
        if direction != .both { report.oneWayLinks += 1 }
        if (forward != nil && speedF != nil) || (backward != nil && speedB != nil) { report.linksWithSpeed += 1 }
        if (forward != nil && lanesF != nil) || (backward != nil && lanesB != nil) { report.linksWithLanes += 1 }
        return RoadLinkInput(key: key, name: name, roadClass: roadClass, fromNode: from, toNode: to, shape: shape,
                             lengthMeters: meters, forward: forward, backward: backward)
    }
}

/// Merges link end positions closer than a tolerance into nodes (first position seen is kept), with a hash
/// grid of tolerance-sized cells: a match can only lie in the 3 × 3 cells around a position.
struct EndpointSnapper {
    private let tolerance: Double
    private let cellLatitude: Double
    private let cellLongitude: Double
    private var cells: [SIMD2<Int64>: [Int32]] = [:]
    private var exact: [Coordinate: Int] = [:]
    private(set) var coordinates: [Coordinate] = []

    init(toleranceMeters: Double, maxAbsLatitude: Double) {
        tolerance = max(0, toleranceMeters)
        let metersPerDegree = Earth.meanRadiusMeters * Double.pi / 180
        cellLatitude = max(tolerance, 1e-3) / metersPerDegree
        cellLongitude = cellLatitude / max(0.01, cos(min(89, maxAbsLatitude) * Double.pi / 180))
    }

    mutating func node(for c: Coordinate) -> Int {
        if let i = exact[c] { return i }
        if tolerance > 0 {
            let cx = Int64((c.longitude / cellLongitude).rounded(.down)), cy = Int64((c.latitude / cellLatitude).rounded(.down))
            var best: (index: Int, meters: Double)?
            for dx in -1...1 { for dy in -1...1 {
                for i in cells[SIMD2(cx + Int64(dx), cy + Int64(dy))] ?? [] {
                    let d = Earth.haversineMeters(c, coordinates[Int(i)])
                    if d <= tolerance, best == nil || d < best!.meters { best = (Int(i), d) }
                }
            } }
            if let best { exact[c] = best.index; return best.index }
            cells[SIMD2(cx, cy), default: []].append(Int32(coordinates.count))
        }
        let index = coordinates.count
        coordinates.append(c)
        exact[c] = index
        return index
    }
}
