import FolioRetrieval
import FolioTesting
import Foundation
import Synchronization

/// Embeds each distinct text once: the claim datasets repeat their documents across rows. The
/// vectors persist in `Benchmarks/results/` (git-ignored) between runs, since embedding a
/// whole claim set takes many CPU minutes and the features built on them change far more often.
final class CachingEmbedder: Embedder {
    let base: MiniLMEmbedder
    private let cache = Mutex([String: [Float]]())
    private let added = Mutex(0)
    var modelID: String { base.modelID }
    var dimension: Int { base.dimension }

    init(_ base: MiniLMEmbedder) {
        self.base = base
        load()
    }

    func embed(_ texts: [String]) async throws -> [[Float]] {
        let missing = Array(Set(texts.filter { text in cache.withLock { $0[text] == nil } }))
        if !missing.isEmpty {
            let vectors = base.embedSynchronously(missing)
            cache.withLock { cache in for (text, vector) in zip(missing, vectors) { cache[text] = vector } }
            let count = added.withLock { $0 += missing.count; return $0 }
            if count >= 5000 { save() }
        }
        return cache.withLock { cache in texts.map { cache[$0]! } }
    }

    /// `Benchmarks/results/vectors-MODEL.bin` (`-bf16` before `.bin` for bfloat16 vectors), or `SAFETY_VECTOR_CACHE-MODEL.bin` so that two runs
    /// (dev and test) can fill caches side by side without overwriting each other's.
    private var file: URL {
        let stem = ProcessInfo.processInfo.environment["SAFETY_VECTOR_CACHE"] ?? "vectors"
        return FolioBinary.packageRoot.appendingPathComponent(
            "Benchmarks/results/\(stem)-\(base.modelID.replacingOccurrences(of: "/", with: "-"))\(precision).bin")
    }

    /// `-bf16` for vectors of the bfloat16 encoder, nothing for f32 ones.
    private var precision: String { base.encoder.usesBFloat16 ? "-bf16" : "" }

    /// Writes every vector: per text, its UTF-8 length (UInt32), its bytes, then its floats.
    func save() {
        var data = Data()
        cache.withLock { cache in
            for (text, vector) in cache {
                let bytes = Array(text.utf8)
                withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { data.append(contentsOf: $0) }
                data.append(contentsOf: bytes)
                vector.withUnsafeBytes { data.append(contentsOf: $0) }
            }
        }
        added.withLock { $0 = 0 }
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.write(to: file, options: .atomic)
    }

    private func load() {
        guard let data = try? Data(contentsOf: file) else { return }
        let width = dimension * MemoryLayout<Float>.size
        var loaded: [String: [Float]] = [:]
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset + 4 <= raw.count {
                let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                offset += 4
                guard offset + length + width <= raw.count else { break }
                let text = String(decoding: raw[offset..<(offset + length)], as: UTF8.self)
                offset += length
                var vector = [Float](repeating: 0, count: dimension)
                vector.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + width)])) }
                offset += width
                loaded[text] = vector
            }
        }
        cache.withLock { $0 = loaded }
    }
}
