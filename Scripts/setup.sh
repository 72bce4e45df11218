#!/usr/bin/env bash
# Installs what MetroCommute needs on a fresh Debian/Ubuntu machine, only where it is missing:
#   build: libproj-dev libgeos-dev libgdal-dev zlib1g-dev libbz2-dev pkg-config (Swift 6 itself must already be on PATH)
#   checks: gdal-bin (ogrinfo), osmium-tool, python3 shapely + pyproj (GeoJSON validation, independent figures),
#           and jsonschema (the scenario schema test); bzip2 and util-linux (prlimit) for the catalogue under a memory limit
#   distributed surfaces: python3 dask[distributed] (Scripts/surface_dask.py and SurfaceDaskTests), util-linux (setpriv)
#   preview: chromium (headless PNG rendering and the preview test), fonts-wqy-microhei (Chinese labels)
#   GIS client test: python3-qgis qgis-providers (PyQGIS without the desktop application; QGISClientRealDataTests)
#   serve: libjs-leaflet (the page's map library, served locally), curl (API tests), chromium-driver and
#          python3-selenium (browser tests), wrk (Scripts/loadtest.sh)
set -euo pipefail

need_apt=()
for pkg in libproj-dev libgeos-dev libgdal-dev zlib1g-dev libbz2-dev pkg-config gdal-bin osmium-tool bzip2 util-linux python3-pip chromium fonts-wqy-microhei \
           python3-qgis qgis-providers libjs-leaflet curl chromium-driver python3-selenium wrk; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "setup: installing ${need_apt[*]}" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if ! "$PY" -c 'import shapely, pyproj, jsonschema' >/dev/null 2>&1; then
    echo "setup: installing shapely, pyproj and jsonschema from PyPI" >&2
    "$PY" -m pip install -q shapely pyproj jsonschema 2>/dev/null \
        || "$PY" -m pip install -q --break-system-packages shapely pyproj jsonschema
fi

# Scripts/surface_dask.py (surface shards on Dask distributed) and its tests (SurfaceDaskTests), same python3
if ! "$PY" -c 'import distributed' >/dev/null 2>&1; then
    echo "setup: installing dask[distributed] from PyPI" >&2
    "$PY" -m pip install -q 'dask[distributed]' 2>/dev/null \
        || "$PY" -m pip install -q --break-system-packages 'dask[distributed]'
fi

command -v swift >/dev/null || { echo "setup: swift (6.x) is not on PATH; install the Swift toolchain first" >&2; exit 1; }
pkg-config --exists proj geos || { echo "setup: pkg-config cannot find proj/geos after install" >&2; exit 1; }
