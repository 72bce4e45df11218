#!/usr/bin/env python3
"""Independent reference for `--mode drive`: free-flow driving times between zones of an AequilibraE-style
link layer, with the standard library and shapely only (not our Swift code).

Graph: one node per `node_id` of the nodes GeoJSON; per link of the links GeoJSON an arc a_node -> b_node
(direction 1 or 0) and b_node -> a_node (direction -1 or 0). Arc length = the link geometry's great-circle
length (haversine, mean Earth radius 6,371,008.8 m); speed = speed_ab / speed_ba when given and > 0, else the
documented default of the link type (RoadClass.defaultSpeedKmh: motorway 100, trunk 80, primary 60,
secondary 50, tertiary 40, living_street 10, service 20, everything else 30; a `_link` suffix is dropped).
Zone point = centroid of the zone's largest polygon (planar on lon/lat). A point snaps to the nearest node
within 500 m that has a leaving arc (origin) or an entering arc (destination); the connector is walked
crow-fly x 1.3 at 1.2 m/s. Dijkstra (heapq) on seconds; a direct crow-fly walk within 500 m also counts.

Usage: drive_times.py links.geojson nodes.geojson zones.geojson FROM:TO ...   (zone ids)
Prints one line per pair: from,to,seconds (3 decimals; empty when unreachable).
"""
import heapq
import json
import math
import sys

from shapely.geometry import shape

R = 6_371_008.8
SPEED = {"motorway": 100, "trunk": 80, "primary": 60, "secondary": 50, "tertiary": 40,
         "living_street": 10, "service": 20}
WALK_MPS, DETOUR, CONNECTOR_M = 1.2, 1.3, 500.0


def haversine(a, b):
    la1, la2 = math.radians(a[1]), math.radians(b[1])
    dla, dlo = la2 - la1, math.radians(b[0] - a[0])
    s = math.sin(dla / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(dlo / 2) ** 2
    return 2 * R * math.asin(min(1.0, math.sqrt(s)))


def default_speed(link_type):
    t = (link_type or "").lower()
    if t.endswith("_link"):
        t = t[:-5]
    return SPEED.get(t, 30)


def main():
    links_path, nodes_path, zones_path, *pairs = sys.argv[1:]
    pos = {}
    for f in json.load(open(nodes_path))["features"]:
        pos[f["properties"]["node_id"]] = tuple(f["geometry"]["coordinates"][:2])
    adj = {}
    has_out, has_in = set(), set()

    def add(u, v, seconds):
        adj.setdefault(u, []).append((v, seconds))
        has_out.add(u)
        has_in.add(v)

    for f in json.load(open(links_path))["features"]:
        p = f["properties"]
        c = f["geometry"]["coordinates"]
        meters = sum(haversine(c[i - 1], c[i]) for i in range(1, len(c)))
        d = p.get("direction", 0) or 0
        for forward, ok in ((True, d in (0, 1)), (False, d in (0, -1))):
            if not ok:
                continue
            given = p.get("speed_ab" if forward else "speed_ba")
            kmh = given if isinstance(given, (int, float)) and given > 0 else default_speed(p.get("link_type"))
            u, v = (p["a_node"], p["b_node"]) if forward else (p["b_node"], p["a_node"])
            add(u, v, meters / (kmh / 3.6))

    zones = {}
    for f in json.load(open(zones_path))["features"]:
        g = shape(f["geometry"])
        part = max(getattr(g, "geoms", [g]), key=lambda q: q.area)
        zones[str(f["properties"]["zone_id"])] = (part.centroid.x, part.centroid.y)

    def snap(point, allowed):
        best = None
        for n in allowed:
            m = haversine(point, pos[n])
            if m <= CONNECTOR_M and (best is None or m < best[1]):
                best = (n, m)
        return best

    def walk(m):
        return m * DETOUR / WALK_MPS

    for pair in pairs:
        a, b = pair.split(":")
        pa, pb = zones[a], zones[b]
        best = math.inf
        direct = haversine(pa, pb)
        if direct <= CONNECTOR_M:
            best = walk(direct)
        s, t = snap(pa, has_out), snap(pb, has_in)
        if s and t:
            dist = {s[0]: walk(s[1])}
            heap = [(dist[s[0]], s[0])]
            while heap:
                du, u = heapq.heappop(heap)
                if du > dist[u]:
                    continue
                if u == t[0]:
                    break
                for v, w in adj.get(u, ()):
                    if du + w < dist.get(v, math.inf):
                        dist[v] = du + w
                        heapq.heappush(heap, (du + w, v))
            if t[0] in dist:
                best = min(best, dist[t[0]] + walk(t[1]))
        print(f"{a},{b}," + ("" if best == math.inf else f"{best:.3f}"))


if __name__ == "__main__":
    main()
