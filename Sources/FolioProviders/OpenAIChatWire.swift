import Foundation

/// The JSON shapes of OpenAI's Chat Completions API, as far as Folio uses them.
enum OpenAIChatWire {
    /// The body of `POST /chat/completions`.
    struct Request: Encodable {
        struct StreamOptions: Encodable {
            var includeUsage = true

            enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
        }

        struct ResponseFormat: Encodable {
            struct Schema: Encodable {
                var name = "answer"
                var schema: JSONValue
                var strict = true
            }

            var type = "json_schema"
            var jsonSchema: Schema

            enum CodingKeys: String, CodingKey {
                case type
                case jsonSchema = "json_schema"
            }
        }

        var model: String
        var messages: [ChatMessage]
        var stream = true
        var streamOptions = StreamOptions()
        var maxTokens: Int?
        var temperature: Double?
        var stop: [String]?
        var frequencyPenalty: Double?
        var presencePenalty: Double?
        var responseFormat: ResponseFormat?
        var seed: Int?
        // llama-server's own sampler fields; sent only to the bundled server.
        var repeatPenalty: Double?
        var repeatLastN: Int?
        var dryMultiplier: Double?
        var dryBase: Double?
        var dryAllowedLength: Int?
        var dryPenaltyLastN: Int?
        var cachePrompt: Bool?
        var grammar: String?
        /// `[[text, bias], …]`: llama-server tokenises each text and adds its bias to those tokens.
        var logitBias: [[JSONValue]]?
        var slot: Int?

        enum CodingKeys: String, CodingKey {
            case model, messages, stream, temperature, stop, seed, grammar
            case streamOptions = "stream_options"
            case maxTokens = "max_tokens"
            case frequencyPenalty = "frequency_penalty"
            case presencePenalty = "presence_penalty"
            case responseFormat = "response_format"
            case repeatPenalty = "repeat_penalty"
            case repeatLastN = "repeat_last_n"
            case dryMultiplier = "dry_multiplier"
            case dryBase = "dry_base"
            case dryAllowedLength = "dry_allowed_length"
            case dryPenaltyLastN = "dry_penalty_last_n"
            case cachePrompt = "cache_prompt"
            case slot = "id_slot"
            case logitBias = "logit_bias"
        }
    }

    /// One `data:` event of the stream.
    struct Chunk: Decodable {
        struct Choice: Decodable {
            struct Delta: Decodable {
                var content: String?
                /// The model's refusal, sent instead of `content`; never part of the answer.
                var refusal: String?
            }

            var index: Int?
            var delta: Delta?
            var finishReason: String?

            enum CodingKeys: String, CodingKey {
                case index, delta
                case finishReason = "finish_reason"
            }
        }

        struct Usage: Decodable {
            var promptTokens: Int
            var completionTokens: Int

            enum CodingKeys: String, CodingKey {
                case promptTokens = "prompt_tokens"
                case completionTokens = "completion_tokens"
            }
        }

        var choices: [Choice]?
        var usage: Usage?
        var error: ErrorBody?
    }

    /// `{"error": {"message": …}}`, sent by OpenAI-style servers as a chunk or an error body.
    struct ErrorEnvelope: Decodable {
        var error: ErrorBody
    }

    /// The error object itself; servers vary in which fields they fill.
    struct ErrorBody: Decodable {
        var message: String?
        var type: String?
        var code: JSONValue?
    }
}

/// Any JSON value; carries a caller's JSON schema into a request body unchanged.
enum JSONValue: Codable, Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
