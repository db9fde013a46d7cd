import FolioCore
import Synchronization

/// The `local` tier, starting the bundled model server on its first call rather than up front:
/// a run answered by a hosted tier or from the cache never pays for starting it.
///
/// The owner calls ``stop()`` when done (``ProviderSession`` does, on every path out).
final class LazyLocalModelProvider: LanguageModelProvider {
    let name = "local"
    let defaultModel: String
    private let configuration: LocalModelServer.Configuration
    private let transport: any Transport
    private let settings: Settings
    private let starting = Mutex<Task<LocalModelServer, any Error>?>(nil)

    init(settings: Settings, transport: any Transport) {
        self.settings = settings
        self.configuration = LocalModelServer.Configuration(settings.local)
        self.transport = transport
        self.defaultModel = settings.local.modelName
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        .producing { yield in
            let server = try await self.server()
            for try await event in self.client(baseURL: server.baseURL).stream(request) { yield(event) }
        }
    }

    /// Stops the server if it was started (or is starting).
    func stop() async {
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
            name: name, endpoint: Endpoint(baseURL: baseURL, model: settings.local.modelName), transport: transport,
            connectTimeout: settings.network.connectTimeoutSeconds, idleTimeout: settings.network.idleTimeoutSeconds)
    }
}
