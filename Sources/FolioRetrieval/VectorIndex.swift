import CFaiss
import Foundation

/// Nearest-neighbour search over unit vectors by inner product, kept by FAISS.
///
/// Exact (flat) while small; rebuilt as HNSW once it holds more than
/// `Configuration.hnswThreshold` vectors. HNSW cannot delete, so removed ids
/// become tombstones, filtered from results and dropped by a rebuild when
/// they pile up or the index is saved. Ids are the store's chunk ids.
///
/// Not thread-safe: one owner (the `RetrievalStore` actor) uses it at a time.
public final class VectorIndex {
    /// Sizes and search breadth.
    public struct Configuration: Sendable, Equatable {
        /// Above this many vectors the index becomes HNSW.
        public var hnswThreshold: Int
        /// Links per HNSW node.
        public var hnswNeighbors: Int
        /// HNSW construction breadth.
        public var efConstruction: Int
        /// HNSW search breadth.
        public var efSearch: Int
        /// OpenMP threads per FAISS call.
        public var threads: Int

        /// Creates a configuration.
        public init(hnswThreshold: Int = 50_000, hnswNeighbors: Int = 32, efConstruction: Int = 80,
                    efSearch: Int = 96, threads: Int = 1) {
            self.hnswThreshold = hnswThreshold
            self.hnswNeighbors = hnswNeighbors
            self.efConstruction = efConstruction
            self.efSearch = efSearch
            self.threads = threads
        }
    }

    /// One search result.
    public struct Match: Sendable, Equatable {
        /// The chunk id.
        public var id: Int64
        /// Inner product with the query (cosine for unit vectors).
        public var score: Float
    }

    /// Vector length.
    public let dimension: Int
    /// Sizes and search breadth.
    public let configuration: Configuration
    private var handle: OpaquePointer
    private var tombstones: Set<Int64> = []

    /// An empty index.
    public init(dimension: Int, configuration: Configuration = .init()) throws {
        self.dimension = dimension
        self.configuration = configuration
        folio_faiss_set_threads(Int32(configuration.threads))
        handle = try Self.create(dimension: dimension, hnsw: false, configuration: configuration)
    }

    /// Loads an index written by `save(to:)`.
    public init(contentsOf path: String, configuration: Configuration = .init()) throws {
        folio_faiss_set_threads(Int32(configuration.threads))
        var out: OpaquePointer?
        try Self.check { folio_faiss_read(path, &out, $0, $1) }
        guard let out else { throw VectorIndexError("FAISS returned no index for \(path)") }
        handle = out
        dimension = Int(folio_faiss_dimension(out))
        self.configuration = configuration
        folio_faiss_set_ef_search(out, Int32(configuration.efSearch))
    }

    deinit { folio_faiss_free(handle) }

    /// Live vectors (tombstones not counted).
    public var count: Int { Int(folio_faiss_count(handle)) - tombstones.count }
    /// Whether the index is HNSW rather than exact.
    public var isHNSW: Bool { folio_faiss_is_hnsw(handle) != 0 }

    /// The live ids.
    public var ids: [Int64] {
        var all = [Int64](repeating: 0, count: Int(folio_faiss_count(handle)))
        all.withUnsafeMutableBufferPointer { folio_faiss_ids(handle, $0.baseAddress) }
        return tombstones.isEmpty ? all : all.filter { !tombstones.contains($0) }
    }

    /// Adds vectors under `ids` (ids must not be in the index already).
    public func add(ids: [Int64], vectors: [[Float]]) throws {
        precondition(ids.count == vectors.count, "one id per vector")
        guard !ids.isEmpty else { return }
        var flat: [Float] = []
        flat.reserveCapacity(vectors.count * dimension)
        for vector in vectors {
            guard vector.count == dimension else {
                throw VectorIndexError("vector of length \(vector.count), index holds \(dimension)")
            }
            flat.append(contentsOf: vector)
        }
        if !tombstones.isEmpty { tombstones.subtract(ids) }
        try Self.check { folio_faiss_add(handle, Int64(ids.count), flat, ids, $0, $1) }
        if !isHNSW && count > configuration.hnswThreshold {
            try rebuild(hnsw: true)
        }
    }

