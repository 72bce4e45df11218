import Foundation
import GeoCore
import TestSupport
import Testing
@testable import MapPreview

@Suite("Deterministic output", .tags(.fast))
struct DeterminismTests {
    func layers(reverseInsertion: Bool) -> [MapLayer] {
        let keys = (0..<40).map { "key_\($0)" }
        var props: [String: JSONValue] = [:]
        for k in (reverseInsertion ? keys.reversed() : keys) { props[k] = .string(k.uppercased()) }
        var districts = FeatureCollection([Feature(geometry: .polygon(Builders.square(116, 39.5, 0.8)), properties: props)])
        districts.features.append(Feature(geometry: .polygon(Builders.square(116.8, 39.5, 0.5)),
                                          properties: ["district_name": "东区", "pop2020": 1000]))
        return [MapLayer(name: "d.geojson", collection: districts), MapLayer(name: "r.geojson", collection: Builders.rings()),
                MapLayer(name: "h.geojson", collection: Builders.hubs())]
    }

    @Test func sameInputGivesSameBytes() {
        let a = MapPreviewRenderer.render(layers(reverseInsertion: false)).html
        let b = MapPreviewRenderer.render(layers(reverseInsertion: false)).html
        // Dictionaries filled in the opposite order iterate differently; the output must not.
        let c = MapPreviewRenderer.render(layers(reverseInsertion: true)).html
        #expect(a == b)
        #expect(a == c)
        #expect(a.count > 1000)
    }
}
