// CMalloc: glibc's malloc statistics (mallinfo2) for the scenario benchmark's memory figures; seen only by
// metrocommute-bench.
#ifndef METROCOMMUTE_CMALLOC_SHIM_H
#define METROCOMMUTE_CMALLOC_SHIM_H
#include <malloc.h>
#endif
