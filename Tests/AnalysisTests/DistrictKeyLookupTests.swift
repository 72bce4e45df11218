import Analysis
import Testing

/// How OD tables and opportunity tables name a district, on four districts written here: two 朝阳区 (Beijing's and
/// Changchun's), one 东城区 and one without a city or code.
@Suite(.tags(.fast)) struct DistrictKeyLookupTests {
    static let lookup = DistrictKeyLookup(districts: [
        ("朝阳区", "北京市", 110105), ("东城区", "北京市", 110101), ("朝阳区", "长春市", 220104), ("Alpha", nil, nil),
    ])

    @Test func aNameCityAndNameOrCodeFindsTheDistrict() {
        #expect(Self.lookup.match("东城区") == .district(1))
        #expect(Self.lookup.match(" 北京市朝阳区 ") == .district(0))
        #expect(Self.lookup.match("长春市朝阳区") == .district(2))
        #expect(Self.lookup.match("220104") == .district(2))
        #expect(Self.lookup.match("Alpha") == .district(3))
    }

    @Test func aSharedNameIsAmbiguousAndAnythingElseUnknown() {
        #expect(Self.lookup.match("朝阳区") == .ambiguous([0, 2]))
        #expect(Self.lookup.match("110000") == .unknown)
        #expect(Self.lookup.match("西城区") == .unknown)
        #expect(Set(Self.lookup.names) == ["朝阳区", "北京市朝阳区", "长春市朝阳区", "东城区", "北京市东城区", "Alpha"])
    }
}
