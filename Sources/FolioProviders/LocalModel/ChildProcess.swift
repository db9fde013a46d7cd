#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLauncher
import Foundation
import FolioCore
import Synchronization

/// A child process with a clean signal mask and default signal dispositions, which dies
/// with this process.
///
/// Foundation's `Process`, started from a Swift concurrency thread, passes on that thread's
/// blocked-signal mask, so the child never receives `SIGTERM`; the launcher empties the mask
/// and resets every signal. It also has the kernel kill the child when this process ends,
/// SIGKILL included, so a model server never outlives the run that started it.
public final class ChildProcess: Sendable {
    /// The child's process id.
    public let pid: pid_t
    private let status = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments`; stdout and stderr are appended to the given files
    /// (the same file for both when `stderrPath` is `nil`). `environment` replaces the
    /// inherited environment when given; `workingDirectory` replaces the working folder.
    public init(
        executable: String,
        arguments: [String],
        environment: [String: String]? = nil,
        stdoutPath: String,
        stderrPath: String? = nil,
        workingDirectory: String? = nil
    ) throws {
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { envp?.forEach { free($0) } }
        let child = argv.withUnsafeBufferPointer { argv in
            withOptionalBuffer(envp) { envp in
                folio_launch(executable, argv.baseAddress, envp, stdoutPath, stderrPath, workingDirectory, 1)
            }
        }
        guard child > 0 else {
            throw FolioError.runtime("cannot start \(executable): \(String(cString: strerror(-child)))")
        }
        pid = child
        ChildProcessRegistry.shared.insert(child)
    }

    /// Whether the child has exited; reaps it if so.
    public var hasExited: Bool { exitCode != nil }

    /// The exit code once the child has exited (`128 + signal` when a signal ended it), else `nil`.
    public var exitCode: Int32? {
        status.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            let result = waitpid(pid, &raw, WNOHANG)
            guard result == pid || (result < 0 && errno == ECHILD) else { return nil }
            ChildProcessRegistry.shared.remove(pid)
            let signal = raw & 0x7f
            status = result < 0 ? -1 : (signal == 0 ? (raw >> 8) & 0xff : 128 + signal)
            return status
        }
    }

    /// Sends `signal` to the child.
    public func send(_ signal: Int32) {
        if !hasExited { kill(pid, signal) }
    }

    /// Waits for the child to exit and returns its exit code; `nil` if `timeout` passed first.
    public func wait(timeout: Double) async -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let code = exitCode { return code }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return exitCode
    }

    /// Asks the child to stop (`SIGTERM`), waits up to `grace` seconds, then kills it.
    ///
    /// Runs to the end even in a cancelled task: stopping must not be skipped by cancellation.
    public func terminate(grace: Double = 3) async {
        guard !hasExited else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while Date() < deadline {
            if hasExited { return }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        while !hasExited { usleep(5_000) }
    }
}

private func withOptionalBuffer<R>(
    _ array: [UnsafeMutablePointer<CChar>?]?, _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>?) -> R
) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0.baseAddress) }
}