    /// Removes `ids` (unknown ids are ignored).
    public func remove(ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        if isHNSW {
            tombstones.formUnion(ids)
            if tombstones.count * 5 > Int(folio_faiss_count(handle)) {
                try rebuild(hnsw: count > configuration.hnswThreshold)
            }
        } else {
            var removed: Int64 = 0
            try Self.check { folio_faiss_remove(handle, Int64(ids.count), ids, &removed, $0, $1) }
        }
    }

    /// The `k` vectors closest to `query`, best first.
    public func search(_ query: [Float], k: Int) throws -> [Match] {
        try search([query], k: k)[0]
    }

    /// The `k` closest vectors for each query, best first.
    public func search(_ queries: [[Float]], k: Int) throws -> [[Match]] {
        let stored = Int(folio_faiss_count(handle))
        guard k > 0, stored > 0, !queries.isEmpty else { return queries.map { _ in [] } }
        let wanted = min(k + tombstones.count, stored)
        var flat: [Float] = []
        flat.reserveCapacity(queries.count * dimension)
        for query in queries {
            guard query.count == dimension else {
                throw VectorIndexError("query of length \(query.count), index holds \(dimension)")
            }
            flat.append(contentsOf: query)
        }
        var scores = [Float](repeating: 0, count: queries.count * wanted)
        var labels = [Int64](repeating: -1, count: queries.count * wanted)
        try Self.check {
            folio_faiss_search(handle, Int64(queries.count), flat, Int64(wanted), &scores, &labels, $0, $1)
        }
        return (0..<queries.count).map { q in
            var matches: [Match] = []
            for i in (q * wanted)..<((q + 1) * wanted) where labels[i] >= 0 && !tombstones.contains(labels[i]) {
                matches.append(Match(id: labels[i], score: scores[i]))
                if matches.count == k { break }
            }
            return matches
        }
    }

    /// Writes the index to `path` atomically (tombstones are dropped first).
    public func save(to path: String) throws {
        if !tombstones.isEmpty { try rebuild(hnsw: isHNSW && count > configuration.hnswThreshold) }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        do {
            try Self.check { folio_faiss_write(handle, temporary, $0, $1) }
            guard rename(temporary, path) == 0 else {
                throw VectorIndexError("cannot move index into place at \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    private func rebuild(hnsw: Bool) throws {
        let live = ids
        var vectors: [[Float]] = []
        vectors.reserveCapacity(live.count)
        for id in live {
            var vector = [Float](repeating: 0, count: dimension)
            try Self.check { folio_faiss_reconstruct(handle, id, &vector, $0, $1) }
            vectors.append(vector)
        }
        let fresh = try Self.create(dimension: dimension, hnsw: hnsw, configuration: configuration)
        folio_faiss_free(handle)
        handle = fresh
        tombstones = []
        var flat: [Float] = []
        flat.reserveCapacity(live.count * dimension)
        for vector in vectors { flat.append(contentsOf: vector) }
        if !live.isEmpty {
            try Self.check { folio_faiss_add(handle, Int64(live.count), flat, live, $0, $1) }
        }
    }

    private static func create(dimension: Int, hnsw: Bool, configuration: Configuration) throws -> OpaquePointer {
        var out: OpaquePointer?
        try check {
            folio_faiss_create(Int32(dimension), hnsw ? Int32(configuration.hnswNeighbors) : 0,
                               Int32(configuration.efConstruction), &out, $0, $1)
        }
        guard let out else { throw VectorIndexError("FAISS returned no index") }
        folio_faiss_set_ef_search(out, Int32(configuration.efSearch))
        return out
    }

    private static func check(_ call: (UnsafeMutablePointer<CChar>, Int) -> Int32) throws {
        var message = [CChar](repeating: 0, count: 512)
        let status = message.withUnsafeMutableBufferPointer { call($0.baseAddress!, $0.count) }
        if status != 0 {
            throw VectorIndexError(String(cString: message))
        }
    }
}
