#!/usr/bin/env bash
# AreaBuilder on GeoData/jingjinji.json (needs GeoData/cache: `METROCOMMUTE_SHARED_DATA=/work/shared/data
# bash GeoData/fill_cache.sh`), then .mcnet save and load; ROUNDS processes (default 3), each reported.
#
# Usage: Scripts/bench_build.sh [manifest ...]   default GeoData/jingjinji.json
# Env:   BENCH, ROUNDS (3), OUT (/tmp/metrocommute-bench)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="${BENCH:-$ROOT/.build/release/metrocommute-bench}"
OUT="${OUT:-/tmp/metrocommute-bench}"; mkdir -p "$OUT"
if [ "$#" -gt 0 ]; then MANIFESTS=("$@"); else MANIFESTS=("$ROOT/GeoData/jingjinji.json"); fi
cd "$ROOT"
for m in "${MANIFESTS[@]}"; do
  name="$(basename "$m" .json)"
  for i in $(seq 1 "${ROUNDS:-3}"); do
    "$BENCH" build "$m" --mcnet "$OUT/$name.mcnet" --json "$OUT/build_${name}_$i.json"
  done
done
