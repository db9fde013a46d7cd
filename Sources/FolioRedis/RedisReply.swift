import Foundation

/// A reply from Redis, copied out of hiredis's reply tree.
public enum RedisReply: Sendable, Equatable {
    /// A bulk string.
    case string(Data)
    /// An integer.
    case integer(Int)
    /// An array of replies.
    case array([RedisReply])
    /// A status line (`OK`).
    case status(String)
    /// An error line.
    case error(String)
    /// No value.
    case null

    /// The bytes of a bulk string.
    public var data: Data? {
        if case .string(let data) = self { return data }
        return nil
    }

    /// A bulk string or status as text.
    public var text: String? {
        switch self {
        case .string(let data): String(decoding: data, as: UTF8.self)
        case .status(let text): text
        default: nil
        }
    }

    /// An integer, or a bulk string holding one.
    public var integer: Int? {
        switch self {
        case .integer(let value): value
        case .string(let data): Int(String(decoding: data, as: UTF8.self))
        default: nil
        }
    }

    /// The elements of an array (none for any other reply).
    public var elements: [RedisReply] {
        if case .array(let elements) = self { return elements }
        return []
    }
}

/// Why a Redis command failed.
public enum RedisError: Error, Sendable, CustomStringConvertible {
    /// The server cannot be reached or the connection broke.
    case connection(String)
    /// The server answered with an error.
    case server(String)

    public var description: String {
        switch self {
        case .connection(let reason): "connection failed: \(reason)"
        case .server(let reason): "server error: \(reason)"
        }
    }
}
