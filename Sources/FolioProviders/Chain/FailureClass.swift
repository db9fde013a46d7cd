import FolioHTTP
/// How the chain treats a failed call, by the kind of error.
enum FailureClass: Equatable {
    /// 429 or a rate-limit error: wait (`Retry-After`, capped) and retry the same tier.
    case rateLimited(retryAfter: Double?)
    /// 5xx, timeouts, connection errors, an error event mid-stream, malformed data:
    /// retry with exponential backoff and jitter.
    case transient
    /// 401/403: the key is wrong; no retry.
    case authentication
    /// 404: the model (or path) does not exist here; no retry.
    case notFound
    /// 400 because the prompt does not fit the model's context; no retry on this tier.
    case contextTooLong
    /// Any other rejection of the request, or an answer that cannot be used (empty,
    /// refused, stopped by a filter): no retry on this tier.
    case rejected

    /// Classifies `error` (never a cancellation; the chain handles that first).
    init(_ error: any Error) {
        guard let error = error as? ProviderError else {
            self = .transient  // TransportError: connect, timeout, broken
            return
        }
        if Self.isContextTooLong(error) {
            self = .contextTooLong
            return
        }
        guard let status = error.status else {
            switch error.errorType {
            case "rate_limit_error", "RESOURCE_EXHAUSTED": self = .rateLimited(retryAfter: error.retryAfter)
            case "authentication_error", "permission_error": self = .authentication
            case ProviderError.unusableAnswerType: self = .rejected
            default: self = .transient
            }
            return
        }
        switch status {
        case 429: self = .rateLimited(retryAfter: error.retryAfter)
        case 401, 403: self = .authentication
        case 404: self = .notFound
        case 408, 409, 425, 500...599: self = .transient
        default: self = .rejected
        }
    }

    /// Phrases servers use when a prompt exceeds the context window (OpenAI, Anthropic,
    /// Gemini, llama.cpp, Ollama, vLLM).
    private static let contextPhrases = [
        "context_length_exceeded", "exceed_context_size", "context length", "context window",
        "maximum context", "prompt is too long", "too many tokens", "exceeds the available context",
        "input token count", "exceeds the maximum number of tokens",
    ]

    private static func isContextTooLong(_ error: ProviderError) -> Bool {
        guard error.status == nil || error.status == 400 || error.status == 413 else { return false }
        let text = (error.message + " " + (error.errorType ?? "")).lowercased()
        return contextPhrases.contains { text.contains($0) }
    }
}
