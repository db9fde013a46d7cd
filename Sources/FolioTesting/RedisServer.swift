#if canImport(Glibc)
import Glibc
#endif
import FolioCore
import FolioProviders
import Foundation

/// A throw-away `redis-server` on a free 127.0.0.1 port, for tests and benchmarks.
///
/// No persistence (`--save ""`, no AOF), its working files in a temporary folder, and an
/// optional `maxmemory` with an LRU policy. `stop()` and `start()` restart it on the same
/// port, to test reconnection; ``withRedisServer(maxMemory:_:)`` stops it on every path out.
public final class RedisServer: Sendable {
    /// The port it listens on.
    public let port: Int
    /// `redis://127.0.0.1:<port>/0`.
    public var url: String { "redis://127.0.0.1:\(port)/0" }
    private let folder: TemporaryDirectory
    private let maxMemory: String?
    private let process = LockedProcess()

    /// Starts a server; throws if `redis-server` is missing or does not answer PING within 60 s.
    public init(maxMemory: String? = nil) async throws {
        folder = try TemporaryDirectory("folio-redis")
        port = try Self.freePort()
        self.maxMemory = maxMemory
        try await start()
    }

    /// Starts the server again after `stop()`.
    public func start() async throws {
        guard let executable = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]
            .first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw FolioError.runtime("redis-server is not installed (scripts/setup installs it)")
        }
        var arguments = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                         "--dir", folder.path, "--daemonize", "no", "--protected-mode", "yes"]
        if let maxMemory { arguments += ["--maxmemory", maxMemory, "--maxmemory-policy", "allkeys-lru"] }
        let child = try ChildProcess(executable: executable, arguments: arguments,
                                     stdoutPath: folder.appending("redis.log"))
        process.set(child)
        // Generous: on a loaded two-core machine the first PING can wait for a scheduler slot.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if Self.ping(port: port) { return }
            if child.hasExited { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        await child.terminate(grace: 1)
        let log = (try? String(contentsOfFile: folder.appending("redis.log"), encoding: .utf8)) ?? ""
        throw FolioError.runtime("redis-server did not start on port \(port): \(log.suffix(300))")
    }

    /// Stops the server (its data is gone: there is no persistence).
    public func stop() async {
        await process.take()?.terminate(grace: 3)
    }

    /// Stops the server and removes its folder.
    public func shutdown() async {
        await stop()
        folder.remove()
    }

    /// Whether the server answers `PING` with `+PONG`.
    public static func ping(port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return false }
        let request = Array("PING\r\n".utf8)
        guard send(socket, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else { return false }
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = recv(socket, &buffer, buffer.count, 0)
        return count > 0 && String(decoding: buffer[0..<count], as: UTF8.self).hasPrefix("+PONG")
    }

    /// A port nothing listens on right now.
    public static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw FolioError.runtime("cannot open a socket") }
        defer { close(socket) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw FolioError.runtime("cannot bind a loopback port") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

/// The server's current process. `@unchecked Sendable`: every access holds `lock`.
private final class LockedProcess: @unchecked Sendable {
    private let lock = NSLock()
    private var process: ChildProcess?

    func set(_ child: ChildProcess) {
        lock.withLock { process = child }
    }

    func take() -> ChildProcess? {
        lock.withLock {
            defer { process = nil }
            return process
        }
    }
}

/// Runs `body` with a fresh Redis server, stopped and removed afterwards.
public func withRedisServer<T>(maxMemory: String? = nil, _ body: (RedisServer) async throws -> T) async throws -> T {
    let server = try await RedisServer(maxMemory: maxMemory)
    do {
        let result = try await body(server)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}
