#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import FolioCore
import Synchronization

/// A child process started with `posix_spawn`, with a clean signal mask and default
/// signal dispositions.
///
/// Foundation's `Process`, started from a Swift concurrency thread, passes on that thread's
/// blocked-signal mask, so the child never receives `SIGTERM`. Spawning with
/// `POSIX_SPAWN_SETSIGMASK` (empty mask) and `POSIX_SPAWN_SETSIGDEF` avoids that.
public final class ChildProcess: Sendable {
    /// The child's process id.
    public let pid: pid_t
    private let status = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments`; stdout and stderr are appended to the given files
    /// (the same file for both when `stderrPath` is `nil`). `environment` replaces the
    /// inherited environment when given.
    public init(
        executable: String,
        arguments: [String],
        environment: [String: String]? = nil,
        stdoutPath: String,
        stderrPath: String? = nil
    ) throws {
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 1, stdoutPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if let stderrPath {
            posix_spawn_file_actions_addopen(&fileActions, 2, stderrPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&fileActions, 1, 2)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { envp?.forEach { free($0) } }
        var child: pid_t = 0
        let result = envp.map { posix_spawn(&child, executable, &fileActions, &attributes, argv, $0) }
            ?? posix_spawn(&child, executable, &fileActions, &attributes, argv, environ)
        guard result == 0 else {
            throw FolioError.runtime("cannot start \(executable): \(String(cString: strerror(result)))")
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
