import Foundation
import FolioCore
import FolioProviders

/// The built `folio` executable, run as a user would: real process, real exit code,
/// stdout and stderr captured to files.
public enum FolioBinary {
    /// The package's root folder.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `folio` binary next to the running test bundle, else in `.build/debug`.
    public static var path: String {
        let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for candidate in [here.appendingPathComponent("folio").path,
                          here.deletingLastPathComponent().appendingPathComponent("folio").path,
                          packageRoot.appendingPathComponent(".build/debug/folio").path]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return packageRoot.appendingPathComponent(".build/debug/folio").path
    }

    /// The environment for a run: the process environment with absolute paths to the
    /// bundled model, plus `extra`.
    public static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["LLAMA_SERVER_PATH"] = packageRoot.appendingPathComponent("models/bin/llama-server").path
        environment["LOCAL_MODEL_PATH"] = packageRoot.appendingPathComponent(Settings.LocalModel.bundledModelPath).path
        environment["EMBEDDING_MODEL_DIR"] = packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2").path
        environment["NO_COLOR"] = "1"
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// A running (or finished) `folio` process.
    public struct Run: Sendable {
        /// The process.
        public let process: ChildProcess
        /// File receiving stdout.
        public let stdoutPath: String
        /// File receiving stderr.
        public let stderrPath: String

        /// Everything written to stdout so far.
        public var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
        /// Everything written to stderr so far.
        public var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

        /// Waits for exit; `nil` on timeout (the process is then killed).
        public func finish(timeout: Double = 600) async -> Int32? {
            if let code = await process.wait(timeout: timeout) { return code }
            await process.terminate(grace: 1)
            return nil
        }
    }

    /// Starts `folio arguments…` with output captured in `directory`.
    public static func start(_ arguments: [String], in directory: TemporaryDirectory,
                             environment extra: [String: String] = [:]) throws -> Run {
        var extra = extra
        // Each test gets its own response cache, so one test's answers never replay in another.
        if extra["CACHE_DIR"] == nil { extra["CACHE_DIR"] = directory.appending("cache") }
        let tag = UUID().uuidString.prefix(8)
        let run = Run(
            process: try ChildProcess(
                executable: path, arguments: arguments, environment: environment(extra),
                stdoutPath: directory.appending("stdout-\(tag).txt"),
                stderrPath: directory.appending("stderr-\(tag).txt")),
            stdoutPath: directory.appending("stdout-\(tag).txt"),
            stderrPath: directory.appending("stderr-\(tag).txt"))
        return run
    }

    /// Runs `folio arguments…` to the end; returns exit code, stdout and stderr.
    public static func run(_ arguments: [String], in directory: TemporaryDirectory,
                           environment extra: [String: String] = [:],
                           timeout: Double = 600) async throws -> (code: Int32?, stdout: String, stderr: String) {
        let run = try start(arguments, in: directory, environment: extra)
        let code = await run.finish(timeout: timeout)
        return (code, run.stdout, run.stderr)
    }
}
