#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Every child process still running, so an interrupted run can stop them all
/// before it exits and leave no orphan behind.
public final class ChildProcessRegistry: Sendable {
    /// The process-wide registry.
    public static let shared = ChildProcessRegistry()

    private let pids = Mutex<Set<pid_t>>([])

    func insert(_ pid: pid_t) { pids.withLock { _ = $0.insert(pid) } }
    func remove(_ pid: pid_t) { pids.withLock { _ = $0.remove(pid) } }

    /// Sends `SIGKILL` to every registered child and reaps it. Safe to call on any path out.
    public func killAll() {
        let all = pids.withLock { pids -> Set<pid_t> in
            defer { pids.removeAll() }
            return pids
        }
        for pid in all {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }
}
