#!/usr/bin/env bash
# Times `metrocommute isochrone` and `metrocommute rings` (release build) and Valhalla's pedestrian isochrone on
# the same Helsinki PBF, in one session. Figures go to docs/PERFORMANCE.md.
#
#   METROCOMMUTE_SHARED_DATA=/work/shared/data bash Scripts/bench_isochrone.sh [--no-valhalla]
#
# Needs: a release build (`swift build -c release --product metrocommute`), the shared data, and for the
# Valhalla part the peers' venv (PEERS_VENV, default /tmp/peers/venv-valhalla) and the walk-graph sources that
# ../shared/peers/prep_graphs.py writes (PEERS_GRAPHS, default /tmp/peers/graphs).
# Measures, each a median of RUNS (default 5) whole-process runs plus an in-process figure:
#   1. jingjinji isochrone from 北京南 08:00, window 60, cutoffs 15/30/45/60, 200 m cells;
#   2. Helsinki walking-only isochrone 5/10/15 min (cells 50 and 100 m) from the 10 points Valhalla uses;
#   3. rings: 66 jingjinji districts × 120 departures around 北京南, 1 and 2 workers;
#   4. Valhalla: ../shared/peers/bench_valhalla.py --pbfs helsinki --no-transit.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${METROCOMMUTE_SHARED_DATA:-$(cd .. && pwd)/shared/data}
[ -d "$DATA" ] || DATA=$(cd ../.. && pwd)/shared/data
PEERS=$(dirname "$DATA")/peers
VENV=${PEERS_VENV:-/tmp/peers/venv-valhalla}
GRAPHS=${PEERS_GRAPHS:-/tmp/peers/graphs}
RUNS=${RUNS:-5}
BIN=.build/release/metrocommute
[ -x "$BIN" ] || { echo "build first: swift build -c release --product metrocommute" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

median_ms() {  # command... → median wall time of RUNS runs, ms
  local times=()
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

cat > "$WORK/jingjinji.json" <<EOF
{ "area": "jingjinji", "service_date": "2016-03-10", "local_crs": "EPSG:4548",
  "districts": { "path": "$DATA/cn/jingjinji/districts.geojson", "name_property": "district_name",
                 "population_property": "pop2020", "city_property": "city_name", "code_property": "district_adcode" },
  "gtfs": [ { "name": "rail", "path": "$DATA/cn/jingjinji/rail_gtfs.zip" } ],
  "lines": [ { "name": "metro", "path": "$DATA/cn/jingjinji/metro_lines_gcj02.csv", "crs": "gcj02", "tier": "metro" } ],
  "osm": [] }
EOF
cat > "$WORK/helsinki.json" <<EOF
{ "area": "helsinki", "service_date": "2024-01-01", "osm": [ { "name": "streets", "path": "$DATA/osm/Helsinki.osm.pbf" } ] }
EOF
"$BIN" build "$WORK/jingjinji.json" -o "$WORK/jjj.mcnet" -q
"$BIN" build "$WORK/helsinki.json" -o "$WORK/hel.mcnet" -q
echo "## metrocommute (release), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"

echo "1. jingjinji isochrone 北京南 08:00 +60 min, 15/30/45/60, 200 m cells"
echo "   whole process (load .mcnet, compute, write): $(median_ms "$BIN" isochrone "$WORK/jjj.mcnet" --from 北京南 -o "$WORK/j.geojson" -q) ms"
"$BIN" isochrone "$WORK/jjj.mcnet" --from 北京南 -o "$WORK/j.geojson" -q --timing-repeats "$RUNS" 2>&1 | sed 's/^/   in process: /'

FROM=()
if [ -f "$GRAPHS/helsinki_walk_sources.csv" ]; then
  mapfile -t FROM < <(python3 - "$GRAPHS" <<'PY'
import csv, sys
g = sys.argv[1]
ids = [int(r["id"]) for r in csv.DictReader(open(f"{g}/helsinki_walk_sources.csv"))][:10]
pos = {int(r["id"]): (r["lon"], r["lat"]) for r in csv.DictReader(open(f"{g}/helsinki_walk_nodes.csv"))}
for i in ids: print(f"--from={pos[i][0]},{pos[i][1]}")
PY
)
else
  FROM=(--from=24.9445,60.1715)
fi
for cell in 50 100; do
  echo "2. Helsinki walking 5/10/15 min, ${cell} m cells, ${#FROM[@]} origins (Valhalla's points)"
  echo "   whole process, all origins: $(median_ms "$BIN" isochrone "$WORK/hel.mcnet" "${FROM[@]}" --cutoffs 5,10,15 --cell "$cell" -o "$WORK/h.geojson" -q) ms"
  "$BIN" isochrone "$WORK/hel.mcnet" "${FROM[@]}" --cutoffs 5,10,15 --cell "$cell" -o "$WORK/h.geojson" -q \
    --timing-repeats "$RUNS" 2>&1 | sed 's/^/   in process: /'
done

for w in 1 2; do
  echo "3. rings 66 districts × 120 departures around 北京南, $w worker(s)"
  "$BIN" rings "$WORK/jjj.mcnet" --core 北京南 --depart 07:00 --window 120 --threads "$w" -o "$WORK/r.geojson" 2>&1 \
    | grep "districts in" | sed 's/^/   /'
  echo "   whole process: $(median_ms "$BIN" rings "$WORK/jjj.mcnet" --core 北京南 --depart 07:00 --window 120 --threads "$w" -o "$WORK/r.geojson" -q) ms"
done

if [ "${1:-}" != "--no-valhalla" ] && [ -x "$VENV/bin/python" ]; then
  echo "4. Valhalla pedestrian isochrone (peers' bench_valhalla.py, same PBF, same session)"
  PEERS_RESULTS=${PEERS_RESULTS:-$WORK} "$VENV/bin/python" "$PEERS/bench_valhalla.py" --pbfs helsinki --no-transit \
    --builds 1 --repeats "$RUNS" 2>/dev/null | sed 's/^/   /'
fi
