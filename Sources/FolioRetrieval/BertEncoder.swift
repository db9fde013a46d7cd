import CBLAS
import FolioCore
import Foundation

/// A BERT encoder run on the CPU, its matrix products through OpenBLAS, or with `.auto`
/// precision on a CPU with AMX, its four weight products per layer in bfloat16 through oneDNN.
///
/// Sequences of a batch are packed end to end without padding: every step but
/// attention works row by row, and attention runs per sequence over its own
/// rows only, which is what the attention mask does in the reference
/// implementation, without computing the padded positions at all.
public final class BertEncoder: Sendable {
    /// The encoder's sizes.
    public let configuration: BertConfiguration
    private let wordEmbeddings: [Float]
    private let positionEmbeddings: [Float]
    private let typeEmbeddings: [Float]
    private let embeddingNorm: LayerNorm
    private let layers: [Layer]
    /// Each layer's weights packed for oneDNN's bfloat16 kernel, when the encoder uses it.
    private let packedLayers: [PackedLayer]?
    /// How the weight products are computed: `bf16 (oneDNN brg:avx512_core_amx_bf16)` or `f32 (OpenBLAS)`.
    public let matrixProducts: String
    /// Whether the weight products take bfloat16 inputs (`.auto` on a CPU with AMX).
    public var usesBFloat16: Bool { packedLayers != nil }

    struct LayerNorm: Sendable {
        var weight: [Float]
        var bias: [Float]
    }

    struct Layer: Sendable {
        /// Query, key and value projections stacked: [3H, H] and [3H].
        var qkvWeight: [Float]
        var qkvBias: [Float]
        var attentionOutWeight: [Float]
        var attentionOutBias: [Float]
        var attentionNorm: LayerNorm
        var intermediateWeight: [Float]
        var intermediateBias: [Float]
        var outputWeight: [Float]
        var outputBias: [Float]
        var outputNorm: LayerNorm
    }

    /// One layer's four weights in oneDNN's bfloat16 layout.
    struct PackedLayer: Sendable {
        var qkv: BFloat16Linear.Packed
        var attentionOut: BFloat16Linear.Packed
        var intermediate: BFloat16Linear.Packed
        var output: BFloat16Linear.Packed
    }

    /// Loads the weights of a Hugging Face `BertModel` checkpoint; with `.auto` precision, also
    /// packs them for oneDNN's bfloat16 AMX kernel when this CPU has one (else OpenBLAS, f32).
    public init(configuration: BertConfiguration, weights: SafeTensors, precision: EmbeddingPrecision = .auto) throws {
        self.configuration = configuration
        let h = configuration.hiddenSize
        let i = configuration.intermediateSize
        func t(_ name: String, _ shape: [Int]) throws -> [Float] {
            // Checkpoints saved from BertForX prefix names with "bert.".
            if weights.tensors[name] == nil, weights.tensors["bert." + name] != nil {
                return try weights.tensor("bert." + name, shape: shape)
            }
            return try weights.tensor(name, shape: shape)
        }
        func norm(_ prefix: String) throws -> LayerNorm {
            LayerNorm(weight: try t(prefix + ".weight", [h]), bias: try t(prefix + ".bias", [h]))
        }
        wordEmbeddings = try t("embeddings.word_embeddings.weight", [configuration.vocabularySize, h])
        positionEmbeddings = try t("embeddings.position_embeddings.weight", [configuration.maxPositions, h])
        typeEmbeddings = try t("embeddings.token_type_embeddings.weight", [configuration.typeCount, h])
        embeddingNorm = try norm("embeddings.LayerNorm")
        layers = try (0..<configuration.layerCount).map { index in
            let p = "encoder.layer.\(index)."
            return Layer(
                qkvWeight: try t(p + "attention.self.query.weight", [h, h])
                    + t(p + "attention.self.key.weight", [h, h])
                    + t(p + "attention.self.value.weight", [h, h]),
                qkvBias: try t(p + "attention.self.query.bias", [h])
                    + t(p + "attention.self.key.bias", [h])
                    + t(p + "attention.self.value.bias", [h]),
                attentionOutWeight: try t(p + "attention.output.dense.weight", [h, h]),
                attentionOutBias: try t(p + "attention.output.dense.bias", [h]),
                attentionNorm: try norm(p + "attention.output.LayerNorm"),
                intermediateWeight: try t(p + "intermediate.dense.weight", [i, h]),
                intermediateBias: try t(p + "intermediate.dense.bias", [i]),
                outputWeight: try t(p + "output.dense.weight", [h, i]),
                outputBias: try t(p + "output.dense.bias", [h]),
                outputNorm: try norm(p + "output.LayerNorm")
            )
        }
        packedLayers = precision == .auto ? Self.pack(layers, configuration: configuration) : nil
        matrixProducts = packedLayers.map { "bf16 (oneDNN \($0.first?.qkv.linear.kernel ?? ""))" } ?? "f32 (OpenBLAS)"
    }

