#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GeoCore

/// One GeoJSON input of the map.
public struct MapLayer: Sendable {
    /// Shown in the legend and the tooltip (usually the file name).
    public var name: String
    public var collection: FeatureCollection
    /// The styling; nil detects it from the properties (`LayerKind.detect`).
    public var kind: LayerKind?

    public init(name: String, collection: FeatureCollection, kind: LayerKind? = nil) {
        self.name = name
        self.collection = collection
        self.kind = kind
    }

    /// The layers of one file. The analysis commands write several kinds of finding into one file, each feature
    /// with a `kind` property (gaps: hub, last_mile_gap, missing_link, coverage…; rings: district and
    /// commute_circle): such a file becomes one layer per kind, in order of first appearance, named
    /// "name · kind", so that each is styled for what it holds. `keepKinds`, when given, drops the features
    /// of other kinds (features without `kind` are always kept).
    public static func layers(name: String, collection: FeatureCollection, keepKinds: Set<String>? = nil) -> [MapLayer] {
        var order: [String] = []
        var byKind: [String: [Feature]] = [:]
        var unkinded: [Feature] = []
        for f in collection.features {
            guard let kind = f.properties["kind"]?.stringValue else { unkinded.append(f); continue }
            if let keepKinds, !keepKinds.contains(kind) { continue }
            if byKind[kind] == nil { order.append(kind) }
            byKind[kind, default: []].append(f)
        }
        if order.count <= 1 {
            let kept = collection.features.filter { f in
                guard let keepKinds, let kind = f.properties["kind"]?.stringValue else { return true }
                return keepKinds.contains(kind)
            }
            return [MapLayer(name: name, collection: FeatureCollection(kept))]
        }
        var layers = order.map { MapLayer(name: "\(name) · \($0)", collection: FeatureCollection(byKind[$0]!)) }
        if !unkinded.isEmpty { layers.insert(MapLayer(name: name, collection: FeatureCollection(unkinded)), at: 0) }
        return layers
    }
}

public struct MapPreviewOptions: Sendable, Hashable {
    public var title: String
    /// Width of the map area; the legend column is added to it.
    public var mapWidthPixels: Int
    /// Limits of the map area's height, which otherwise follows the data's aspect.
    public var minimumMapHeightPixels: Int
    public var maximumMapHeightPixels: Int
    /// Free space between the data's box and the map's edges.
    public var marginPixels: Int
    /// Douglas–Peucker tolerance applied after projection.
    public var simplificationTolerancePixels: Double
    /// The area to show; nil fits all data. Features reaching outside are clipped at the map's edge.
    public var extent: BoundingBox?
    /// Closing lines of the legend: what produced the data (`ProvenanceNote`), what is not drawn and why.
    public var notes: [String]

    public init(title: String = "MetroCommute map", mapWidthPixels: Int = 960, minimumMapHeightPixels: Int = 480,
                maximumMapHeightPixels: Int = 900, marginPixels: Int = 28, simplificationTolerancePixels: Double = 0.35,
                extent: BoundingBox? = nil, notes: [String] = []) {
        precondition(mapWidthPixels >= 200 && minimumMapHeightPixels >= 200, "map too small")
        precondition(maximumMapHeightPixels >= minimumMapHeightPixels, "height limits out of order")
        precondition(marginPixels >= 0 && simplificationTolerancePixels >= 0, "negative margin or tolerance")
        self.title = title
        self.mapWidthPixels = mapWidthPixels
        self.minimumMapHeightPixels = minimumMapHeightPixels
        self.maximumMapHeightPixels = maximumMapHeightPixels
        self.marginPixels = marginPixels
        self.simplificationTolerancePixels = simplificationTolerancePixels
        self.extent = extent
        self.notes = notes
    }
}

/// What was drawn of one layer.
public struct RenderedLayer: Hashable, Sendable {
    public var name: String
    public var kind: LayerKind
    /// Features drawn: one SVG element with a `data-p` attribute each.
    public var drawnFeatureCount: Int
    /// Features with `"geometry": null`, skipped.
    public var skippedNullGeometryCount: Int
}

/// The finished page.
public struct RenderedMap: Sendable {
    /// UTF-8 HTML, self-contained (no external resources).
    public var html: Data
    /// Size of the whole page (map, legend and title bar): the window size for a screenshot.
    public var widthPixels: Int
    public var heightPixels: Int
    public var layers: [RenderedLayer]
    /// Projection of the map area; its pixel (0, 0) is at `mapOrigin` on the page.
    public var projection: MapProjection
    public var mapOrigin: PlanarPoint
    public var scaleBar: ScaleBar
    /// District (polygon) labels placed.
    public var labelCount: Int
    /// Station name labels placed.
    public var stationLabelCount: Int
}

