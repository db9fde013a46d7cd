import FolioHTTP
import FolioTesting
import Foundation
import Synchronization
import Testing

@Suite struct CurlTransportTests {
    @Test func deliversEachChunkBeforeTheServerSendsTheNext() async throws {
        let clientSawFirstChunk = DispatchSemaphore(value: 0)
        let serverWait = Locked<DispatchTimeoutResult?>(nil)
        let script: [LoopbackAction] = [
            .head(status: 200, headers: ["Content-Type": "text/event-stream"]),
            .send("data: A\n\n"),
            // B is held back until the client reports A, or for at most 60 seconds (generous, as
            // the whole suite shares two cores; a client that waits for B never reports A).
            .perform { serverWait.set(clientSawFirstChunk.wait(timeout: .now() + 60)) },
            .send("data: B\n\n"),
            .end,
        ]
        try await withLoopbackServer({ _ in script }) { server in
            var chunks: [String] = []
            for try await part in CurlTransport().stream(HTTPRequest(method: "GET", url: server.baseURL + "/events")) {
                guard case .body(let bytes) = part else { continue }
                chunks.append(String(decoding: bytes, as: UTF8.self))
                if chunks.count == 1 { clientSawFirstChunk.signal() }
            }
            #expect(chunks == ["data: A\n\n", "data: B\n\n"])
            #expect(serverWait.value == .success)
        }
    }

    @Test func headCarriesStatusAndLowercasedHeadersBeforeTheBody() async throws {
        let body = #"{"error":{"message":"slow down"}}"#
        let script: [LoopbackAction] = [
            .head(status: 429, headers: [
                "Retry-After": "7", "Content-Type": "application/json", "Content-Length": String(body.utf8.count),
            ]),
            .send(body),
        ]
        try await withLoopbackServer({ _ in script }) { server in
            let parts = try await collect(HTTPRequest(url: server.baseURL + "/v1/chat"))
            guard case .head(let head) = parts.first else {
                Issue.record("The first part is not the head: \(parts)")
                return
            }
            #expect(head.status == 429)
            #expect(head.headers["retry-after"] == "7")
            #expect(head.headers["content-type"] == "application/json")
            #expect(bodyText(parts) == body)
        }
    }

    @Test func responseWithoutBodyStillHasAHead() async throws {
        try await withLoopbackServer({ _ in [.head(status: 204, headers: ["Content-Length": "0"])] }) { server in
            let parts = try await collect(HTTPRequest(method: "GET", url: server.baseURL + "/"))
            #expect(parts == [.head(HTTPResponseHead(status: 204, headers: ["content-length": "0", "connection": "close"]))])
        }
    }

