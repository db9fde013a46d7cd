/// A provider answered, but not with a usable stream.
public struct ProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The provider tier that failed.
    public let provider: String
    /// HTTP status, when the failure was an HTTP error.
    public let status: Int?
    /// Seconds the provider asked to wait (`Retry-After`), if any.
    public let retryAfter: Double?
    /// A one-line explanation (never containing the API key).
    public let message: String
    /// The provider's own error type, when it names one (`overloaded_error`,
    /// `context_length_exceeded`, `RESOURCE_EXHAUSTED`).
    public let errorType: String?

    /// Creates a provider error.
    public init(provider: String, status: Int? = nil, retryAfter: Double? = nil, message: String,
                errorType: String? = nil) {
        self.provider = provider
        self.status = status
        self.retryAfter = retryAfter
        self.message = message
        self.errorType = errorType
    }

    /// The `errorType` of an answer that ended normally but cannot be used (empty, refused,
    /// stopped by a filter).
    public static let unusableAnswerType = "unusable_answer"

    /// An answer that ended normally but cannot be used; `message` says why.
    public static func unusableAnswer(provider: String, _ message: String) -> ProviderError {
        ProviderError(provider: provider, message: message, errorType: unusableAnswerType)
    }

    public var description: String {
        if let status { return "\(provider): HTTP \(status): \(message)" }
        return "\(provider): \(message)"
    }
}
