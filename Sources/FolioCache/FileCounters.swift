#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Hit, miss and eviction counters shared by every process using one cache folder.
///
/// Each counter is a file that grows by one byte per event, appended with `O_APPEND` — a
/// single-byte append is atomic, so concurrent processes never lose a count and no lock is
/// needed; the count is the file's size. A million lookups cost a megabyte.
struct FileCounters: Sendable {
    let directory: URL

    enum Counter: String, CaseIterable {
        case hits, misses, evictions
    }

    func add(_ counter: Counter, _ amount: Int = 1) {
        guard amount > 0 else { return }
        let path = directory.appendingPathComponent(counter.rawValue).path
        var descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        if descriptor < 0, errno == ENOENT {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        }
        guard descriptor >= 0 else { return }  // counting is best effort; the lookup itself succeeded
        defer { close(descriptor) }
        let bytes = [UInt8](repeating: 0x2e, count: amount)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    func value(_ counter: Counter) -> Int {
        var info = stat()
        guard stat(directory.appendingPathComponent(counter.rawValue).path, &info) == 0 else { return 0 }
        return Int(info.st_size)
    }
}
