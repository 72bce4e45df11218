import Foundation
import GeoCore
import GeoGEOS
import GeoPROJ
import Network
import Routing

/// Options of an isochrone run.
public struct IsochroneParameters: Sendable, Equatable {
    public enum Combine: String, Sendable, Equatable {
        /// One ring set per origin.
        case separate
        /// One ring set for all origins: per departure minute the fastest origin counts.
        case minimum = "min"
    }

    /// Ascending, distinct, positive.
    public var cutoffsMinutes: [Int]
    /// Departure window, walking and RAPTOR rules; the first percentile is the one contoured.
    public var travel: TravelTimeParameters
    public var cellMeters: Double
    public var combine: Combine
    /// See `TravelTimeGridParameters.streetHopMeters`; nil = its default.
    public var streetHopMeters: Double?
    /// `transit` (default), or `drive`/`walk` through `SingleModeGridBuilder` (no departure window).
    public var mode: TravelMode
    /// Driving and walking: `SingleModeParameters.connectorMaxMeters`.
    public var connectorMaxMeters: Double
    /// The most memory a grid and its contours may take (`TravelTimeGridParameters.memoryLimit`).
    public var memoryLimit: MemoryLimit = .default

    public init(cutoffsMinutes: [Int], travel: TravelTimeParameters, cellMeters: Double = 200,
                combine: Combine = .separate, streetHopMeters: Double? = nil, mode: TravelMode = .transit,
                connectorMaxMeters: Double = SingleModeParameters.defaultConnectorMaxMeters) {
        precondition(!cutoffsMinutes.isEmpty, "at least one cutoff")
        precondition(cutoffsMinutes.allSatisfy { $0 > 0 }, "cutoffs must be positive")
        precondition(zip(cutoffsMinutes, cutoffsMinutes.dropFirst()).allSatisfy { $0 < $1 }, "cutoffs must ascend")
        self.cutoffsMinutes = cutoffsMinutes; self.travel = travel; self.cellMeters = cellMeters
        self.combine = combine; self.streetHopMeters = streetHopMeters
        self.mode = mode; self.connectorMaxMeters = connectorMaxMeters
    }

    public var percentile: Double { travel.percentiles.first ?? 50 }
}

/// One contoured region: the cells reached within a cutoff, as a WGS-84 (Multi)Polygon.
public struct IsochroneRing: Sendable, Equatable {
    /// Origin id, or the ids joined with "+" for combined origins.
    public var origin: String
    public var cutoffMinutes: Int
    /// Polygon or MultiPolygon, right-hand wound, positions rounded to 6 decimals; nil when no cell is reached.
    public var geometry: Geometry?
    public var cellCount: Int
    /// Cell count × cell area, in the metric CRS (the polygon's exact area there).
    public var areaSquareKilometers: Double
    /// People of the population surface's cells whose centre lies inside the region; without a surface,
    /// Σ district population × share of the district's area inside the region.
    public var populationCovered: Double
    /// Districts the region overlaps (sorted names).
    public var districts: [String]
    /// The adcodes of `districts`, in the same order (nil where the boundaries carry none).
    public var adcodes: [Int?] = []
}

/// Isochrones of one run: per origin set a travel-time grid and its rings.
public struct IsochroneResult: Sendable {
    public let parameters: IsochroneParameters
    public let crs: String
    /// Per ring set: the origin label and its grid.
    public let grids: [(origin: String, grid: TravelTimeGrid)]
    /// Origin by origin (input order), cutoffs ascending.
    public let rings: [IsochroneRing]

    /// The one layer `isochrone` of `featureCollection()`: the same columns whatever the run (`combine` and `mode`
    /// null where they do not apply).
    public static let featureSchema = FeatureSchema([
        .init("isochrone", .multiPolygon, [
            .init("origin", .string), .init("cutoff_min", .integer), .init("area_km2", .real), .init("pop_covered", .real),
            .init("districts", .string), .init("adcodes", .string), .init("depart", .string), .init("window_min", .integer),
            .init("percentile", .real), .init("cell_m", .real), .init("crs", .string), .init("combine", .string),
            .init("mode", .string),
        ]),
    ])

    public func featureCollection() -> FeatureCollection {
        let p = parameters
        return FeatureCollection(rings.map { r in
            var properties: [String: JSONValue] = [
                "origin": .string(r.origin),
                "cutoff_min": .number(Double(r.cutoffMinutes)),
                "area_km2": .number((r.areaSquareKilometers * 1e6).rounded() / 1e6),
                "pop_covered": .number(r.populationCovered.rounded()),
                "districts": .array(r.districts.map { .string($0) }),
                "adcodes": .array(r.adcodes.map { $0.map { .number(Double($0)) } ?? .null }),
                "depart": .string(ServiceClock.format(p.travel.firstDepartureSeconds)),
                "window_min": .number(Double(p.travel.windowMinutes)),
                "percentile": .number(p.percentile),
                "cell_m": .number(p.cellMeters),
                "crs": .string(crs),
            ]
            if p.combine == .minimum { properties["combine"] = "min" }
            if p.mode != .transit { properties["mode"] = .string(p.mode.rawValue) }
            return Feature(geometry: r.geometry, properties: properties)
        })
    }
}

