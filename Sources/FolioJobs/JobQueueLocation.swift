import FolioCore
import FolioRedis
import Foundation

/// Where a queue lives, parsed from `--queue` / `FOLIO_QUEUE`: `sqlite:PATH` or `redis://host:port/db`.
public enum JobQueueLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite file (relative paths from the working folder).
    case sqlite(path: String)
    /// A Redis server.
    case redis(RedisURL)

    /// Parses `text`; anything else is bad input, one line that never repeats a password.
    public init(_ text: String) throws {
        let usage = "--queue / FOLIO_QUEUE must be sqlite:PATH or redis://host:port/db"
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }  // sqlite:///abs/path as URLs spell it
            guard !path.isEmpty, !path.hasSuffix("/") else { throw FolioError.badInput("\(usage); the path is empty") }
            self = .sqlite(path: path)
        } else if text.hasPrefix("redis://") {
            do {
                self = .redis(try RedisURL(text))
            } catch let error as FolioError {
                throw FolioError.badInput(error.message.replacingOccurrences(of: "REDIS_URL", with: "--queue / FOLIO_QUEUE"))
            }
        } else {
            throw FolioError.badInput("\(usage); got '\(text.prefix(40))'")
        }
    }

    /// Opens the queue.
    public func open(options: JobQueueOptions = JobQueueOptions()) throws -> any JobQueue {
        switch self {
        case .sqlite(let path): try SQLiteJobQueue(path: path, options: options)
        case .redis(let url): RedisJobQueue(url: url, options: options)
        }
    }

    /// `sqlite:PATH` or `redis://host:port/db`, without credentials.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .redis(let url): "redis://\(url)"
        }
    }
}
