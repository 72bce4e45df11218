#!/usr/bin/env bash
# PBF read throughput: GeoIO (metrocommute-bench pbf) vs `osmium cat -f opl > /dev/null`, same files, same run.
#
# Steady state (the figure compared): GeoIO decodes each file REPEATS times in one process after one warm-up
# (OSMDecodeBenchmark.decodeAll: every tag key and value materialised as a String, every way ref and relation
# member decoded), median per decode; osmium gets the same file REPEATS times in one `osmium cat` process
# (as the peers' "20x" figure), timed ROUNDS times, median / REPEATS. Neither side pays process start-up.
# One file per process (start-up included): median of ROUNDS process runs each, for both.
#
# Usage: Scripts/bench_pbf.sh [PBF ...]   default: Helsinki.osm.pbf and monaco.osm.pbf of shared/data/osm
# Env:   REPEATS (20), ROUNDS (10), SHARED (/work/shared/data), BENCH (release binary), OUT (/tmp/metrocommute-bench)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="${BENCH:-$ROOT/.build/release/metrocommute-bench}"
REPEATS="${REPEATS:-20}"; ROUNDS="${ROUNDS:-10}"
SHARED="${SHARED:-/work/shared/data}"
OUT="${OUT:-/tmp/metrocommute-bench}"; mkdir -p "$OUT"
if [ "$#" -gt 0 ]; then FILES=("$@"); else FILES=("$SHARED/osm/Helsinki.osm.pbf" "$SHARED/osm/monaco.osm.pbf"); fi

"$BENCH" pbf "${FILES[@]}" --repeat "$REPEATS" --json "$OUT/pbf.json"
python3 - "$BENCH" "$OUT/pbf.json" "$REPEATS" "$ROUNDS" "${FILES[@]}" <<'PY'
import json, os, statistics, subprocess, sys, time
bench, ours_json, repeats, rounds, files = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:]
ours = {r["file"]: r for r in json.load(open(ours_json))["tables"][0]["rows"]}
def timed(cmd):
    t0 = time.perf_counter(); subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL); return time.perf_counter() - t0
ver = subprocess.run(["osmium", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
print(f"## GeoIO vs {ver} `cat -f opl > /dev/null`; steady state = median per decode ({repeats} decodes per process); "
      f"1x = one file per process incl. start-up, median of {rounds} processes")
print("| file | objects | GeoIO s | GeoIO objects/s | osmium s | osmium objects/s | GeoIO/osmium objects/s "
      "| GeoIO 1x s | osmium 1x s |")
print("|---|---|---|---|---|---|---|---|---|")
rows = []
for f in files:
    o = ours[f]
    steady = [timed(["osmium", "cat", *([f] * repeats), "-f", "opl", "-o", "-"]) / repeats for _ in range(rounds)]
    om = statistics.median(steady)
    one_ours = statistics.median(timed([bench, "pbf", f, "--repeat", "1", "--warmup", "0"]) for _ in range(rounds))
    one_osm = statistics.median(timed(["osmium", "cat", f, "-f", "opl", "-o", "-"]) for _ in range(rounds))
    n = o["objects"]
    rows.append({"file": f, "objects": n, "geoio_s": o["median_s"], "osmium_s": om, "osmium_all_s": steady,
                 "ratio_objects_per_s": om / o["median_s"], "geoio_1x_s": one_ours, "osmium_1x_s": one_osm})
    print(f"| {os.path.basename(f)} | {n:,} | {o['median_s']:.4f} | {n / o['median_s']:,.0f} | {om:.4f} | {n / om:,.0f} "
          f"| {om / o['median_s']:.2f} | {one_ours:.4f} | {one_osm:.4f} |")
json.dump({"osmium": ver, "rows": rows}, open(os.path.join(os.path.dirname(ours_json), "pbf_vs_osmium.json"), "w"), indent=1)
PY
