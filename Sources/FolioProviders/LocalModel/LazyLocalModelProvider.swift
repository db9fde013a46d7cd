import FolioCore
import FolioHTTP

/// The `local` tier, starting the bundled model server on its first call rather than up front:
/// a run answered by a hosted tier or from the cache never pays for starting it. A server
/// that dies is restarted by the ``LocalModelSupervisor`` on the next call.
///
/// The owner calls ``stop()`` when done, on every path out.
public final class LazyLocalModelProvider: LanguageModelProvider {
    public let name = "local"
    public let defaultModel: String
    /// `local=model@file:path:size:mtime`, taken when the tier is made.
    public let cacheIdentity: String
    private let supervisor: LocalModelSupervisor
    private let transport: any Transport
    private let connectTimeout: Double
    private let idleTimeout: Double
    private let prefixes: PromptPrefixCache?

    /// A tier that starts the server `configuration` describes when first called (and again
    /// when it dies, within `supervision`'s limits), and calls its model `modelName`.
    public init(configuration: LocalModelServer.Configuration, modelName: String, transport: any Transport,
                connectTimeout: Double = 10, idleTimeout: Double = 120,
                supervision: LocalModelSupervisor.Options = .init()) {
        self.supervisor = LocalModelSupervisor(configuration, transport: transport, options: supervision)
        self.defaultModel = modelName
        self.transport = transport
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
        self.cacheIdentity = "local=\(modelName)@" + ModelFileIdentity.of(path: configuration.modelPath)
        self.prefixes = configuration.promptFolder.map {
            PromptPrefixCache(folder: $0, server: configuration, transport: transport)
        }
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        .producing { yield in
            let server = try await self.supervisor.server()
            var prefilled = request
            if let echo = PrefilledAnswer.continuing(&prefilled),
               try await self.streamPrefilled(prefilled, echo: echo, server: server, yield: yield) {
                return
            }
            try await self.streamPinned(request, server: server, yield: yield)
        }
    }

    /// Streams a continuation asked as the answer so far, left open (``PrefilledAnswer``);
    /// false, with nothing yielded, when the model ended the answer where it stood (the caller
    /// then asks with the instruction, as any tier is asked).
    private func streamPrefilled(_ request: ChatRequest, echo: PrefilledAnswer, server: LocalModelServer,
                                 yield: @escaping @Sendable (StreamEvent) -> Void) async throws -> Bool {
        var echo = echo
        var held: [StreamEvent] = []
        var answered = false
        for try await event in client(baseURL: server.baseURL).stream(request) {
            guard case .text(let piece) = event else {
                if answered { yield(event) } else { held.append(event) }
                continue
            }
            let fresh = echo.feed(piece)
            guard !fresh.isEmpty else { continue }
            if !answered {
                answered = true
                held.forEach(yield)
            }
            yield(.text(fresh))
        }
        return answered
    }

    /// Streams `request`, pinned to a slot holding its shared prefix when it has one.
    private func streamPinned(_ request: ChatRequest, server: LocalModelServer,
                              yield: @escaping @Sendable (StreamEvent) -> Void) async throws {
        var request = request
        var lease: PromptPrefixCache.Lease?
        if let prefixes, request.sharedPrefix > 0, request.slot == nil {
            lease = await prefixes.lease(Array(request.messages.prefix(request.sharedPrefix)), rootURL: server.rootURL)
            request.slot = lease?.slot
        }
        do {
            var began = false
            for try await event in client(baseURL: server.baseURL).stream(request) {
                if !began, let lease {
                    began = true
                    await prefixes?.began(lease)
                }
                yield(event)
            }
        } catch {
            if let lease { await prefixes?.ended(lease) }
            throw error
        }
        if let lease { await prefixes?.ended(lease) }
    }

    /// The running server's root URL (`http://127.0.0.1:PORT`), starting it if need be.
    public func rootURL() async throws -> String {
        try await supervisor.server().rootURL
    }

    /// Stops the server if it was started (or is starting).
    public func stop() async {
        await supervisor.stop()
    }

    private func client(baseURL: String) -> OpenAICompatibleProvider {
        OpenAICompatibleProvider(
            name: name, endpoint: Endpoint(baseURL: baseURL, model: defaultModel), transport: transport,
            connectTimeout: connectTimeout, idleTimeout: idleTimeout)
    }
}
