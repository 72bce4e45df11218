import Foundation
import GeoCore
import Testing
import TestSupport
@testable import MapPreview

/// Issue 18's findings on the static preview, each on layers shaped like our outputs: district names under the
/// rings' `district` key, station names, legend entries named from the data (never "feature"), whole layer
/// titles, distinct rating colours, the commute circle as an outline above the districts, the compare layers
/// styled as what they are, and a closing provenance note.
@Suite("Preview cartography", .tags(.fast))
struct CartographyTests {
    // MARK: - Layers shaped like the outputs

    /// Two districts as `rings` writes them (`kind` district, name under `district`, `class`) and the circle.
    static func rings() -> FeatureCollection {
        let east = Builders.square(116.3, 39.8, 0.3), west = Builders.square(115.9, 39.8, 0.3)
        let circle = Polygon(shell: LinearRing([
            Coordinate(longitude: 115.9, latitude: 39.8), Coordinate(longitude: 116.6, latitude: 39.8),
            Coordinate(longitude: 116.6, latitude: 40.1), Coordinate(longitude: 115.9, latitude: 40.1),
            Coordinate(longitude: 115.9, latitude: 39.8),
        ]))
        return FeatureCollection([
            Feature(geometry: .polygon(east), properties: ["kind": "district", "district": "东城区", "class": "≤30", "in_circle": true]),
            Feature(geometry: .polygon(west), properties: ["kind": "district", "district": "大兴区", "class": "≤45", "in_circle": true]),
            Feature(geometry: .polygon(circle), properties: ["kind": "commute_circle", "budget_min": 60, "core": "北京南", "districts": 2]),
        ])
    }

    /// The gaps output's kinds: hubs by rating, a last-mile gap, a missing link, an uncovered district, coverage.
    static func gaps() -> FeatureCollection {
        var features = Builders.hubRatings.enumerated().map { i, rating in
            Feature(geometry: .point(Coordinate(longitude: 116.0 + 0.1 * Double(i), latitude: 39.9)),
                    properties: ["kind": "hub", "hub": .string("hub \(i)"), "worst_rating": .string(rating.replacingOccurrences(of: "-", with: "_"))])
        }
        features.append(Feature(geometry: .point(Coordinate(longitude: 116.2, latitude: 39.7)),
                                properties: ["kind": "last_mile_gap", "station": "亦庄"]))
        features.append(Feature(geometry: .lineString(LineString([Coordinate(longitude: 116.0, latitude: 39.6), Coordinate(longitude: 116.3, latitude: 39.6)])),
                                properties: ["kind": "missing_link", "from_station": "a", "to_station": "b"]))
        features.append(Feature(geometry: .polygon(Builders.square(116.5, 39.5, 0.2)),
                                properties: ["kind": "uncovered_district", "district": "平谷区", "coverage_share": 0]))
        for (i, share) in [0.9, 0.3].enumerated() {
            features.append(Feature(geometry: .polygon(Builders.square(115.8 + 0.3 * Double(i), 39.4, 0.3)),
                                    properties: ["kind": "coverage", "district": .string("区\(i)"), "coverage_share": .number(share)]))
        }
        return FeatureCollection(features)
    }

    static func html(_ map: RenderedMap) -> String { String(decoding: map.html, as: UTF8.self) }

    /// The legend column's text (headings, entries, notes), tags stripped.
    static func legendText(_ html: String) -> [String] {
        guard let start = html.range(of: "<g class=\"legend\">"), let end = html.range(of: "</g>", range: start.upperBound..<html.endIndex) else { return [] }
        return html[start.upperBound..<end.lowerBound].matches(of: /<text[^>]*>([^<]*)<\/text>/).map { String($0.1) }
    }

    // MARK: - Findings

    @Test func ringDistrictsAreLabelledFromTheirDistrictProperty() {
        let map = MapPreviewRenderer.render(MapLayer.layers(name: "rings.geojson", collection: Self.rings()))
        let html = Self.html(map)
        #expect(map.labelCount == 2)
        #expect(html.contains(">东城区</text>") && html.contains(">大兴区</text>"))
        // The gaps coverage districts are labelled the same way.
        let gaps = MapPreviewRenderer.render(MapLayer.layers(name: "gaps.geojson", collection: Self.gaps()))
        #expect(gaps.labelCount >= 2, "\(gaps.labelCount)")
    }

