#!/usr/bin/env bash
# Coverage-guided fuzzing of the input readers with libFuzzer (docs/ROBUSTNESS.md "Fuzzing").
#
#   bash Scripts/fuzz.sh build                  compile .build-fuzz/fuzz (swiftc -sanitize=fuzzer,address)
#   bash Scripts/fuzz.sh seeds                  extract run-time seeds from ../shared/data into Fuzz/shared-seeds
#   bash Scripts/fuzz.sh replay [HARNESS...]    run every seed, corpus entry and saved crasher once (-runs=0)
#   bash Scripts/fuzz.sh run HARNESS SECONDS    fuzz one harness; new inputs go to Fuzz/corpus/HARNESS,
#                                               crashes to Fuzz/crashers/HARNESS, the log to .build-fuzz/logs
#
# The fuzz binary is not a SwiftPM target: `swift build` cannot add -sanitize=fuzzer to some targets only.
# Each module the harnesses need is compiled here from its sources (whole-module, -O, with testing enabled so
# the harnesses reach internal readers), then linked with Fuzz/Harnesses. Folders: Fuzz/seeds (committed,
# made from the repo's fixtures), Fuzz/shared-seeds and Fuzz/corpus (git-ignored), Fuzz/crashers (committed;
# each crasher also has a regression test in the normal suite).
set -euo pipefail
cd "$(dirname "$0")/.."

HARNESSES=(json manifest csv gtfs gtfsfeed lines pbf osmxml bzip2 mcnet scenario)
OUT=.build-fuzz
BIN=$OUT/fuzz
# The shared data as the tests find it: METROCOMMUTE_SHARED_DATA, else shared/data in a folder above the repo.
shared_data() {
    if [ -n "${METROCOMMUTE_SHARED_DATA:-}" ]; then echo "$METROCOMMUTE_SHARED_DATA"; return; fi
    local dir=$PWD
    while [ "$dir" != / ]; do
        dir=$(dirname "$dir")
        [ -f "$dir/shared/data/README.md" ] && { echo "$dir/shared/data"; return; }
    done
    echo /nonexistent
}
SHARED=$(shared_data)
export LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

# Module name, then its sources (in dependency order). NetworkBuild: only the manifest's files.
modules() {
    echo "GeoCore Sources/GeoCore/*.swift"
    echo "Network Sources/Network/*.swift"
    echo "GeoPROJ Sources/GeoPROJ/*.swift"
    echo "GeoGEOS Sources/GeoGEOS/*.swift"
    echo "GeoIO $(find Sources/GeoIO -name '*.swift' | sort | tr '\n' ' ')"
    echo "Scenarios Sources/Scenarios/*.swift"
    echo "NetworkBuild Sources/NetworkBuild/AreaManifest.swift Sources/NetworkBuild/ManifestKeys.swift Sources/NetworkBuild/HubTransferKeys.swift Sources/NetworkBuild/TierOverrideKeys.swift"
}