    @Test func postSendsBodyAndHeadersByteForByte() async throws {
        let body: [UInt8] = Array(#"{"model":"m","stream":true}"#.utf8) + [0, 1, 0xFF, 0x0D, 0x0A]
        try await withLoopbackServer({ _ in LoopbackAction.reply(body: "{}") }) { server in
            let request = HTTPRequest(
                method: "POST",
                url: server.baseURL + "/v1/messages?beta=true",
                headers: [("Content-Type", "application/json"), ("X-Api-Key", "sk-test-123"), ("Anthropic-Version", "2023-06-01")],
                body: body
            )
            _ = try await collect(request)
            let received = try #require(server.requests.first)
            #expect(received.method == "POST")
            #expect(received.path == "/v1/messages?beta=true")
            #expect(received.body == body)
            #expect(received.header("content-type") == "application/json")
            #expect(received.header("x-api-key") == "sk-test-123")
            #expect(received.header("anthropic-version") == "2023-06-01")
            #expect(received.header("expect") == nil)
        }
    }

    @Test func cancellingTheConsumerAbortsASilentTransfer() async throws {
        let arrived = DispatchSemaphore(value: 0)
        let silence = ServerSilence()
        try await withLoopbackServer({ _ in [.perform { silence.hold(thenSignal: arrived) }] }) { server in
            let stream = CurlTransport().stream(HTTPRequest(method: "GET", url: server.baseURL + "/silent"))
            let consumer = Task {
                for try await _ in stream {}
            }
            await arrived.waitOffThePool()
            consumer.cancel()
            let result = await consumer.result
            // The server has sent nothing and still holds the connection: only the abort can
            // have ended the transfer.
            #expect(silence.isHolding)
            silence.release()
            if case .failure(let error) = result {
                #expect(error is CancellationError)
            }
        }
    }

    @Test func silenceLongerThanTheIdleTimeoutThrowsTimeout() async throws {
        let silence = ServerSilence()
        let script: [LoopbackAction] = [.head(status: 200), .send("data: A\n\n"), .perform { silence.hold() }]
        try await withLoopbackServer({ _ in script }) { server in
            let (parts, error) = await collectUntilError(
                HTTPRequest(method: "GET", url: server.baseURL + "/stall", idleTimeout: 0.5))
            // The server still holds its silence: the 0.5 s idle limit ended the transfer.
            #expect(silence.isHolding)
            silence.release()
            let failure = try #require(error as? TransportError)
            #expect(failure.isTimeout)
            #expect(failure.message.contains("127.0.0.1:\(server.port)"))
            #expect(bodyText(parts) == "data: A\n\n")
        }
    }

    @Test func refusedConnectionThrowsConnectFailureWithoutHeaderValues() async throws {
        let server = try LoopbackServer { _ in [] }
        let port = server.port
        server.stop()  // nothing listens on the port any more
        let request = HTTPRequest(
            url: "http://127.0.0.1:\(port)/v1/chat",
            headers: [("Authorization", "Bearer sk-secret-value")]
        )
        let (parts, error) = await collectUntilError(request)
        let failure = try #require(error as? TransportError)
        #expect(failure.isConnectFailure)
        #expect(parts.isEmpty)
        #expect(failure.message.contains("127.0.0.1:\(port)"))
        #expect(!failure.message.contains("sk-secret-value"))
        #expect(!failure.message.contains("\n"))
    }

    @Test(arguments: [true, false])
    func droppedConnectionThrowsBrokenAfterDeliveringEarlierBytes(chunked: Bool) async throws {
        let head: LoopbackAction = chunked ? .head(status: 200) : .head(status: 200, headers: ["Content-Length": "100"])
        try await withLoopbackServer({ _ in [head, .send("partial"), .closeAbruptly] }) { server in
            let (parts, error) = await collectUntilError(HTTPRequest(method: "GET", url: server.baseURL + "/drop"))
            let failure = try #require(error as? TransportError)
            #expect(failure.isBroken)
            #expect(bodyText(parts) == "partial")
        }
    }
}

private func collect(_ request: HTTPRequest) async throws -> [HTTPStreamPart] {
    var parts: [HTTPStreamPart] = []
    for try await part in CurlTransport().stream(request) {
        parts.append(part)
    }
    return parts
}

private func collectUntilError(_ request: HTTPRequest) async -> (parts: [HTTPStreamPart], error: (any Error)?) {
    var parts: [HTTPStreamPart] = []
    do {
        for try await part in CurlTransport().stream(request) {
            parts.append(part)
        }
        return (parts, nil)
    } catch {
        return (parts, error)
    }
}

private func bodyText(_ parts: [HTTPStreamPart]) -> String {
    let bytes = parts.flatMap { part -> [UInt8] in
        if case .body(let bytes) = part { bytes } else { [] }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// A value shared between the test and a server thread.
private final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    var value: Value { mutex.withLock { $0 } }

    func set(_ value: Value) { mutex.withLock { $0 = value } }
}

/// A server-side pause that lasts until the test releases it (or two minutes pass), so a
/// test can tell "the client gave up" from "the server finished" without timing anything.
private final class ServerSilence: Sendable {
    private let released = DispatchSemaphore(value: 0)
    private let holding = Mutex(false)

    /// Called on the server's connection thread: signals `started` (if any) once holding, then
    /// waits for `release()`.
    func hold(thenSignal started: DispatchSemaphore? = nil) {
        holding.withLock { $0 = true }
        started?.signal()
        _ = released.wait(timeout: .now() + 120)
        holding.withLock { $0 = false }
    }

    /// Whether the server is still inside `hold()`.
    var isHolding: Bool { holding.withLock { $0 } }

    /// Ends the pause.
    func release() { released.signal() }
}

extension DispatchSemaphore {
    /// Waits (for at most two minutes) on a thread of its own, not the cooperative pool.
    fileprivate func waitOffThePool() async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                _ = self.wait(timeout: .now() + 120)
                continuation.resume()
            }
        }
    }
}
