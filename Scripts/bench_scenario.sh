#!/usr/bin/env bash
# Issue 14's scenario figures (docs/PERFORMANCE.md "Scenarios"): applying a scenario (time, extra heap) on a
# synthetic 12 k-stop grid city and on jingjinji, then `compare rings` on jingjinji against plain `rings`, whole
# process. Needs release builds of metrocommute and metrocommute-bench and GeoData/cache (`METROCOMMUTE_SHARED_DATA=
# /work/shared/data bash GeoData/fill_cache.sh`).
#
# Usage: Scripts/bench_scenario.sh
# Env:   BENCH, METROCOMMUTE, OUT (/tmp/metrocommute-bench), STOPS (12000), SEED (1), REPEAT (15), ROUNDS (3)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="${BENCH:-$ROOT/.build/release/metrocommute-bench}"
MC="${METROCOMMUTE:-$ROOT/.build/release/metrocommute}"
OUT="${OUT:-/tmp/metrocommute-bench}"; mkdir -p "$OUT"
cd "$ROOT"
"$BENCH" synth-network -o "$OUT/synthetic.mcnet" --stops "${STOPS:-12000}" --seed "${SEED:-1}"
"$BENCH" scenario "$OUT/synthetic.mcnet" Scripts/scenario_bench/synthetic.json --repeat "${REPEAT:-15}" \
  --json "$OUT/scenario_synthetic.json"
"$MC" build GeoData/jingjinji.json -o "$OUT/jingjinji.mcnet" -q
"$BENCH" scenario "$OUT/jingjinji.mcnet" GeoData/scenarios/jingxiong.json --repeat "${REPEAT:-15}" \
  --json "$OUT/scenario_jingjinji.json"
for i in $(seq 1 "${ROUNDS:-3}"); do
  /usr/bin/time -f "compare rings: %e s wall, %U s user, %M KB peak RSS" "$MC" compare rings "$OUT/jingjinji.mcnet" \
    --core 北京西 --after GeoData/scenarios/jingxiong.json -o "$OUT/compare.geojson" --report "$OUT/compare.md" -q
  /usr/bin/time -f "rings:         %e s wall, %U s user, %M KB peak RSS" "$MC" rings "$OUT/jingjinji.mcnet" \
    --core 北京西 -o "$OUT/rings.geojson" -q
done
head -1 "$OUT/compare.md"
