import Foundation
import GeoCore
import GeoIO
import Network
import Testing
import TestSupport

@Suite("Road layer (OSM driving extraction)", .tags(.fast))
struct RoadLayerOSMTests {
    @Test func maxspeedLanesOneway() {
        #expect(OSMRoadTags.speedKmh("50") == 50)
        #expect(abs(OSMRoadTags.speedKmh("30 mph")! - 48.28032) < 1e-9)
        #expect(OSMRoadTags.speedKmh("60;40") == 60 && OSMRoadTags.speedKmh("80 km/h") == 80)
        #expect(OSMRoadTags.speedKmh("RU:urban") == nil && OSMRoadTags.speedKmh("none") == nil && OSMRoadTags.speedKmh("walk") == nil)
        #expect(OSMRoadTags.lanes("2;3") == 2 && OSMRoadTags.lanes("x") == nil)
        #expect(OSMRoadTags.oneway("yes") == .forwardOnly && OSMRoadTags.oneway("-1") == .backwardOnly)
        #expect(OSMRoadTags.oneway("no") == .both && OSMRoadTags.oneway("reversible") == nil)
    }

    @Test func drivableFilter() {
        func tags(_ d: [String: String]) -> OSMTags { OSMTags(d.map { OSMTag(key: $0.key, value: $0.value) }) }
        #expect(OSMRoadFilter.drivableClass(tags(["highway": "primary_link"])) == .primary)
        #expect(OSMRoadFilter.drivableClass(tags(["highway": "footway"])) == nil)
        #expect(OSMRoadFilter.drivableClass(tags(["highway": "track", "motor_vehicle": "yes"])) == .service)
        #expect(OSMRoadFilter.drivableClass(tags(["highway": "service", "access": "private"])) == nil)
        #expect(OSMRoadFilter.drivableClass(tags(["highway": "residential", "motor_vehicle": "no"])) == nil)
        #expect(OSMRoadFilter.drivableClass(tags(["highway": "residential", "area": "yes"])) == nil)
        #expect(OSMRoadFilter.direction(tags(["highway": "motorway"])) == .forwardOnly)
        #expect(OSMRoadFilter.direction(tags(["highway": "primary", "junction": "roundabout"])) == .forwardOnly)
        #expect(OSMRoadFilter.direction(tags(["highway": "motorway", "oneway": "no"])) == .both)
        #expect(OSMRoadFilter.direction(tags(["highway": "primary"])) == .both)
    }

    // Independent reference: the Python program below (osmium-tool OPL + the filter rules re-written from the
    // OSMRoadFilter documentation) prints graph nodes, links, one-way links and total length (m). Recorded
    // 2026-11 with osmium-tool 1.15.0:
    //   Helsinki.osm.pbf  949 1035 489 28605.191
    //   monaco.osm.pbf    1032 1244 755 63822.284
    static let recorded: [String: [Double]] = [
        "osm/Helsinki.osm.pbf": [949, 1035, 489, 28605.191],
        "osm/monaco.osm.pbf": [1032, 1244, 755, 63822.284],
    ]

    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "shared data absent"), arguments: ["osm/Helsinki.osm.pbf", "osm/monaco.osm.pbf"])
    func drivingGraphMatchesIndependentReference(_ relativePath: String) throws {
        let url = try #require(SharedData.file(relativePath))
        var expected = try #require(Self.recorded[relativePath])
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/osmium"),
           let out = try PythonCheck.run(Self.reference, arguments: [url.path]) {
            expected = out.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        }
        let (g, report) = try OSMRoadExtractor.extract(path: url.path)
        #expect(Double(g.nodeCount) == expected[0])
        #expect(Double(g.linkCount) == expected[1])
        #expect(Double(report.oneWayLinks) == expected[2])
        #expect(abs(report.lengthMeters - expected[3]) < 1)
        // Every two-way link has two arcs.
        #expect(g.arcCount == 2 * g.linkCount - report.oneWayLinks)
    }

    static let reference = #"""
import math, re, subprocess, sys
R = 6371008.8
DRIVABLE = {"motorway","motorway_link","trunk","trunk_link","primary","primary_link","secondary","secondary_link",
            "tertiary","tertiary_link","unclassified","residential","living_street","service","road"}
WITH_MOTOR = {"footway","path","steps","pedestrian","cycleway","track","bridleway","corridor","busway"}
MOTOR_OK = {"yes","designated","permissive","destination"}
MOTOR_BAN = {"no","private","agricultural","forestry","delivery"}
def drivable(t):
    hw = t.get("highway")
    if hw is None or t.get("area") == "yes": return False
    motor = t.get("motor_vehicle", t.get("motorcar"))
    ok = motor in MOTOR_OK
    if motor in MOTOR_BAN: return False
    if hw not in DRIVABLE and not (hw in WITH_MOTOR and ok): return False
    if not ok and t.get("access") in ("no", "private"): return False
    return True
def oneway(t):
    v = t.get("oneway")
    if v is not None:
        return v.strip().lower() in ("yes","true","1","-1","reverse")
    return t.get("highway") in ("motorway","motorway_link") or t.get("junction") in ("roundabout","circular")
def unescape(s): return re.sub(r"%([0-9a-fA-F]+)%", lambda m: chr(int(m.group(1), 16)), s)
def hav(a, b):
    (lon1, lat1), (lon2, lat2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2-p1)/2)**2 + math.cos(p1)*math.cos(p2)*math.sin(math.radians(lon2-lon1)/2)**2
    return 2*R*math.asin(min(1.0, math.sqrt(h)))
out = subprocess.run(["osmium","add-locations-to-ways","--ignore-missing-nodes",sys.argv[1],"-f","opl","-o","-"],
                     check=True, capture_output=True, text=True).stdout
kept = []
for line in out.splitlines():
    if not line.startswith("w"): continue
    tags, nodes = {}, []
    for field in line.split(" ")[1:]:
        if field.startswith("T") and len(field) > 1:
            for kv in field[1:].split(","):
                k, _, v = kv.partition("="); tags[unescape(k)] = unescape(v)
        elif field.startswith("N") and len(field) > 1:
            for ref in field[1:].split(","):
                m = re.match(r"n(-?\d+)x([-0-9.]*)y([-0-9.]*)$", ref)
                nodes.append((int(m.group(1)), (float(m.group(2)), float(m.group(3))) if m.group(2) and m.group(3) else None))
    if drivable(tags): kept.append((nodes, oneway(tags)))
use = {}
for nodes, _ in kept:
    for nid, _ in nodes: use[nid] = use.get(nid, 0) + 1
graph_nodes, links, oneways, length = set(), 0, 0, 0.0
for nodes, ow in kept:
    piece = []
    def flush():
        global links, oneways, length
        if len(piece) >= 2:
            links += 1; oneways += 1 if ow else 0
            graph_nodes.add(piece[0][0]); graph_nodes.add(piece[-1][0])
            length += sum(hav(piece[i-1][1], piece[i][1]) for i in range(1, len(piece)))
    for i, (nid, loc) in enumerate(nodes):
        if loc is None:
            flush(); piece = []; continue
        piece.append((nid, loc))
        if len(piece) >= 2 and (i == len(nodes) - 1 or use[nid] > 1):
            flush(); piece = [(nid, loc)]
print(len(graph_nodes), links, oneways, "%.3f" % length)
"""#
}
