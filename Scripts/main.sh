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
# The default area (Beijing–Tianjin–Hebei): G/D/C timetables of 2016-03-10, metro lines read from GCJ-02,
# 66 districts with 2020 census population.
"$BIN" build GeoData/jingjinji.json -o out/jingjinji.mcnet
# The 1-hour commute circle around Beijing South, door to door (the default commuter profile: walk, bicycle,
# e-bike or feeder bus to the station), 07:00–09:00: every district's share of people within 60 minutes; the
# summary also holds the circle by rail and walking alone (the 0.1 model), printed below for both profiles.
"$BIN" rings out/jingjinji.mcnet --core 北京南 --budget 60 --depart 07:00 --window 120 \
    -o out/jingjinji-rings.geojson --summary out/jingjinji-rings-summary.csv
awk -F, '$1 == "in_circle" { printf "main: 1-hour circle around 北京南, commuter profile (default): %d districts, %d people\n", $2, $3 }
    $1 == "in_circle_rail-walk" { printf "main: 1-hour circle around 北京南, rail-walk profile: %d districts, %d people\n", $2, $3 }
    $1 == "people_within_budget" { printf "main: people within 60 min of 北京南, commuter profile: %d\n", $3 }
    $1 == "people_within_budget_rail-walk" { printf "main: people within 60 min of 北京南, rail-walk profile: %d\n", $3 }' \
    out/jingjinji-rings-summary.csv >&2
# The 15/30/45/60-minute isochrones from Beijing South at 08:00 and the four-network integration gaps.
"$BIN" isochrone out/jingjinji.mcnet --from 北京南 --depart 08:00 --window 60 --cutoffs 15,30,45,60 \
    -o out/jingjinji-isochrones.geojson
"$BIN" gaps out/jingjinji.mcnet -o out/jingjinji-gaps.geojson --report out/jingjinji-gaps.md
# Commuter corridors into Beijing South (the 20 with most gravity demand; commuters at the assumed --commute-rate
# 0.1, docs/MODEL.md) against bus-like service and the 1-hour goal.
"$BIN" corridors out/jingjinji.mcnet --core 北京南 --depart 07:00 --window 120 --commute-rate 0.1 \
    -o out/jingjinji-corridors.geojson --report out/jingjinji-corridors.md --csv out/jingjinji-corridors.csv -q
head -1 out/jingjinji-corridors.md | sed 's/^# /main: /' >&2
# A scenario from a published plan: the Beijing–Xiong'an intercity line (GeoData/scenarios/jingxiong.json, cited in
# GeoData/README.md), compared door to door with the network as built, rings around Beijing West (its terminal).
"$BIN" compare rings out/jingjinji.mcnet --core 北京西 --budget 60 --depart 07:00 --window 120 \
    --before base --after GeoData/scenarios/jingxiong.json \
    -o out/jingjinji-jingxiong-diff.geojson --report out/jingjinji-jingxiong-diff.md --csv out/jingjinji-jingxiong-diff.csv
head -1 out/jingjinji-jingxiong-diff.md | sed 's/^# /main: 京雄城际 scenario: /' >&2
# A map to look at (HTML; PNG when Chromium is installed, as Scripts/setup.sh does).
"$BIN" preview out/jingjinji-rings.geojson out/jingjinji-isochrones.geojson out/jingjinji-gaps.geojson \
    --network out/jingjinji.mcnet --title "Beijing–Tianjin–Hebei: 1-hour commute circle around Beijing South" \
    --kinds district,commute_circle,hub,last_mile_gap,missing_link \
    --extent 115.4,38.6,118.1,40.8 -o out/jingjinji-map.html --png out/jingjinji-map.png
"$BIN" preview out/jingjinji-jingxiong-diff.geojson --network out/jingjinji.mcnet --title "Beijing–Xiong'an intercity: districts around Beijing West before and after" \
    --extent 115.4,38.6,118.1,40.8 -o out/jingjinji-jingxiong-diff.html -q
echo "main: outputs in out/ (jingjinji-rings.geojson and -summary.csv, jingjinji-isochrones.geojson, jingjinji-gaps.geojson and .md, jingjinji-corridors.geojson/.md/.csv, jingjinji-jingxiong-diff.geojson/.md/.csv/.html, jingjinji-map.html/.png)" >&2
