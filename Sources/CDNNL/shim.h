#ifndef FOLIO_CDNNL_SHIM_H
#define FOLIO_CDNNL_SHIM_H
// oneDNN's C interface (Debian libdnnl-dev, built on OpenMP).
#include <oneapi/dnnl/dnnl.h>
// OpenMP's thread count of the calling thread, which oneDNN's kernels follow (libgomp).
void omp_set_num_threads(int num_threads);
int omp_get_max_threads(void);
#endif
