#!/usr/bin/env python3
"""Check GeoJSON files the way our outputs promise them (RFC 7946).

Usage: python3 Scripts/check_geojson.py FILE...

For each file:
  * `ogrinfo -ro -al -so FILE` (GDAL) must succeed;
  * the document is a FeatureCollection without a `crs` member, every feature is a Feature whose
    `properties` is an object and which has a `geometry` member (object or null);
  * every position is [longitude, latitude(, height)] with finite numbers, longitude in [-180, 180],
    latitude in [-90, 90];
  * every geometry is valid for GEOS (shapely `is_valid`), polygon exteriors are counter-clockwise and
    holes clockwise (right-hand rule).
Prints one line per file, "OK FILE (N features)" or "FAIL FILE: problem" (at most 10 problems listed),
and exits 1 if any file failed. Needs shapely and ogrinfo (gdal-bin) only.
"""
import json
import math
import subprocess
import sys

from shapely.geometry import shape
from shapely.validation import explain_validity

MAX_PROBLEMS = 10
GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
                  "GeometryCollection"}


def check_positions(coords, where, problems):
    """Walks nested coordinate arrays; a position is a list of numbers."""
    if isinstance(coords, list) and coords and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                   for v in coords):
        if len(coords) not in (2, 3):
            problems.append(f"{where}: position {coords} has {len(coords)} values (want 2 or 3)")
            return
        lon, lat = coords[0], coords[1]
        if not all(math.isfinite(v) for v in coords):
            problems.append(f"{where}: position {coords} is not finite")
        elif not (-180 <= lon <= 180 and -90 <= lat <= 90):
            problems.append(f"{where}: position {coords} is not longitude/latitude (out of range)")
        return
    if not isinstance(coords, list):
        problems.append(f"{where}: coordinates contain {coords!r}, not an array")
        return
    for c in coords:
        check_positions(c, where, problems)
        if len(problems) >= MAX_PROBLEMS:
            return


def check_orientation(geom, where, problems):
    """Right-hand rule on shapely polygons (recursing into collections)."""
    kind = geom.geom_type
    if kind == "Polygon":
        if geom.is_empty:
            return
        if not geom.exterior.is_ccw:
            problems.append(f"{where}: polygon exterior ring is clockwise (RFC 7946 wants counter-clockwise)")
        for i, hole in enumerate(geom.interiors):
            if hole.is_ccw:
                problems.append(f"{where}: hole {i} is counter-clockwise (RFC 7946 wants clockwise)")
    elif kind in ("MultiPolygon", "GeometryCollection"):
        for i, part in enumerate(geom.geoms):
            check_orientation(part, f"{where} part {i}", problems)


def check_geometry(geometry, where, problems):
    if geometry is None:
        return
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        problems.append(f"{where}: geometry is not a GeoJSON geometry object")
        return
    if "crs" in geometry:
        problems.append(f"{where}: geometry has a crs member (not allowed by RFC 7946)")
    if geometry["type"] == "GeometryCollection":
        for i, g in enumerate(geometry.get("geometries", [])):
            check_geometry(g, f"{where} member {i}", problems)
        return
    if "coordinates" not in geometry:
        problems.append(f"{where}: geometry has no coordinates")
        return
    before = len(problems)
    check_positions(geometry["coordinates"], where, problems)
    if len(problems) > before:
        return
    try:
        geom = shape(geometry)
    except Exception as error:  # shapely refuses malformed rings, e.g. fewer than 4 positions
        problems.append(f"{where}: shapely cannot read the geometry: {error}")
        return
    if not geom.is_valid:
        problems.append(f"{where}: invalid {geom.geom_type}: {explain_validity(geom)}")
    check_orientation(geom, where, problems)


def check_file(path):
    """Returns (feature count, problems)."""
    problems = []
    try:
        run = subprocess.run(["ogrinfo", "-ro", "-al", "-so", path], capture_output=True, text=True)
    except FileNotFoundError:
        return 0, ["ogrinfo not found (install gdal-bin)"]
    if run.returncode != 0:
        lines = [l.strip() for l in (run.stderr or run.stdout).splitlines() if l.strip()]
        problems.append("ogrinfo failed: " + (" ".join(lines[:2]) if lines else f"exit {run.returncode}"))

    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as error:
        return 0, problems + [f"not readable JSON: {error}"]

    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return 0, problems + ["top level is not a FeatureCollection"]
    if "crs" in doc:
        problems.append("FeatureCollection has a crs member (not allowed by RFC 7946)")
    features = doc.get("features")
    if not isinstance(features, list):
        return 0, problems + ["features is not an array"]
    for i, feature in enumerate(features):
        where = f"feature {i}"
        if len(problems) >= MAX_PROBLEMS:
            break
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(f"{where}: not a Feature")
            continue
        if not isinstance(feature.get("properties"), dict):
            problems.append(f"{where}: properties is missing or not an object")
        if "crs" in feature:
            problems.append(f"{where}: has a crs member (not allowed by RFC 7946)")
        if "geometry" not in feature:
            problems.append(f"{where}: has no geometry member")
            continue
        check_geometry(feature["geometry"], where, problems)
    return len(features), problems[:MAX_PROBLEMS]


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    failed = False
    for path in argv[1:]:
        count, problems = check_file(path)
        if problems:
            failed = True
            print(f"FAIL {path}: " + "; ".join(problems))
        else:
            print(f"OK {path} ({count} features)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
