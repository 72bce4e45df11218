import GeoCore
import TestSupport
import Testing
@testable import MapPreview

@Suite("Layer kind detection", .tags(.fast))
struct StyleDetectionTests {
    func polygons(_ props: [String: JSONValue]) -> FeatureCollection {
        FeatureCollection([Feature(geometry: .polygon(Builders.square(116, 39, 0.1)), properties: props),
                           Feature(geometry: .polygon(Builders.square(117, 39, 0.1)), properties: props)])
    }

    func line(_ props: [String: JSONValue]) -> FeatureCollection {
        FeatureCollection([Feature(geometry: .lineString(LineString([Builders.beijingSouth, Coordinate(longitude: 117.2, latitude: 39.1)])),
                                   properties: props)])
    }

    @Test func eachKindIsRecognised() {
        #expect(LayerKind.detect(polygons(["district_name": "东城区", "pop2020": 708829]), isFirstLayer: false) == .districts)
        #expect(LayerKind.detect(polygons(["pop2020": 708829]), isFirstLayer: false) == .districts)
        #expect(LayerKind.detect(polygons(["foo": "bar"]), isFirstLayer: true) == .districts)   // any polygon layer given first
        #expect(LayerKind.detect(polygons(["foo": "bar"]), isFirstLayer: false) == .generic)
        #expect(LayerKind.detect(Builders.rings(), isFirstLayer: false) == .isochrones)
        #expect(LayerKind.detect(polygons(["class": "<=45", "district_name": "x", "pop2020": 1]), isFirstLayer: true) == .ringClasses)
        #expect(LayerKind.detect(polygons(["travel_time_min": 52.5, "district_name": "x"]), isFirstLayer: false) == .ringClasses)
        #expect(LayerKind.detect(Builders.hubs(), isFirstLayer: false) == .hubs)
        #expect(LayerKind.detect(line(["tier": "intercity"]), isFirstLayer: false) == .tieredRail)
        #expect(LayerKind.detect(line(["v_c": 1.13, "tier": "metro"]), isFirstLayer: false) == .sections)
        #expect(LayerKind.detect(line(["name": "x"]), isFirstLayer: true) == .generic)
        #expect(LayerKind.detect(FeatureCollection(), isFirstLayer: true) == .generic)
        // A rating outside the four names is not a hubs layer.
        let odd = FeatureCollection([Feature(geometry: .point(Builders.beijingSouth), properties: ["rating": "excellent"])])
        #expect(LayerKind.detect(odd, isFirstLayer: false) == .generic)
    }

    @Test func classLabelsAndBins() {
        #expect(TravelTimeClass(label: "≤30") == .within30)
        #expect(TravelTimeClass(label: "<= 45 min") == .within45)
        #expect(TravelTimeClass(label: ">60") == .over60)
        #expect(TravelTimeClass(label: "soon") == nil)
        #expect(TravelTimeClass(travelTimeMinutes: 30) == .within30)
        #expect(TravelTimeClass(travelTimeMinutes: 30.5) == .within45)
        #expect(TravelTimeClass(travelTimeMinutes: 61) == .over60)
    }

    @Test func ringsAreDrawnLargestFirstAndSmallerCutoffsAreDarker() {
        let style = LayerStyle(kind: .isochrones, collection: Builders.rings(), layerIndex: 1)
        #expect(style.drawOrder == [2, 1, 0])
        let colors = [0, 1, 2].map { style.categories[style.categoryOfFeature[$0]!].color }
        #expect(Set(colors).count == 3)
        // Relative luminance (sRGB weights) rises with the cutoff.
        func luminance(_ hex: String) -> Double {
            let d = Array(hex.dropFirst())
            let c = stride(from: 0, to: 6, by: 2).map { Double(Int(String(d[$0..<$0 + 2]), radix: 16)!) }
            return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
        }
        #expect(luminance(colors[0]) < luminance(colors[1]) && luminance(colors[1]) < luminance(colors[2]))
    }

    @Test func categoriesAreDistinctPerKind() {
        let hubs = LayerStyle(kind: .hubs, collection: Builders.hubs(), layerIndex: 0)
        #expect(Set((0..<4).map { hubs.categories[hubs.categoryOfFeature[$0]!].color }).count == 4)
        #expect(hubs.categoryOfFeature[4] == nil)   // null geometry: not drawn
        let tiers = FeatureCollection(["trunk", "intercity", "suburban", "metro"].map {
            Feature(geometry: .point(Builders.beijingSouth), properties: ["tier": .string($0)])
        })
        let tierStyle = LayerStyle(kind: .tieredRail, collection: tiers, layerIndex: 0)
        #expect(Set((0..<4).map { tierStyle.categories[tierStyle.categoryOfFeature[$0]!].color }).count == 4)
        let sections = FeatureCollection([0.3, 0.7, 0.9, 1.1, 1.5].map { v in
            Feature(geometry: .lineString(LineString([Builders.beijingSouth, Coordinate(longitude: 117, latitude: 39.5)])),
                    properties: ["v_c": .number(v)])
        })
        let sectionStyle = LayerStyle(kind: .sections, collection: sections, layerIndex: 0)
        let widths = (0..<5).map { sectionStyle.categories[sectionStyle.categoryOfFeature[$0]!].lineWidth }
        #expect(widths == widths.sorted() && Set(widths).count == 5)
        let classes = polygons(["class": "<=30"])
        let classStyle = LayerStyle(kind: .ringClasses, collection: classes, layerIndex: 0)
        #expect(classStyle.categories[classStyle.categoryOfFeature[0]!].label == "≤ 30 min")
        #expect(classStyle.legendCategories.count == 4)   // the four classes are always listed
    }
}
