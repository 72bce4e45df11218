// CGEOS: the GEOS C API, reentrant (_r) functions only: the non-reentrant global-context API is hidden
// so that no call can touch shared state (one context per task).
#ifndef METROCOMMUTE_CGEOS_SHIM_H
#define METROCOMMUTE_CGEOS_SHIM_H
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#endif
