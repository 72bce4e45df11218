// CBZip2: decompression of .osm.bz2 XML extracts; seen only by GeoIO.
#ifndef METROCOMMUTE_CBZIP2_SHIM_H
#define METROCOMMUTE_CBZIP2_SHIM_H
#include <bzlib.h>
#endif
