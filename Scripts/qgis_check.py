#!/usr/bin/env python3
"""Loads MetroCommute outputs in QGIS (PyQGIS, headless) and checks them as a GIS user would see them.

Usage: QT_QPA_PLATFORM=offscreen python3 Scripts/qgis_check.py SPEC.json

SPEC: {"layers": [{"source": "rings.gpkg|layername=district", "name": "district", "count": 66,
                   "fields": {"adcode": "integer", "population": "real", ...},
                   "renderer": "categorizedSymbol", "style": "optional .qml to apply"}],
       "render": {"layers": ["commute_circle", "district"], "png": "circle.png", "width": 800, "height": 600}}

Every layer must be valid, hold `count` features and have each listed field with a QGIS type of that kind
(integer: Int/LongLong, real: Double, string: String, boolean: Bool); its default style (a GeoPackage's
layer_styles, or a .qml beside a file) or the given .qml must load without error and give the renderer named.
The render draws the named layers (first on top) to a PNG, which must not be a single colour.
Prints one line per check; exits 1 on the first failure with the reason.
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (QgsApplication, QgsMapRendererSequentialJob, QgsMapSettings, QgsVectorLayer)  # noqa: E402
from qgis.PyQt.QtCore import QSize, QVariant  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

KINDS = {
    "integer": {QVariant.Int, QVariant.LongLong},
    "real": {QVariant.Double},
    "string": {QVariant.String},
    "boolean": {QVariant.Bool},
}


def fail(message):
    print("qgis_check: FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def main():
    spec = json.load(open(sys.argv[1], encoding="utf-8"))
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    loaded = {}
    for entry in spec["layers"]:
        layer = QgsVectorLayer(entry["source"], entry["name"], "ogr")
        if not layer.isValid():
            fail("%s: not a valid layer (%s)" % (entry["source"], layer.error().summary()))
        count = layer.featureCount()
        if count != entry["count"]:
            fail("%s: %d features, expected %d" % (entry["source"], count, entry["count"]))
        fields = {f.name(): f for f in layer.fields()}
        for name, kind in entry.get("fields", {}).items():
            if name not in fields:
                fail("%s: no field %s (fields: %s)" % (entry["source"], name, ", ".join(fields)))
            if fields[name].type() not in KINDS[kind]:
                fail("%s: %s is %s, expected %s" % (entry["source"], name, fields[name].typeName(), kind))
        if entry.get("style"):
            message, ok = layer.loadNamedStyle(entry["style"])
            if not ok:
                fail("%s: style %s does not load: %s" % (entry["source"], entry["style"], message))
        renderer = layer.renderer().type() if layer.renderer() else None
        if entry.get("renderer") and renderer != entry["renderer"]:
            fail("%s: renderer %s, expected %s (the shipped style did not load)" % (entry["source"], renderer, entry["renderer"]))
        if renderer == "categorizedSymbol" and not layer.renderer().categories():
            fail("%s: categorized style without categories" % entry["source"])
        print("qgis_check: %s: valid, %d features, %d fields checked, renderer %s"
              % (entry["source"], count, len(entry.get("fields", {})), renderer))
        loaded[entry["name"]] = layer

    render = spec.get("render")
    if render:
        layers = [loaded[name] for name in render["layers"]]
        settings = QgsMapSettings()
        settings.setLayers(layers)
        settings.setBackgroundColor(QColor(255, 255, 255))
        settings.setOutputSize(QSize(render.get("width", 800), render.get("height", 600)))
        settings.setDestinationCrs(layers[-1].crs())
        settings.setExtent(layers[-1].extent())
        job = QgsMapRendererSequentialJob(settings)
        job.start()
        job.waitForFinished()
        for error in job.errors():
            fail("render: %s: %s" % (error.layerID, error.message))
        image = job.renderedImage()
        if not image.save(render["png"], "PNG"):
            fail("render: cannot write %s" % render["png"])
        colours = set()
        for y in range(0, image.height(), 3):
            for x in range(0, image.width(), 3):
                colours.add(image.pixel(x, y))
        if len(colours) < 2:
            fail("render: %s is a single colour" % render["png"])
        print("qgis_check: %s: %dx%d, %d colours sampled" % (render["png"], image.width(), image.height(), len(colours)))
    # QGIS 3.22 may crash in exitQgis() while tearing down layers of a headless session (exit status 11 after
    # every check passed): leave without the teardown once everything is checked and printed.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
