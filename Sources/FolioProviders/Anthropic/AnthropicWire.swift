/// The JSON shapes of Anthropic's Messages API, as far as Folio uses them.
enum AnthropicWire {
    /// The body of `POST /v1/messages`.
    struct Request: Encodable {
        struct Message: Encodable {
            var role: String
            var content: String
        }

        var model: String
        var maxTokens: Int
        var system: String?
        var messages: [Message]
        var stream = true
        var temperature: Double?
        var stopSequences: [String]?

        enum CodingKeys: String, CodingKey {
            case model, system, messages, stream, temperature
            case maxTokens = "max_tokens"
            case stopSequences = "stop_sequences"
        }
    }

    /// The `data:` of any stream event; which fields are set depends on `type`.
    struct Event: Decodable {
        struct Usage: Decodable {
            var inputTokens: Int?
            var outputTokens: Int?

            enum CodingKeys: String, CodingKey {
                case inputTokens = "input_tokens"
                case outputTokens = "output_tokens"
            }
        }

        struct Message: Decodable {
            var usage: Usage?
        }

        struct Delta: Decodable {
            var type: String?
            var text: String?
            var stopReason: String?

            enum CodingKeys: String, CodingKey {
                case type, text
                case stopReason = "stop_reason"
            }
        }

        struct ErrorBody: Decodable {
            var type: String?
            var message: String?
        }

        var type: String
        var message: Message?
        var delta: Delta?
        var usage: Usage?
        var error: ErrorBody?
    }
}
