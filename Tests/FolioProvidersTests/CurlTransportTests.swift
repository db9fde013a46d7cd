import Foundation
import FolioProviders
import FolioTesting
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

    @Test func cancellingTheConsumerAbortsASilentTransferPromptly() async throws {
        try await withLoopbackServer({ _ in [.sleep(seconds: 120)] }) { server in
            let stream = CurlTransport().stream(HTTPRequest(method: "GET", url: server.baseURL + "/silent"))
            let consumer = Task {
                for try await _ in stream {}
            }
            try await Task.sleep(for: .milliseconds(200))
            let cancelled = ContinuousClock.now
            consumer.cancel()
            let result = await consumer.result
            // The server stays silent for 120 s: ending well before that means the abort landed.
            #expect(ContinuousClock.now - cancelled < .seconds(20))
            if case .failure(let error) = result {
                #expect(error is CancellationError)
            }
        }
    }

    @Test func silenceLongerThanTheIdleTimeoutThrowsTimeout() async throws {
        try await withLoopbackServer({ _ in [.head(status: 200), .send("data: A\n\n"), .sleep(seconds: 120)] }) { server in
            let started = ContinuousClock.now
            let (parts, error) = await collectUntilError(
                HTTPRequest(method: "GET", url: server.baseURL + "/stall", idleTimeout: 0.5))
            let failure = try #require(error as? TransportError)
            #expect(failure.isTimeout)
            #expect(failure.message.contains("127.0.0.1:\(server.port)"))
            #expect(bodyText(parts) == "data: A\n\n")
            // The server stays silent for 120 s; the 0.5 s idle limit must end the transfer long before.
            #expect(ContinuousClock.now - started < .seconds(30))
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
