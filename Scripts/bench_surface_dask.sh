#!/usr/bin/env bash
# 1 vs 2 Dask workers: the jingjinji surface through Scripts/surface_dask.py (LocalCluster on 127.0.0.1, one-thread
# workers, each shard `metrocommute surface … --shard i/N --threads 1`), against a one-process
# `metrocommute surface --threads 1` in the same session; every output compared byte for byte with the
# one-process run. Figures go to docs/PERFORMANCE.md ("Surfaces on Dask").
#
#   bash Scripts/bench_surface_dask.sh          # env: CELL (1000), SHARDS (4), WORKERS ("1 2"), RUNS (1)
#
# Needs: a release build (`swift build -c release --product metrocommute`), GeoData/cache filled
# (`METROCOMMUTE_SHARED_DATA=/work/shared/data bash GeoData/fill_cache.sh`), dask[distributed] (Scripts/setup.sh).
# Prints per run: the load average before and after, the driver's whole wall time, its phases from
# --timings-json (cluster start, shards, merge), the shards' wall intervals and CPU seconds summed, and the
# speed-up of each worker count over the first one (whole process and shards phase).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/.build/release/metrocommute
[ -x "$BIN" ] || { echo "build first: swift build -c release --product metrocommute" >&2; exit 1; }
python3 -c 'import distributed' 2>/dev/null || { echo "install Dask: python3 -m pip install 'dask[distributed]'" >&2; exit 1; }
CELL=${CELL:-1000}; SHARDS=${SHARDS:-4}; WORKERS=${WORKERS:-1 2}; RUNS=${RUNS:-1}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }
OPTS=(--cell "$CELL" --cutoffs 30,45,60 --core 北京南)

"$BIN" build GeoData/jingjinji.json -o "$WORK/jjj.mcnet" -q
echo "## surface on Dask, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, cell $CELL m, $SHARDS shards, $RUNS run(s) each"

echo "one process, --threads 1 (load before: $(load))"
/usr/bin/time -f "%e %U" -o "$WORK/time" "$BIN" surface "$WORK/jjj.mcnet" "${OPTS[@]}" --threads 1 -o "$WORK/one.geojson" -q
read -r wall cpu < "$WORK/time"
echo "   wall $wall s, user CPU $cpu s (load after: $(load))"

declare -A whole shards
for k in $WORKERS; do
  for r in $(seq "$RUNS"); do
    echo "$k worker(s), run $r (load before: $(load))"
    /usr/bin/time -f "%e" -o "$WORK/time" python3 Scripts/surface_dask.py "$WORK/jjj.mcnet" --shards "$SHARDS" --local-workers "$k" \
      "${OPTS[@]}" -o "$WORK/dask$k.geojson" --timings-json "$WORK/t$k.json" --binary "$BIN" -q
    cmp -s "$WORK/one.geojson" "$WORK/dask$k.geojson" || { echo "   DIFFERS from the one-process run" >&2; exit 1; }
    wall=$(cat "$WORK/time")
    python3 - "$WORK/t$k.json" "$wall" <<'EOF'
import json, sys
t = json.load(open(sys.argv[1]))
busy = sum(r["end"] - r["start"] for r in t["runs"])
cpu = sum(r["cpu_s"] for r in t["runs"])
print(f"   whole {float(sys.argv[2]):.1f} s = cluster start {t['connect_s']:.1f} + shards {t['shards_s']:.1f} + merge {t['merge_s']:.1f} (the rest: python start-up); "
      f"shard intervals summed {busy:.1f} s, shards' CPU {cpu:.1f} s; byte-identical to the one-process run")
EOF
    whole[$k]+="$wall "
    shards[$k]+="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["shards_s"])' "$WORK/t$k.json") "
    echo "   (load after: $(load))"
  done
done

median() { printf '%s\n' $1 | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
first=${WORKERS%% *}
for k in $WORKERS; do
  awk -v k="$k" -v f="$first" -v w="$(median "${whole[$k]}")" -v w1="$(median "${whole[$first]}")" \
      -v s="$(median "${shards[$k]}")" -v s1="$(median "${shards[$first]}")" \
      'BEGIN { printf "%s worker(s): whole %.1f s, shards %.1f s; speed-up over %s: whole %.2f×, shards %.2f×\n", k, w, s, f, w1 / w, s1 / s }'
done
