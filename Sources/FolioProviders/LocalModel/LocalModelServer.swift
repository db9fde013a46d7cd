import FolioHTTP
import Foundation
import FolioCore
import Logging

/// Supervises a `llama-server` child process serving the bundled GGUF model on loopback.
///
/// Use ``withLocalModelServer(_:transport:_:)`` so the server is always stopped, also when
/// the work throws or is cancelled.
public final class LocalModelServer: Sendable {
    /// What to start.
    public struct Configuration: Sendable {
        /// Path of the `llama-server` binary.
        public var serverPath: String
        /// Path of the GGUF model.
        public var modelPath: String
        /// Context window in tokens.
        public var contextSize: Int
        /// CPU threads.
        public var threads: Int
        /// Requests answered side by side. More than one shares the context (`--kv-unified`), so
        /// each request may still fill all of `contextSize` when it runs alone.
        public var slots = 1
        /// Folder where the server saves evaluated prompts that many requests begin with
        /// (``ChatRequest/sharedPrefix``), to restore them instead of reading them again; `nil` keeps none.
        public var promptFolder: String?
        /// Seconds to wait for `/health` to answer 200.
        public var startupTimeout: Double
        /// Pid files of running servers, so a server left by a run that died is stopped by
        /// the next start; `nil` keeps none.
        public var records: ServerRecords? = .standard

        /// Creates a configuration.
        public init(serverPath: String, modelPath: String, contextSize: Int = 4096, threads: Int = 2,
                    startupTimeout: Double = 60) {
            self.serverPath = serverPath
            self.modelPath = modelPath
            self.contextSize = contextSize
            self.threads = threads
            self.startupTimeout = startupTimeout
        }
    }

    /// The server's root, e.g. `http://127.0.0.1:41234`.
    public let rootURL: String
    /// The OpenAI-style base URL (`rootURL` + `/v1`).
    public var baseURL: String { rootURL + "/v1" }
    /// The child process.
    public let process: ChildProcess
    /// Where the server's own output goes.
    public let logPath: String
    private let records: ServerRecords?

    private static let logger = FolioLogging.logger("local-model")

    private init(rootURL: String, process: ChildProcess, logPath: String, records: ServerRecords?) {
        self.rootURL = rootURL
        self.process = process
        self.logPath = logPath
        self.records = records
    }

    /// Checks that the binary and model exist, with a one-line hint when they don't.
    public static func checkInstalled(_ configuration: Configuration) throws {
        guard FileManager.default.isExecutableFile(atPath: configuration.serverPath) else {
            throw FolioError(.modelNotInstalled,
                "llama-server not found at \(configuration.serverPath): run scripts/setup")
        }
        guard FileManager.default.isReadableFile(atPath: configuration.modelPath) else {
            throw FolioError(.modelNotInstalled,
                "local model not found at \(configuration.modelPath): run scripts/setup")
        }
    }

    /// Starts the server on a free loopback port and waits until it is healthy.
    ///
    /// First stops any server recorded by an earlier run that died without stopping it.
    public static func start(_ configuration: Configuration, transport: any Transport) async throws -> LocalModelServer {
        try checkInstalled(configuration)
        configuration.records?.reapStale()
        if let folder = configuration.promptFolder {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let logPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("folio-llama-server-\(getpid())-\(UInt32.random(in: .min ... .max)).log").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let started = ContinuousClock.now
        let process = try ChildProcess(
            executable: configuration.serverPath,
            arguments: [
                "-m", configuration.modelPath,
                "-t", String(configuration.threads),
                "-c", String(configuration.contextSize),
                "-np", String(max(1, configuration.slots)),
                "--host", "127.0.0.1",
                "--port", "0",
                "--no-webui",
            ] + (configuration.slots > 1 ? ["--kv-unified"] : [])
                + (configuration.promptFolder.map { ["--slot-save-path", $0] } ?? []),
            stdoutPath: logPath)
        configuration.records?.add(server: process.pid, executable: configuration.serverPath)
        do {
            let port = try await waitForPort(process: process, logPath: logPath, timeout: configuration.startupTimeout)
            let server = LocalModelServer(rootURL: "http://127.0.0.1:\(port)", process: process, logPath: logPath,
                                          records: configuration.records)
            try await server.waitUntilHealthy(transport: transport, timeout: configuration.startupTimeout)
            logger.info("local model server ready", metadata: [
                "url": "\(server.rootURL)", "startup": "\(ContinuousClock.now - started)",
            ])
            return server
        } catch {
            await process.terminate()
            configuration.records?.remove(server: process.pid)
            throw error
        }
    }

    /// Stops the server (SIGTERM, then SIGKILL after a grace period) and removes its log.
    public func stop() async {
        await process.terminate()
        records?.remove(server: process.pid)
        try? FileManager.default.removeItem(atPath: logPath)
    }

    private static func waitForPort(process: ChildProcess, logPath: String, timeout: Double) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            try Task.checkCancellation()
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let port = listeningPort(in: log) { return port }
            if process.hasExited {
                throw FolioError.runtime("llama-server exited while starting: \(lastLine(of: log))")
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw FolioError.runtime("llama-server did not start within \(Int(timeout)) s")
    }

    /// Finds the port in a line such as `main: server is listening on http://127.0.0.1:41234`.
    static func listeningPort(in log: String) -> Int? {
        guard let range = log.range(of: "listening on http://127.0.0.1:") else { return nil }
        let digits = log[range.upperBound...].prefix { $0.isNumber }
        guard let port = Int(digits), port > 0 else { return nil }
        return port
    }

    private func waitUntilHealthy(transport: any Transport, timeout: Double) async throws {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            try Task.checkCancellation()
            if process.hasExited {
                let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
                throw FolioError.runtime("llama-server exited while loading the model: \(Self.lastLine(of: log))")
            }
            if try await healthStatus(transport: transport) == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw FolioError.runtime("llama-server did not become healthy within \(Int(timeout)) s")
    }

    /// The status of `GET /health` (503 while loading, 200 when ready), or `nil` if unreachable.
    public func healthStatus(transport: any Transport) async throws -> Int? {
        let request = HTTPRequest(method: "GET", url: rootURL + "/health", connectTimeout: 2, idleTimeout: 5)
        do {
            for try await part in transport.stream(request) {
                if case .head(let head) = part { return head.status }
            }
        } catch is TransportError {
            return nil
        }
        return nil
    }

    private static func lastLine(of log: String) -> String {
        log.split(separator: "\n").last.map(String.init) ?? "no output"
    }
}

/// Runs `body` with a started local model server, stopping it on every path out.
public func withLocalModelServer<T: Sendable>(
    _ configuration: LocalModelServer.Configuration,
    transport: any Transport,
    _ body: (LocalModelServer) async throws -> T
) async throws -> T {
    let server = try await LocalModelServer.start(configuration, transport: transport)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}
