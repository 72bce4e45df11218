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
MAIN_JOB
