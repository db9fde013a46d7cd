// Swift's clang ships no <omp.h>, which FAISS's HNSW header includes.
// This declares the part of libgomp's OpenMP API that the shim and FAISS's
// headers use, with libgomp's layout for omp_lock_t (GCC 12 omp.h).
#ifndef FOLIO_COMPAT_OMP_H
#define FOLIO_COMPAT_OMP_H
#ifdef __cplusplus
extern "C" {
#endif
typedef struct {
    unsigned char _x[4] __attribute__((__aligned__(4)));
} omp_lock_t;
void omp_set_num_threads(int);
int omp_get_max_threads(void);
void omp_init_lock(omp_lock_t*);
void omp_destroy_lock(omp_lock_t*);
void omp_set_lock(omp_lock_t*);
void omp_unset_lock(omp_lock_t*);
#ifdef __cplusplus
}
#endif
#endif