/// Draws GeoJSON layers as one self-contained HTML page with an inline SVG map, legend, scale bar,
/// north arrow and a property tooltip. Same input, same bytes.
public enum MapPreviewRenderer {
    static let titleBarHeight = 40.0
    static let legendWidth = 270.0
    static let labelFontSize = 11.0
    /// Coarser than this (a regional map: jingjinji is about 350 m per pixel at 960 px), metro stations stay unnamed.
    static let metroLabelMetersPerPixel = 60.0

    public static func render(_ layers: [MapLayer], options: MapPreviewOptions = MapPreviewOptions()) -> RenderedMap {
        let kinds = layers.enumerated().map { i, layer in layer.kind ?? LayerKind.detect(layer.collection, isFirstLayer: i == 0) }
        var box: BoundingBox?
        for layer in layers {
            guard let b = layer.collection.boundingBox else { continue }
            if box == nil { box = b } else { box!.extend(b) }
        }
        let hasData = box != nil
        let dataBox = options.extent ?? box ?? BoundingBox(minLongitude: -180, minLatitude: -60, maxLongitude: 180, maxLatitude: 75)

        let mapWidth = Double(options.mapWidthPixels)
        let margin = Double(options.marginPixels)
        let mapHeight = MapProjection.fittedHeight(for: dataBox, widthPixels: mapWidth, marginPixels: margin,
                                                   minimumHeightPixels: Double(options.minimumMapHeightPixels),
                                                   maximumHeightPixels: Double(options.maximumMapHeightPixels))
        let projection = MapProjection(fitting: dataBox, widthPixels: mapWidth, heightPixels: mapHeight, marginPixels: margin)
        let encoder = PathEncoder(projection: projection, tolerancePixels: options.simplificationTolerancePixels)
        let styles = layers.enumerated().map { i, layer in LayerStyle(kind: kinds[i], collection: layer.collection, layerIndex: i) }

        // Fixed furniture: north arrow top right, scale bar bottom left. Labels keep clear of both.
        let scaleBar = ScaleBar(metersPerPixel: projection.metersPerPixelAtCenter, maximumPixels: 160)
        let northArrowBox = PixelRect(minX: mapWidth - 44, minY: 8, maxX: mapWidth - 10, maxY: 62)
        let scaleBarBox = PixelRect(minX: 10, minY: mapHeight - 40, maxX: 16 + scaleBar.lengthPixels + 12, maxY: mapHeight - 6)
        var placer = LabelPlacer(bounds: PixelRect(minX: 3, minY: 3, maxX: mapWidth - 3, maxY: mapHeight - 3),
                                 reserved: [northArrowBox, scaleBarBox])

        // Layers are drawn areas first, then lines, then points; ties keep the order given.
        let drawOrder = layers.indices.sorted { a, b in
            let ra = styles[a].drawRank, rb = styles[b].drawRank
            return ra != rb ? ra < rb : a < b
        }

        var css = ""
        var body = ""
        var rendered = layers.map { RenderedLayer(name: $0.name, kind: .generic, drawnFeatureCount: 0, skippedNullGeometryCount: 0) }
        var polygonsForLabels: [(name: String, rings: [[PlanarPoint]], area: Double)] = []
        var markersForLabels: [(text: String, point: PlanarPoint, radius: Double)] = []
        var stationsForLabels: [(text: String, point: PlanarPoint, radius: Double, tierRank: Int)] = []
        // District names come from the area layer naming the most features (the first of equals).
        let districtKinds: Set<LayerKind> = [.districts, .ringClasses, .ringChanges, .gapFindings]
        var labelLayer: Int?, mostNamed = 0
        for i in layers.indices where districtKinds.contains(kinds[i]) && styles[i].swatch == .areal {
            let named = layers[i].collection.features.filter { labelText($0) != nil }.count
            if named > mostNamed { labelLayer = i; mostNamed = named }
        }

        for layerIndex in drawOrder {
            let layer = layers[layerIndex]
            let style = styles[layerIndex]
            let features = layer.collection.features
            for (c, category) in style.categories.enumerated() where category.count > 0 || category.alwaysListed {
                css += categoryCSS("k\(layerIndex)-\(c)", category)
            }
            body += "<g data-layer=\"\(HTMLEscaping.escape(layer.name))\" data-kind=\"\(kinds[layerIndex].rawValue)\">\n"
            var drawn = 0
            for featureIndex in style.drawOrder {
                let feature = features[featureIndex]
                guard let geometry = feature.geometry, let c = style.categoryOfFeature[featureIndex] else { continue }
                let category = style.categories[c]
                let encoded = encoder.encode(geometry, pointRadius: category.pointRadius)
                body += featureElement(feature, encoded, classPrefix: "k\(layerIndex)-\(c)")
                drawn += 1
                if layerIndex == labelLayer, let name = labelText(feature) {
                    for rings in encoded.polygons {
                        polygonsForLabels.append((name, rings, LabelPlacer.area(rings[0])))
                    }
                }
                if [.tieredRail, .changes].contains(kinds[layerIndex]), style.swatch == .point, let name = stationName(feature) {
                    // A changed hub before every station, then by tier.
                    let rank = kinds[layerIndex] == .changes ? -1
                        : feature.properties["tier"]?.stringValue.flatMap(RailTierName.init(label:)).flatMap(RailTierName.allCases.firstIndex(of:))
                    for p in encoded.pointPositions {
                        stationsForLabels.append((name, p, category.pointRadius, rank ?? RailTierName.allCases.count))
                    }
                }
                if kinds[layerIndex] == .hubs {
                    let tiers = tierLetters(feature.properties)
                    for p in encoded.pointPositions {
                        placer.reserve(PixelRect(centerX: p.x, centerY: p.y, width: 2 * category.pointRadius, height: 2 * category.pointRadius))
                        if !tiers.isEmpty { markersForLabels.append((tiers, p, category.pointRadius)) }
                    }
                }
            }
            body += "</g>\n"
            rendered[layerIndex] = RenderedLayer(name: layer.name, kind: kinds[layerIndex], drawnFeatureCount: drawn,
                                                 skippedNullGeometryCount: features.count - features.filter { $0.geometry != nil }.count)
        }

        // Labels: hub tiers first (they belong to a marker), then district names, largest districts first.
        var labels = ""
        for marker in markersForLabels {
            let width = TextMetrics.widthPixels(marker.text, fontSizePixels: 10), height = 12.0
            guard let rect = placer.placeBeside(marker.point, gap: marker.radius + 2, width: width, height: height) else { continue }
            labels += "<text class=\"hl\" x=\"\(fmt(rect.minX))\" y=\"\(fmt((rect.minY + rect.maxY) / 2))\">\(HTMLEscaping.escape(marker.text))</text>\n"
        }
        var labelCount = 0
        let labelOrder = polygonsForLabels.indices.sorted { a, b in
            polygonsForLabels[a].area != polygonsForLabels[b].area ? polygonsForLabels[a].area > polygonsForLabels[b].area : a < b
        }
        var labelled = Set<String>()
        for i in labelOrder {
            let item = polygonsForLabels[i]
            guard !labelled.contains(item.name) else { continue }  // one label per district, on its largest part
            let width = TextMetrics.widthPixels(item.name, fontSizePixels: labelFontSize) + 4, height = labelFontSize + 4
            guard let rect = placer.placeInside(rings: item.rings, width: width, height: height) else { continue }
            labelled.insert(item.name)
            labelCount += 1
            labels += "<text class=\"lbl\" x=\"\(fmt((rect.minX + rect.maxX) / 2))\" y=\"\(fmt((rect.minY + rect.maxY) / 2))\">\(HTMLEscaping.escape(item.name))</text>\n"
        }
        // Station names where they fit: the higher tiers first, one label per name (a hub's stations share it); metro
        // stations only on a city-scale map (finer than `metroLabelMetersPerPixel`), where they do not bury the districts.
        let metroRank = RailTierName.allCases.firstIndex(of: .metro)!
        if projection.metersPerPixelAtCenter > metroLabelMetersPerPixel { stationsForLabels.removeAll { $0.tierRank >= metroRank } }
        var stationLabelCount = 0
        var namedStations = Set<String>()
        for station in stationsForLabels.enumerated().sorted(by: { a, b in
            a.element.tierRank != b.element.tierRank ? a.element.tierRank < b.element.tierRank : a.offset < b.offset
        }).map(\.element) where !namedStations.contains(station.text) {
            let width = TextMetrics.widthPixels(station.text, fontSizePixels: 10), height = 12.0
            guard let rect = placer.placeBeside(station.point, gap: station.radius + 1.5, width: width, height: height) else { continue }
            namedStations.insert(station.text)
            stationLabelCount += 1
            labels += "<text class=\"sl\" x=\"\(fmt(rect.minX))\" y=\"\(fmt((rect.minY + rect.maxY) / 2))\">\(HTMLEscaping.escape(station.text))</text>\n"
        }

        let legend = Legend.svg(layers: layers, styles: styles, rendered: rendered, width: legendWidth,
                                hasHubTiers: !markersForLabels.isEmpty, projection: projection, notes: options.notes)
        let pageWidth = Int(mapWidth + legendWidth)
        let pageHeight = Int((titleBarHeight + max(mapHeight, legend.heightPixels)).rounded(.up))

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" width=\"\(pageWidth)\" height=\"\(pageHeight)\" viewBox=\"0 0 \(pageWidth) \(pageHeight)\">\n"
        svg += "<rect width=\"\(pageWidth)\" height=\"\(pageHeight)\" fill=\"#FFFFFF\"/>\n"
        svg += "<text class=\"ttl\" x=\"16\" y=\"26\">\(HTMLEscaping.escape(options.title))</text>\n"
        svg += "<g transform=\"translate(0,\(fmt(titleBarHeight)))\">\n"
        svg += "<clipPath id=\"mapclip\"><rect width=\"\(fmt(mapWidth))\" height=\"\(fmt(mapHeight))\"/></clipPath>\n"
        svg += "<rect width=\"\(fmt(mapWidth))\" height=\"\(fmt(mapHeight))\" fill=\"#F7F9FB\" stroke=\"#CCCCCC\"/>\n"
        svg += "<g clip-path=\"url(#mapclip)\">\n" + body
        if !hasData {
            svg += "<text class=\"lg\" x=\"\(fmt(mapWidth / 2))\" y=\"\(fmt(mapHeight / 2))\" text-anchor=\"middle\">Nothing to draw: no geometry in the inputs.</text>\n"
        }
        svg += "<g class=\"labels\">\n" + labels + "</g>\n</g>\n"
        svg += northArrow(northArrowBox)
        svg += scaleBarSVG(scaleBar, box: scaleBarBox)
        svg += "</g>\n"
        svg += "<g transform=\"translate(\(fmt(mapWidth)),\(fmt(titleBarHeight)))\">\n" + legend.svg + "</g>\n"
        svg += "</svg>\n"

        var html = "<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width\">\n"
        html += "<title>\(HTMLEscaping.escape(options.title))</title>\n"
        html += "<style>\n" + PageTemplate.styleSheet + "\n" + css + "</style>\n</head>\n<body>\n"
        html += svg
        html += "<div id=\"tip\"></div>\n<script>\n" + PageTemplate.script + "\n</script>\n</body>\n</html>\n"

        return RenderedMap(html: Data(html.utf8), widthPixels: pageWidth, heightPixels: pageHeight, layers: rendered,
                           projection: projection, mapOrigin: PlanarPoint(x: 0, y: titleBarHeight), scaleBar: scaleBar,
                           labelCount: labelCount, stationLabelCount: stationLabelCount)
    }

