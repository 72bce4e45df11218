#!/usr/bin/env bash
# RAPTOR one-to-all: metrocommute-bench raptor on jingjinji rail_gtfs.zip (2016-03-10) and nyc_subway_gtfs.zip
# (2024-12-16), with pyraptor's transfer rules (compared with the peers' pyraptor results of the same session:
# /tmp/peers/results/pyraptor.json and pyraptor_arrivals_<feed>.json) and with the project's own rules.
#
# Usage: Scripts/bench_raptor.sh
# Env:   BENCH, SHARED (/work/shared/data), PEERS_RESULTS (/tmp/peers/results), OUT (/tmp/metrocommute-bench),
#        SAMPLES (5), WINDOW (60)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="${BENCH:-$ROOT/.build/release/metrocommute-bench}"
SHARED="${SHARED:-/work/shared/data}"
RESULTS="${PEERS_RESULTS:-/tmp/peers/results}"
OUT="${OUT:-/tmp/metrocommute-bench}"; mkdir -p "$OUT"
for rules in pyraptor default; do
  "$BENCH" raptor "$SHARED/cn/jingjinji/rail_gtfs.zip" 20160310 --feed jingjinji --rules "$rules" \
    --samples "${SAMPLES:-5}" --window "${WINDOW:-60}" --pyraptor-dir "$RESULTS" --json "$OUT/raptor_jingjinji_$rules.json"
  "$BENCH" raptor "$SHARED/gtfs/nyc_subway_gtfs.zip" 20241216 --feed nyc --rules "$rules" \
    --samples "${SAMPLES:-5}" --window "${WINDOW:-60}" --pyraptor-dir "$RESULTS" --json "$OUT/raptor_nyc_$rules.json"
done
