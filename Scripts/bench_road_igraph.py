#!/usr/bin/env python3
"""python-igraph side of `metrocommute-bench road`: one-to-all Dijkstra on the arcs the Swift side exported.

Usage: bench_road_igraph.py ARCS.csv NODE_COUNT SOURCES.csv OUT.f64
  ARCS.csv     from,to,w   (0-based node indices, directed arcs, integer weights: ms or mm)
  SOURCES.csv  one 0-based node index per line
Times reading (pandas) + building the igraph Graph, one untimed warm-up query, then one timed
Graph.distances(source=[s], weights="w", algorithm="dijkstra") per source (as the peers' bench_street.py);
writes every source's distances to OUT.f64 (float64, source-major, inf = unreached) and prints one JSON line.
"""
import json
import resource
import sys
import time

import igraph as ig
import numpy as np
import pandas as pd


def main():
    arcs_path, n, sources_path, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    t0 = time.perf_counter()
    arcs = pd.read_csv(arcs_path, dtype={"from": np.int64, "to": np.int64, "w": np.float64})
    t1 = time.perf_counter()
    g = ig.Graph(n=n, edges=np.column_stack([arcs["from"].to_numpy(), arcs["to"].to_numpy()]).tolist(), directed=True)
    g.es["w"] = arcs["w"].tolist()
    t2 = time.perf_counter()
    sources = [int(line) for line in open(sources_path) if line.strip()]
    g.distances(source=[sources[0]], weights="w", algorithm="dijkstra")
    times, rows = [], []
    for s in sources:
        a = time.perf_counter()
        d = g.distances(source=[s], weights="w", algorithm="dijkstra")[0]
        times.append(time.perf_counter() - a)
        rows.append(d)
    np.asarray(rows, dtype="<f8").tofile(out_path)
    print(json.dumps({"igraph": ig.__version__, "read_s": t1 - t0, "build_s": t2 - t1, "times_s": times,
                      "query_median_s": float(np.median(times)), "query_mean_s": float(np.mean(times)),
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