    // MARK: - Pieces

    /// A district's name, under the property names our outputs (`district`: rings, gaps, compare; `name`: export) and
    /// the district files (`district_name`) use.
    public static func districtName(_ feature: Feature) -> String? { labelText(feature) }

    static func labelText(_ feature: Feature) -> String? {
        for key in ["district_name", "district", "name", "NAME", "name_zh"] {
            if let s = feature.properties[key]?.stringValue, !s.isEmpty { return s }
        }
        return nil
    }

    /// A station's name: `name` (export), `station` (gaps), `hub` (compare gaps).
    static func stationName(_ feature: Feature) -> String? {
        for key in ["name", "station", "hub"] {
            if let s = feature.properties[key]?.stringValue, !s.isEmpty { return s }
        }
        return nil
    }

    /// "T·I·M" from `tiers` (array or comma/space/plus-separated string) or `tier`.
    static func tierLetters(_ properties: [String: JSONValue]) -> String {
        var names: [String] = []
        switch properties["tiers"] ?? properties["tier"] {
        case .array(let items)?: names = items.compactMap(\.stringValue)
        case .string(let s)?: names = s.split(whereSeparator: { ",;+/ |".contains($0) }).map(String.init)
        default: break
        }
        let tiers = Set(names.compactMap(RailTierName.init(label:)))
        return RailTierName.allCases.filter(tiers.contains).map(\.letter).joined(separator: "·")
    }

