#!/usr/bin/env python3
"""Independent reference for district areas: pyproj + shapely, not our Swift code.

Projects every district of a districts GeoJSON (WGS-84) to a planar CRS (default EPSG:4548,
CGCS2000 / 3-degree Gauss-Kruger CM 117E, the zone of Beijing and Tianjin) and prints
district_adcode,district_name,area_km2 as CSV (areas to 6 decimals), in file order.

Recorded fixture (run from the package root):
  python3 Scripts/reference/district_areas.py ../../shared/data/cn/jingjinji/districts.geojson \
      > Tests/GeoGEOSTests/Fixtures/jingjinji_district_areas_pyproj_shapely.csv
(recorded with pyproj 3.7.2 / PROJ 9.5.1, shapely 2.2.0)
"""
import argparse
import csv
import json
import sys

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import shape


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("geojson", help="districts GeoJSON (FeatureCollection, WGS-84)")
    parser.add_argument("--crs", default="EPSG:4548", help="planar target CRS (default EPSG:4548)")
    args = parser.parse_args()

    with open(args.geojson, encoding="utf-8") as f:
        collection = json.load(f)
    to_planar = Transformer.from_crs("EPSG:4326", args.crs, always_xy=True)

    def project(xy):
        x, y = to_planar.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["district_adcode", "district_name", "area_km2"])
    for feature in collection["features"]:
        props = feature["properties"]
        planar = shapely.transform(shape(feature["geometry"]), project)
        out.writerow([props["district_adcode"], props["district_name"], f"{planar.area / 1e6:.6f}"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
