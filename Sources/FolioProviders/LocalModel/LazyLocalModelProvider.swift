import FolioCore
import FolioHTTP
import Synchronization

/// The `local` tier, starting the bundled model server on its first call rather than up front:
/// a run answered by a hosted tier or from the cache never pays for starting it.
///
/// The owner calls ``stop()`` when done, on every path out.
public final class LazyLocalModelProvider: LanguageModelProvider {
    public let name = "local"
    public let defaultModel: String
    /// `local=model@file:path:size:mtime`, taken when the tier is made.
    public let cacheIdentity: String
    private let configuration: LocalModelServer.Configuration
    private let transport: any Transport
    private let connectTimeout: Double
    private let idleTimeout: Double
    private let starting = Mutex<Task<LocalModelServer, any Error>?>(nil)

    /// A tier that starts the server `configuration` describes when first called, and calls
    /// its model `modelName`.
    public init(configuration: LocalModelServer.Configuration, modelName: String, transport: any Transport,
                connectTimeout: Double = 10, idleTimeout: Double = 120) {
        self.configuration = configuration
        self.defaultModel = modelName
        self.transport = transport
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
        self.cacheIdentity = "local=\(modelName)@" + ModelFileIdentity.of(path: configuration.modelPath)
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        .producing { yield in
            let server = try await self.server()
            for try await event in self.client(baseURL: server.baseURL).stream(request) { yield(event) }
        }
    }

    /// The running server's root URL (`http://127.0.0.1:PORT`), starting it if need be.
    public func rootURL() async throws -> String {
        try await server().rootURL
    }

    /// Stops the server if it was started (or is starting).
    public func stop() async {
        guard let task = starting.withLock({ $0.take() }) else { return }
        task.cancel()
        if let server = try? await task.value { await server.stop() }
    }

    /// The running server, started by the first caller; later callers wait for the same start.
    private func server() async throws -> LocalModelServer {
        let task = starting.withLock { task -> Task<LocalModelServer, any Error> in
            if let task { return task }
            let (configuration, transport) = (self.configuration, self.transport)
            let started = Task { try await LocalModelServer.start(configuration, transport: transport) }
            task = started
            return started
        }
        return try await task.value
    }

    private func client(baseURL: String) -> OpenAICompatibleProvider {
        OpenAICompatibleProvider(
            name: name, endpoint: Endpoint(baseURL: baseURL, model: defaultModel), transport: transport,
            connectTimeout: connectTimeout, idleTimeout: idleTimeout)
    }
}
