#!/usr/bin/env python3
"""Grid-like street graphs for the street benchmarks (metrocommute-bench street).

Writes, in --out (default /tmp/peers/graphs):
  grid<N>_nodes.csv    id,lon,lat         ids 0..N-1 row by row; degrees with 7 decimals
  grid<N>_edges.csv    from,to,length_m   undirected street segments, metres with 2 decimals
  grid<N>_sources.csv  id                 20 query sources, all in the largest connected component
  grid<N>.meta.json    "directed": false, the parameters, counts and the sha256 of the two big CSVs

The model (chosen to match the peer scripts' gen_grid.py so that both sides time the same graphs; the
sha256 in the meta files can be compared):
  * rows x cols nodes, rows = the largest divisor of N not above sqrt(N) (100,000 -> 250 x 400,
    1,000,000 -> 1000 x 1000, 4,000,000 -> 2000 x 2000); neighbours 100 m apart; node (r, c) at
    x = 100 c + jx, y = 100 r + jy metres from (116.0 E, 39.5 N), jx and jy uniform in [-30, 30] m;
    metres become degrees with a spherical Earth (R = 6,371,008.8 m): 1 degree of latitude = pi R / 180,
    of longitude that times cos(39.5 deg); then rounded to 7 decimals.
  * candidate edges: every node to its right neighbour (row by row), then every node to the one below;
    each is dropped with probability 0.10.
  * length = great-circle (haversine) distance between the rounded coordinates of the two ends, rounded
    to 0.01 m, so a reader can recompute it from the node file.
  * sources: 20 nodes of the largest connected component without replacement, sorted.
Random numbers: numpy.random.default_rng(seed) (PCG64, seed 42 by default) draws jx for all nodes, then jy,
then one uniform [0, 1) per candidate edge (kept when >= 0.10); the sources come from default_rng(seed + 1).
Same arguments -> byte-identical files.

Usage: gen_grid.py --nodes 100000 [--seed 42] [--out DIR]
Needs numpy and scipy (connected components); /tmp/peers/venv-street has both.
Takes about 1 s for 100k nodes, 10 s for 1M and 45 s for 4M on the benchmark machine.
"""
import argparse
import hashlib
import json
import math
import os
import sys
import time

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

EARTH_RADIUS_M = 6371008.8


def grid_shape(nodes):
    rows = math.isqrt(nodes)
    while rows > 1 and nodes % rows != 0:
        rows -= 1
    return rows, nodes // rows


def great_circle_m(lon_a, lat_a, lon_b, lat_b):
    phi_a, phi_b = np.radians(lat_a), np.radians(lat_b)
    dphi = phi_b - phi_a
    dlmb = np.radians(lon_b) - np.radians(lon_a)
    h = np.sin(dphi / 2) ** 2 + np.cos(phi_a) * np.cos(phi_b) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(h))


def write_rows(path, header, columns, row_format, block=500_000):
    """Plain %-formatting, block by block (the same text as numpy's char.mod would give)."""
    count = len(columns[0])
    with open(path, "w", newline="\n") as out:
        out.write(header + "\n")
        for start in range(0, count, block):
            parts = [c[start:start + block].tolist() for c in columns]
            out.write("".join(row_format % row for row in zip(*parts)))


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                return digest.hexdigest()
            digest.update(chunk)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", default=os.environ.get("PEERS_GRAPHS", "/tmp/peers/graphs"))
    ap.add_argument("--sources", type=int, default=20)
    args = ap.parse_args()

    spacing_m, jitter_m, drop_probability = 100.0, 30.0, 0.10
    lon0, lat0 = 116.0, 39.5
    started = time.perf_counter()
    rows, cols = grid_shape(args.nodes)
    n = rows * cols
    name = f"grid{n}"
    os.makedirs(args.out, exist_ok=True)

    rng = np.random.default_rng(args.seed)
    jitter_x = rng.uniform(-jitter_m, jitter_m, n)
    jitter_y = rng.uniform(-jitter_m, jitter_m, n)
    row_of = np.arange(n) // cols
    col_of = np.arange(n) % cols
    metres_per_degree_lat = math.pi * EARTH_RADIUS_M / 180.0
    metres_per_degree_lon = metres_per_degree_lat * math.cos(math.radians(lat0))
    lon = np.round(lon0 + (col_of * spacing_m + jitter_x) / metres_per_degree_lon, 7)
    lat = np.round(lat0 + (row_of * spacing_m + jitter_y) / metres_per_degree_lat, 7)
    del jitter_x, jitter_y, row_of, col_of

    node = np.arange(n, dtype=np.int64).reshape(rows, cols)
    tail = np.concatenate([node[:, :-1].ravel(), node[:-1, :].ravel()])
    head = np.concatenate([node[:, 1:].ravel(), node[1:, :].ravel()])
    kept = rng.random(tail.size) >= drop_probability
    tail, head = tail[kept], head[kept]
    length_m = np.round(great_circle_m(lon[tail], lat[tail], lon[head], lat[head]), 2)

    adjacency = csr_matrix((np.ones(tail.size, dtype=np.int8), (tail, head)), shape=(n, n))
    components, label = connected_components(adjacency, directed=False)
    largest = np.bincount(label).argmax()
    members = np.flatnonzero(label == largest)
    sources = np.sort(np.random.default_rng(args.seed + 1).choice(members, size=min(args.sources, members.size),
                                                                  replace=False))

    nodes_csv = os.path.join(args.out, f"{name}_nodes.csv")
    edges_csv = os.path.join(args.out, f"{name}_edges.csv")
    write_rows(nodes_csv, "id,lon,lat", [np.arange(n), lon, lat], "%d,%.7f,%.7f\n")
    write_rows(edges_csv, "from,to,length_m", [tail, head, length_m], "%d,%d,%.2f\n")
    with open(os.path.join(args.out, f"{name}_sources.csv"), "w") as f:
        f.write("id\n" + "".join(f"{s}\n" for s in sources))
    meta = {
        "name": name, "kind": "grid", "directed": False, "generator": "metrocommute Scripts/gen_grid.py",
        "rows": rows, "cols": cols, "nodes": int(n), "edges": int(tail.size), "seed": args.seed,
        "spacing_m": spacing_m, "jitter_m": jitter_m, "p_remove": drop_probability, "lon0": lon0, "lat0": lat0,
        "components": int(components), "largest_component_nodes": int(members.size),
        "total_length_km": round(float(length_m.sum()) / 1000, 3),
        "sha256": {os.path.basename(nodes_csv): file_sha256(nodes_csv),
                   os.path.basename(edges_csv): file_sha256(edges_csv)},
        "generated_s": round(time.perf_counter() - started, 2),
    }
    with open(os.path.join(args.out, f"{name}.meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(json.dumps({k: meta[k] for k in ("name", "nodes", "edges", "components", "largest_component_nodes",
                                           "generated_s")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
