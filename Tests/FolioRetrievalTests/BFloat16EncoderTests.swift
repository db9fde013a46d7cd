import FolioCore
@testable import FolioRetrieval
import FolioTesting
import Foundation
import Testing

@Suite("MiniLMEmbedder in bfloat16")
struct BFloat16EncoderTests {
    static let exact = Result { try MiniLMEmbedder(directory: MiniLMReference.modelDirectory, batchSize: 8, precision: .f32) }
    static let fast = Result { try MiniLMEmbedder(directory: MiniLMReference.modelDirectory, batchSize: 8, precision: .auto) }

    /// The bfloat16 embedder, or nil (with a note) on a CPU where oneDNN has no AMX kernel.
    static func bfloat16() throws -> MiniLMEmbedder? {
        let embedder = try fast.get()
        guard embedder.encoder.usesBFloat16 else {
            print("skipped: oneDNN has no AMX kernel on this CPU, the encoder runs \(embedder.encoder.matrixProducts)")
            return nil
        }
        return embedder
    }

    @Test("f32 precision keeps every product on OpenBLAS")
    func f32StaysOnOpenBLAS() throws {
        let embedder = try Self.exact.get()
        #expect(!embedder.encoder.usesBFloat16)
        #expect(embedder.encoder.matrixProducts == "f32 (OpenBLAS)")
    }

    @Test("only oneDNN's AMX kernels count as native")
    func nativeKernels() {
        #expect(BFloat16Linear.isNative("brg:avx512_core_amx_bf16"))
        #expect(!BFloat16Linear.isNative("brg:avx512_core_bf16"))
        #expect(!BFloat16Linear.isNative("gemm:jit"))
        #expect(!BFloat16Linear.isNative("ref:any"))
    }

    @Test("rounding to bfloat16 is to the nearest, ties to even")
    func rounding() {
        let values: [Float] = [1, -2.5, 1 + 1.0 / 256, 1 + 3.0 / 256, 1 + 1.0 / 512, 3.14159265]
        var rounded = [UInt16](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { source in
            rounded.withUnsafeMutableBufferPointer { BFloat16Linear.convert(source.baseAddress!, to: $0.baseAddress!, count: values.count) }
        }
        let back = rounded.map { Float(bitPattern: UInt32($0) << 16) }
        // 1 + 1/256 lies halfway between 1 and 1 + 1/128: ties go to the even mantissa (1).
        #expect(back == [1, -2.5, 1, 1 + 4.0 / 256, 1, 3.140625])
    }

    @Test("bfloat16 vectors of the reference texts stay within cosine 0.9999 of f32 and of sentence-transformers")
    func closeToF32() throws {
        guard let fast = try Self.bfloat16() else { return }
        let reference = try MiniLMReference.load()
        let texts = reference.texts.map(\.text)
        let exact = try Self.exact.get().embedSynchronously(texts)
        let approximate = fast.embedSynchronously(texts)
        var worst: Float = 1, worstToReference: Float = 1
        for (index, entry) in reference.texts.enumerated() {
            let toF32 = cosine(exact[index], approximate[index])
            let toReference = cosine(entry.embedding, approximate[index])
            worst = min(worst, toF32)
            worstToReference = min(worstToReference, toReference)
            #expect(toF32 >= 0.9999, "\(entry.text): cosine to f32 \(toF32)")
            #expect(toReference >= 0.9999, "\(entry.text): cosine to sentence-transformers \(toReference)")
        }
        print("MiniLM bfloat16 (\(fast.encoder.matrixProducts)): worst cosine to f32 \(worst), to sentence-transformers \(worstToReference), over \(texts.count) texts")
    }

    @Test("batching does not change bfloat16 vectors (full blocks and padded last blocks alike)")
    func batchIndependent() throws {
        guard let fast = try Self.bfloat16() else { return }
        let texts = try MiniLMReference.load().texts.map(\.text)
        let together = fast.embedSynchronously(texts)
        for (text, vector) in zip(texts, together) {
            #expect(cosine(fast.embedSynchronously([text])[0], vector) > 0.99999, "\(text)")
        }
    }

    @Test("bfloat16 ranks a claim's evidence as f32 does (WiCE dev)")
    func rankingPreserved() throws {
        guard let fast = try Self.bfloat16() else { return }
        let file = FolioBinary.packageRoot.appendingPathComponent("../shared/data/claims/wice_dev.jsonl")
        guard let data = try? String(contentsOf: file, encoding: .utf8) else {
            print("skipped: \(file.path) not found")
            return
        }
        struct Row: Decodable { var claim: String; var evidence: [String] }
        let rows = try data.split(separator: "\n").prefix(12).map { try JSONDecoder().decode(Row.self, from: Data($0.utf8)) }
        let exact = try Self.exact.get()
        var worst: Float = 1
        var sameTop = 0, sameFive = 0
        for row in rows {
            let texts = [row.claim] + row.evidence
            let f32 = exact.embedSynchronously(texts)
            let bf16 = fast.embedSynchronously(texts)
            for (a, b) in zip(f32, bf16) { worst = min(worst, cosine(a, b)) }
            func ranking(_ vectors: [[Float]]) -> [Int] {
                let scores = vectors.dropFirst().map { cosine(vectors[0], $0) }
                return scores.indices.sorted { scores[$0] > scores[$1] }
            }
            let (f32Order, bf16Order) = (ranking(f32), ranking(bf16))
            if f32Order.first == bf16Order.first { sameTop += 1 }
            if Set(f32Order.prefix(5)) == Set(bf16Order.prefix(5)) { sameFive += 1 }
        }
        print("MiniLM bfloat16 on \(rows.count) WiCE dev claims: worst cosine to f32 \(worst), same best sentence \(sameTop), same top 5 \(sameFive)")
        #expect(worst >= 0.9999)
        #expect(sameTop == rows.count)
        #expect(sameFive >= rows.count - 1)
    }

    private func cosine(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).reduce(Float(0)) { $0 + $1.0 * $1.1 }
    }
}
