/// The JSON shapes of the Gemini API's `streamGenerateContent`, as far as Folio uses them.
enum GeminiWire {
    /// Text parts of one turn.
    struct Content: Codable {
        struct Part: Codable {
            var text: String?
            /// `true` on a thought summary: the model's private reasoning, never answer text.
            var thought: Bool?
        }

        var role: String?
        var parts: [Part]?
    }

    /// The request body.
    struct Request: Encodable {
        struct GenerationConfig: Encodable {
            var maxOutputTokens: Int?
            var temperature: Double?
            var stopSequences: [String]?
            var responseMimeType: String?
        }

        var contents: [Content]
        var systemInstruction: Content?
        var generationConfig: GenerationConfig
    }

    /// One `data:` event: a `GenerateContentResponse`, or an error object.
    struct Chunk: Decodable {
        struct Candidate: Decodable {
            var content: Content?
            var finishReason: String?
        }

        struct UsageMetadata: Decodable {
            var promptTokenCount: Int?
            var candidatesTokenCount: Int?
        }

        struct PromptFeedback: Decodable {
            var blockReason: String?
        }

        struct ErrorBody: Decodable {
            var message: String?
            var status: String?
        }

        var candidates: [Candidate]?
        var usageMetadata: UsageMetadata?
        var promptFeedback: PromptFeedback?
        var error: ErrorBody?
    }
}
