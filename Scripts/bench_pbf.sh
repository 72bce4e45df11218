#!/usr/bin/env bash
# PBF read throughput: GeoIO's OSM reader vs `osmium cat -f opl > /dev/null`, same files, same run.
#
# GeoIO side: a small release-built driver calls `OSMDecodeBenchmark.decodeAll(path:)` (every tag key and
# value materialised as a String, every way ref and relation member decoded). Until the CLI has a
# hidden bench command, the driver is compiled here with swiftc -O from the GeoCore, Network and GeoIO
# OSM sources (no package build needed). Each file is decoded REPEATS times in one process after one
# warm-up; osmium gets the same file REPEATS times in one `osmium cat` process (as the peers' "x20"
# figure in /work/shared/peers/BASELINE.md), so neither side pays per-file process start-up.
#
# Usage: Scripts/bench_pbf.sh [PBF ...]   default: Helsinki.osm.pbf and monaco.osm.pbf of shared/data/osm
# Env:   REPEATS (20), SHARED (default <repo>/../../shared/data or /work/shared/data)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
REPEATS="${REPEATS:-20}"
SHARED="${SHARED:-/work/shared/data}"
if [ "$#" -gt 0 ]; then FILES=("$@"); else FILES=("$SHARED/osm/Helsinki.osm.pbf" "$SHARED/osm/monaco.osm.pbf"); fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
MODS=(-I "$ROOT/Sources/CZlib" -I "$ROOT/Sources/CBZip2" -I "$WORK")
OPT=(-O -wmo -parse-as-library -swift-version 6)
swiftc "${OPT[@]}" -emit-module -emit-object -module-name GeoCore "$ROOT"/Sources/GeoCore/*.swift -o GeoCore.o
swiftc "${OPT[@]}" -emit-module -emit-object -module-name Network -I "$WORK" "$ROOT"/Sources/Network/*.swift -o Network.o
GEOIO_SRC=()
for f in "$ROOT"/Sources/GeoIO/{OSM,Protobuf,BZip2,Inflate}*.swift; do [ -f "$f" ] && GEOIO_SRC+=("$f"); done
swiftc "${OPT[@]}" -emit-module -emit-object -module-name GeoIO "${MODS[@]}" "${GEOIO_SRC[@]}" -o GeoIO.o
cat > main.swift <<'SWIFT'
import GeoIO
#if canImport(Glibc)
import Glibc
#endif
@main struct BenchPBF {
    static func now() -> Double { var t = timespec(); clock_gettime(CLOCK_MONOTONIC, &t); return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9 }
    static func main() throws {
        let args = CommandLine.arguments
        let repeats = Int(args[1])!
        for path in args.dropFirst(2) {
            let first = try OSMDecodeBenchmark.decodeAll(path: path)  // warm-up
            let t0 = now()
            for _ in 0..<repeats { let again = try OSMDecodeBenchmark.decodeAll(path: path); precondition(again == first) }
            let seconds = (now() - t0) / Double(repeats)
            print("\(path)\t\(first.counts.total)\t\(seconds)\t\(first.tags)\t\(first.wayNodeRefs)\t\(first.relationMembers)")
        }
    }
}
SWIFT
swiftc "${OPT[@]}" "${MODS[@]}" -module-name BenchPBF main.swift GeoCore.o Network.o GeoIO.o -lz -lbz2 -o bench_pbf

printf "%-18s %8s | %10s %12s | %10s %12s | %s\n" file objects "GeoIO ms" "GeoIO obj/s" "osmium ms" "osmium obj/s" ratio
while IFS=$'\t' read -r path objects seconds tags refs members; do
  args=(); for _ in $(seq 1 "$REPEATS"); do args+=("$path"); done
  a=$(date +%s.%N); osmium cat "${args[@]}" -f opl -o - > /dev/null; b=$(date +%s.%N)
  python3 - "$path" "$objects" "$seconds" "$a" "$b" "$REPEATS" <<'PY'
import os, sys
path, objects, s, a, b, n = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
o = (b - a) / n
print(f"{os.path.basename(path):18s} {objects:8,d} | {s*1e3:10.2f} {objects/s:12,.0f} | {o*1e3:10.2f} {objects/o:12,.0f} | {o/s:.2f}x")
PY
done < <(./bench_pbf "$REPEATS" "${FILES[@]}")
