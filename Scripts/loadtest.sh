#!/usr/bin/env bash
# Bounded load test of `metrocommute serve` on loopback (docs/PERFORMANCE.md, "serve"): single-departure
# isochrones (window 1, cutoffs 15–60, 500 m cells) from 1,000 random origins near random stations, rotated by a wrk
# Lua script (every request is computed anew: the server keeps no answers), at 1, 2, 8 and 50 connections,
# DURATION seconds each (default 20). Prints p50/p99 latency, requests per second and errors per level.
#   bash Scripts/loadtest.sh out/jingjinji.mcnet            (builds the release binary first)
#   BIN=/tmp/old/metrocommute bash Scripts/loadtest.sh …    (another binary, e.g. a peer build; no build)
#   THREADS=1 SERVER_CPUS=1 bash Scripts/loadtest.sh …      (server workers; taskset CPU list for the server)
# The load average is printed before the run and after each level: other work on the machine shows in it.
# Needs wrk (apt-get install wrk; Scripts/setup.sh installs it). The server is stopped by its PID on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
NETWORK=${1:-out/jingjinji.mcnet}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-"1 2 8 50"}
[ -f "$NETWORK" ] || { echo "loadtest: $NETWORK is missing: build it (bash Scripts/main.sh writes out/jingjinji.mcnet)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "loadtest: wrk is missing: apt-get install wrk" >&2; exit 1; }
if [ -z "${BIN:-}" ]; then
    swift build -c release --product metrocommute >&2
    BIN=$(swift build -c release --show-bin-path)/metrocommute
fi
THREADS=${THREADS:-$(nproc)}
PIN=()
[ -n "${SERVER_CPUS:-}" ] && PIN=(taskset -c "$SERVER_CPUS")
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
"${PIN[@]}" "$BIN" serve "$NETWORK" --host 127.0.0.1 --port 0 --threads "$THREADS" -q 2>"$WORK/serve.log" &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 600); do
    PORT=$(sed -n 's|.*on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$WORK/serve.log" | head -1)
    [ -n "$PORT" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
    sleep 0.1
done
[ -n "$PORT" ] || { echo "loadtest: the server did not start" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT"

# 1,000 origins: a random station each, moved up to 1 km in a random direction (seeded, so reruns ask the same).
curl -sf "$BASE/api/network/stations?format=csv" > "$WORK/stations.csv"
python3 - "$WORK/stations.csv" "$WORK/origins.txt" <<'PY'
import csv, math, random, sys
rows = [r for r in csv.reader(l for l in open(sys.argv[1], encoding="utf-8") if not l.startswith("#"))]
header, rows = rows[0], rows[1:]
lon, lat = header.index("lon"), header.index("lat")
rng = random.Random(18)
with open(sys.argv[2], "w") as out:
    for _ in range(1000):
        r = rng.choice(rows)
        d, a = 1000 * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
        y = float(r[lat]) + d * math.sin(a) / 110540
        x = float(r[lon]) + d * math.cos(a) / (111320 * math.cos(math.radians(float(r[lat]))))
        out.write(f"{x:.5f},{y:.5f}\n")
PY
cat > "$WORK/rotate.lua" <<'LUA'
-- Each wrk thread walks the origin list from its own offset; every request names a different origin.
local origins = {}
for line in io.lines(os.getenv("ORIGINS")) do origins[#origins + 1] = line end
local threads = {}
local counter = 0
function setup(thread)
  thread:set("offset", #threads * 997)
  table.insert(threads, thread)
end
function init(args)
  counter = tonumber(offset) or 0
end
function request()
  counter = counter + 1
  local origin = origins[(counter % #origins) + 1]
  return wrk.format("GET", "/api/isochrone?from=" .. origin .. "&cutoffs=15,30,45,60&cell=500&depart=08:00&window=1")
end
LUA
# Warm-up (page cache, calculators): 20 requests.
for i in $(seq 1 20); do curl -sf -o /dev/null "$BASE/api/isochrone?from=$(sed -n "${i}p" "$WORK/origins.txt")&cutoffs=15,30,45,60&cell=500&window=1"; done
echo "loadtest: $BIN, $THREADS workers${SERVER_CPUS:+ on CPUs $SERVER_CPUS}; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) before" >&2
echo "| connections | requests | p50 ms | p99 ms | requests/s | errors (non-2xx, socket) | load average after |"
echo "|---:|---:|---:|---:|---:|---|---|"
for c in $CONNECTIONS; do
    t=$(( c < 2 ? c : 2 ))
    ORIGINS="$WORK/origins.txt" wrk -t "$t" -c "$c" -d "${DURATION}s" --timeout 30s --latency -s "$WORK/rotate.lua" "$BASE" > "$WORK/wrk-$c.txt"
    awk -v c="$c" '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
        /requests in/ { n = $1 } /^Requests\/sec/ { rps = $2 }
        /Non-2xx/ { non2xx = $NF } /Socket errors/ { sock = $0; sub(/.*Socket errors: /, "", sock) }
        END { printf "| %d | %d | %.1f | %.1f | %.1f | %s, %s | %s |\n", c, n, p50, p99, rps, (non2xx == "" ? 0 : non2xx), (sock == "" ? "none" : sock), load }
    ' load="$(cut -d' ' -f1 /proc/loadavg)" "$WORK/wrk-$c.txt"
done
echo "loadtest: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end" >&2
