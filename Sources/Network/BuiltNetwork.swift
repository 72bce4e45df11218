import GeoCore

/// Everything a query needs, built once and saved: metadata, the transit layer, the street graph (possibly
/// empty), stop ↔ street links, districts, the driving road graph (possibly empty) and the bounding box. Immutable by convention; `Sendable`.
public struct BuiltNetwork: Sendable, Equatable {
    /// One input: its name, its path as the manifest writes it, a hash of its bytes (`InputHash`, "" when not
    /// known) and its reader's report (counts, warnings, tier classifications) as text.
    public struct SourceSummary: Sendable, Equatable {
        public var name: String
        public var report: String
        public var path: String
        public var hash: String
        public init(name: String, report: String, path: String = "", hash: String = "") {
            self.name = name; self.report = report; self.path = path; self.hash = hash
        }
    }

    public struct Metadata: Sendable, Equatable {
        public var areaName: String
        /// Service date the trips were selected for, e.g. "2024-05-15"; "" when not applicable.
        public var serviceDate: String
        /// Free text for people; no program reads it.
        public var notes: String
        /// The manifest's `local_crs`; nil for "auto" (UTM of the place worked on).
        public var localCRS: LocalCRSDefinition?
        public var parameters: BuildParameters
        public var sources: [SourceSummary]
        public init(areaName: String, serviceDate: String = "", notes: String = "", localCRS: LocalCRSDefinition? = nil,
                    parameters: BuildParameters = BuildParameters(), sources: [SourceSummary] = []) {
            self.areaName = areaName; self.serviceDate = serviceDate; self.notes = notes; self.localCRS = localCRS
            self.parameters = parameters; self.sources = sources
        }
    }

    public let metadata: Metadata
    public let transit: TransitLayer
    public let streets: StreetGraph
    public let stopLinks: StopStreetLinks
    public let districts: [District]
    /// The driving network (`RoadGraph`); empty when the manifest names no roads.
    public let roads: RoadGraph
    /// Covers stops, street nodes, road nodes and district boundaries; nil when all are empty.
    public let boundingBox: BoundingBox?

    /// Links stops to the street graph (`metadata.parameters.stopLinkMaxMeters`) and computes the bounding box.
    public init(metadata: Metadata, transit: TransitLayer, streets: StreetGraph = .empty, districts: [District] = [],
                roads: RoadGraph = .empty) {
        let links = StopStreetLinks.compute(transit: transit, streets: streets,
                                            maxMeters: metadata.parameters.stopLinkMaxMeters)
        var box: BoundingBox?
        func add(_ c: Coordinate) { if box == nil { box = BoundingBox(covering: [c]) } else { box!.extend(c) } }
        for s in 0..<transit.stopCount { add(transit.coordinate(of: StopID(s))) }
        for v in 0..<streets.nodeCount { add(streets.coordinate(of: StreetNodeID(v))) }
        for d in districts { for p in d.boundary.polygons { for c in p.shell.coordinates { add(c) } } }
        for v in 0..<roads.nodeCount { add(roads.coordinate(of: RoadNodeID(v))) }
        self.init(metadata: metadata, transit: transit, streets: streets, stopLinks: links, districts: districts,
                  boundingBox: box, roads: roads)
    }

    /// All parts given (used by the decoder).
    public init(metadata: Metadata, transit: TransitLayer, streets: StreetGraph, stopLinks: StopStreetLinks,
                districts: [District], boundingBox: BoundingBox?, roads: RoadGraph = .empty) {
        precondition(stopLinks.nodes.count == transit.stopCount, "one street link per stop")
        self.metadata = metadata; self.transit = transit; self.streets = streets; self.stopLinks = stopLinks
        self.districts = districts; self.boundingBox = boundingBox; self.roads = roads
    }
}
