#!/usr/bin/env bash
# Street one-to-all: metrocommute-bench street on the peers' graph CSVs (one process per graph, so each peak RSS
# is that graph's own), then an independent per-node check of the first source's distances against
# python-igraph (Graph.distances, Dijkstra) built from the same CSVs exactly as the peers' bench_street.py does.
#
# Usage: Scripts/bench_street.sh [graph ...]   default: the seven graphs of the peers' street benchmark
# Env:   BENCH (release binary; default .build/release/metrocommute-bench), PEERS_GRAPHS (/tmp/peers/graphs),
#        PEERS_RESULTS (/tmp/peers/results; igraph figures from street.json), OUT (/tmp/metrocommute-bench),
#        PY (python with igraph, numpy, pandas; default /tmp/peers/venv-street/bin/python), CHECK=0 skips the
#        igraph check (about 25 s in all, most of it the 4M grid).
# Needs the graphs: run the peers' prep (run_all.sh) or prep_graphs.py + Scripts/gen_grid.py first.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="${BENCH:-$ROOT/.build/release/metrocommute-bench}"
GRAPHS_DIR="${PEERS_GRAPHS:-/tmp/peers/graphs}"
RESULTS="${PEERS_RESULTS:-/tmp/peers/results}"
OUT="${OUT:-/tmp/metrocommute-bench}"
PY="${PY:-/tmp/peers/venv-street/bin/python}"
mkdir -p "$OUT"
if [ "$#" -gt 0 ]; then GRAPHS=("$@"); else
  GRAPHS=(helsinki_walk monaco_walk coquimbo coquimbo_dir grid100000 grid1000000 grid4000000); fi
PEERS=(); [ -f "$RESULTS/street.json" ] && PEERS=(--peers "$RESULTS/street.json")

for g in "${GRAPHS[@]}"; do
  "$BENCH" street "$GRAPHS_DIR/$g" "${PEERS[@]}" --json "$OUT/street_$g.json" \
    --dump-distances "$OUT/street_${g}_first_source.u32"
done

[ "${CHECK:-1}" = 0 ] && exit 0
echo "## per-node check of the first source's distances against python-igraph"
"$PY" - "$GRAPHS_DIR" "$OUT" "${GRAPHS[@]}" <<'PY'
import json, os, sys
import numpy as np, pandas as pd, igraph as ig
gdir, out, graphs = sys.argv[1], sys.argv[2], sys.argv[3:]
print("| graph | reached (igraph) | reached (ours) | same reached set | max abs difference m |")
print("|---|---|---|---|---|")
for g in graphs:
    meta = json.load(open(os.path.join(gdir, f"{g}.meta.json")))
    nodes = pd.read_csv(os.path.join(gdir, f"{g}_nodes.csv"), dtype={"id": np.int64})
    edges = pd.read_csv(os.path.join(gdir, f"{g}_edges.csv"), dtype={"from": np.int64, "to": np.int64, "length_m": np.float64})
    ids = nodes["id"].to_numpy(); order = np.argsort(ids, kind="stable"); sids = ids[order]
    fi = order[np.searchsorted(sids, edges["from"].to_numpy())]; ti = order[np.searchsorted(sids, edges["to"].to_numpy())]
    graph = ig.Graph(n=len(ids), edges=np.column_stack([fi, ti]).tolist(), directed=bool(meta["directed"]))
    graph.es["w"] = edges["length_m"].tolist()
    src = int(order[np.searchsorted(sids, pd.read_csv(os.path.join(gdir, f"{g}_sources.csv"))["id"].iloc[0])])
    theirs = np.asarray(graph.distances(source=[src], weights="w", algorithm="dijkstra")[0], dtype=np.float64)
    ours_mm = np.fromfile(os.path.join(out, f"street_{g}_first_source.u32"), dtype="<u4")
    ours = np.where(ours_mm == 0xFFFFFFFF, np.inf, ours_mm / 1000.0)
    fin_t, fin_o = np.isfinite(theirs), np.isfinite(ours)
    same = bool((fin_t == fin_o).all())
    diff = float(np.abs(theirs[fin_t & fin_o] - ours[fin_t & fin_o]).max())
    print(f"| {g} | {int(fin_t.sum()):,} | {int(fin_o.sum()):,} | {'yes' if same else 'NO'} | {diff:.3g} |")
PY
