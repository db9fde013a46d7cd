#include "CFaiss.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIDMap.h>
#include <faiss/impl/IDSelector.h>
#include <faiss/index_io.h>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <stdexcept>

struct FolioFaissIndex {
    std::unique_ptr<faiss::IndexIDMap2> index;
};

namespace {

std::atomic<int> thread_count{1};

// OpenMP's thread count is per calling thread, and Swift's concurrency pool
// moves work between threads, so every call sets it again.
void apply_threads() { omp_set_num_threads(thread_count.load()); }

void report(char *error, size_t size, const char *message) {
    if (error == nullptr || size == 0) return;
    std::snprintf(error, size, "%s", message);
}

template <typename Body>
int guarded(char *error, size_t size, Body body) {
    try {
        apply_threads();
        body();
        return 0;
    } catch (const std::exception &e) {
        report(error, size, e.what());
    } catch (...) {
        report(error, size, "unknown FAISS error");
    }
    return 1;
}

faiss::IndexHNSW *hnsw_of(const FolioFaissIndex *index) {
    return dynamic_cast<faiss::IndexHNSW *>(index->index->index);
}

} // namespace

extern "C" {

void folio_faiss_set_threads(int threads) { thread_count.store(threads < 1 ? 1 : threads); }

int folio_faiss_create(int dimension, int hnsw_neighbors, int ef_construction,
                       FolioFaissIndex **out, char *error, size_t error_size) {
    return guarded(error, error_size, [&] {
        faiss::Index *inner = nullptr;
        if (hnsw_neighbors > 0) {
            auto *hnsw = new faiss::IndexHNSWFlat(dimension, hnsw_neighbors, faiss::METRIC_INNER_PRODUCT);
            if (ef_construction > 0) hnsw->hnsw.efConstruction = ef_construction;
            inner = hnsw;
        } else {
            inner = new faiss::IndexFlatIP(dimension);
        }
        auto wrapper = std::make_unique<faiss::IndexIDMap2>(inner);
        wrapper->own_fields = true;
        auto *result = new FolioFaissIndex{std::move(wrapper)};
        *out = result;
    });
}

void folio_faiss_free(FolioFaissIndex *index) { delete index; }

int64_t folio_faiss_count(const FolioFaissIndex *index) { return index->index->ntotal; }

int folio_faiss_dimension(const FolioFaissIndex *index) { return index->index->d; }

int folio_faiss_is_hnsw(const FolioFaissIndex *index) { return hnsw_of(index) != nullptr ? 1 : 0; }

void folio_faiss_set_ef_search(FolioFaissIndex *index, int ef_search) {
    if (auto *hnsw = hnsw_of(index)) hnsw->hnsw.efSearch = ef_search;
}

int folio_faiss_add(FolioFaissIndex *index, int64_t count, const float *vectors,
                    const int64_t *ids, char *error, size_t error_size) {
    return guarded(error, error_size, [&] { index->index->add_with_ids(count, vectors, ids); });
}

int folio_faiss_remove(FolioFaissIndex *index, int64_t count, const int64_t *ids,
                       int64_t *removed, char *error, size_t error_size) {
    return guarded(error, error_size, [&] {
        faiss::IDSelectorBatch selector(count, ids);
        *removed = static_cast<int64_t>(index->index->remove_ids(selector));
    });
}

void folio_faiss_ids(const FolioFaissIndex *index, int64_t *ids) {
    const auto &map = index->index->id_map;
    std::copy(map.begin(), map.end(), ids);
}

int folio_faiss_reconstruct(const FolioFaissIndex *index, int64_t id, float *vector,
                            char *error, size_t error_size) {
    return guarded(error, error_size, [&] { index->index->reconstruct(id, vector); });
}

int folio_faiss_search(const FolioFaissIndex *index, int64_t count, const float *queries,
                       int64_t k, float *scores, int64_t *ids,
                       char *error, size_t error_size) {
    return guarded(error, error_size, [&] { index->index->search(count, queries, k, scores, ids); });
}

int folio_faiss_write(const FolioFaissIndex *index, const char *path,
                      char *error, size_t error_size) {
    return guarded(error, error_size, [&] { faiss::write_index(index->index.get(), path); });
}

int folio_faiss_read(const char *path, FolioFaissIndex **out,
                     char *error, size_t error_size) {
    return guarded(error, error_size, [&] {
        std::unique_ptr<faiss::Index> loaded(faiss::read_index(path));
        auto *map = dynamic_cast<faiss::IndexIDMap2 *>(loaded.get());
        if (map == nullptr) throw std::runtime_error("not a Folio index (expected IDMap2)");
        loaded.release();
        *out = new FolioFaissIndex{std::unique_ptr<faiss::IndexIDMap2>(map)};
    });
}

} // extern "C"
