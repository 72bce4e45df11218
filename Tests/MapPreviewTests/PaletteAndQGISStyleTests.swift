import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import GeoCore
@testable import MapPreview
import Testing
import TestSupport

/// The one palette file (Resources/palette.json) compiled into the preview, and the QGIS styles built from it:
/// the compiled copy matches the file, the preview's colours are the palette's, styles pick the renderer each
/// output layer needs, and the QML is well-formed XML.
@Suite(.tags(.fast)) struct PaletteAndQGISStyleTests {
    @Test func compiledPaletteIsTheRepositoryFile() throws {
        let file = try String(contentsOf: PackageRoot.url.appendingPathComponent("Resources/palette.json"), encoding: .utf8)
        #expect(Palette.json + "\n" == file, "run Scripts/generate_palette.sh")
        let palette = Palette.shipped
        #expect(palette.hubRatings.keys.sorted() == ["acceptable", "disconnected", "poor", "zero_distance"])
        #expect(palette.tiers.keys.sorted() == ["intercity", "metro", "suburban", "trunk"])
        #expect(palette.volumeOverCapacity.last?.upper == nil)
        // The preview draws with the palette's colours.
        #expect(LayerStyle.genericColors == palette.generic)
        #expect(LayerStyle.sequentialColor(rank: 0, of: 3) == palette.sequential[0])
    }

    @Test func aBrokenPaletteNamesTheKey() {
        #expect { try Palette(json: Data(##"{"district":{"fill":"#FFFFFF","outline":"#000000"}}"##.utf8)) } throws: {
            "\($0)".contains("missing")
        }
        var text = Palette.json
        text = text.replacingOccurrences(of: "\"#B0B0B0\"", with: "\"grey\"")
        #expect { try Palette(json: Data(text.utf8)) } throws: { "\($0)" == "grey is not #RRGGBB" }
    }

    static func wellFormed(_ xml: String) -> Bool {
        XMLParser(data: Data(xml.utf8)).parse()
    }

    @Test func ringDistrictsByClassInBandOrderWithLabels() {
        let layer = FeatureSchema.Layer("district", .multiPolygon, [.init("district", .string), .init("class", .string)])
        let features = [">60", "≤30", "≤60", "≤45", "≤30"].map { Feature(geometry: nil, properties: ["class": .string($0)]) }
        let style = QGISStyle.forLayer(layer, features: features)
        guard case .categorized(let field, let categories) = style.renderer else {
            Issue.record("not categorized: \(style.renderer)")
            return
        }
        #expect(field == "class")
        #expect(categories.map(\.value) == ["≤30", "≤45", "≤60", ">60"])
        #expect(categories.map(\.look.color) == Palette.shipped.ringClasses)
        #expect(style.labelField == "district")
        #expect(Self.wellFormed(style.qml))
        #expect(style.qml.contains(#"<category value="&gt;60" label="&gt; 60 min" symbol="3" render="true"/>"#))
        #expect(style.qml.contains(#"fieldName="district""#))
    }

    @Test func eachOutputLayerGetsItsRenderer() {
        let palette = Palette.shipped
        let hubs = QGISStyle.forLayer(.init("hub", .point, [.init("hub", .string), .init("worst_rating", .string)]), features: [])
        if case .categorized(let field, let c) = hubs.renderer {
            #expect(field == "worst_rating" && c.map(\.look.color) == ["zero_distance", "acceptable", "poor", "disconnected"].map { palette.hubRatings[$0]! })
        } else { Issue.record("hubs: \(hubs.renderer)") }
        #expect(hubs.symbol == .marker && hubs.labelField == "hub")

        let sections = QGISStyle.forLayer(.init("section", .lineString, [.init("v_c", .real)]), features: [])
        if case .graduated(let field, let bins) = sections.renderer {
            #expect(field == "v_c" && bins.map(\.lower) == [0, 0.5, 0.8, 1.0, 1.2] && bins.map(\.look.color) == palette.volumeOverCapacity.map(\.color))
        } else { Issue.record("sections: \(sections.renderer)") }
        #expect(sections.symbol == .line && Self.wellFormed(sections.qml))

        let circle = QGISStyle.forLayer(.init("commute_circle", .multiPolygon, [.init("districts", .integer)]), features: [])
        #expect(circle.renderer == .single(.init(color: palette.commuteCircle, outline: palette.commuteCircle, width: 2.5, hollow: true)))
        #expect(circle.qml.contains(#"<prop k="style" v="no"/>"#) && circle.labelField == nil)

        let rings = QGISStyle.forLayer(.init("isochrone", .multiPolygon, [.init("cutoff_min", .integer)]),
                                       features: [60, 15, 30].map { Feature(geometry: nil, properties: ["cutoff_min": .number($0)]) })
        if case .categorized(_, let c) = rings.renderer {
            #expect(c.map(\.value) == ["15", "30", "60"] && c.first?.look.color == palette.sequential.first && c.last?.look.color == palette.sequential.last)
        } else { Issue.record("isochrones: \(rings.renderer)") }

        let stations = QGISStyle.forLayer(.init("station", table: "stations", .point, [.init("name", .string), .init("tier", .string)]), features: [])
        #expect(stations.labelField == "name" && Self.wellFormed(stations.qml))
        let gap = QGISStyle.forLayer(.init("last_mile_gap", .point, [.init("station", .string)]), features: [])
        #expect(gap.renderer == .single(.init(color: palette.gapKinds["last_mile_gap"]!, outline: "#202020", width: 0.6)))
    }
}