    /// Every layer's weights packed for oneDNN's bfloat16 kernel, or nil when any product has
    /// no AMX kernel or oneDNN fails.
    private static func pack(_ layers: [Layer], configuration: BertConfiguration) -> [PackedLayer]? {
        let h = configuration.hiddenSize
        let i = configuration.intermediateSize
        guard let engine = OneDNNEngine.shared,
              let qkv = BFloat16Linear(engine: engine, inputs: h, outputs: 3 * h),
              let square = BFloat16Linear(engine: engine, inputs: h, outputs: h),
              let widen = BFloat16Linear(engine: engine, inputs: h, outputs: i, gelu: true),
              let narrow = BFloat16Linear(engine: engine, inputs: i, outputs: h) else { return nil }
        var packed: [PackedLayer] = []
        for layer in layers {
            guard let qkvWeight = qkv.pack(layer.qkvWeight), let attentionOut = square.pack(layer.attentionOutWeight),
                  let intermediate = widen.pack(layer.intermediateWeight), let output = narrow.pack(layer.outputWeight)
            else { return nil }
            packed.append(PackedLayer(qkv: qkvWeight, attentionOut: attentionOut, intermediate: intermediate, output: output))
        }
        return packed
    }

    /// The mean-pooled last hidden state of each token-id sequence (not normalised).
    ///
    /// Every sequence must be non-empty and no longer than the model's positions.
    public func meanPooled(_ sequences: [[Int]]) -> [[Float]] {
        let h = configuration.hiddenSize
        let total = sequences.reduce(0) { $0 + $1.count }
        guard total > 0 else { return sequences.map { _ in [Float](repeating: 0, count: h) } }
        var hidden = embed(sequences, total: total)
        for (index, layer) in layers.enumerated() {
            apply(layer, packed: packedLayers?[index], to: &hidden, sequences: sequences, total: total)
        }
        var pooled: [[Float]] = []
        pooled.reserveCapacity(sequences.count)
        var row = 0
        for sequence in sequences {
            var sum = [Float](repeating: 0, count: h)
            for r in row..<(row + sequence.count) {
                for c in 0..<h { sum[c] += hidden[r * h + c] }
            }
            let scale = 1 / Float(max(sequence.count, 1))
            for c in 0..<h { sum[c] *= scale }
            pooled.append(sum)
            row += sequence.count
        }
        return pooled
    }

    private func embed(_ sequences: [[Int]], total: Int) -> [Float] {
        let h = configuration.hiddenSize
        var hidden = [Float](repeating: 0, count: total * h)
        var row = 0
        for sequence in sequences {
            for (position, id) in sequence.enumerated() {
                let word = id * h
                let pos = position * h
                for c in 0..<h {
                    hidden[row * h + c] = wordEmbeddings[word + c] + positionEmbeddings[pos + c] + typeEmbeddings[c]
                }
                row += 1
            }
        }
        normalize(&hidden, rows: total, with: embeddingNorm)
        return hidden
    }

