import FolioCore
import Foundation

/// The sizes of a BERT encoder, read from a Hugging Face `config.json`.
public struct BertConfiguration: Sendable, Equatable, Decodable {
    /// Width of the hidden states.
    public var hiddenSize: Int
    /// Number of transformer layers.
    public var layerCount: Int
    /// Number of attention heads per layer.
    public var headCount: Int
    /// Width of the feed-forward layer.
    public var intermediateSize: Int
    /// Vocabulary size.
    public var vocabularySize: Int
    /// Positions the model has embeddings for.
    public var maxPositions: Int
    /// Token type count (segment embeddings).
    public var typeCount: Int
    /// LayerNorm epsilon.
    public var layerNormEpsilon: Float

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size"
        case layerCount = "num_hidden_layers"
        case headCount = "num_attention_heads"
        case intermediateSize = "intermediate_size"
        case vocabularySize = "vocab_size"
        case maxPositions = "max_position_embeddings"
        case typeCount = "type_vocab_size"
        case layerNormEpsilon = "layer_norm_eps"
        case hiddenAct = "hidden_act"
    }

    /// Decodes a `config.json`; only GELU BERT models are accepted.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        hiddenSize = try container.decode(Int.self, forKey: .hiddenSize)
        layerCount = try container.decode(Int.self, forKey: .layerCount)
        headCount = try container.decode(Int.self, forKey: .headCount)
        intermediateSize = try container.decode(Int.self, forKey: .intermediateSize)
        vocabularySize = try container.decode(Int.self, forKey: .vocabularySize)
        maxPositions = try container.decode(Int.self, forKey: .maxPositions)
        typeCount = try container.decodeIfPresent(Int.self, forKey: .typeCount) ?? 2
        layerNormEpsilon = try container.decodeIfPresent(Float.self, forKey: .layerNormEpsilon) ?? 1e-12
        let activation = try container.decodeIfPresent(String.self, forKey: .hiddenAct) ?? "gelu"
        guard activation == "gelu" else {
            throw FolioError.badInput("unsupported BERT activation \(activation) (only gelu)")
        }
        guard hiddenSize % headCount == 0 else {
            throw FolioError.badInput("BERT hidden size \(hiddenSize) is not divisible by \(headCount) heads")
        }
    }

    /// Reads `config.json` at `path`.
    public static func load(_ path: String) throws -> BertConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FolioError.badInput("cannot read model configuration \(path)")
        }
        do {
            return try JSONDecoder().decode(BertConfiguration.self, from: data)
        } catch let error as FolioError {
            throw error
        } catch {
            throw FolioError.badInput("invalid model configuration \(path): \(error)")
        }
    }
}
