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

    /// Creates a provider error.
    public init(provider: String, status: Int? = nil, retryAfter: Double? = nil, message: String) {
        self.provider = provider
        self.status = status
        self.retryAfter = retryAfter
        self.message = message
    }

    public var description: String {
        if let status { return "\(provider): HTTP \(status): \(message)" }
        return "\(provider): \(message)"
    }
}
