#!/usr/bin/env python3
"""Independent reference for the OSM walking graph (GeoIO OSMWalkFilter + OSMStreetGraphBuilder).

Reads ways with node locations from osmium-tool:
    osmium add-locations-to-ways --ignore-missing-nodes FILE -f opl -o -
applies the walk filter documented in Sources/GeoIO/OSMWalkFilter.swift (re-implemented here from the
rules, not from the Swift code), cuts every kept way at its ends, at nodes used twice or more by kept
ways and at nodes without a location, drops pieces that start and end at the same node, and prints
    nodes=<graph nodes> edges=<undirected pieces> length_m=<sum of piece lengths, metres>
with haversine on a sphere of radius 6,371,008.8 m. Each piece length is rounded to whole millimetres
(as the graph stores them) before summing.

Usage: osm_walk_length.py FILE.osm.pbf
"""
import math
import re
import subprocess
import sys

R = 6371008.8
ALWAYS = {"footway", "path", "pedestrian", "steps", "corridor", "living_street", "residential", "service",
          "unclassified", "road", "track", "tertiary", "tertiary_link", "secondary", "secondary_link",
          "primary", "primary_link"}
WITH_FOOT = {"cycleway", "bridleway", "trunk", "trunk_link", "motorway", "motorway_link"}
FOOT_OK = {"yes", "designated", "permissive"}


def unescape(s):
    return re.sub(r"%([0-9a-fA-F]+)%", lambda m: chr(int(m.group(1), 16)), s)


def walkable(t):
    hw = t.get("highway")
    if hw is None or (hw not in ALWAYS and hw not in WITH_FOOT):
        return False
    if t.get("area") == "yes":
        return False
    foot = t.get("foot")
    if foot in ("no", "use_sidepath"):
        return False
    foot_ok = foot in FOOT_OK
    if hw not in ALWAYS and not foot_ok:
        return False
    if not foot_ok and t.get("access") in ("private", "no"):
        return False
    return True


def hav(a, b):
    (lon1, lat1), (lon2, lat2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * R * math.asin(min(1.0, math.sqrt(h)))


def ways(path):
    cmd = ["osmium", "add-locations-to-ways", "--ignore-missing-nodes", path, "-f", "opl", "-o", "-"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if not line.startswith("w"):
            continue
        tags, nodes = {}, []
        for field in line.split(" ")[1:]:
            if field.startswith("T") and len(field) > 1:
                for kv in field[1:].split(","):
                    k, _, v = kv.partition("=")
                    tags[unescape(k)] = unescape(v)
            elif field.startswith("N") and len(field) > 1:
                for ref in field[1:].split(","):
                    m = re.match(r"n(-?\d+)x([-0-9.]*)y([-0-9.]*)$", ref)
                    nid, x, y = int(m.group(1)), m.group(2), m.group(3)
                    nodes.append((nid, (float(x), float(y)) if x and y else None))
        yield tags, nodes


def main():
    kept = [nodes for tags, nodes in ways(sys.argv[1]) if walkable(tags)]
    use = {}
    for nodes in kept:
        for nid, _ in nodes:
            use[nid] = use.get(nid, 0) + 1
    graph_nodes, edges, total_mm = set(), 0, 0
    for nodes in kept:
        runs, cur = [], []
        for nid, loc in nodes:
            if loc is None:
                if len(cur) > 1:
                    runs.append(cur)
                cur = []
            else:
                cur.append((nid, loc))
        if len(cur) > 1:
            runs.append(cur)
        for run in runs:
            start, acc = run[0][0], 0.0
            for i in range(1, len(run)):
                acc += hav(run[i - 1][1], run[i][1])
                nid = run[i][0]
                if i == len(run) - 1 or use[nid] > 1:
                    if nid != start:
                        graph_nodes.update((start, nid))
                        edges += 1
                        total_mm += round(acc * 1000)
                    start, acc = nid, 0.0
    print(f"nodes={len(graph_nodes)} edges={edges} length_m={total_mm / 1000:.3f}")


if __name__ == "__main__":
    main()