    /// The category's CSS classes: `a` areas, `l` lines, `p` point markers. A hollow area is its outline alone and
    /// takes the pointer on the outline only, so that the areas under it keep their tooltips.
    static func categoryCSS(_ name: String, _ c: StyleCategory) -> String {
        let dash = c.dashed ? ";stroke-dasharray:6 4" : ""
        let area = c.hollow
            ? ".\(name)a{fill:none;stroke:\(c.outlineColor);stroke-width:\(num(c.outlineWidth))px;pointer-events:visibleStroke\(dash)}\n"
            : ".\(name)a{fill:\(c.color);fill-opacity:\(num(c.fillOpacity));stroke:\(c.outlineColor);stroke-width:\(num(c.outlineWidth))px}\n"
        return area
            + ".\(name)l{fill:none;stroke:\(c.color);stroke-width:\(num(c.lineWidth))px\(dash)}\n"
            + ".\(name)p{fill:\(c.color);stroke:\(c.outlineColor);stroke-width:\(num(c.outlineWidth))px}\n"
    }

    static func featureElement(_ feature: Feature, _ encoded: EncodedFeature, classPrefix: String) -> String {
        var attributes = " data-p=\"\(HTMLEscaping.escape(PropertyJSON.encode(feature.properties)))\""
        if let id = feature.id {
            let text: String
            if case .string(let s) = id { text = s } else { var t = ""; PropertyJSON.append(id, to: &t); text = t }
            attributes += " data-id=\"\(HTMLEscaping.escape(text))\""
        }
        let parts = [("a", encoded.areal), ("l", encoded.linear), ("p", encoded.points)].filter { !$0.1.isEmpty }
        if parts.count == 1 {
            return "<path class=\"\(classPrefix)\(parts[0].0)\"\(attributes) d=\"\(parts[0].1)\"/>\n"
        }
        if parts.isEmpty {  // an empty geometry collection or multi-geometry: nothing to see, still hoverable data
            return "<path class=\"\(classPrefix)p\"\(attributes) d=\"M0 0\"/>\n"
        }
        // A GeometryCollection mixing areas, lines and points: one group, one path per kind.
        var out = "<g\(attributes)>"
        for (suffix, d) in parts { out += "<path class=\"\(classPrefix)\(suffix)\" d=\"\(d)\"/>" }
        return out + "</g>\n"
    }

