#ifndef FOLIO_CFAISS_H
#define FOLIO_CFAISS_H
// A small C interface over FAISS's C++ API. Every function catches C++
// exceptions and reports them as a non-zero return code with a message in
// `error` (NUL-terminated, at most `error_size` bytes), because an exception
// crossing into Swift would abort the process.
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An owned FAISS index (an IndexIDMap2 around a flat or HNSW index).
typedef struct FolioFaissIndex FolioFaissIndex;

/// Sets how many OpenMP threads each later call uses (default 1).
void folio_faiss_set_threads(int threads);

/// Creates an empty inner-product index of `dimension` with `hnsw_neighbors`
/// links per node (0 = exact flat index).
int folio_faiss_create(int dimension, int hnsw_neighbors, int ef_construction,
                       FolioFaissIndex **out, char *error, size_t error_size);
/// Frees an index.
void folio_faiss_free(FolioFaissIndex *index);
/// Number of vectors in the index.
int64_t folio_faiss_count(const FolioFaissIndex *index);
/// Vector dimension.
int folio_faiss_dimension(const FolioFaissIndex *index);
/// 1 when the inner index is HNSW.
int folio_faiss_is_hnsw(const FolioFaissIndex *index);
/// Sets HNSW's search breadth (no effect on a flat index).
void folio_faiss_set_ef_search(FolioFaissIndex *index, int ef_search);
/// Adds `count` vectors (row-major, `dimension` floats each) with their ids.
int folio_faiss_add(FolioFaissIndex *index, int64_t count, const float *vectors,
                    const int64_t *ids, char *error, size_t error_size);
/// Removes ids; `removed` receives how many were found. Fails on HNSW.
int folio_faiss_remove(FolioFaissIndex *index, int64_t count, const int64_t *ids,
                       int64_t *removed, char *error, size_t error_size);
/// Copies the ids of the index, in insertion order, into `ids` (`count` values).
void folio_faiss_ids(const FolioFaissIndex *index, int64_t *ids);
/// Copies the stored vector of `id` into `vector` (`dimension` floats).
int folio_faiss_reconstruct(const FolioFaissIndex *index, int64_t id, float *vector,
                            char *error, size_t error_size);
/// The `k` nearest of each of `count` queries: `scores` and `ids` receive
/// `count * k` values, best first; missing results have id -1.
int folio_faiss_search(const FolioFaissIndex *index, int64_t count, const float *queries,
                       int64_t k, float *scores, int64_t *ids,
                       char *error, size_t error_size);
/// Writes the index to `path`.
int folio_faiss_write(const FolioFaissIndex *index, const char *path,
                      char *error, size_t error_size);
/// Reads an index written by `folio_faiss_write`.
int folio_faiss_read(const char *path, FolioFaissIndex **out,
                     char *error, size_t error_size);

#ifdef __cplusplus
}
#endif
#endif
