import Foundation

/// A reply from Redis, copied out of hiredis's reply tree.
enum RedisReply: Sendable, Equatable {
    case string(Data)
    case integer(Int)
    case array([RedisReply])
    case status(String)
    case error(String)
    case null

    var data: Data? {
        if case .string(let data) = self { return data }
        return nil
    }

    var text: String? {
        switch self {
        case .string(let data): String(decoding: data, as: UTF8.self)
        case .status(let text): text
        default: nil
        }
    }

    var integer: Int? {
        switch self {
        case .integer(let value): value
        case .string(let data): Int(String(decoding: data, as: UTF8.self))
        default: nil
        }
    }

    var elements: [RedisReply] {
        if case .array(let elements) = self { return elements }
        return []
    }
}

/// Why a Redis command failed.
enum RedisError: Error, Sendable, CustomStringConvertible {
    /// The server cannot be reached or the connection broke.
    case connection(String)
    /// The server answered with an error.
    case server(String)

    var description: String {
        switch self {
        case .connection(let reason): "connection failed: \(reason)"
        case .server(let reason): "server error: \(reason)"
        }
    }
}
