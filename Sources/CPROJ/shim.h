// CPROJ: the PROJ C API (proj.h), seen only by GeoPROJ through `internal import CPROJ`.
#ifndef METROCOMMUTE_CPROJ_SHIM_H
#define METROCOMMUTE_CPROJ_SHIM_H
#include <proj.h>
#endif
