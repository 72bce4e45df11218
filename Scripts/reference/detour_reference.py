#!/usr/bin/env python3
"""Independent check of `metrocommute-bench detour`: recomputes the sampled pairs' distances from the graph CSVs
the bench writes with `--dump DIR`, with python-igraph (networkx when igraph is absent), not our Swift code.

Per `<area>_<graph>_arcs.csv` (tail,head,length_mm; directed arcs as stored: a street is two arcs, a one-way road
one) and `_nodes.csv` (node,lon_e7,lat_e7): a directed graph weighted by the integer millimetre lengths, so the
shortest distances are exact integers on both sides. Per `_pairs.csv` (mode,source,target,crowfly_m,network_mm):
one shortest-path query per source to its targets; crow-fly = haversine of the E7 positions on the mean sphere
(6,371,008.8 m). Reports per graph and mode: pairs, pairs whose network distance equals the bench's (unreached on
both sides counts as equal), the largest crow-fly difference, the connected share and the ratio quantiles
(linear interpolation, as numpy's default) computed here from our own distances.

Usage: detour_reference.py DIR     (exit status 1 when any pair disagrees)
"""
import csv
import glob
import math
import os
import statistics
import sys
from collections import defaultdict

R = 6_371_008.8


def haversine(lon1, lat1, lon2, lat2):
    la1, la2 = math.radians(lat1), math.radians(lat2)
    dla, dlo = la2 - la1, math.radians(lon2 - lon1)
    s = math.sin(dla / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(dlo / 2) ** 2
    return 2 * R * math.asin(min(1.0, math.sqrt(s)))


def quantile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    pos = p * (len(sorted_values) - 1)
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (pos - lo) * (sorted_values[hi] - sorted_values[lo])


def distances_igraph(n, arcs, queries):
    import igraph
    g = igraph.Graph(n=n, edges=[(t, h) for t, h, _ in arcs], directed=True)
    g.es["w"] = [w for _, _, w in arcs]
    out = {}
    for s, targets in queries.items():
        row = g.distances(source=[s], target=targets, weights="w", mode="out")[0]
        for t, d in zip(targets, row):
            out[(s, t)] = None if math.isinf(d) else int(round(d))
    return out


def distances_networkx(n, arcs, queries):
    import networkx as nx
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    for t, h, w in arcs:  # parallel arcs: keep the shortest
        if not g.has_edge(t, h) or g[t][h]["w"] > w:
            g.add_edge(t, h, w=w)
    out = {}
    for s, targets in queries.items():
        dist = nx.single_source_dijkstra_path_length(g, s, weight="w")
        for t in targets:
            out[(s, t)] = dist.get(t)
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    folder = sys.argv[1]
    try:
        import igraph  # noqa: F401
        engine, distances = "igraph " + igraph.__version__, distances_igraph
    except ImportError:
        import networkx
        engine, distances = "networkx " + networkx.__version__, distances_networkx
    print(f"engine: {engine}")
    print("| graph | mode | pairs | equal | max Δcrow-fly m | connected | median | p25 | p75 | mean |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    total = agree = 0
    for arcs_path in sorted(glob.glob(os.path.join(folder, "*_arcs.csv"))):
        prefix = arcs_path[: -len("_arcs.csv")]
        with open(prefix + "_nodes.csv", newline="") as f:
            pos = {int(r["node"]): (int(r["lon_e7"]) / 1e7, int(r["lat_e7"]) / 1e7) for r in csv.DictReader(f)}
        with open(arcs_path, newline="") as f:
            arcs = [(int(r["tail"]), int(r["head"]), int(r["length_mm"])) for r in csv.DictReader(f)]
        with open(prefix + "_pairs.csv", newline="") as f:
            pairs = list(csv.DictReader(f))
        targets = defaultdict(set)  # a source may serve several bands with shared targets
        for p in pairs:
            targets[int(p["source"])].add(int(p["target"]))
        queries = {s: sorted(t) for s, t in targets.items()}
        ours = distances(len(pos), arcs, queries)
        by_mode = defaultdict(list)
        for p in pairs:
            by_mode[p["mode"]].append(p)
        for mode, rows in by_mode.items():
            equal, max_dcrow, ratios = 0, 0.0, []
            for p in rows:
                s, t = int(p["source"]), int(p["target"])
                crow = haversine(*pos[s], *pos[t])
                max_dcrow = max(max_dcrow, abs(crow - float(p["crowfly_m"])))
                theirs = int(p["network_mm"]) if p["network_mm"] else None
                mine = ours[(s, t)]
                equal += mine == theirs
                if mine is not None:
                    ratios.append(mine / 1000 / crow)
            total += len(rows)
            agree += equal
            ratios.sort()
            mean = statistics.fmean(ratios) if ratios else float("nan")
            print(f"| {os.path.basename(prefix)} | {mode} | {len(rows)} | {equal} | {max_dcrow:.2e} | "
                  f"{100 * len(ratios) / len(rows):.1f} % | {quantile(ratios, 0.5):.3f} | {quantile(ratios, 0.25):.3f} | "
                  f"{quantile(ratios, 0.75):.3f} | {mean:.3f} |")
    print(f"agreement: {agree} of {total} sampled pairs have the same network distance (mm) as the bench")
    sys.exit(0 if agree == total and total > 0 else 1)


if __name__ == "__main__":
    main()
