/// A request for a `Transport`: method, URL, headers, body and time limits.
public struct HTTPRequest: Sendable {
    /// `GET` or `POST`.
    public var method: String
    /// Absolute URL.
    public var url: String
    /// Header fields, in order.
    public var headers: [(name: String, value: String)]
    /// Request body.
    public var body: [UInt8]
    /// Seconds allowed to establish the connection.
    public var connectTimeout: Double
    /// Seconds the response may stay silent (no bytes) before the transfer is abandoned.
    public var idleTimeout: Double

    /// Creates a request.
    public init(
        method: String = "POST",
        url: String,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        connectTimeout: Double = 10,
        idleTimeout: Double = 120
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
    }
}

/// The status line and headers of a response.
public struct HTTPResponseHead: Sendable, Equatable {
    /// HTTP status code.
    public var status: Int
    /// Header fields with lowercased names.
    public var headers: [String: String]

    /// Creates a response head.
    public init(status: Int, headers: [String: String] = [:]) {
        self.status = status
        self.headers = headers
    }
}

/// One part of a streamed response: the head first, then body bytes as they arrive.
public enum HTTPStreamPart: Sendable, Equatable {
    /// Status and headers; always the first part.
    case head(HTTPResponseHead)
    /// The next bytes of the body.
    case body([UInt8])
}
