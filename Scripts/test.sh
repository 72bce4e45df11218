#!/usr/bin/env bash
# The README's test command: set up a fresh machine, fill the data cache, build, run every test.
# Tests that need ../shared/data skip with a message where it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh
bash GeoData/fill_cache.sh
swift build --build-tests
# The libFuzzer binary (about 2 CPU minutes): FuzzReplayCLITests replays the fuzz corpora and saved crashers
# through it, and skips with a message when this toolchain cannot build it.
bash Scripts/fuzz.sh build || echo "fuzz binary not built: the fuzz replay test will skip" >&2
swift test --skip-build "$@"
