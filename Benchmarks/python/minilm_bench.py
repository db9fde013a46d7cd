"""sentence-transformers baseline for Folio's embedding and query benchmarks.

Reads a JSON request on stdin and prints JSON timings; only the measured calls are timed
(model loading is not). Run with a virtualenv holding torch, sentence-transformers and
(optionally) faiss-cpu:

    {"model": DIR, "texts": [...], "batches": [1, 16, 64], "queries": [...], "index_size": 10000}
"""
import json
import sys
import time

import numpy as np
import torch
from sentence_transformers import SentenceTransformer, models


def main() -> None:
    request = json.load(sys.stdin)
    torch.set_num_threads(int(request.get("threads", 2)))
    transformer = models.Transformer(request["model"], max_seq_length=256)
    pooling = models.Pooling(transformer.get_word_embedding_dimension(), "mean")
    model = SentenceTransformer(modules=[transformer, pooling, models.Normalize()], device="cpu")
    texts = request.get("texts", [])
    result = {"encode_seconds": {}}
    model.encode(texts[:8], batch_size=8)  # warm-up
    for batch in request.get("batches", []):
        started = time.perf_counter()
        model.encode(texts, batch_size=batch, convert_to_numpy=True)
        result["encode_seconds"][str(batch)] = time.perf_counter() - started
    queries = request.get("queries", [])
    if queries:
        size = int(request.get("index_size", 10000))
        rng = np.random.default_rng(7)
        vectors = rng.standard_normal((size, 384)).astype("float32")
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        try:
            import faiss
            faiss.omp_set_num_threads(1)
            index = faiss.IndexFlatIP(384)
            index.add(vectors)
            search = lambda q: index.search(q, 10)
            result["search"] = "faiss-cpu"
        except ImportError:
            search = lambda q: np.argsort(-(vectors @ q[0]))[:10]
            result["search"] = "numpy"
        latencies = []
        for query in queries:
            started = time.perf_counter()
            vector = model.encode([query], convert_to_numpy=True)
            search(vector)
            latencies.append(time.perf_counter() - started)
        result["query_seconds"] = latencies
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
