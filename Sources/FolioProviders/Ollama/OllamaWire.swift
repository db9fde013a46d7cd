/// The JSON shapes of Ollama's `/api/chat`, as far as Folio uses them.
enum OllamaWire {
    /// The request body.
    struct Request: Encodable {
        struct Options: Encodable {
            var numPredict: Int?
            var temperature: Double?
            var stop: [String]?
            var frequencyPenalty: Double?
            var presencePenalty: Double?

            enum CodingKeys: String, CodingKey {
                case temperature, stop
                case numPredict = "num_predict"
                case frequencyPenalty = "frequency_penalty"
                case presencePenalty = "presence_penalty"
            }
        }

        var model: String
        var messages: [ChatMessage]
        var stream = true
        var options: Options
        /// A JSON schema the answer must follow (Ollama's structured outputs).
        var format: JSONValue?
    }

    /// One line of the stream.
    struct Line: Decodable {
        struct Message: Decodable {
            var content: String?
        }

        var message: Message?
        var done: Bool?
        var doneReason: String?
        var promptEvalCount: Int?
        var evalCount: Int?
        var error: String?

        enum CodingKeys: String, CodingKey {
            case message, done, error
            case doneReason = "done_reason"
            case promptEvalCount = "prompt_eval_count"
            case evalCount = "eval_count"
        }
    }
}