    private func apply(_ layer: Layer, packed: PackedLayer?, to hidden: inout [Float], sequences: [[Int]], total: Int) {
        let h = configuration.hiddenSize
        let heads = configuration.headCount
        let d = h / heads
        let qkv = linear(hidden, rows: total, inputs: h, weight: layer.qkvWeight, bias: layer.qkvBias, outputs: 3 * h,
                         packed: packed?.qkv)
        var context = [Float](repeating: 0, count: total * h)
        let scale = 1 / Float(d).squareRoot()
        let longest = sequences.map(\.count).max() ?? 0
        var scores = [Float](repeating: 0, count: longest * longest)
        qkv.withUnsafeBufferPointer { qkvBuffer in
            context.withUnsafeMutableBufferPointer { contextBuffer in
                scores.withUnsafeMutableBufferPointer { scoreBuffer in
                    let base = qkvBuffer.baseAddress!
                    let s = scoreBuffer.baseAddress!
                    var row = 0
                    for sequence in sequences {
                        let n = sequence.count
                        for head in 0..<heads {
                            let q = base + row * 3 * h + head * d
                            let k = q + h
                            let v = q + 2 * h
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
                                        Int32(n), Int32(n), Int32(d), scale,
                                        q, Int32(3 * h), k, Int32(3 * h), 0, s, Int32(n))
                            VectorMath.softmaxRows(s, rows: n, count: n)
                            let out = contextBuffer.baseAddress! + row * h + head * d
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                                        Int32(n), Int32(d), Int32(n), 1,
                                        s, Int32(n), v, Int32(3 * h), 0, out, Int32(h))
                        }
                        row += n
                    }
                }
            }
        }
        var attended = linear(context, rows: total, inputs: h, weight: layer.attentionOutWeight,
                              bias: layer.attentionOutBias, outputs: h, packed: packed?.attentionOut)
        normalize(&attended, adding: hidden, rows: total, with: layer.attentionNorm)
        let intermediate = linear(attended, rows: total, inputs: h, weight: layer.intermediateWeight,
                                  bias: layer.intermediateBias, outputs: configuration.intermediateSize,
                                  packed: packed?.intermediate, gelu: true)
        var output = linear(intermediate, rows: total, inputs: configuration.intermediateSize,
                            weight: layer.outputWeight, bias: layer.outputBias, outputs: h, packed: packed?.output)
        normalize(&output, adding: attended, rows: total, with: layer.outputNorm)
        hidden = output
    }

    /// `input · weightᵀ + bias` for `rows` rows, the weight stored [outputs, inputs] as in PyTorch:
    /// through oneDNN in bfloat16 with `packed`, else (or if oneDNN fails) through OpenBLAS in f32.
    /// With `gelu`, the exact GELU follows (inside oneDNN's kernel when its product has it fused).
    private func linear(_ input: [Float], rows: Int, inputs: Int, weight: [Float], bias: [Float], outputs: Int,
                        packed: BFloat16Linear.Packed?, gelu: Bool = false) -> [Float] {
        if let packed {
            var done = false
            // Every element is written by oneDNN, so the array is not zeroed first.
            let result = [Float](unsafeUninitializedCapacity: rows * outputs) { output, count in
                done = input.withUnsafeBufferPointer { input in
                    bias.withUnsafeBufferPointer { bias in
                        packed.linear.apply(input.baseAddress!, rows: rows, weights: packed, bias: bias.baseAddress!,
                                            into: output.baseAddress!)
                    }
                }
                count = rows * outputs
            }
            if done {
                guard gelu, !packed.linear.gelu else { return result }
                var activated = result
                activated.withUnsafeMutableBufferPointer { VectorMath.gelu($0) }
                return activated
            }
        }
        var result = [Float](repeating: 0, count: rows * outputs)
        result.withUnsafeMutableBufferPointer { buffer in
            for r in 0..<rows {
                (buffer.baseAddress! + r * outputs).update(from: bias, count: outputs)
            }
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
                        Int32(rows), Int32(outputs), Int32(inputs), 1,
                        input, Int32(inputs), weight, Int32(inputs), 1, buffer.baseAddress!, Int32(outputs))
            if gelu { VectorMath.gelu(buffer) }
        }
        return result
    }

    /// Each row becomes the layer norm of itself plus the same row of `residual`, when given.
    private func normalize(_ values: inout [Float], adding residual: [Float]? = nil, rows: Int, with norm: LayerNorm) {
        let h = configuration.hiddenSize
        let epsilon = Float(configuration.layerNormEpsilon)
        values.withUnsafeMutableBufferPointer { buffer in
            norm.weight.withUnsafeBufferPointer { weight in
                norm.bias.withUnsafeBufferPointer { bias in
                    func apply(_ residual: UnsafePointer<Float>?) {
                        VectorMath.addLayerNorm(buffer.baseAddress!, residual: residual, rows: rows, width: h,
                                                weight: weight.baseAddress!, bias: bias.baseAddress!, epsilon: epsilon)
                    }
                    if let residual {
                        residual.withUnsafeBufferPointer { apply($0.baseAddress!) }
                    } else {
                        apply(nil)
                    }
                }
            }
        }
    }
}
