import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import MapPreview
import Network
import NetworkExport
import Routing

/// `metrocommute preview`: a self-contained HTML map of GeoJSON layers, optionally a PNG of it.
public struct Preview: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Draw GeoJSON layers as one self-contained HTML map (inline SVG), optionally also a PNG.",
        discussion: """
            Layers are styled by what they hold: districts (pop2020/district_name, or a polygon file given first) \
            form the base; cutoff_min rings are shaded by cutoff; class/travel_time_min districts become a \
            choropleth; the commute circle is an outline above them; hubs are coloured by rating; tier lines/stations \
            by tier; sections by v_c; gaps findings and compare changes by what they are. Anything else gets a \
            generic style. --network draws the network's rail lines by tier and its stations with their names \
            (as `export` writes them; trains per hour over --depart/--window). The legend closes with the \
            provenance of the inputs (command, profile, service date, data files). The HTML needs no network \
            access. --png renders it with headless Chromium (Debian package 'chromium'; METROCOMMUTE_CHROMIUM \
            overrides the path).

            Examples:
              metrocommute preview rings.geojson --network jingjinji.mcnet --title "1-hour commute from 北京南" -o rings.html
              metrocommute preview gaps.geojson --kinds hub,last_mile_gap --extent 115.4,38.9,117.6,40.6 -o gaps.html
              metrocommute preview sections.geojson -o sections.html --png sections.png --width 1600
            """
    )

    @Argument(help: "GeoJSON files (RFC 7946), drawn base first.")
    var inputs: [String]

    @Option(help: "Also write a PNG screenshot of the map here (needs Chromium).")
    var png: String?

    @Option(help: "Map title (default: the input file names).")
    var title: String?

    @Option(help: "Width of the map area in pixels (the legend adds 270).")
    var width: Int = 960

    @Option(help: ArgumentHelp("Show only this area: minLon,minLat,maxLon,maxLat (WGS-84); default: all data.",
                               valueName: "box"))
    var extent: String?

    @Option(help: "Draw only features whose `kind` is in this comma-separated list (e.g. hub,last_mile_gap,missing_link); features without `kind` are always drawn.")
    var kinds: String?

    @Option(help: ArgumentHelp("Also draw this network's rail lines by tier and its stations with names (and its districts when no input has any).",
                               valueName: "net.mcnet"))
    var network: String?

    @OptionGroup(title: "Trains per hour of the --network lines") var departures: DepartureOptions<MorningPeakDepartures>

    @OptionGroup(title: "Output") var out: OutputOptions

    public func validate() throws {
        try out.requireOutput()
        guard !inputs.isEmpty else { throw ValidationError("give at least one GeoJSON file") }
        guard (200...8000).contains(width) else { throw ValidationError("--width must be between 200 and 8000") }
        if png == "-" { throw ValidationError("--png needs a file path, not '-'") }
        if let extent { _ = try Self.parseExtent(extent) }
    }

    static func parseExtent(_ text: String) throws -> BoundingBox {
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == 4, let minLon = values[0], let minLat = values[1], let maxLon = values[2], let maxLat = values[3],
              minLon < maxLon, minLat < maxLat,
              Coordinate(longitude: minLon, latitude: minLat).isValidGeographic,
              Coordinate(longitude: maxLon, latitude: maxLat).isValidGeographic
        else { throw ValidationError("--extent must be minLon,minLat,maxLon,maxLat with min < max, in degrees") }
        return BoundingBox(minLongitude: minLon, minLatitude: minLat, maxLongitude: maxLon, maxLatitude: maxLat)
    }

    /// The network's lines and stations (the `export` layers), and its districts as the base when no input layer
    /// holds them all; the note naming the network.
    func networkLayers(_ path: String, after inputs: [MapLayer]) throws -> (layers: (base: [MapLayer], rail: [MapLayer]), note: String) {
        let built = try BuiltNetwork(contentsOfFile: path)
        let start = try departures.firstDepartureSeconds()
        let export = NetworkExportLayers(built, firstDepartureSeconds: start, windowMinutes: departures.window)
        let name = URL(fileURLWithPath: path).lastPathComponent
        let rail = [MapLayer(name: "rail lines (\(name))", collection: FeatureCollection(export.lines), kind: .tieredRail),
                    MapLayer(name: "stations (\(name))", collection: FeatureCollection(export.stations), kind: .tieredRail)]
        // An input layer with a named area per district of the network (rings, gaps coverage, compare rings) is the base.
        let hasDistricts = inputs.contains { layer in
            layer.collection.features.filter { f in
                guard MapPreviewRenderer.districtName(f) != nil else { return false }
                switch f.geometry { case .polygon?, .multiPolygon?: return true; default: return false }
            }.count >= built.districts.count
        }
        let base = hasDistricts || export.districts.isEmpty
            ? [] : [MapLayer(name: "districts (\(name))", collection: FeatureCollection(export.districts), kind: .districts)]
        let end = start + Int32(departures.window * 60)
        let note = "\(name): rail lines and stations of \(built.metadata.areaName), service date \(built.metadata.serviceDate); "
            + "trains per hour \(ServiceClock.format(start))–\(ServiceClock.format(end))"
        return ((base, rail), note)
    }

    public func run() throws {
        let progress = out.reporter
        let outputs = try out.outputSet(inputs: inputs.map { Optional($0) } + [network], others: [("--png", png)])
        // Look for Chromium before writing anything, so a missing browser leaves no output behind.
        var chromium: Chromium?
        if png != nil {
            guard let found = Chromium.locate() else { throw ChromiumError(Chromium.notFoundMessage) }
            chromium = found
        }
        var layers: [MapLayer] = []
        var provenance: [(name: String, metadata: JSONValue?)] = []
        for path in inputs {
            progress.stage("reading \(path)")
            let collection = try GeoJSONReader.read(contentsOf: URL(fileURLWithPath: path))
            let name = URL(fileURLWithPath: path).lastPathComponent
            layers += MapLayer.layers(name: name, collection: collection,
                                      keepKinds: kinds.map { Set($0.split(separator: ",").map { String($0) }) })
            provenance.append((name, collection.foreignMembers["metadata"]))
        }
        let mapTitle = title ?? inputs.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " + ")
        var notes = ProvenanceNote.lines(provenance)
        if let network {
            progress.stage("reading \(network)")
            let (railLayers, note) = try networkLayers(network, after: layers)
            layers = railLayers.base + layers + railLayers.rail
            notes.append(note)
        } else {
            notes.append("Rail lines and stations not drawn: give --network net.mcnet.")
        }
        let map = MapPreviewRenderer.render(layers, options: MapPreviewOptions(
            title: mapTitle, mapWidthPixels: width, extent: try extent.map(Self.parseExtent), notes: notes))
        for layer in map.layers {
            var note = "\(layer.name): \(layer.kind.rawValue), \(layer.drawnFeatureCount) features drawn"
            if layer.skippedNullGeometryCount > 0 { note += ", \(layer.skippedNullGeometryCount) without geometry skipped" }
            progress.done(note)
        }
        if let png, let chromium {
            progress.stage("rendering \(png) with \(chromium.executablePath)")
            let image = try chromium.renderPNG(html: map.html, widthPixels: map.widthPixels, heightPixels: map.heightPixels)
            try outputs.write(image, to: png)
        }
        try outputs.write(map.html, to: out.path)
        try outputs.commit()
        progress.done("wrote \(out.path) (\(map.html.count) bytes, \(map.widthPixels)×\(map.heightPixels) px)"
            + (png.map { ", \($0)" } ?? ""))
    }
}