/// Travel-time grids and contoured isochrones on one network (see `TravelTimeGridBuilder` for the times and
/// `ContourTracer` for the outlines). Outlines are traced exactly along cell edges in the metric CRS, taken back
/// to WGS-84 with PROJ, rounded to 6 decimals and checked with GEOS (`isValid`); should a traced outline ever
/// fail the check, the union of the cells' row runs (GEOS) replaces it. Reusable for many origins; not
/// thread-safe (PROJ, GEOS, query scratch): one per task.
public final class IsochroneCalculator {
    public let network: BuiltNetwork
    public let parameters: IsochroneParameters
    public let crs: String
    public let builder: TravelTimeGridBuilder
    /// Driving and walking grids (nil in transit mode).
    public let singleModeBuilder: SingleModeGridBuilder?
    private let transformer: Transformer
    private let geos = GEOSContext()
    private let overlay: IsochroneDistrictOverlay
    /// People per grid cell (the surface's cells by the grid cell holding their centre); nil = area-weighted.
    private let peopleByCell: [TravelTimeGrid.Cell: Double]?

    /// `population`: the surface whose cells are summed for `populationCovered` (a cell counts when its centre lies
    /// in a reached grid cell, i.e. inside the ring's polygon); nil = area-weighted from the districts.
    /// Throws `SingleModeSearch.noRoadGraphError` for driving on a network without roads.
    public init(network: BuiltNetwork, parameters: IsochroneParameters, crs: String,
                population: PopulationSurface? = nil) throws {
        self.network = network
        self.parameters = parameters
        self.crs = crs
        let maxSeconds = Int32(parameters.cutoffsMinutes.last! * 60)
        let gridParameters = TravelTimeGridParameters(cellMeters: parameters.cellMeters, maxTravelSeconds: maxSeconds,
                                                      streetHopMeters: parameters.streetHopMeters,
                                                      memoryLimit: parameters.memoryLimit)
        if parameters.mode == .transit {
            singleModeBuilder = nil
        } else {
            let search = try SingleModeSearch(
                network: network, mode: parameters.mode,
                parameters: SingleModeParameters(access: parameters.travel.access,
                                                 connectorMaxMeters: parameters.connectorMaxMeters))
            singleModeBuilder = try SingleModeGridBuilder(search: search, grid: gridParameters, crs: crs)
        }
        builder = try TravelTimeGridBuilder(network: network, travel: parameters.travel, grid: gridParameters, crs: crs)
        let transformer = try Transformer(from: "EPSG:4326", to: crs)
        self.transformer = transformer
        overlay = IsochroneDistrictOverlay(districts: network.districts, transformer: transformer, geos: geos)
        peopleByCell = try population.map { try Self.peopleByCell($0, transformer: transformer, cellMeters: parameters.cellMeters) }
    }

    /// The network's metric CRS (`BuiltNetwork.metricCRS(near:)`) near `origin`.
    public static func localCRS(of network: BuiltNetwork, near origin: Coordinate) -> String {
        network.metricCRS(near: origin)
    }

    /// Grids and rings for `origins`: one set per origin, or one combined set (`Combine.minimum`).
    public func run(origins: [Place]) throws -> IsochroneResult {
        precondition(!origins.isEmpty, "at least one origin")
        let sets: [(String, [Place])] = parameters.combine == .minimum
            ? [(origins.map(\.id).joined(separator: "+"), origins)]
            : origins.map { ($0.id, [$0]) }
        var grids: [(origin: String, grid: TravelTimeGrid)] = []
        var rings: [IsochroneRing] = []
        for (label, places) in sets {
            let grid = try singleModeBuilder?.build(from: places) ?? builder.build(from: places)
            grids.append((label, grid))
            try checkContourMemory(grid)
            rings += try contour(grid, origin: label)
        }
        return IsochroneResult(parameters: parameters, crs: crs, grids: grids, rings: rings)
    }

    /// The grid, the cells of the largest cutoff and the tracer's raster over their bounding box must fit the
    /// memory limit (`GridMemoryEstimate`).
    func checkContourMemory(_ grid: TravelTimeGrid) throws {
        guard let extent = grid.extent else { return }
        let box = MemoryLimit.product(Int(extent.maxColumn) - Int(extent.minColumn) + 2, Int(extent.maxRow) - Int(extent.minRow) + 2)
        let bytes = GridMemoryEstimate.sum(MemoryLimit.product(grid.cells.count, 12 + GridMemoryEstimate.contourBytesPerCell),
                                           MemoryLimit.product(box, 2))
        try builder.grid.checkMemory(bytes, "contours of \(grid.cells.count) cells")
    }

