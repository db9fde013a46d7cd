/// One HTTP request as a `LoopbackServer` received it.
public struct LoopbackRequest: Sendable {
    /// The request method, e.g. `POST`.
    public var method: String
    /// The request target, e.g. `/v1/chat/completions?stream=true`.
    public var path: String
    /// Header fields in the order they arrived, names as sent.
    public var headers: [(name: String, value: String)]
    /// The body, read by `Content-Length`.
    public var body: [UInt8]

    /// Creates a request.
    public init(method: String, path: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// The value of the first header called `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The body decoded as UTF-8.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