    static func northArrow(_ box: PixelRect) -> String {
        let cx = (box.minX + box.maxX) / 2
        let top = box.minY + 16, bottom = box.maxY - 4
        return "<g class=\"north\"><text class=\"sb\" x=\"\(fmt(cx))\" y=\"\(fmt(box.minY + 12))\" text-anchor=\"middle\" font-weight=\"bold\">N</text>"
            + "<path d=\"M\(fmt(cx)) \(fmt(top))L\(fmt(cx + 9)) \(fmt(bottom))L\(fmt(cx)) \(fmt(bottom - 9))z\" fill=\"#222\"/>"
            + "<path d=\"M\(fmt(cx)) \(fmt(top))L\(fmt(cx - 9)) \(fmt(bottom))L\(fmt(cx)) \(fmt(bottom - 9))z\" fill=\"#FFF\" stroke=\"#222\" stroke-width=\"1\"/></g>\n"
    }

    static func scaleBarSVG(_ bar: ScaleBar, box: PixelRect) -> String {
        let x0 = box.minX + 6, x1 = x0 + bar.lengthPixels, y = box.maxY - 8
        let half = x0 + bar.lengthPixels / 2
        return "<g class=\"scale\" data-meters=\"\(num(bar.lengthMeters))\" data-pixels=\"\(fmt(bar.lengthPixels))\">"
            + "<rect x=\"\(fmt(x0))\" y=\"\(fmt(y - 4))\" width=\"\(fmt(bar.lengthPixels / 2))\" height=\"4\" fill=\"#222\"/>"
            + "<rect x=\"\(fmt(half))\" y=\"\(fmt(y - 4))\" width=\"\(fmt(bar.lengthPixels / 2))\" height=\"4\" fill=\"#FFF\" stroke=\"#222\" stroke-width=\".8\"/>"
            + "<rect x=\"\(fmt(x0))\" y=\"\(fmt(y - 4))\" width=\"\(fmt(bar.lengthPixels))\" height=\"4\" fill=\"none\" stroke=\"#222\" stroke-width=\".8\"/>"
            + "<text class=\"sb\" x=\"\(fmt(x0))\" y=\"\(fmt(y - 9))\">0</text>"
            + "<text class=\"sb\" x=\"\(fmt(x1))\" y=\"\(fmt(y - 9))\" text-anchor=\"middle\">\(HTMLEscaping.escape(bar.label))</text></g>\n"
    }

    /// One decimal, no trailing ".0".
    static func fmt(_ v: Double) -> String { PathEncoder.tenthsText(Int((v * 10).rounded())) }

    /// Up to three decimals, for CSS.
    static func num(_ v: Double) -> String { GeoJSONNumberFormatter(maximumFractionDigits: 3).string(v) }
}