    /// One ring per cutoff of a grid.
    public func contour(_ grid: TravelTimeGrid, origin: String) throws -> [IsochroneRing] {
        try parameters.cutoffsMinutes.map { cutoff in
            let cells = grid.cells(within: Int32(cutoff * 60))
            guard !cells.isEmpty else {
                return IsochroneRing(origin: origin, cutoffMinutes: cutoff, geometry: nil, cellCount: 0,
                                     areaSquareKilometers: 0, populationCovered: 0, districts: [])
            }
            let (projected, geographic) = try outline(cells, cellMeters: grid.cellMeters)
            var population = 0.0, districts: [String] = [], adcodes: [Int?] = []
            if let peopleByCell {
                // People from the surface's cells; the districts met from the cells (no overlay of the whole ring).
                population = cells.reduce(0) { $0 + (peopleByCell[$1] ?? 0) }
                if !network.districts.isEmpty, let box = geographic.boundingBox {
                    (districts, adcodes) = try overlay.districts(ofCells: cells, cellMeters: grid.cellMeters, box: box)
                }
            } else if !network.districts.isEmpty, let box = geographic.boundingBox {
                (population, districts, adcodes) = try overlay.overlay(projected: projected, box: box)
            }
            let area = Double(cells.count) * grid.cellMeters * grid.cellMeters / 1e6
            return IsochroneRing(origin: origin, cutoffMinutes: cutoff, geometry: geographic, cellCount: cells.count,
                                 areaSquareKilometers: area, populationCovered: population, districts: districts,
                                 adcodes: adcodes)
        }
    }

    /// The surface's people summed per grid cell of `cellMeters` in the transformer's target CRS.
    static func peopleByCell(_ surface: PopulationSurface, transformer: Transformer,
                             cellMeters: Double) throws -> [TravelTimeGrid.Cell: Double] {
        let planar = try transformer.transform(surface.cells.map(\.coordinate))
        var out: [TravelTimeGrid.Cell: Double] = [:]
        for (p, c) in zip(planar, surface.cells) where c.population > 0 {
            let key = TravelTimeGrid.Cell(column: Int32((p.longitude / cellMeters).rounded(.down)),
                                          row: Int32((p.latitude / cellMeters).rounded(.down)))
            out[key, default: 0] += c.population
        }
        return out
    }

    /// The outline of a cell set in the metric CRS and in WGS-84 (rounded, oriented, GEOS-valid).
    func outline(_ cells: [TravelTimeGrid.Cell], cellMeters: Double) throws -> (projected: Geometry, geographic: Geometry) {
        if let traced = ContourTracer.polygons(of: cells) {
            let projected = Self.geometry(traced.map { p in
                Polygon(shell: ring(p.shell, cellMeters), holes: p.holes.map { ring($0, cellMeters) })
            })
            let geographic = try toGeographic(projected)
            if try geos.isValid(geographic) { return (projected, geographic) }
        }
        // Fallback: GEOS union of the row runs of cells.
        var rectangles: [Geometry] = []
        var k = 0
        while k < cells.count {
            var end = k
            while end + 1 < cells.count && cells[end + 1].row == cells[k].row && cells[end + 1].column == cells[end].column + 1 {
                end += 1
            }
            let x0 = Double(cells[k].column) * cellMeters, x1 = Double(cells[end].column + 1) * cellMeters
            let y0 = Double(cells[k].row) * cellMeters, y1 = y0 + cellMeters
            rectangles.append(.polygon(Polygon(shell: LinearRing([
                Coordinate(longitude: x0, latitude: y0), Coordinate(longitude: x1, latitude: y0),
                Coordinate(longitude: x1, latitude: y1), Coordinate(longitude: x0, latitude: y1),
                Coordinate(longitude: x0, latitude: y0)]))))
            k = end + 1
        }
        let projected = try geos.unaryUnion(rectangles)
        var geographic = try toGeographic(projected)
        if try !geos.isValid(geographic) { geographic = try geos.makeValid(geographic).rightHandOriented() }
        return (projected, geographic)
    }

    private func ring(_ corners: [GridCorner], _ cellMeters: Double) -> LinearRing {
        LinearRing(corners.map { Coordinate(longitude: Double($0.column) * cellMeters, latitude: Double($0.row) * cellMeters) })
    }

    private static func geometry(_ polygons: [Polygon]) -> Geometry {
        polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(MultiPolygon(polygons))
    }

    private func toGeographic(_ projected: Geometry) throws -> Geometry {
        try transformer.transform(projected, direction: .inverse).mapCoordinates {
            Coordinate(longitude: ($0.longitude * 1e6).rounded() / 1e6, latitude: ($0.latitude * 1e6).rounded() / 1e6)
        }.rightHandOriented()
    }
}
