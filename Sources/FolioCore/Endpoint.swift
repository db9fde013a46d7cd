/// Where one provider tier lives: its base URL, key and default model.
public struct Endpoint: Sendable, Equatable {
    /// The provider's root as its own SDKs take it (OpenAI-style roots include `/v1`).
    public var baseURL: String
    /// The API key, if the provider needs one.
    public var apiKey: Secret?
    /// The model used when no `--model` is given.
    public var model: String

    /// Creates an endpoint.
    public init(baseURL: String, apiKey: Secret? = nil, model: String) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.model = model
    }
}
