// CZlib: inflate for OSM PBF blobs and GTFS zip members; seen only by GeoIO.
#ifndef METROCOMMUTE_CZLIB_SHIM_H
#define METROCOMMUTE_CZLIB_SHIM_H
#include <zlib.h>
#endif
