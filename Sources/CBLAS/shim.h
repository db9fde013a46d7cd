#ifndef FOLIO_CBLAS_SHIM_H
#define FOLIO_CBLAS_SHIM_H
// OpenBLAS's CBLAS interface (Debian libopenblas-dev).
#include <cblas.h>
// Provided by OpenBLAS: threads used by its level-3 routines.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
#endif
