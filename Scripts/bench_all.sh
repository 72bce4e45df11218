#!/usr/bin/env bash
# Builds metrocommute-bench in release mode and runs every benchmark of docs/PERFORMANCE.md, one at a time.
# The peers' figures must be in /tmp/peers/results from the same session first:
#   bash /work/shared/peers/setup_env.sh
#   bash /work/shared/peers/run_all.sh --skip-setup --only "osmium pyraptor street"   (about 9 min)
# Duration on the 2-core benchmark machine (2026-11-22, shared with other builds): 50 s after the build, most
# of it bench_street.sh (36 s with its igraph check) and bench_pbf.sh (15 s); a clean release build adds minutes.
#
# Usage: Scripts/bench_all.sh     Env: OUT (/tmp/metrocommute-bench) and what the single scripts read.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
swift build -c release --product metrocommute-bench
[ -d GeoData/cache/cn/jingjinji ] || METROCOMMUTE_SHARED_DATA="${METROCOMMUTE_SHARED_DATA:-/work/shared/data}" bash GeoData/fill_cache.sh
t0=$(date +%s)
bash Scripts/bench_pbf.sh
bash Scripts/bench_raptor.sh
bash Scripts/bench_street.sh
bash Scripts/bench_build.sh
echo "bench_all: $(( $(date +%s) - t0 )) s after the build"
