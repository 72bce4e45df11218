#!/usr/bin/env bash
# The README's test command: set up a fresh machine, fill the data cache, build, run every test.
# Tests that need ../shared/data skip with a message where it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh
bash GeoData/fill_cache.sh
swift build --build-tests
swift test --skip-build "$@"
