// CGDAL: the GDAL/OGR C API (vector part) and the OGR spatial-reference API. Only the C headers: GDAL's C++
// classes never reach Swift. GeoGDAL is the one module that imports this (internal import).
#ifndef METROCOMMUTE_CGDAL_SHIM_H
#define METROCOMMUTE_CGDAL_SHIM_H
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#endif
