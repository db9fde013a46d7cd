#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FolioCore
import Foundation

/// An exclusive lock on one book (`BOOK/.lock`), so two runs never interleave its writes.
///
/// The lock is a `flock` on the file, which the kernel drops when the holder exits in any
/// way, SIGKILL included: a crashed run never leaves a book locked. The holder writes its
/// process id into the file so a refused run can say who holds it. Use
/// ``withLock(folder:waiting:_:)``; the file is removed when the lock is released. Other
/// folders saved by several processes (a post's versions) take the same lock, waiting for it.
public struct BookLock: Sendable {
    /// Name of the lock file inside the book's folder.
    public static let fileName = ".lock"

    private let descriptor: Int32
    private let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Runs `body` holding the lock of the book in `folder` (created if missing).
    ///
    /// Fails at once, as bad input, when another holds it; with `waiting`, tries again every
    /// 20 ms for up to that long first (for short writes, such as adding a version to a file).
    /// A folder this call created and that is still empty afterwards (the run wrote nothing) is
    /// removed again.
    public static func withLock<T>(folder: URL, waiting: Duration? = nil, _ body: () async throws -> T) async throws -> T {
        let existed = FileManager.default.fileExists(atPath: folder.path)
        let deadline = ContinuousClock.now + (waiting ?? .zero)
        var acquired: BookLock?
        while acquired == nil {
            do {
                acquired = try acquire(folder: folder)
            } catch let error as FolioError where error.kind == .bookBusy && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let lock = acquired!
        defer {
            lock.release()
            if !existed { rmdir(folder.path) }  // fails, as it should, unless empty
        }
        return try await body()
    }

    /// The process id recorded in `folder`'s lock file, if any (its holder, or a crashed one).
    public static func recordedHolder(folder: URL) -> Int32? {
        let path = folder.appendingPathComponent(fileName).path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private static func acquire(folder: URL) throws -> BookLock {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw FolioError.runtime("cannot create \(folder.path): \(error.localizedDescription)")
        }
        let path = folder.appendingPathComponent(fileName).path
        while true {
            // O_CLOEXEC: a child (the local model server) must not inherit the lock and keep it
            // after this process dies.
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw FolioError.runtime("cannot open \(path): \(String(cString: strerror(errno)))")
            }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                let reason = errno
                close(descriptor)
                guard reason == EWOULDBLOCK else {
                    throw FolioError.runtime("cannot lock \(path): \(String(cString: strerror(reason)))")
                }
                let holder = recordedHolder(folder: folder).map { "process \($0)" } ?? "another process"
                throw FolioError(.bookBusy,
                    "\(folder.path) is being written by another folio run (\(holder)); wait for it to finish or stop it")
            }
            // The previous holder unlinks the file on release; if that happened between our
            // open and flock, we hold a lock on a file no one else will see: start again.
            guard isStillAt(path, descriptor: descriptor) else {
                close(descriptor)
                continue
            }
            let lock = BookLock(descriptor: descriptor, path: path)
            lock.recordHolder()
            return lock
        }
    }

    private static func isStillAt(_ path: String, descriptor: Int32) -> Bool {
        var opened = stat()
        var named = stat()
        guard fstat(descriptor, &opened) == 0, stat(path, &named) == 0 else { return false }
        return opened.st_dev == named.st_dev && opened.st_ino == named.st_ino
    }

    private func recordHolder() {
        let text = "\(getpid())\n"
        ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    /// Removes the file while still holding the lock, then drops the lock.
    private func release() {
        unlink(path)
        close(descriptor)
    }
}
