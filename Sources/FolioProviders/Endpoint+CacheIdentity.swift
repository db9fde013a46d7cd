import FolioCore

extension Endpoint {
    /// `name=model@base-url` (trailing slashes dropped): a hosted tier's part of a cache key.
    /// The API key is left out on purpose.
    func cacheIdentity(name: String) -> String {
        "\(name)=\(model)@\(StreamingHTTPCall.root(baseURL))"
    }
}
