@testable import FolioCache
import FolioTesting
import Foundation
import Testing

@Suite struct FileCacheTests {
    @Test func aTruncatedOrAlteredEntryIsAMissAndIsRemoved() async throws {
        try await withTemporaryDirectory("folio-cache") { directory in
            let cache = FileCache(directory: directory.url)
            let damages: [(String, (Data) -> Data)] = [
                ("truncated", { $0.prefix($0.count - 5) }),
                ("altered", { var data = $0; data[data.count - 1] ^= 0xff; return data }),
                ("header only", { $0.prefix(10) }),
                ("empty", { _ in Data() }),
                ("garbage", { _ in Data("not a cache entry at all".utf8) }),
            ]
            for (name, damage) in damages {
                let key = "chapter:book:1:\(name)"
                try await cache.set(key, Data(String(repeating: "text ", count: 200).utf8))
                let path = cache.path(for: key)
                let intact = try Data(contentsOf: URL(fileURLWithPath: path))
                try damage(intact).write(to: URL(fileURLWithPath: path))
                #expect(try await cache.get(key) == nil, "\(name) entry read as a hit")
                #expect(!FileManager.default.fileExists(atPath: path), "\(name) entry was not removed")
            }
            // Still a working cache afterwards.
            try await cache.set("chat:ok", Data("fine".utf8))
            #expect(try await cache.get("chat:ok") == Data("fine".utf8))
        }
    }

    @Test func countersAndEntriesAreSharedByEveryInstanceOfTheFolder() async throws {
        try await withTemporaryDirectory("folio-cache") { directory in
            let writer = FileCache(directory: directory.url)
            try await writer.set("outline:book:x", Data("outline".utf8))
            _ = try await writer.get("outline:book:missing")
            let reader = FileCache(directory: directory.url)
            #expect(try await reader.get("outline:book:x") == Data("outline".utf8))
            let stats = try await FileCache(directory: directory.url).stats()
            #expect(stats.entries == 1)
            #expect(stats.hits == 1)
            #expect(stats.misses == 1)
        }
    }

    @Test func entriesAreShardedAndHoldNoTemporaryFiles() async throws {
        try await withTemporaryDirectory("folio-cache") { directory in
            let cache = FileCache(directory: directory.url)
            try await cache.set("chapter:book:2:abc", Data("x".utf8))
            let path = cache.path(for: "chapter:book:2:abc")
            let parts = path.split(separator: "/").suffix(4).map(String.init)
            #expect(parts[0] == "entries")
            #expect(parts[3].hasPrefix(parts[1] + parts[2]))
            let shard = URL(fileURLWithPath: path).deletingLastPathComponent().path
            #expect(try FileManager.default.contentsOfDirectory(atPath: shard) == [parts[3]])
        }
    }
}