    @Test func stationsAreLabelledByNameTrunkFirst() {
        let stations = FeatureCollection([("北京南", "trunk", 116.378), ("永定门", "metro", 116.40), ("亦庄", "suburban", 116.50)].map { name, tier, lon in
            Feature(geometry: .point(Coordinate(longitude: lon, latitude: 39.86)), properties: ["kind": "station", "name": .string(name), "tier": .string(tier)])
        })
        let lines = FeatureCollection([Feature(geometry: .lineString(LineString([Coordinate(longitude: 116.3, latitude: 39.8), Coordinate(longitude: 116.6, latitude: 39.9)])),
                                               properties: ["kind": "line", "route": "S1", "tier": "suburban"])])
        let map = MapPreviewRenderer.render([MapLayer(name: "rail lines", collection: lines, kind: .tieredRail),
                                             MapLayer(name: "stations", collection: stations, kind: .tieredRail)])
        let html = Self.html(map)
        #expect(map.stationLabelCount == 3)
        let order = ["北京南", "亦庄", "永定门"].map { html.range(of: "class=\"sl\"[^>]*>\($0)<", options: .regularExpression)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order == order.sorted { $0! < $1! }, "trunk, then suburban, then metro")
        // On a regional map metro stations stay unnamed (they would bury the districts); the others keep their names.
        var wide = stations
        wide.features.append(Feature(geometry: .point(Coordinate(longitude: 117.7, latitude: 39.0)), properties: ["kind": "station", "name": "滨海", "tier": "intercity"]))
        let regional = MapPreviewRenderer.render([MapLayer(name: "stations", collection: wide, kind: .tieredRail)])
        #expect(regional.projection.metersPerPixelAtCenter > MapPreviewRenderer.metroLabelMetersPerPixel)
        #expect(regional.stationLabelCount == 3 && !Self.html(regional).contains(">永定门<"))
        // Lines are drawn above the districts and below the stations.
        #expect(map.layers.map(\.kind) == [.tieredRail, .tieredRail])
        #expect(html.range(of: "data-layer=\"rail lines\"")!.lowerBound < html.range(of: "data-layer=\"stations\"")!.lowerBound)
    }

    @Test func theLegendNamesEveryEntryFromTheDataNeverFeature() {
        let corridor = FeatureCollection([Feature(geometry: .lineString(LineString([Builders.beijingSouth, Coordinate(longitude: 117, latitude: 39.1)])),
                                                  properties: ["kind": "corridor", "district": "武清区"])])
        let plain = FeatureCollection([Feature(geometry: .point(Builders.beijingSouth), properties: ["note": "x"])])
        let layers = MapLayer.layers(name: "rings.geojson", collection: Self.rings())
            + MapLayer.layers(name: "gaps.geojson", collection: Self.gaps())
            + [MapLayer(name: "corridors.geojson", collection: corridor), MapLayer(name: "points.geojson", collection: plain)]
        let map = MapPreviewRenderer.render(layers)
        let legend = Self.legendText(Self.html(map))
        #expect(!legend.isEmpty)
        #expect(!legend.contains { $0.lowercased().contains("feature") }, "\(legend)")
        for entry in ["commute circle, ≤ 60 min from 北京南", "last-mile gap", "missing link", "district without a station",
                      "≥ 75 % of people near rail", "corridor", "points · 1 drawn"] {
            #expect(legend.joined().contains(entry), "\(entry) not in \(legend)")  // wrapped entries joined again
        }
        #expect(!map.layers.contains { $0.kind == .generic && $0.name.contains("commute_circle") })
    }

    @Test func layerTitlesAreWrappedNotCut() {
        let name = "jingjinji-rings-commuter-profile-2016.geojson · commute_circle"
        let map = MapPreviewRenderer.render(MapLayer.layers(name: String(name.split(separator: " ").first!), collection: Self.rings()))
        let html = Self.html(map)
        let headings = html.matches(of: /<text class="lgh"[^>]*>([^<]*)<\/text>/).map { String($0.1) }
        #expect(!headings.contains { $0.contains("…") }, "\(headings)")
        #expect(headings.joined().contains(name), "\(headings)")
        #expect(headings.count > 2, "the long titles take more than one line each: \(headings)")
        // Wrapping keeps every character, breaks after a separator, and keeps each line within the width.
        for text in [name, "北京市东城区北京市西城区北京市朝阳区北京市丰台区", "short", ""] {
            let lines = Legend.wrapped(text, to: 120, fontSize: 12)
            #expect(lines.joined() == text)
            // A line may end in the space it breaks at, which takes no ink.
            #expect(lines.allSatisfy { TextMetrics.widthPixels($0.trimmingCharacters(in: .whitespaces), fontSizePixels: 12) <= 120 }, "\(lines)")
        }
        #expect(Legend.wrapped("aaaa bbbb cccc", to: TextMetrics.widthPixels("aaaa bbbb", fontSizePixels: 12), fontSize: 12) == ["aaaa bbbb ", "cccc"])
    }

