import FolioRetrieval
import FolioTesting
import Foundation
import Testing

@Suite("VectorIndex")
struct VectorIndexTests {
    /// Deterministic unit vectors.
    static func vectors(_ count: Int, dimension: Int = 16, seed: UInt64 = 7) -> [[Float]] {
        var state = seed
        return (0..<count).map { _ in
            let raw = (0..<dimension).map { _ -> Float in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Float(Int64(bitPattern: state >> 11) % 2000 - 1000) / 1000
            }
            let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return raw.map { $0 / norm }
        }
    }

    @Test("flat: exact nearest neighbours, remove, save and load")
    func flat() throws {
        try withTemporaryDirectorySync { dir in
            let data = Self.vectors(200)
            let index = try VectorIndex(dimension: 16)
            try index.add(ids: (0..<200).map { Int64($0 * 10) }, vectors: data)
            #expect(index.count == 200)
            #expect(!index.isHNSW)
            let top = try index.search(data[42], k: 3)
            #expect(top.first?.id == 420)
            #expect(abs(top.first!.score - 1) < 1e-5)
            #expect(top.count == 3 && top[0].score >= top[1].score && top[1].score >= top[2].score)
            try index.remove(ids: [420])
            #expect(index.count == 199)
            #expect(try index.search(data[42], k: 1).first?.id != 420)
            let path = dir.appending("index.faiss")
            try index.save(to: path)
            let loaded = try VectorIndex(contentsOf: path)
            #expect(loaded.count == 199)
            #expect(Set(loaded.ids) == Set(index.ids))
            #expect(try loaded.search(data[7], k: 1).first?.id == 70)
        }
    }

    @Test("HNSW above the threshold: tombstones hide removed ids, save drops them")
    func hnsw() throws {
        try withTemporaryDirectorySync { dir in
            let data = Self.vectors(300)
            let index = try VectorIndex(dimension: 16, configuration: .init(hnswThreshold: 100))
            try index.add(ids: (0..<300).map(Int64.init), vectors: data)
            #expect(index.isHNSW)
            var hits = 0
            for i in stride(from: 0, to: 300, by: 10) where try index.search(data[i], k: 1).first?.id == Int64(i) { hits += 1 }
            #expect(hits >= 28, "HNSW recall@1 on stored vectors: \(hits)/30")
            try index.remove(ids: [5, 6, 7])
            #expect(index.count == 297)
            #expect(!(try index.search(data[5], k: 10).map(\.id).contains(5)))
            let path = dir.appending("index.faiss")
            try index.save(to: path)
            let loaded = try VectorIndex(contentsOf: path, configuration: .init(hnswThreshold: 100))
            #expect(loaded.count == 297 && loaded.isHNSW)
            #expect(!loaded.ids.contains(6))
        }
    }

    @Test("FAISS errors come back as Swift errors, not crashes")
    func errors() throws {
        try withTemporaryDirectorySync { dir in
            let path = dir.appending("bad.faiss")
            try Data("not an index".utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: VectorIndexError.self) { try VectorIndex(contentsOf: path) }
            #expect(throws: VectorIndexError.self) { try VectorIndex(contentsOf: dir.appending("missing.faiss")) }
            let index = try VectorIndex(dimension: 4)
            #expect(throws: VectorIndexError.self) { try index.add(ids: [1], vectors: [[1, 0]]) }
            #expect(try index.search([1, 0, 0, 0], k: 5).isEmpty)
        }
    }
}

func withTemporaryDirectorySync<T>(_ body: (TemporaryDirectory) throws -> T) throws -> T {
    let directory = try TemporaryDirectory("folio-rag")
    defer { directory.remove() }
    return try body(directory)
}
