import FolioCore
import FolioRetrieval
import FolioTesting
import Foundation
import Testing

@Suite("MiniLMEmbedder")
struct MiniLMEmbedderTests {
    /// f32, which matches the reference to 0.9999; the bfloat16 products' bound is
    /// `BFloat16EncoderTests`'.
    static let embedder = Result { try MiniLMEmbedder(directory: MiniLMReference.modelDirectory, batchSize: 8, precision: .f32) }

    @Test("every vector matches sentence-transformers (cosine ≥ 0.9999)")
    func parity() throws {
        let embedder = try Self.embedder.get()
        let reference = try MiniLMReference.load()
        let vectors = embedder.embedSynchronously(reference.texts.map(\.text))
        var worst: Float = 1
        for (entry, vector) in zip(reference.texts, vectors) {
            #expect(vector.count == 384)
            let cosine = zip(entry.embedding, vector).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            worst = min(worst, cosine)
            #expect(cosine >= 0.9999, "\(entry.text): cosine \(cosine)")
        }
        print("MiniLM parity: worst cosine \(worst) over \(reference.texts.count) texts")
    }

    @Test("batching does not change vectors")
    func batchIndependent() throws {
        let embedder = try Self.embedder.get()
        let texts = ["short", "a somewhat longer sentence about a lighthouse", "x"]
        let together = embedder.embedSynchronously(texts)
        for (text, vector) in zip(texts, together) {
            let alone = embedder.embedSynchronously([text])[0]
            let cosine = zip(alone, vector).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            #expect(cosine > 0.99999)
        }
    }

    @Test("one worker gives the vectors several give")
    func workers() throws {
        var alone = try Self.embedder.get()
        alone.threads = 1
        var side = alone
        side.threads = 2
        alone.batchSize = 2
        side.batchSize = 2
        let texts = (1...7).map { "Sentence \($0) about the keeper, the lamp and the bottle on the shore." }
        for (one, two) in zip(alone.embedSynchronously(texts), side.embedSynchronously(texts)) {
            #expect(zip(one, two).reduce(Float(0)) { $0 + $1.0 * $1.1 } > 0.99999)
        }
    }

    @Test("vectors are unit length and related texts score higher")
    func semantics() async throws {
        let embedder = try Self.embedder.get()
        let vectors = try await embedder.embed([
            "The key is hidden under the blue stone.",
            "Where did they hide the key? Under a blue rock.",
            "Quarterly revenue grew by four percent.",
        ])
        for vector in vectors {
            let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-4)
        }
        let related = zip(vectors[0], vectors[1]).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        let unrelated = zip(vectors[0], vectors[2]).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        #expect(related > unrelated + 0.2)
    }

    @Test("a missing model folder is bad input")
    func missingModel() {
        #expect(throws: (any Error).self) { try MiniLMEmbedder(directory: "/nonexistent/model") }
    }
}