    /// CIE 1976 ΔE between two `#RRGGBB` colours (sRGB, D65): 2.3 is a just-noticeable difference; 40 keeps two
    /// markers of a few pixels apart at a glance.
    static func deltaE(_ a: String, _ b: String) -> Double {
        func lab(_ hex: String) -> [Double] {
            let c = Palette.rgb(hex)!.map { Double($0) / 255 }.map { $0 > 0.04045 ? pow(($0 + 0.055) / 1.055, 2.4) : $0 / 12.92 }
            let xyz = [(0.4124 * c[0] + 0.3576 * c[1] + 0.1805 * c[2]) / 0.95047, 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2],
                       (0.0193 * c[0] + 0.1192 * c[1] + 0.9505 * c[2]) / 1.08883]
            let f = xyz.map { $0 > 216.0 / 24389 ? cbrt($0) : (24389.0 / 27 * $0 + 16) / 116 }
            return [116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])]
        }
        return zip(lab(a), lab(b)).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
    }

    static let distinct = 40.0

    @Test func ratingAndChangeColoursAreDistinct() {
        #expect(Self.deltaE("#E69F00", "#E69F00") == 0 && Self.deltaE("#000000", "#FFFFFF") > 99)
        func closest(_ colours: [String]) -> (Double, String, String) {
            var best = (Double.infinity, "", "")
            for i in colours.indices { for j in colours.indices where j > i {
                let d = Self.deltaE(colours[i], colours[j])
                if d < best.0 { best = (d, colours[i], colours[j]) }
            } }
            return best
        }
        // Within a layer: hub ratings, ring changes, compare changes.
        let hubs = LayerStyle(kind: .hubs, collection: Builders.hubs(), layerIndex: 0)
        let ratingColours = hubs.categories.prefix(HubRating.allCases.count).map(\.color)
        #expect(closest(ratingColours).0 >= Self.distinct, "\(closest(ratingColours))")
        let ringChanges = LayerStyle(kind: .ringChanges, collection: FeatureCollection(), layerIndex: 0)
        #expect(closest(ringChanges.categories.map(\.color)).0 >= Self.distinct, "\(closest(ringChanges.categories.map(\.color)))")
        let palette = Palette.shipped
        #expect(closest(Array(palette.changes.values)).0 >= Self.distinct, "\(closest(Array(palette.changes.values)))")
        // On one gaps map: the hub ratings beside the last-mile gaps and missing links.
        let gapColours = ratingColours + ["last_mile_gap", "missing_link"].map { palette.gapKinds[$0]! }
        #expect(closest(gapColours).0 >= Self.distinct, "\(closest(gapColours))")
        // The drawn gaps page uses them.
        let html = Self.html(MapPreviewRenderer.render(MapLayer.layers(name: "gaps.geojson", collection: Self.gaps())))
        for colour in gapColours { #expect(html.contains(colour), "\(colour)") }
        // A rating no hub has is still listed, with its own colour (not the black of an unstyled swatch).
        var noAcceptable = Builders.hubs()
        noAcceptable.features.removeAll { $0.properties["rating"] == "acceptable" }
        let page = Self.html(MapPreviewRenderer.render([MapLayer(name: "hubs.geojson", collection: noAcceptable)]))
        let acceptable = HubRating.allCases.firstIndex(of: .acceptable)!
        #expect(page.contains(".k0-\(acceptable)p{fill:\(palette.hubRatings["acceptable"]!)"), "no style for the empty rating")
        #expect(page.contains("class=\"k0-\(acceptable)p\""))
    }

    @Test func theCircleIsAnOutlineDrawnAfterTheDistricts() throws {
        let map = MapPreviewRenderer.render(MapLayer.layers(name: "rings.geojson", collection: Self.rings()))
        let html = Self.html(map)
        #expect(map.layers.map(\.kind) == [.ringClasses, .outlines])
        let districts = try #require(html.range(of: "data-layer=\"rings.geojson · district\""))
        let circle = try #require(html.range(of: "data-layer=\"rings.geojson · commute_circle\""))
        #expect(districts.lowerBound < circle.lowerBound, "the circle is drawn above the districts")
        // Its class: no fill, the pointer on the outline only, the palette's circle colour.
        let rule = try #require(html.firstMatch(of: /\.k1-0a\{([^}]*)\}/)).1
        #expect(rule.contains("fill:none") && rule.contains("pointer-events:visibleStroke") && rule.contains(Palette.shipped.commuteCircle), "\(rule)")
        #expect(html.contains("<path class=\"k1-0a\""))
        // A compare rings output: the circle before dashed, after solid, both outlines.
        let compare = FeatureCollection([
            Feature(geometry: .polygon(Builders.square(116, 39.8, 0.3)), properties: ["kind": "district_change", "district": "东城区", "people_gained": 10, "circle": "entered"]),
            Feature(geometry: .polygon(Builders.square(116, 39.8, 0.3)), properties: ["kind": "commute_circle_before", "scenario": "base", "budget_min": 60, "core": "北京西"]),
            Feature(geometry: .polygon(Builders.square(116, 39.8, 0.4)), properties: ["kind": "commute_circle_after", "scenario": "jingxiong", "budget_min": 60, "core": "北京西"]),
        ])
        let diff = MapPreviewRenderer.render(MapLayer.layers(name: "diff.geojson", collection: compare))
        #expect(diff.layers.map(\.kind) == [.ringChanges, .outlines, .outlines])
        let legend = Self.legendText(Self.html(diff)).joined()
        #expect(legend.contains("circle before: base, ≤ 60 min from 北京西") && legend.contains("circle after: jingxiong, ≤ 60 min"), "\(legend)")
        #expect(Self.html(diff).contains("stroke-dasharray"))
    }

    @Test func compareLayersAreStyledAsChanges() {
        let line = LineString([Builders.beijingSouth, Coordinate(longitude: 116.9, latitude: 39.5)])
        func point(_ p: [String: JSONValue]) -> Feature { Feature(geometry: .point(Builders.beijingSouth), properties: p) }
        let cases: [(FeatureCollection, LayerKind, [String])] = [
            (FeatureCollection([
                Feature(geometry: .polygon(Builders.square(116, 39.8, 0.3)), properties: ["kind": "isochrone_gained", "origin": "北京西", "cutoff_min": 45]),
                Feature(geometry: .polygon(Builders.square(116.4, 39.8, 0.3)), properties: ["kind": "isochrone_lost", "origin": "北京西", "cutoff_min": 45]),
            ]), .changes, ["reachable only after (from 北京西)", "reachable only before (from 北京西)"]),
            (FeatureCollection([
                point(["kind": "hub_change", "status": "new"]), point(["kind": "hub_change", "status": "gone"]),
                point(["kind": "hub_change", "status": "rating_changed", "before_rating": "poor", "after_rating": "acceptable"]),
                point(["kind": "hub_change", "status": "rating_changed", "before_rating": "acceptable", "after_rating": "disconnected"]),
                point(["kind": "hub_change", "status": "tiers_changed"]),
            ]), .changes, ["new hub", "hub gone", "transfer rating better", "transfer rating worse", "tiers changed"]),
            (FeatureCollection(["new", "closed", "both", "both"].enumerated().map { i, status in
                Feature(geometry: .lineString(line), properties: ["kind": "section_change", "tier": "metro", "status": .string(status),
                                                                  "load_change_per_hour": .number(i == 2 ? -50 : 80)])
            }), .changes, ["new section", "closed section", "less load", "more load"]),
            (FeatureCollection([(nil, 4.0), (3.0, 6.0), (5.0, 2.0), (2.0, 2.0)].map { b, a in
                Feature(geometry: .lineString(line), properties: ["kind": "corridor_change", "district": "x",
                                                                  "before_trains_per_hour": b.map { .number($0) } ?? .null, "after_trains_per_hour": .number(a)])
            }), .changes, ["new corridor", "more trains per hour", "fewer trains per hour", "unchanged"]),
            (FeatureCollection([
                Feature(geometry: .polygon(Builders.square(116, 39.8, 0.3)), properties: ["kind": "isochrone_before", "cutoff_min": 45, "scenario": "base"]),
                Feature(geometry: .polygon(Builders.square(116, 39.8, 0.4)), properties: ["kind": "isochrone_after", "cutoff_min": 45, "scenario": "jingxiong"]),
            ]), .outlines, ["reachable before: base", "reachable after: jingxiong"]),
        ]
        // Changed hubs are named on the map.
        let hubs = MapPreviewRenderer.render([MapLayer(name: "diff.geojson", collection: FeatureCollection([
            point(["kind": "hub_change", "status": "new", "hub": "大兴机场"]),
        ]))])
        #expect(hubs.stationLabelCount == 1 && Self.html(hubs).contains(">大兴机场</text>"))
        for (collection, kind, labels) in cases {
            #expect(LayerKind.detect(collection, isFirstLayer: false) == kind)
            let style = LayerStyle(kind: kind, collection: collection, layerIndex: 0)
            let drawn = collection.features.indices.map { style.categories[style.categoryOfFeature[$0]!].label }
            #expect(drawn == labels)
            let colours = Set(collection.features.indices.map { style.categories[style.categoryOfFeature[$0]!].color })
            #expect(colours.count == Set(labels).count, "one colour per class: \(labels)")
            // Unchanged features are drawn first, under the changes.
            let unchanged = labels.indices.filter { labels[$0] == "unchanged" }
            #expect(Array(style.drawOrder.prefix(unchanged.count)) == unchanged, "\(style.drawOrder)")
        }
    }

    @Test func theNoteNamesProfileScenarioAndDataVintage() {
        let metadata: JSONValue = .object([
            "command": "rings", "area": "jingjinji", "service_date": "2016-03-10",
            "profile": .object(["name": "commuter", "access": .array(["walk", "bicycle"]), "egress": .array(["walk"])]),
            "scenario": .null,
            "inputs": .array([.object(["name": "rail", "path": "../shared/data/cn/rail/cr_gtfs_2016.zip", "hash": "x"]),
                              .object(["name": "districts", "path": "districts.geojson", "hash": "y"])]),
        ])
        #expect(ProvenanceNote.line(metadata) == "rings on jingjinji · profile commuter (access walk, bicycle; egress walk) · service date 2016-03-10 · data: cr_gtfs_2016.zip, districts.geojson")
        // Inputs sharing their data: the vintage once, at the end; identical descriptions once.
        var gaps = metadata
        if case .object(var m) = gaps { m["command"] = "gaps"; m["profile"] = .null; gaps = .object(m) }
        let lines = ProvenanceNote.lines([("rings.geojson", metadata), ("rings2.geojson", metadata), ("gaps.geojson", gaps), ("other.geojson", nil)])
        #expect(lines == [
            "rings.geojson: rings on jingjinji · profile commuter (access walk, bicycle; egress walk)",
            "gaps.geojson: gaps on jingjinji · no access profile",
            "All inputs: service date 2016-03-10 · data: cr_gtfs_2016.zip, districts.geojson",
            "other.geojson: no provenance (not written by metrocommute, or by an older version)",
        ])
        // Inputs of different vintages each carry theirs.
        var older = gaps
        if case .object(var m) = older { m["service_date"] = "2015-06-01"; older = .object(m) }
        #expect(ProvenanceNote.lines([("rings.geojson", metadata), ("old.geojson", older)]).last == "old.geojson: gaps on jingjinji · no access profile · service date 2015-06-01 · data: cr_gtfs_2016.zip, districts.geojson")
        let compare: JSONValue = .object(["command": "compare rings", "profile": .null, "service_date": "2016-03-10",
                                          "scenario": .object(["before": .null, "after": .object(["name": "jingxiong", "path": "s.json"])])])
        #expect(ProvenanceNote.line(compare) == "compare rings · no access profile · before base, after jingxiong · service date 2016-03-10")
        // The note closes the legend.
        let map = MapPreviewRenderer.render(MapLayer.layers(name: "rings.geojson", collection: Self.rings()),
                                            options: MapPreviewOptions(notes: lines))
        let legend = Self.legendText(Self.html(map)).joined()
        #expect(legend.contains("profile commuter") && legend.contains("service date 2016-03-10") && legend.contains("cr_gtfs_2016.zip"))
    }
}
