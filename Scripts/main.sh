#!/usr/bin/env bash
# The README's main-job command: set up, fill the data cache, build (release) and run the main analysis
# on the default area (jingjinji). Outputs go to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh
bash GeoData/fill_cache.sh
swift build -c release --product metrocommute
BIN=$(swift build -c release --show-bin-path)/metrocommute
mkdir -p out
# 1. The default area's network: G/D/C timetables of 2016-03-10, metro lines read from GCJ-02, 66 districts.
"$BIN" build GeoData/jingjinji.json -o out/jingjinji.mcnet
"$BIN" inspect out/jingjinji.mcnet | tee out/jingjinji-inspect.txt
# 2. The metro stations converted from GCJ-02 (as Chinese web maps publish them) to WGS-84.
"$BIN" convert --from gcj02 --to wgs84 GeoData/cache/cn/jingjinji/metro_lines_gcj02.csv -o out/jingjinji_metro_wgs84.csv
echo "main: outputs in out/ (jingjinji.mcnet, jingjinji-inspect.txt, jingjinji_metro_wgs84.csv)" >&2
