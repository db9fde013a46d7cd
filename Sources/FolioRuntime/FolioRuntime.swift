import FolioBooks
import FolioCache
import FolioCore
import FolioHTTP
import FolioProviders
import FolioRetrieval
import Logging
import Synchronization

/// The composition root: the one place where Folio's engine is wired from ``Settings``.
///
/// A runtime owns, for one `with` scope, the HTTP transport, the provider chain (one per
/// runtime, so its circuit breakers are shared by every call made through it), the local
/// model server (started on the local tier's first call, stopped when the scope ends), the
/// response cache (opened on first use, closed when the scope ends) and the embedder.
/// Commands and workers ask it for what they need (`pipeline(for:)`, `streamer(cached:)`,
/// `retrievalStore(book:)`, `health()`, …) and never build those parts themselves; each
/// library receives its own configuration type, built here from `Settings`.
public final class FolioRuntime: Sendable {
    /// The settings everything is built from.
    public let settings: Settings
    /// The logger of this scope; a book slug or job id travels in its metadata.
    public let logger: Logger
    /// The command this runtime serves (`generate`, `stream`, `worker`, …), as logged with each call.
    public let command: String
    /// The job this runtime runs for in a worker (``sharing(_:jobID:)``), logged with each call.
    public let jobID: String?
    let transport: any Transport
    let clock: ChainClock
    /// Providers given by the caller instead of the configured tiers.
    let customProviders: [any LanguageModelProvider]?
    let parts: SharedParts

    /// What is built on first use and released when the scope ends.
    struct Parts {
        var chain: ProviderChain?
        var local: LazyLocalModelProvider?
        var cache: (any ResponseCache)?
        var embedder: (any Embedder)?
        var sentences: RememberingSentenceEncoder?
        var closed = false
    }

    /// The parts behind a lock, one set per `with` scope, shared with the runtimes made by
    /// ``sharing(_:jobID:)``.
    final class SharedParts: Sendable {
        private let mutex = Mutex(Parts())

        func withLock<R: Sendable>(_ body: (inout Parts) throws -> R) rethrows -> R {
            try mutex.withLock { try body(&$0) }
        }
    }

    init(settings: Settings, command: String, transport: any Transport, clock: ChainClock, logger: Logger,
         providers: [any LanguageModelProvider]?, parts: SharedParts = SharedParts(), jobID: String? = nil) {
        self.parts = parts
        self.jobID = jobID
        self.settings = settings
        self.command = command
        self.customProviders = providers
        self.transport = transport
        self.clock = clock
        self.logger = logger
    }

    /// Runs `body` with a runtime built from `settings`, and releases everything it opened —
    /// the local model server, cache connections — on every path out, also on cancellation.
    ///
    /// A `ContextTooLongError` that `body` does not handle is reported as the runtime
    /// failure it is.
    ///
    /// - Parameters:
    ///   - command: the command the runtime serves, as the generation log records it.
    ///   - providers: the chain's tiers, in fallback order, instead of those `settings` configure
    ///     (a program's own provider, or a scripted one in tests); `nil` for the configured ones.
    public static func with<T: Sendable>(
        _ settings: Settings,
        command: String = "library",
        transport: any Transport = CurlTransport(),
        clock: ChainClock = .continuous,
        logger: Logger = FolioLogging.logger("runtime"),
        providers: [any LanguageModelProvider]? = nil,
        _ body: (FolioRuntime) async throws -> T
    ) async throws -> T {
        let runtime = FolioRuntime(settings: settings, command: command, transport: transport, clock: clock, logger: logger,
                                   providers: providers)
        do {
            let result = try await body(runtime)
            await runtime.close()
            return result
        } catch let error as ContextTooLongError {
            await runtime.close()
            throw FolioError.runtime(error.description)
        } catch {
            await runtime.close()
            throw error
        }
    }

    /// Stops the local model server and closes the cache; later calls build nothing new.
    private func close() async {
        let (local, cache) = parts.withLock { parts in
            parts.closed = true
            defer { parts.local = nil; parts.cache = nil }
            return (parts.local, parts.cache)
        }
        await local?.stop()
        await cache?.close()
    }
}