build() {
    mkdir -p "$OUT/modules"
    local flags=(-sanitize=fuzzer,address -parse-as-library -O -wmo -enable-testing -swift-version 6
                 -I "$OUT/modules" -I Sources/CZlib -I Sources/CBZip2 -I Sources/CPROJ -I Sources/CGEOS
                 $(pkg-config --cflags-only-I proj geos 2>/dev/null | sed 's/-I/-Xcc -I/g'))
    local objects=() stale=0
    while read -r name sources; do
        # A module is compiled again when a source of it or of a module before it changed.
        # shellcheck disable=SC2086
        if [ $stale = 0 ] && [ -f "$OUT/modules/$name.o" ] && [ -z "$(find $sources -newer "$OUT/modules/$name.o")" ]; then
            objects+=("$OUT/modules/$name.o"); continue
        fi
        stale=1
        echo "compiling $name" >&2
        # shellcheck disable=SC2086
        swiftc "${flags[@]}" -module-name "$name" -emit-module -emit-module-path "$OUT/modules/$name.swiftmodule" \
            -c -o "$OUT/modules/$name.o" $sources
        objects+=("$OUT/modules/$name.o")
    done < <(modules)
    # InputMutation.swift: the tests' stored-zip writer (gtfsfeed zips its input with it).
    swiftc "${flags[@]}" -module-name MetroCommuteFuzz Fuzz/Harnesses/*.swift Tests/TestSupport/InputMutation.swift "${objects[@]}" \
        -lz -lbz2 -lproj -lgeos_c -o "$BIN.new" 2> >(grep -v "Cannot export local symbol" >&2)
    mv -f "$BIN.new" "$BIN"   # a rename: fuzzers still running keep the old file
    echo "built $BIN"
}

# Run-time seeds from the shared data (never committed): small files, or the head of larger text files.
seeds() {
    if [ ! -d "$SHARED" ]; then echo "fuzz: $SHARED absent, using the committed seeds only" >&2; return 0; fi
    local s=Fuzz/shared-seeds
    rm -rf "$s"; mkdir -p "$s"/{json,manifest,csv,gtfs,gtfsfeed,lines,pbf,osmxml,bzip2,mcnet}
    for area in jingjinji guangfo chongqing; do
        local d=$SHARED/cn/$area
        [ -d "$d" ] || continue
        head -c 60000 "$d/metro_lines.csv" > "$s/lines/$area.csv"
        head -c 20000 "$d/metro_lines_gcj02.csv" > "$s/csv/${area}_gcj02.csv"
        for f in "$d"/rail_gtfs/*.txt; do head -c 8000 "$f" > "$s/csv/${area}_$(basename "$f")"; done
        [ "$(stat -c %s "$d/rail_gtfs.zip")" -le 65536 ] && cp "$d/rail_gtfs.zip" "$s/gtfs/$area.zip"
        # The feed as text for gtfsfeed: the first rows of each file.
        for f in "$d"/rail_gtfs/*.txt; do echo "== $(basename "$f")"; head -n 40 "$f"; done > "$s/gtfsfeed/$area.txt"
        # The first features of the districts, whole (head would cut the JSON).
        python3 - "$d/districts.geojson" "$s/json/${area}_districts.geojson" <<'PY'
import json, sys
collection = json.load(open(sys.argv[1], encoding="utf-8"))
for n in range(len(collection["features"]), 0, -1):
    text = json.dumps({"type": "FeatureCollection", "features": collection["features"][:n]}, ensure_ascii=False)
    if len(text.encode()) <= 60000:
        open(sys.argv[2], "w", encoding="utf-8").write(text)
        break
PY
    done
    # Monaco's PBF whole (replay reads it all; run cuts inputs to -max_len).
    [ -f "$SHARED/osm/monaco.osm.pbf" ] && cp "$SHARED/osm/monaco.osm.pbf" "$s/pbf/"
    if [ -f "$SHARED/osm/West-Oakland.osm.bz2" ]; then
        cp "$SHARED/osm/West-Oakland.osm.bz2" "$s/bzip2/"
        (bzip2 -dc "$SHARED/osm/West-Oakland.osm.bz2" || true) | head -c 60000 > "$s/osmxml/west-oakland-head.osm"
    fi
    echo "seeds in $s: $(find "$s" -type f | wc -l) files"
}

dirs_for() {  # the existing input folders of one harness, corpus first (libFuzzer writes new inputs there)
    local h=$1 d
    for d in Fuzz/corpus/$h Fuzz/seeds/$h Fuzz/shared-seeds/$h Fuzz/crashers/$h; do
        [ -d "$d" ] && echo "$d"
    done
    return 0
}

replay() {
    [ -x "$BIN" ] || { echo "fuzz: $BIN not built (bash Scripts/fuzz.sh build)" >&2; exit 2; }
    [ -d Fuzz/shared-seeds ] || seeds
    local list=("$@") failed=0 h
    [ ${#list[@]} -gt 0 ] || list=("${HARNESSES[@]}")
    mkdir -p "$OUT/logs"
    for h in "${list[@]}"; do
        local start=$SECONDS
        # shellcheck disable=SC2046
        if "$BIN" "$h" -runs=0 -timeout=20 -artifact_prefix="$OUT/replay-$h-" $(dirs_for "$h") > "$OUT/logs/replay-$h.log" 2>&1; then
            echo "replay $h: ok, $(grep -c '' <(find $(dirs_for "$h") -type f)) inputs, $((SECONDS - start)) s"
        else
            echo "replay $h: FAILED (log: $OUT/logs/replay-$h.log)"; tail -30 "$OUT/logs/replay-$h.log"; failed=1
        fi
    done
    return $failed
}

run() {
    local h=${1:?harness} seconds=${2:?seconds}
    [ -x "$BIN" ] || build
    [ -d Fuzz/shared-seeds ] || seeds
    mkdir -p "Fuzz/corpus/$h" "Fuzz/crashers/$h" "$OUT/logs"
    # shellcheck disable=SC2046
    "$BIN" "$h" -max_total_time="$seconds" -timeout=20 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="Fuzz/crashers/$h/" $(dirs_for "$h") 2>&1 | tee "$OUT/logs/run-$h.log" | grep -E '^#[0-9]+.*(pulse|DONE)|ERROR|stat::' || true
}

case "${1:-}" in
    build) build ;;
    seeds) seeds ;;
    replay) shift; replay "$@" ;;
    run) shift; run "$@" ;;
    *) echo "usage: bash Scripts/fuzz.sh build | seeds | replay [HARNESS...] | run HARNESS SECONDS" >&2; exit 64 ;;
esac
