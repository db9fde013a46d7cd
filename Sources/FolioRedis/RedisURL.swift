import FolioCore
import Foundation

/// Where the redis backend connects: `redis://[[user]:password@]host[:port][/db]`.
///
/// Its description never shows the password.
public struct RedisURL: Sendable, Equatable, CustomStringConvertible {
    /// Host name or address.
    public var host: String
    /// TCP port (6379 by default).
    public var port: Int
    /// Database number selected after connecting.
    public var database: Int
    /// User name for `AUTH`, when given.
    public var user: String?
    /// Password for `AUTH`, when given.
    public var password: Secret?

    /// Parses `text`; a malformed URL is bad input (the message does not repeat the URL, which
    /// may hold a password).
    public init(_ text: String) throws {
        guard text.hasPrefix("redis://") else {
            throw FolioError.badInput("REDIS_URL must look like redis://[:password@]host:port/db")
        }
        var rest = Substring(text.dropFirst("redis://".count))
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let name = String(credentials[..<colon])
                user = name.isEmpty ? nil : name.removingPercentEncoding ?? name
                let secret = String(credentials[credentials.index(after: colon)...])
                password = Secret(secret.removingPercentEncoding ?? secret)
            } else if !credentials.isEmpty {
                password = Secret(String(credentials).removingPercentEncoding ?? String(credentials))
            }
        }
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let number = rest[rest.index(after: slash)...]
            if !number.isEmpty {
                guard let value = Int(number), value >= 0 else {
                    throw FolioError.badInput("REDIS_URL's database must be a number, as in redis://host:6379/0")
                }
                database = value
            }
            rest = rest[..<slash]
        }
        var port = 6379
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let value = Int(rest[rest.index(after: colon)...]), (1...65535).contains(value) else {
                throw FolioError.badInput("REDIS_URL's port must be from 1 to 65535")
            }
            port = value
            rest = rest[..<colon]
        }
        let host = rest.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard !host.isEmpty else { throw FolioError.badInput("REDIS_URL names no host") }
        self.host = host
        self.port = port
        self.database = database
    }

    /// `host:port/db`, without credentials.
    public var description: String { "\(host):\(port)/\(database)" }
}
