import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for tests that fake an HTTP API.
///
/// Each connection carries one request. The handler sees it and returns a script of
/// `LoopbackAction`s that the connection's own thread plays, so a response can
/// trickle out chunk by chunk, stall, or break off. Every request is recorded.
///
/// Prefer `withLoopbackServer(_:_:)`, which stops the server when the test is done.
public final class LoopbackServer: Sendable {
    /// The handler deciding how to answer a request.
    public typealias Handler = @Sendable (LoopbackRequest) -> [LoopbackAction]

    /// Why the server could not start listening.
    public struct StartError: Error, CustomStringConvertible {
        /// A one-line explanation.
        public let description: String
    }

    private struct State {
        var requests: [LoopbackRequest] = []
        var connections: Set<Int32> = []
        var stopped = false
    }

    /// The port the server listens on.
    public let port: Int
    private let listener: Int32
    private let handler: Handler
    private let state = Mutex(State())
    private let acceptLoopEnded = DispatchSemaphore(value: 0)

    /// Starts listening on a free port of 127.0.0.1.
    public init(handler: @escaping Handler) throws {
        self.handler = handler
        (listener, port) = try Self.openListener()
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "folio.loopback \(port)"
        thread.start()
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, oldest first.
    public var requests: [LoopbackRequest] { state.withLock { $0.requests } }

    /// Stops accepting, breaks open connections and cuts their sleeps short. Idempotent.
    public func stop() {
        let wasStopped = state.withLock { state in
            defer { state.stopped = true }
            // Shutting down (not closing) under the lock: the owning thread closes the
            // socket, and only after removing it from the set, so no number is reused here.
            for socket in state.connections { shutdown(socket, Int32(SHUT_RDWR)) }
            return state.stopped
        }
        guard !wasStopped else { return }
        acceptLoopEnded.wait()
        close(listener)
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    private func acceptLoop() {
        defer { acceptLoopEnded.signal() }
        while !isStopped {
            // Poll in short slices rather than block in accept, so `stop` is noticed.
            var descriptor = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 50) > 0 else { continue }
            let socket = accept(listener, nil, nil)
            guard socket >= 0 else { continue }
            let accepted = state.withLock { state in
                guard !state.stopped else { return false }
                state.connections.insert(socket)
                return true
            }
            guard accepted else {
                close(socket)
                return
            }
            let thread = Thread { [self] in serve(socket) }
            thread.start()
        }
    }

    private func serve(_ socket: Int32) {
        defer {
            state.withLock { state in
                state.connections.remove(socket)
                close(socket)
            }
        }
        var noDelay: Int32 = 1  // every `send` action should leave at once
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        let connection = LoopbackConnection(socket: socket) { [self] in isStopped }
        guard let request = connection.readRequest() else { return }
        state.withLock { $0.requests.append(request) }
        _ = connection.play(handler(request))
    }

    private static func openListener() throws -> (socket: Int32, port: Int) {
        #if canImport(Glibc)
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let listener = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard listener >= 0 else { throw StartError(description: "socket() failed: errno \(errno).") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(listener, address, length) == 0
                    && listen(listener, 64) == 0
                    && getsockname(listener, address, &length) == 0
            }
        }
        guard bound else {
            let failure = errno
            close(listener)
            throw StartError(description: "Could not listen on 127.0.0.1: errno \(failure).")
        }
        return (listener, Int(UInt16(bigEndian: address.sin_port)))
    }
}

/// Runs `body` with a fresh `LoopbackServer` answering with `handler`, and stops the
/// server afterwards, whether `body` returns or throws.
public func withLoopbackServer<Result>(
    isolation: isolated (any Actor)? = #isolation,
    _ handler: @escaping LoopbackServer.Handler,
    _ body: (LoopbackServer) async throws -> Result
) async throws -> Result {
    let server = try LoopbackServer(handler: handler)
    defer { server.stop() }
    return try await body(server)
}
