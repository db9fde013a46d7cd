#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FolioCore
import Foundation
import Logging
import Synchronization

/// The `file` backend: one file per entry under a folder, shared by every process that uses it.
///
/// Entries live in `entries/ab/cd/<sha256 of the key>` (two levels of sharding keep folders
/// small), each written atomically (``AtomicFile``), in ``CacheEntry``'s checked layout, so a
/// truncated or damaged file reads as a miss and is removed. A file's modification time is
/// its last use: set on write and on every hit, from a strictly increasing clock, so the
/// least recently used files are evicted first when the folder holds more than `maxEntries`
/// files or `maxBytes` bytes; eviction trims to 90% of the bound so it runs rarely.
/// Counters are in `counters/` (see ``FileCounters``).
///
/// Calls do short blocking file I/O on the caller's thread; a lookup is a few system calls.
public final class FileCache: ResponseCache {
    /// The cache folder.
    public let directory: URL
    private let maxEntries: Int
    private let maxBytes: Int
    private let clock: any CacheClock
    private let counters: FileCounters
    private let usage = Mutex<Usage?>(nil)
    private let lastStamp = Mutex<Int64>(0)
    private static let logger = FolioLogging.logger("cache")

    /// Entry count and bytes, as last scanned plus this process's changes since.
    private struct Usage {
        var entries: Int
        var bytes: Int
    }

    private struct Record {
        var path: String
        var size: Int
        var stamp: Int64
    }

    /// Creates a cache in `directory` (created on first write).
    public init(directory: URL, maxEntries: Int = 10_000, maxBytes: Int = 256 * 1024 * 1024,
                clock: any CacheClock = SystemCacheClock()) {
        self.directory = directory
        self.maxEntries = max(1, maxEntries)
        self.maxBytes = max(1, maxBytes)
        self.clock = clock
        self.counters = FileCounters(directory: directory.appendingPathComponent("counters"))
    }

    private var entriesFolder: URL { directory.appendingPathComponent("entries") }

    func path(for key: String) -> String {
        let hash = SHA256.hex(key.utf8)
        let start = hash.startIndex
        let first = hash[start..<hash.index(start, offsetBy: 2)]
        let second = hash[hash.index(start, offsetBy: 2)..<hash.index(start, offsetBy: 4)]
        return entriesFolder.appendingPathComponent("\(first)/\(second)/\(hash)").path
    }

    public func get(_ key: String) async throws -> Data? {
        let path = path(for: key)
        guard let data = FileManager.default.contents(atPath: path) else {
            counters.add(.misses)
            return nil
        }
        guard let entry = CacheEntry.decode(data), entry.key == key else {
            Self.logger.notice("removing a damaged cache entry", metadata: ["path": "\(path)"])
            removeFile(path, size: data.count)
            counters.add(.misses)
            return nil
        }
        if entry.isExpired(at: clock.now) {
            removeFile(path, size: data.count)
            counters.add(.misses)
            return nil
        }
        stamp(path)
        counters.add(.hits)
        return entry.value
    }

    public func set(_ key: String, _ value: Data, ttl: Duration?) async throws {
        let data = CacheEntry(key: key, value: value, expiresAt: CacheEntry.expiry(now: clock.now, ttl: ttl)).encoded()
        guard data.count <= maxBytes else { return }
        let path = path(for: key)
        let previous = Self.size(of: path)
        try AtomicFile.write(data, to: URL(fileURLWithPath: path))
        stamp(path)
        let overBound = usage.withLock { usage -> Bool in
            guard var current = usage else { return true }  // not scanned yet: scan once now
            current.entries += previous == nil ? 1 : 0
            current.bytes += data.count - (previous ?? 0)
            usage = current
            return current.entries > maxEntries || current.bytes > maxBytes
        }
        if overBound { evictIfNeeded() }
    }

    public func delete(matching pattern: String) async throws -> Int {
        let glob = GlobPattern(pattern: pattern)
        var removed = 0
        for record in scan() {
            let key = FileManager.default.contents(atPath: record.path).flatMap(CacheEntry.key(inHeader:))
            // An unreadable file matches only "*": clearing everything clears damaged files too.
            if key.map(glob.matches) ?? (pattern == "*") {
                if unlink(record.path) == 0 { removed += 1 }
            }
        }
        usage.withLock { $0 = nil }
        return removed
    }

    public func stats() async throws -> CacheStats {
        let records = scan()
        return CacheStats(
            backend: "file", entries: records.count, bytes: records.reduce(0) { $0 + $1.size },
            hits: counters.value(.hits), misses: counters.value(.misses), evictions: counters.value(.evictions))
    }

    /// Removes the least recently used files until the folder is within 90% of both bounds.
    private func evictIfNeeded() {
        var records = scan()
        var entries = records.count
        var bytes = records.reduce(0) { $0 + $1.size }
        if entries > maxEntries || bytes > maxBytes {
            let entryTarget = max(1, min(maxEntries - 1, maxEntries * 9 / 10))
            let byteTarget = maxBytes * 9 / 10
            records.sort { ($0.stamp, $0.path) < ($1.stamp, $1.path) }
            var evicted = 0
            for record in records where entries > entryTarget || bytes > byteTarget {
                guard unlink(record.path) == 0 else { continue }
                entries -= 1
                bytes -= record.size
                evicted += 1
            }
            counters.add(.evictions, evicted)
        }
        usage.withLock { $0 = Usage(entries: entries, bytes: bytes) }
    }

    /// Every entry file with its size and last use.
    private func scan() -> [Record] {
        let root = entriesFolder.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var records: [Record] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            guard name.count == 64, !name.hasPrefix(".") else { continue }  // skips shards and temporary files
            let path = root + "/" + relative
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            records.append(Record(path: path, size: Int(info.st_size),
                                  stamp: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)))
        }
        return records
    }

    private func removeFile(_ path: String, size: Int) {
        guard unlink(path) == 0 else { return }
        usage.withLock { usage in
            usage?.entries -= 1
            usage?.bytes -= size
        }
    }

    /// Sets the file's modification time to a strictly increasing now, so that uses within the
    /// file system's coarse timestamp granularity still order correctly.
    private func stamp(_ path: String) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let wanted = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
        let value = lastStamp.withLock { last -> Int64 in
            last = max(last + 1, wanted)
            return last
        }
        let time = timespec(tv_sec: Int(value / 1_000_000_000), tv_nsec: Int(value % 1_000_000_000))
        var times = [time, time]
        utimensat(AT_FDCWD, path, &times, 0)
    }

    private static func size(of path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }
}
