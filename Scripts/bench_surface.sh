#!/usr/bin/env bash
# Surface benchmarks (issue 19), figures in docs/PERFORMANCE.md "Surfaces: outputs, peers and projections".
#   1. peers: bench_access.py on grid100000 + syn4 (UrbanAccess + pandana for every node; pyraptor per source),
#      then ours on the same inputs: metrocommute-bench surface (per-origin cost, per-node values against its CSVs);
#   2. RAPTOR on the synthetic ≥ 10 k-stop network: synth-network --gtfs, pyraptor on a sample of its stations
#      (Scripts/bench_synth_pyraptor.py), metrocommute-bench raptor on the same GTFS from the same stations;
#   3. the jingjinji surface at 1 km (whole process, /usr/bin/time -v), and one shard of 500 at 250 m.
# Needs: release builds of metrocommute and metrocommute-bench; the peers' venvs (bash /work/shared/peers/setup_env.sh).
# Usage: Scripts/bench_surface.sh [peers|ours|raptor|raptor-ours|jingjinji|jingjinji250]…   (default: all, in that order)
# Env:   BENCH, CLI, PEERS_DIR (/work/shared/peers), PEERS_SCRATCH (/tmp/peers), OUT (/tmp/metrocommute-bench/surface),
#        SHARED (/work/shared/data), PYRAPTOR_ORIGINS (3), PYRAPTOR_RANGE_ORIGINS (1), EVERY (100)
#        (pyraptor on the synthetic feed: about 95 s per origin and 30 min per 1-hour range query at 40 % of a core)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="${BENCH:-$ROOT/.build/release/metrocommute-bench}"
CLI="${CLI:-$ROOT/.build/release/metrocommute}"
PEERS_DIR="${PEERS_DIR:-/work/shared/peers}"
SCRATCH="${PEERS_SCRATCH:-/tmp/peers}"
OUT="${OUT:-/tmp/metrocommute-bench/surface}"; mkdir -p "$OUT"
export SHARED="${SHARED:-/work/shared/data}"
steps="${*:-peers ours raptor jingjinji jingjinji250}"
load() { echo "[load] $(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg)" >&2; }

for step in $steps; do
  load
  case "$step" in
    peers)
      [ -f "$SCRATCH/graphs/grid100000.meta.json" ] || "$SCRATCH/venv-street/bin/python" "$PEERS_DIR/gen_grid.py" --nodes 100000 >&2
      "$SCRATCH/venv-access/bin/python" "$PEERS_DIR/bench_access.py" --cases grid100000 | tee "$OUT/peers_access.txt" ;;
    ours)
      "$BENCH" surface "$SCRATCH/graphs/grid100000" "$SCRATCH/gtfs/syn4_grid100000.zip" 20160310 --case grid100000 \
        --every "${EVERY:-100}" --threads 2 --peers "$SCRATCH/results" --json "$OUT/surface_grid100000.json" ;;
    raptor)
      "$BENCH" synth-network -o "$OUT/synthetic.mcnet" --stops 12000 --seed 1 --gtfs "$OUT/synthetic_gtfs"
      (cd "$OUT/synthetic_gtfs" && rm -f ../synthetic.zip && zip -q -X ../synthetic.zip ./*.txt)
      PEERS_RESULTS="$SCRATCH/results-synth" "$SCRATCH/venv-raptor/bin/python" "$ROOT/Scripts/bench_synth_pyraptor.py" \
        "$OUT/synthetic.zip" --origins "${PYRAPTOR_ORIGINS:-3}" --range-origins "${PYRAPTOR_RANGE_ORIGINS:-1}" | tee "$OUT/pyraptor_synthetic.txt"
      "$BENCH" raptor "$OUT/synthetic.zip" 20160310 --feed synthetic --rules pyraptor --peer-origins \
        --pyraptor-dir "$SCRATCH/results-synth" --json "$OUT/raptor_synthetic.json" ;;
    raptor-ours)
      # ours alone on the exported GTFS, 50 stations evenly spaced (when pyraptor has not run)
      "$BENCH" raptor "$OUT/synthetic.zip" 20160310 --feed synthetic --rules pyraptor --origins 50 --samples 3 \
        --pyraptor-dir "$SCRATCH/results-synth" --json "$OUT/raptor_synthetic_ours50.json" ;;
    jingjinji)
      [ -f "$ROOT/GeoData/cache/cn/jingjinji/rail_gtfs.zip" ] || METROCOMMUTE_SHARED_DATA="$SHARED" bash "$ROOT/GeoData/fill_cache.sh"
      [ -f "$OUT/jjj.mcnet" ] || "$CLI" build "$ROOT/GeoData/jingjinji.json" -o "$OUT/jjj.mcnet" -q
      /usr/bin/time -v "$CLI" surface "$OUT/jjj.mcnet" --cell 1000 --cutoffs 30,45,60 --core 北京南 \
        -o "$OUT/surface_jjj.tif" --cells "$OUT/surface_jjj.geojson" --summary "$OUT/surface_jjj.md" -v 2> "$OUT/surface_jjj.log"
      tail -25 "$OUT/surface_jjj.log" ;;
    jingjinji250)
      # 250 m: one shard of 500 and one of 250 (every 500th / 250th origin; the egress table of all cells is built in
      # full by both): the difference of their CPU times over the difference of their origins is the CPU per origin.
      for n in 500 250; do
        /usr/bin/time -v "$CLI" surface "$OUT/jjj.mcnet" --cell 250 --cutoffs 30,45,60 --core 北京南 --shard 0/$n \
          -o "$OUT/surface_jjj250_$n.shard" -v 2> "$OUT/surface_jjj250_$n.log"
        grep -E "origins in|counters|User time|System time|Elapsed|Maximum resident" "$OUT/surface_jjj250_$n.log"
      done ;;
    *) echo "unknown step $step" >&2; exit 2 ;;
  esac
done
load
