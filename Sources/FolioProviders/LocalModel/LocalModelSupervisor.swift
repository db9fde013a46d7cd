import FolioCore
import FolioHTTP
import Foundation
import Logging

/// Keeps the bundled model server running for as long as a run needs it.
///
/// The server starts on the first call. When it dies (a crash, the OOM killer, someone's
/// `kill`), the call in flight fails as a broken stream, which the provider chain retries,
/// continuing the answer from the text it already has; the next call finds the server gone
/// and starts a new one, after a backoff that doubles with each restart. A server that keeps
/// dying is given up after ``Options/maxRestarts`` restarts, and every later call fails.
public actor LocalModelSupervisor {
    /// Restart limits.
    public struct Options: Sendable {
        /// Restarts allowed in one run; one more crash ends the local tier.
        public var maxRestarts = 3
        /// Wait before the first restart; doubled for each further one.
        public var restartDelay: Duration = .milliseconds(500)

        /// The defaults.
        public init() {}
    }

    private let configuration: LocalModelServer.Configuration
    private let transport: any Transport
    private let options: Options
    private var current: LocalModelServer?
    private var starting: Task<LocalModelServer, any Error>?
    private var failure: (any Error)?
    private var stopped = false
    /// Servers started after the first.
    public private(set) var restarts = 0

    private static let logger = FolioLogging.logger("local-model")

    /// A supervisor that will start servers described by `configuration`.
    public init(_ configuration: LocalModelServer.Configuration, transport: any Transport, options: Options = .init()) {
        self.configuration = configuration
        self.transport = transport
        self.options = options
    }

    /// The running server: the current one if alive, else a new one (shared by concurrent callers).
    public func server() async throws -> LocalModelServer {
        if let current, !current.process.hasExited { return current }
        if let starting { return try await starting.value }
        if let failure { throw failure }
        if stopped { throw CancellationError() }
        var delay = Duration.zero
        let dead = current
        if let dead {
            guard restarts < options.maxRestarts else {
                let error = FolioError.runtime(
                    "llama-server stopped \(restarts + 1) times (last: \(Self.describe(dead.process.exitCode))); giving up on the local model")
                failure = error
                throw error
            }
            restarts += 1
            delay = options.restartDelay * (1 << (restarts - 1))
            Self.logger.warning("llama-server stopped unexpectedly; restarting", metadata: [
                "status": "\(Self.describe(dead.process.exitCode))", "restart": "\(restarts) of \(options.maxRestarts)",
            ])
        }
        current = nil
        let (configuration, transport) = (self.configuration, self.transport)
        let task = Task {
            await dead?.stop()
            try await Task.sleep(for: delay)
            return try await LocalModelServer.start(configuration, transport: transport)
        }
        starting = task
        defer { starting = nil }
        do {
            let server = try await task.value
            if stopped {  // stop() ran while this one was starting
                await server.stop()
                throw CancellationError()
            }
            current = server
            return server
        } catch {
            if !(error is CancellationError) { failure = error }
            throw error
        }
    }

    /// Stops the server, if running or starting; later calls fail.
    public func stop() async {
        stopped = true
        starting?.cancel()
        if let starting, let server = try? await starting.value { await server.stop() }
        await current?.stop()
        current = nil
    }

    private static func describe(_ code: Int32?) -> String {
        guard let code else { return "unknown" }
        return code > 128 ? "killed by signal \(code - 128)" : "exit code \(code)"
    }
}
